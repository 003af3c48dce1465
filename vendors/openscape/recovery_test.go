package openscape_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"tandem/vendors"
	"tandem/vendors/openscape"
	"tandem/vendors/openscape/openscapesim"
)

func isConn(st vendors.ConnStatus) func(vendors.Event) bool {
	return func(ev vendors.Event) bool {
		c, ok := ev.(vendors.ConnectionEvent)
		return ok && c.Status == st
	}
}

func isSynced(ev vendors.Event) bool { _, ok := ev.(vendors.SyncedEvent); return ok }

// liveCall makes the agent ready and answers an offered call.
func (r *rig) liveCall() string {
	r.t.Helper()
	r.do(vendors.Command{Kind: vendors.CmdReady})
	want, err := r.sim.Offer()
	if err != nil {
		r.t.Fatal(err)
	}
	r.contact(want.ID, vendors.ContactOffered)
	r.do(vendors.Command{Kind: vendors.CmdAnswer, Contact: want.ID})
	return want.ID
}

// TestRecoveryLadder: each way the session can be lost ends with
// Reconnecting, Connected, the live call re-reported, Synced, and events
// flowing again (re-subscribed).
func TestRecoveryLadder(t *testing.T) {
	cases := []struct {
		name      string
		fault     func(*openscapesim.Server)
		command   bool   // a command notices the loss (else the watchdog)
		wantError string // a Reconnecting event must carry this
	}{
		{"session expiry noticed by the watchdog", func(s *openscapesim.Server) { s.ExpireSessions() }, false, ""},
		{"session expiry noticed by a command", func(s *openscapesim.Server) { s.ExpireSessions() }, true, ""},
		{"application server failover", func(s *openscapesim.Server) { s.Drop() }, true, ""},
		{"already registered for a while", func(s *openscapesim.Server) {
			s.RefuseRegistration(1500 * time.Millisecond)
			s.ExpireSessions()
		}, true, "ALREADY_REGISTERED_ON"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := newRig(t)
			id := r.liveCall()
			c.fault(r.sim)
			if c.command {
				err := r.sess.Do(context.Background(), vendors.Command{Kind: vendors.CmdHold, Contact: id})
				if !errors.Is(err, vendors.ErrDisconnected) && !errors.Is(err, vendors.ErrUnreachable) {
					t.Errorf("a command on a lost session: %v", err)
				}
			}
			r.waitFor("reconnecting", isConn(vendors.Reconnecting))
			if c.wantError != "" {
				r.waitFor("reconnecting with "+c.wantError, func(ev vendors.Event) bool {
					ce, ok := ev.(vendors.ConnectionEvent)
					return ok && ce.Status == vendors.Reconnecting && ce.Err != nil && strings.Contains(ce.Err.Error(), c.wantError)
				})
			}
			r.waitFor("connected", isConn(vendors.Connected))
			reported := false
			r.waitFor("synced", func(ev vendors.Event) bool {
				if ce, ok := ev.(vendors.ContactEvent); ok && ce.Contact.ID == id && ce.Contact.Status == vendors.ContactConnected {
					reported = true
				}
				return isSynced(ev)
			})
			if !reported {
				t.Errorf("the live call was not re-reported before Synced")
			}
			if err := r.sim.SetState(vendors.StateNotReady, "1"); err != nil {
				t.Fatal(err)
			}
			// Busy on a call: the reason shows once the call ends.
			r.do(vendors.Command{Kind: vendors.CmdHangup, Contact: id})
			st := r.state(vendors.StateWrapUp)
			if st.State != r.sim.State() {
				t.Errorf("driver %s, platform %s", st.State, r.sim.State())
			}
		})
	}
}

func TestRecoveryStopsOnAuthFailure(t *testing.T) {
	r := newRig(t)
	token := r.sim.Config().Options["client-token"]
	r.sim.RotateClientToken()
	r.sim.ExpireSessions()
	ev := r.waitFor("disconnected", isConn(vendors.Disconnected)).(vendors.ConnectionEvent)
	if !errors.Is(ev.Err, vendors.ErrAuth) {
		t.Errorf("gave up with %v, want ErrAuth", ev.Err)
	}
	for _, secret := range []string{token, r.sim.Config().Options["client-token"], r.sim.Config().Password} {
		if strings.Contains(ev.Err.Error(), secret) {
			t.Errorf("the error shows a secret: %v", ev.Err)
		}
	}
	err := r.sess.Do(context.Background(), vendors.Command{Kind: vendors.CmdReady})
	if !errors.Is(err, vendors.ErrDisconnected) {
		t.Errorf("a command after giving up: %v, want ErrDisconnected", err)
	}
}

