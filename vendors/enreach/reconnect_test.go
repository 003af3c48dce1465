package enreach_test

import (
	"context"
	"errors"
	"sort"
	"strings"
	"testing"

	"tandem/vendors"
	"tandem/vendors/enreach"
	"tandem/vendors/enreach/enreachsim"
)

func sortedSubs(s *enreachsim.Sim) [][]string {
	subs := s.Subscriptions()
	for _, x := range subs {
		sort.Strings(x)
	}
	return subs
}

func TestResubscribeAfterReconnect(t *testing.T) {
	s := startSim(t)
	_, w := open(t, s)
	before := sortedSubs(s)
	if len(before) != 1 || len(before[0]) == 0 {
		t.Fatalf("subscriptions before the drop: %v", before)
	}
	for round := 0; round < 2; round++ {
		s.Drop()
		w.conn(vendors.Reconnecting)
		w.conn(vendors.Connected)
		w.synced()
		after := sortedSubs(s)
		if len(after) != 1 || strings.Join(after[0], ",") != strings.Join(before[0], ",") {
			t.Fatalf("round %d: subscriptions after reconnect %v, want %v", round, after, before)
		}
		// The new subscriptions deliver: a platform-side change shows up.
		if err := s.SetState(vendors.StateNotReady, "OffWork"); err != nil {
			t.Fatal(err)
		}
		st := w.state(vendors.StateNotReady)
		if st.Reason == nil || st.Reason.Code != "OffWork" || !strings.HasPrefix(st.Raw, "OffWork") {
			t.Fatalf("state %+v", st)
		}
		if err := s.SetState(vendors.StateReady, ""); err != nil {
			t.Fatal(err)
		}
		w.state(vendors.StateReady)
	}
	tokens := s.TokensUsed()
	seen := map[string]bool{}
	for _, tok := range tokens {
		if seen[tok] {
			t.Fatalf("a token was presented twice: every connection needs a fresh one (%d tokens)", len(tokens))
		}
		seen[tok] = true
	}
}

func TestTokenRefusedAtReconnect(t *testing.T) {
	tests := []struct {
		name     string
		fault    func(s *enreachsim.Sim)
		wantKind vendors.Kind // "" = recovers
	}{
		{"one stale token, a fresh one works", func(s *enreachsim.Sim) { s.RefuseTokens(1) }, ""},
		{"hub refuses every token", func(s *enreachsim.Sim) { s.RefuseTokens(1000) }, vendors.ErrAuth},
		{"password changed", func(s *enreachsim.Sim) { s.SetPassword("changed-by-admin") }, vendors.ErrAuth},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := startSim(t)
			_, w := open(t, s)
			used := len(s.TokensUsed())
			tc.fault(s)
			s.Drop()
			w.conn(vendors.Reconnecting)
			if tc.wantKind == "" {
				w.conn(vendors.Connected)
				w.synced()
				if n := len(s.TokensUsed()) - used; n != 2 {
					t.Fatalf("%d tokens presented after the drop, want 2 (refused, fresh)", n)
				}
				return
			}
			ev := w.until("disconnected or connected", func(ev vendors.Event) bool {
				c, ok := ev.(vendors.ConnectionEvent)
				return ok && (c.Status == vendors.Disconnected || c.Status == vendors.Connected)
			}).(vendors.ConnectionEvent)
			if ev.Status != vendors.Disconnected || !errors.Is(ev.Err, tc.wantKind) {
				t.Fatalf("got %s (%v), want disconnected with %s", ev.Status, ev.Err, tc.wantKind)
			}
			if n := len(s.TokensUsed()) - used; n > 2 {
				t.Fatalf("%d hub attempts after the refusal: auth failures must not loop", n)
			}
		})
	}
}

func TestOpenErrors(t *testing.T) {
	tests := []struct {
		name string
		cfg  func(s *enreachsim.Sim) vendors.Config
		want vendors.Kind
	}{
		{"wrong password", func(s *enreachsim.Sim) vendors.Config {
			c := s.Config()
			c.Password = "Wrong-Pa55word"
			return c
		}, vendors.ErrAuth},
		{"unknown user", func(s *enreachsim.Sim) vendors.Config {
			c := s.Config()
			c.User = "nobody@example.com"
			return c
		}, vendors.ErrAuth},
		{"not a URL", func(s *enreachsim.Sim) vendors.Config {
			c := s.Config()
			c.URL = "ftp://x"
			return c
		}, vendors.ErrConfig},
		{"nothing listens", func(s *enreachsim.Sim) vendors.Config {
			c := s.Config()
			c.URL = "http://127.0.0.1:1"
			return c
		}, vendors.ErrUnreachable},
		{"hub refuses tokens", func(s *enreachsim.Sim) vendors.Config {
			s.RefuseTokens(1000)
			return s.Config()
		}, vendors.ErrAuth},
		{"agent events refused", func(s *enreachsim.Sim) vendors.Config {
			s.Deny("UserStatus", true)
			return s.Config()
		}, vendors.ErrRejected},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := startSim(t)
			cfg := tc.cfg(s)
			sess, err := enreach.Driver{}.Open(context.Background(), cfg)
			if err == nil {
				sess.Close()
				t.Fatal("Open succeeded")
			}
			if !errors.Is(err, tc.want) {
				t.Fatalf("error %v, want %s", err, tc.want)
			}
			if cfg.Password != "" && strings.Contains(err.Error(), cfg.Password) {
				t.Fatalf("the error shows the password: %v", err)
			}
		})
	}
}

func TestOptionalSubscriptionRefused(t *testing.T) {
	s := startSim(t)
	s.Deny("UserCallInOverflow", true)
	_, w := open(t, s)
	c, err := s.Offer()
	if err != nil {
		t.Fatal(err)
	}
	w.contact(c.ID, vendors.ContactOffered)
}
