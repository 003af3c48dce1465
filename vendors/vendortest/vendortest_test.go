package vendortest_test

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"tandem/vendors"
	"tandem/vendors/demo"
	"tandem/vendors/simulator"
	"tandem/vendors/vendortest"
)

// A liar is the demo driver with one lie; the suite must catch each.
type liar struct {
	demo.Driver
	lie string
}

func (l liar) Open(ctx context.Context, cfg vendors.Config) (vendors.Session, error) {
	s, err := l.Driver.Open(ctx, cfg)
	if err != nil {
		if l.lie == "leaks-password" {
			return nil, &vendors.Error{Kind: vendors.ErrAuth, Msg: "bad password " + cfg.Password}
		}
		return nil, err
	}
	return &lyingSession{Session: s, lie: l.lie}, nil
}

type lyingSession struct {
	vendors.Session
	lie string
}

func (s *lyingSession) Capabilities() vendors.Capabilities {
	c := s.Session.Capabilities()
	if s.lie == "hides-hold" {
		var kept []vendors.CommandKind
		for _, k := range c.Commands {
			if k != vendors.CmdHold {
				kept = append(kept, k)
			}
		}
		c.Commands = kept
	}
	return c
}

func (s *lyingSession) Do(ctx context.Context, cmd vendors.Command) error {
	if s.lie == "claims-hold" && cmd.Kind == vendors.CmdHold {
		return nil // says yes, does nothing
	}
	// hides-hold: does not advertise hold but sends it anyway.
	return s.Session.Do(ctx, cmd)
}

// TestLiarHelper runs the suite on a liar when started by TestCatchesLiars.
func TestLiarHelper(t *testing.T) {
	lie := os.Getenv("VENDORTEST_LIAR")
	if lie == "" {
		t.Skip("started only by TestCatchesLiars")
	}
	vendortest.Run(t, vendortest.Harness{
		Driver:  liar{lie: lie},
		Timeout: 3 * time.Second,
		Start: func(t testing.TB) simulator.Sim {
			s, err := simulator.Start("demo", simulator.Options{})
			if err != nil {
				t.Fatal(err)
			}
			return s
		},
	})
}

func TestCatchesLiars(t *testing.T) {
	cases := []struct {
		lie, check, want string
	}{
		{"claims-hold", "OfferAndCallControl", "timed out waiting for contact"},
		{"hides-hold", "CapabilitiesAreTruthful", "hold is not advertised but Do returned"},
		{"leaks-password", "WrongPassword", "the error shows a password"},
	}
	for _, c := range cases {
		t.Run(c.lie, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^TestLiarHelper$/^"+c.check+"$", "-test.v")
			cmd.Env = append(os.Environ(), "VENDORTEST_LIAR="+c.lie)
			out, err := cmd.CombinedOutput()
			if err == nil {
				t.Fatalf("the suite passed a driver that %s:\n%s", c.lie, out)
			}
			if !strings.Contains(string(out), c.want) {
				t.Fatalf("the suite failed the liar %s, but not with %q:\n%s", c.lie, c.want, out)
			}
		})
	}
}
