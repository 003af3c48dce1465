package clarity_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"tandem/vendors"
	"tandem/vendors/clarity"
	"tandem/vendors/clarity/claritysim"
)

// TestTokenRenewal: with short-lived tokens the driver renews ahead of
// expiry, so the API never refuses a stale token and the desk never sees a
// disconnect.
func TestTokenRenewal(t *testing.T) {
	t.Parallel()
	sim := startSim(t, claritysim.Config{TokenLifetime: 4 * time.Second})
	_, r := open(t, sim)
	for sim.TokensIssued() < 3 {
		r.alive()
	}
	if n := r.count(isReconnecting); n != 0 {
		t.Errorf("token renewal showed %d disconnects", n)
	}
	if n := sim.Unauthorized(); n != 1 {
		t.Errorf("the API refused %d requests, want only the discovery probe: renewal was not proactive", n)
	}
}

// TestExpiredTokenReauthenticates: a token the platform no longer accepts
// costs one 401, one new token and one retry, invisibly.
func TestExpiredTokenReauthenticates(t *testing.T) {
	t.Parallel()
	sim := startSim(t, claritysim.Config{})
	_, r := open(t, sim)
	r.alive()
	before := sim.TokensIssued()
	sim.ExpireTokens()
	for sim.TokensIssued() == before {
		r.alive()
	}
	r.alive()
	if n := r.count(isReconnecting); n != 0 {
		t.Errorf("an expired token showed %d disconnects", n)
	}
	if got := sim.TokensIssued() - before; got != 1 {
		t.Errorf("re-authenticated %d times, want once", got)
	}
}

// TestOpenRefused: bad credentials or settings fail Open with a typed error
// that never shows the password; the token service's real NTLMv2 check is
// what refuses a wrong password.
func TestOpenRefused(t *testing.T) {
	sim := startSim(t, claritysim.Config{})
	good := sim.Config()
	cases := []struct {
		name   string
		change func(*vendors.Config)
		want   vendors.Kind
	}{
		{"wrong password", func(c *vendors.Config) { c.Password = "Wr0ng-Secret-42" }, vendors.ErrAuth},
		{"password of another case", func(c *vendors.Config) { c.Password = strings.ToUpper(c.Password) }, vendors.ErrAuth},
		{"unknown user", func(c *vendors.Config) { c.User = `CCDEV\someoneelse` }, vendors.ErrAuth},
		{"wrong domain", func(c *vendors.Config) { c.User = `OTHERDOM\pmiller` }, vendors.ErrAuth},
		{"user without domain", func(c *vendors.Config) { c.User = "pmiller" }, vendors.ErrConfig},
		{"unknown client id", func(c *vendors.Config) {
			c.Options = map[string]string{"client-id": "0224C392-3845-4AC0-B1A0-D63706181BA7"}
		}, vendors.ErrConfig},
		{"no client id", func(c *vendors.Config) { c.Options = nil }, vendors.ErrConfig},
		{"poll too slow to notice a loss", func(c *vendors.Config) {
			c.Options = map[string]string{"client-id": good.Options["client-id"], "poll": "30s"}
		}, vendors.ErrConfig},
		{"plain http to another host", func(c *vendors.Config) { c.URL = "http://connect.example.com/webapi/api" }, vendors.ErrConfig},
		{"not the API root", func(c *vendors.Config) { c.URL = strings.TrimSuffix(c.URL, "/webapi/api") + "/other" }, vendors.ErrProtocol},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := good
			cfg.Options = map[string]string{}
			for k, v := range good.Options {
				cfg.Options[k] = v
			}
			tc.change(&cfg)
			issued := sim.TokensIssued()
			ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
			defer cancel()
			s, err := clarity.Driver{}.Open(ctx, cfg)
			if err == nil {
				s.Close()
				t.Fatal("Open succeeded")
			}
			if k := vendors.KindOf(err); k != tc.want {
				t.Errorf("Open: %v (kind %q), want %q", err, k, tc.want)
			}
			for _, secret := range []string{cfg.Password, good.Password} {
				if strings.Contains(err.Error(), secret) {
					t.Errorf("the error shows a password: %q", err)
				}
			}
			if sim.TokensIssued() != issued {
				t.Errorf("the token service issued a token")
			}
		})
	}
}

// TestRegistered: the driver is found by name and its profile holds the
// settings the design names, the password among them but no other secret.
func TestRegistered(t *testing.T) {
	d, ok := vendors.Lookup("clarity")
	if !ok {
		t.Fatal("clarity is not registered")
	}
	var names []string
	for _, s := range d.Settings() {
		names = append(names, s.Name())
		if s.Secret {
			t.Errorf("%s is marked secret; only the password is", s.Name())
		}
	}
	want := []string{"url", "user", "password", "client-id", "poll"}
	if strings.Join(names, ",") != strings.Join(want, ",") {
		t.Errorf("settings %v, want %v", names, want)
	}
}
