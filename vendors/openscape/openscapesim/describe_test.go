package openscapesim

import (
	"strings"
	"testing"

	"tandem/vendors/simulator"
)

func TestDescribeAndConfig(t *testing.T) {
	s, err := simulator.Start("openscape", simulator.Options{Addr: "0.0.0.0:0"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	cfg := s.Config()
	if !strings.HasPrefix(cfg.URL, "http://127.0.0.1:") || !strings.HasSuffix(cfg.URL, "/restsdk/webapi") {
		t.Errorf("url %q", cfg.URL)
	}
	d := s.Describe()
	for _, want := range []string{cfg.URL, cfg.Password, cfg.Options["client-token"], Extension, ClientName, "tandemctl --vendor openscape"} {
		if !strings.Contains(d, want) {
			t.Errorf("Describe lacks %q:\n%s", want, d)
		}
	}
}
