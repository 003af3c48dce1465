package openscape_test

import (
	"context"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"tandem/vendors"
	"tandem/vendors/openscape"
	"tandem/vendors/openscape/openscapesim"
	"tandem/vendors/simulator"
)

func TestOpenErrors(t *testing.T) {
	sim, err := openscapesim.Start(simulator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	// A port nobody listens on.
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	dead := "http://" + ln.Addr().String() + "/restsdk/webapi"
	ln.Close()
	const badToken = "fake-client-token-0123456789"
	cases := []struct {
		name string
		edit func(*vendors.Config)
		want vendors.Kind
	}{
		{"wrong password", func(c *vendors.Config) { c.Password = "not-the-password" }, vendors.ErrAuth},
		{"wrong client token", func(c *vendors.Config) { c.Options["client-token"] = badToken }, vendors.ErrAuth},
		{"unknown client name", func(c *vendors.Config) { c.Options["client-name"] = "nobody" }, vendors.ErrAuth},
		{"wrong business unit", func(c *vendors.Config) { c.Options["business-unit"] = "Elsewhere" }, vendors.ErrAuth},
		{"unknown user name", func(c *vendors.Config) { c.User = "no.such.user" }, vendors.ErrAuth},
		{"wrong extension", func(c *vendors.Config) { c.Extension = "999" }, vendors.ErrConfig},
		{"server unreachable", func(c *vendors.Config) { c.URL = dead }, vendors.ErrUnreachable},
		{"no client token", func(c *vendors.Config) { delete(c.Options, "client-token") }, vendors.ErrConfig},
		{"not a URL", func(c *vendors.Config) { c.URL = "oscc.example:8080" }, vendors.ErrConfig},
		{"bad keepalive", func(c *vendors.Config) { c.Options["keepalive"] = "often" }, vendors.ErrConfig},
		{"webhook port taken", func(c *vendors.Config) { c.Options["webhook-listen"] = "256.0.0.1:1" }, vendors.ErrConfig},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg := sim.Config()
			c.edit(&cfg)
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			s, err := openscape.Driver{}.Open(ctx, cfg)
			if err == nil {
				s.Close()
				t.Fatal("Open succeeded")
			}
			if !errors.Is(err, c.want) {
				t.Errorf("Open: %v, want %s", err, c.want)
			}
			for _, secret := range []string{cfg.Password, sim.Config().Password, badToken, sim.Config().Options["client-token"]} {
				if secret != "" && strings.Contains(err.Error(), secret) {
					t.Errorf("the error shows a secret: %v", err)
				}
			}
		})
	}
	// A failed Open freed the client name: the right settings work at once.
	s, err := openscape.Driver{}.Open(context.Background(), sim.Config())
	if err != nil {
		t.Fatalf("Open after the failures: %v", err)
	}
	s.Close()
}

// TestOpenWaitsOutAlreadyRegistered: a client name the server still holds
// is retried until the server lets go.
func TestOpenWaitsOutAlreadyRegistered(t *testing.T) {
	sim, err := openscapesim.Start(simulator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	sim.RefuseRegistration(1500 * time.Millisecond)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	s, err := openscape.Driver{}.Open(ctx, sim.Config())
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	s.Close()
}

func TestOpenGivesUpWithTheContext(t *testing.T) {
	sim, err := openscapesim.Start(simulator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	sim.RefuseRegistration(time.Hour)
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	_, err = openscape.Driver{}.Open(ctx, sim.Config())
	if !errors.Is(err, vendors.ErrLimit) || !strings.Contains(err.Error(), "ALREADY_REGISTERED_ON") {
		t.Errorf("Open: %v, want ErrLimit ALREADY_REGISTERED_ON", err)
	}
}

func TestSettings(t *testing.T) {
	d := openscape.Driver{}
	if d.Name() != "openscape" {
		t.Errorf("name %q", d.Name())
	}
	if got, ok := vendors.Lookup("openscape"); !ok || got.Name() != "openscape" {
		t.Errorf("not registered")
	}
	want := map[string]bool{"url": false, "user": false, "password": false, "agent": false, "extension": false,
		"client-name": false, "client-token": true, "business-unit": false, "webhook-listen": false, "webhook-url": false, "keepalive": false}
	seen := map[string]bool{}
	for _, s := range d.Settings() {
		seen[s.Name()] = true
		if secret, ok := want[s.Name()]; ok && secret != s.Secret {
			t.Errorf("%s: secret %v, want %v", s.Name(), s.Secret, secret)
		}
	}
	for k := range want {
		if !seen[k] {
			t.Errorf("setting %s missing", k)
		}
	}
}
