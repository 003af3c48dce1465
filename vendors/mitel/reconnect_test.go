package mitel

import (
	"context"
	"strings"
	"testing"

	"tandem/vendors"
	"tandem/vendors/mitel/mitelsim"
)

// TestReconnectResync drops the link in several situations and checks the
// session comes back with Reconnecting, Connected, the platform's state,
// the live contacts re-reported and SyncedEvent, then keeps working.
func TestReconnectResync(t *testing.T) {
	for _, tc := range []struct {
		name    string
		cfg     mitelsim.Config
		setup   func(t *testing.T, sim *mitelsim.Server, s *session, ev *events) string
		state   vendors.State
		contact vendors.ContactStatus // "" when no contact must come back
	}{
		{"idle", simConfigWithTraffic(), func(t *testing.T, sim *mitelsim.Server, s *session, ev *events) string {
			do(t, s, vendors.Command{Kind: vendors.CmdNotReady, Reason: "3"})
			ev.state(t, vendors.StateNotReady)
			return ""
		}, vendors.StateNotReady, ""},
		{"on a call", simConfigWithTraffic(), func(t *testing.T, sim *mitelsim.Server, s *session, ev *events) string {
			id := offerAnswer(t, sim, s, ev)
			return id
		}, vendors.StateBusy, vendors.ContactConnected},
		{"in wrap-up", mitelsim.Config{}, func(t *testing.T, sim *mitelsim.Server, s *session, ev *events) string {
			id := offerAnswer(t, sim, s, ev)
			do(t, s, vendors.Command{Kind: vendors.CmdHangup, Contact: id})
			ev.contact(t, id, vendors.ContactWrapUp)
			return id
		}, vendors.StateWrapUp, vendors.ContactWrapUp},
		{"no statistics from the server", mitelsim.Config{NoStats: true, DocQuirks: true}, func(t *testing.T, sim *mitelsim.Server, s *session, ev *events) string {
			return offerAnswer(t, sim, s, ev)
		}, vendors.StateBusy, vendors.ContactConnected},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sim := startSim(t, tc.cfg)
			s, ev := openSim(t, sim)
			ev.synced(t)
			id := tc.setup(t, sim, s, ev)
			sim.Drop()
			lost := ev.conn(t, vendors.Reconnecting)
			if !kindIs(lost.Err, vendors.ErrDisconnected) {
				t.Errorf("reconnecting error %v, want ErrDisconnected", lost.Err)
			}
			ev.conn(t, vendors.Connected)
			st := ev.state(t, tc.state)
			if tc.state == vendors.StateNotReady && (st.Reason == nil || st.Reason.Code != "3") {
				t.Errorf("resynced reason %+v, want 3", st.Reason)
			}
			if tc.contact != "" {
				ev.contact(t, id, tc.contact)
			}
			ev.synced(t)
			if got := sim.State(); got != tc.state {
				t.Fatalf("simulator says %s", got)
			}
			// Re-subscribed: the platform's changes arrive again.
			must(t, sim.SetState(vendors.StateReady, ""))
			ev.state(t, vendors.StateReady)
		})
	}
}

func offerAnswer(t *testing.T, sim *mitelsim.Server, s *session, ev *events) string {
	t.Helper()
	do(t, s, vendors.Command{Kind: vendors.CmdReady})
	ev.state(t, vendors.StateReady)
	want, err := sim.Offer()
	must(t, err)
	ev.contact(t, want.ID, vendors.ContactOffered)
	do(t, s, vendors.Command{Kind: vendors.CmdAnswer, Contact: want.ID})
	ev.contact(t, want.ID, vendors.ContactConnected)
	return want.ID
}

// TestAuthenticationFailure covers a wrong password at Open (with and
// without a negative reply before the server hangs up, L535) and on a
// reconnect, where it must not be retried in a loop.
func TestAuthenticationFailure(t *testing.T) {
	const wrong = "Not-The-Password-42"
	for _, tc := range []struct {
		name string
		cfg  mitelsim.Config
	}{
		{"negative reply", mitelsim.Config{}},
		{"silent close", mitelsim.Config{SilentAuthFailure: true}},
	} {
		t.Run("open/"+tc.name, func(t *testing.T) {
			sim := startSim(t, tc.cfg)
			cfg := sim.Config()
			cfg.Password = wrong
			ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
			defer cancel()
			s, err := Driver{}.Open(ctx, cfg)
			if err == nil {
				s.Close()
				t.Fatal("open succeeded with a wrong password")
			}
			if !kindIs(err, vendors.ErrAuth) {
				t.Fatalf("err %v, want ErrAuth", err)
			}
			for _, secret := range []string{wrong, md5Hex(wrong), sim.Config().Password} {
				if strings.Contains(err.Error(), secret) {
					t.Fatalf("error %q shows a secret", err)
				}
			}
			if n := sim.Requests(); n != 1 {
				t.Fatalf("%d messages reached the server, want the one authenticate", n)
			}
		})
	}
	t.Run("reconnect", func(t *testing.T) {
		sim := startSim(t, mitelsim.Config{})
		s, ev := openSim(t, sim)
		ev.synced(t)
		sim.SetPassword("rotated-by-the-admin")
		sim.Drop()
		ev.conn(t, vendors.Reconnecting)
		down := ev.conn(t, vendors.Disconnected)
		if !kindIs(down.Err, vendors.ErrAuth) {
			t.Fatalf("disconnected with %v, want ErrAuth", down.Err)
		}
		before := sim.Requests()
		s.wg.Wait() // the supervisor has stopped: nothing will retry
		if after := sim.Requests(); after != before {
			t.Fatalf("authentication retried: %d -> %d messages", before, after)
		}
		if err := doErr(s, vendors.Command{Kind: vendors.CmdReady}); !kindIs(err, vendors.ErrDisconnected) {
			t.Fatalf("command after the failure: %v, want ErrDisconnected", err)
		}
	})
}

// TestNegativeCommandResponse checks that a command response with a
// negative result (L1237) becomes a clear ErrRejected naming the command
// and the result, and that the session goes on.
func TestNegativeCommandResponse(t *testing.T) {
	sim := startSim(t, mitelsim.Config{})
	s, ev := openSim(t, sim)
	ev.synced(t)
	for _, tc := range []struct {
		name string
		prep func()
		cmd  vendors.Command
		want string
	}{
		{"unknown release code", nil, vendors.Command{Kind: vendors.CmdNotReady, Reason: "99"}, "release (result -4)"},
		{"forced failure", func() { sim.FailNext("resume", -17) }, vendors.Command{Kind: vendors.CmdReady}, "resume (result -17)"},
		{"end-wrapup outside wrap-up", nil, vendors.Command{Kind: vendors.CmdLogout}, ""},
		{"resume while logged out", nil, vendors.Command{Kind: vendors.CmdReady}, "resume (result -3)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.prep != nil {
				tc.prep()
			}
			err := doErr(s, tc.cmd)
			if tc.want == "" {
				if err != nil {
					t.Fatalf("%s: %v", tc.cmd.Kind, err)
				}
				return
			}
			if !kindIs(err, vendors.ErrRejected) || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), string(tc.cmd.Kind)) {
				t.Fatalf("err %v, want ErrRejected naming %q", err, tc.want)
			}
		})
	}
	do(t, s, vendors.Command{Kind: vendors.CmdLogin})
	ev.state(t, vendors.StateNotReady)
}