// TestSwitchover: an OSCC switchover logs the agent off; the session stays,
// and on the presence server's return the agent is logged on again in the
// state it had.
func TestSwitchover(t *testing.T) {
	r := newRig(t)
	r.do(vendors.Command{Kind: vendors.CmdNotReady, Reason: "3"})
	r.sim.Switchover(300 * time.Millisecond)
	r.waitFor("reconnecting", isConn(vendors.Reconnecting))
	err := r.sess.Do(context.Background(), vendors.Command{Kind: vendors.CmdReady})
	if !errors.Is(err, vendors.ErrDisconnected) {
		t.Errorf("a command during the switchover: %v, want ErrDisconnected", err)
	}
	r.waitFor("connected", isConn(vendors.Connected))
	var last vendors.AgentState
	r.waitFor("synced", func(ev vendors.Event) bool {
		if s, ok := ev.(vendors.StateEvent); ok {
			last = s.State
		}
		return isSynced(ev)
	})
	if last.State != vendors.StateNotReady || last.Reason == nil || last.Reason.Code != "3" {
		t.Errorf("after the switchover the state is %+v, want not_ready 3 restored", last)
	}
	if got := r.sim.State(); got != vendors.StateNotReady {
		t.Errorf("the platform says %s", got)
	}
}

// TestLostDeliveryRepaired: every delivery is lost, yet the command is
// confirmed by the resync it triggers.
func TestLostDeliveryRepaired(t *testing.T) {
	r := newRig(t)
	r.sim.SetFaults(1, 0)
	r.do(vendors.Command{Kind: vendors.CmdReady})
	r.state(vendors.StateReady)
	if got := r.sim.State(); got != vendors.StateReady {
		t.Errorf("platform %s", got)
	}
}

// TestDuplicateDeliveries: every event arrives twice; the desk still sees
// each change once.
func TestDuplicateDeliveries(t *testing.T) {
	r := newRig(t)
	r.sim.SetFaults(0, 1)
	id := r.liveCall()
	r.do(vendors.Command{Kind: vendors.CmdHold, Contact: id})
	r.do(vendors.Command{Kind: vendors.CmdRetrieve, Contact: id})
	r.do(vendors.Command{Kind: vendors.CmdHangup, Contact: id})
	r.do(vendors.Command{Kind: vendors.CmdEndWrapUp, Contact: id})
	r.contact(id, vendors.ContactEnded)
	var statuses []vendors.ContactStatus
	for _, ev := range r.evs {
		if ce, ok := ev.(vendors.ContactEvent); ok && ce.Contact.ID == id {
			st := ce.Contact.Status
			if ce.Contact.Pending {
				st += "(pending)"
			}
			statuses = append(statuses, st)
		}
	}
	want := []vendors.ContactStatus{"offered(pending)", "offered", "connected", "held", "connected", "wrap_up", "ended"}
	if strings.Join(toStrings(statuses), ",") != strings.Join(toStrings(want), ",") {
		t.Errorf("statuses %v, want %v", statuses, want)
	}
}

func toStrings(xs []vendors.ContactStatus) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}

func TestCloseKeepsAgentLoggedOn(t *testing.T) {
	r := newRig(t)
	r.do(vendors.Command{Kind: vendors.CmdReady})
	if err := r.sess.Close(); err != nil {
		t.Fatal(err)
	}
	if got := r.sim.State(); got != vendors.StateReady {
		t.Errorf("after Close the platform says %s, want ready (Close must not log out)", got)
	}
}

func TestLogoutThenLogin(t *testing.T) {
	r := newRig(t)
	r.do(vendors.Command{Kind: vendors.CmdLogout})
	r.state(vendors.StateLoggedOut)
	if got := r.sim.State(); got != vendors.StateLoggedOut {
		t.Errorf("platform %s after logout", got)
	}
	err := r.sess.Do(context.Background(), vendors.Command{Kind: vendors.CmdReady})
	if !errors.Is(err, vendors.ErrWrongStatus) {
		t.Errorf("ready while logged out: %v, want ErrWrongStatus", err)
	}
	r.do(vendors.Command{Kind: vendors.CmdLogin})
	r.state(vendors.StateNotReady)
	r.do(vendors.Command{Kind: vendors.CmdReady})
	if got := r.sim.State(); got != vendors.StateReady {
		t.Errorf("platform %s after login and ready", got)
	}
}

// TestMandatoryWrapUp: ending a wrap-up the platform insists on cancels the
// mandatory wrap-up first; a wrap-up with a code needs no cancel.
func TestMandatoryWrapUp(t *testing.T) {
	r := newRig(t)
	r.sim.SetMandatoryWrapUp(true)
	for _, cmd := range []vendors.Command{
		{Kind: vendors.CmdEndWrapUp},
		{Kind: vendors.CmdWrapUp, Code: "2", Notes: "asked about an invoice"},
	} {
		id := r.liveCall()
		r.do(vendors.Command{Kind: vendors.CmdHangup, Contact: id})
		r.contact(id, vendors.ContactWrapUp)
		cmd.Contact = id
		r.do(cmd)
		r.contact(id, vendors.ContactEnded)
	}
}

func TestCommandErrors(t *testing.T) {
	r := newRig(t)
	id := r.liveCall()
	cases := []struct {
		cmd  vendors.Command
		want vendors.Kind
		text string
	}{
		{vendors.Command{Kind: vendors.CmdHold, Contact: "nope"}, vendors.ErrUnknownContact, ""},
		{vendors.Command{Kind: vendors.CmdAnswer, Contact: id}, vendors.ErrWrongStatus, ""},
		{vendors.Command{Kind: vendors.CmdNotReady, Reason: "99"}, vendors.ErrInvalid, ""},
		{vendors.Command{Kind: vendors.CmdNotReady, Reason: "lunch"}, vendors.ErrInvalid, ""},
		{vendors.Command{Kind: vendors.CmdCompleteTransfer, Contact: id}, vendors.ErrWrongStatus, "no consultation"},
		{vendors.Command{Kind: vendors.CmdEndWrapUp, Contact: id}, vendors.ErrWrongStatus, ""},
		{vendors.Command{Kind: vendors.CmdDial, To: "2002"}, vendors.ErrWrongStatus, "TELEPHONY_STATEERROR"},
		{vendors.Command{Kind: vendors.CmdReject, Contact: id}, vendors.ErrUnsupported, "phone"},
		{vendors.Command{Kind: vendors.CmdTransfer, Contact: id}, vendors.ErrInvalid, ""},
	}
	for _, c := range cases {
		err := r.sess.Do(context.Background(), c.cmd)
		if !errors.Is(err, c.want) || !strings.Contains(err.Error(), c.text) {
			t.Errorf("%s %+v: %v, want %s containing %q", c.cmd.Kind, c.cmd, err, c.want, c.text)
		}
	}
}

// TestSwitchoverEndLost: the deliveries that end a switchover are lost;
// the watchdog sees the server available again and logs the agent on.
func TestSwitchoverEndLost(t *testing.T) {
	r := newRig(t)
	r.do(vendors.Command{Kind: vendors.CmdReady})
	r.sim.BeginSwitchover()
	r.waitFor("reconnecting", isConn(vendors.Reconnecting))
	r.sim.SetFaults(1, 0)
	r.sim.EndSwitchover()
	r.waitFor("connected", isConn(vendors.Connected))
	r.sim.SetFaults(0, 0)
	r.waitFor("synced", isSynced)
	if got := r.sim.State(); got != vendors.StateReady {
		t.Errorf("after the switchover the platform says %s, want ready again", got)
	}
}

// TestCloseWhenLoggedOffFreesTheClientName: with the agent logged off
// elsewhere there is nobody to log off, so Close unregisters and a new
// session can start at once.
func TestCloseWhenLoggedOffFreesTheClientName(t *testing.T) {
	r := newRig(t)
	if err := r.sim.SetState(vendors.StateLoggedOut, ""); err != nil {
		t.Fatal(err)
	}
	r.state(vendors.StateLoggedOut)
	r.sess.Close()
	// Still registered, Open would be refused until the server's session
	// timeout (90 s), far beyond this bound.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	s, err := openscape.Driver{}.Open(ctx, r.sim.Config())
	if err != nil {
		t.Fatalf("Open after Close: %v", err)
	}
	s.Close()
}
