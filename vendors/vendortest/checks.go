package vendortest

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"tandem/vendors"
)

func checkLogin(t *testing.T, f *fixture) {
	f.open(t)
	caps := f.caps()
	f.rec.mu.Lock()
	sawCaps := f.rec.caps != nil
	var firstConn vendors.ConnStatus
	for _, ev := range f.rec.events {
		if ce, ok := ev.(vendors.ConnectionEvent); ok {
			firstConn = ce.Status
			break
		}
	}
	f.rec.mu.Unlock()
	if firstConn != vendors.Connecting && firstConn != vendors.Connected {
		t.Errorf("the first connection event is %q, want connecting or connected", firstConn)
	}
	if !sawCaps {
		f.rec.waitFor(t, f.h.Timeout, "a capabilities event", func() bool { return f.rec.caps != nil })
	}
	for _, k := range caps.Commands {
		if _, ok := vendors.ParseCommandKind(string(k)); !ok {
			t.Errorf("capability %q is not a command of the model", k)
		}
	}
	if caps.Has(vendors.CmdNotReady) {
		f.rec.waitFor(t, f.h.Timeout, "not-ready reasons", func() bool { return len(f.rec.reasons.NotReady) > 0 })
	}
	for _, k := range vendors.AllCommands {
		if !caps.Has(k) && caps.Hint(k) == "" && k != vendors.CmdLogin && k != vendors.CmdReject {
			t.Logf("note: %s is unsupported without a hint for the agent", k)
		}
	}
}

// sample is a well-formed command of each kind, so an unsupported one is
// refused for being unsupported and not for a missing field.
func sample(k vendors.CommandKind) vendors.Command {
	return vendors.Command{Kind: k, Contact: "C-none", To: "2002", Reason: "1", Code: "1", Notes: "n"}
}

func checkUnsupported(t *testing.T, f *fixture) {
	f.open(t)
	caps := f.caps()
	for _, k := range vendors.AllCommands {
		if caps.Has(k) {
			continue
		}
		before := f.sim.Requests()
		ctx, cancel := context.WithCancel(context.Background())
		cancel() // a refusal must not even need time
		err := f.sess.Do(ctx, sample(k))
		if !errIs(err, vendors.ErrUnsupported) {
			t.Errorf("%s is not advertised but Do returned %v, want ErrUnsupported", k, err)
			continue
		}
		if !strings.Contains(err.Error(), string(k)) {
			t.Errorf("the refusal of %s does not name the command: %q", k, err)
		}
		if after := f.sim.Requests(); after != before {
			t.Errorf("refusing %s touched the wire: simulator command requests %d -> %d (Requests must count only commands)", k, before, after)
		}
	}
}

func checkState(t *testing.T, f *fixture) {
	f.open(t)
	caps := f.caps()
	f.ready(t)
	if caps.Has(vendors.CmdNotReady) {
		f.rec.waitFor(t, f.h.Timeout, "not-ready reasons", func() bool { return len(f.rec.reasons.NotReady) > 0 })
		f.rec.mu.Lock()
		reasons := f.rec.reasons.NotReady
		f.rec.mu.Unlock()
		code := reasons[len(reasons)-1].Code
		f.do(t, vendors.Command{Kind: vendors.CmdNotReady, Reason: code})
		f.waitState(t, vendors.StateNotReady, code)
		if got := f.sim.State(); got != vendors.StateNotReady {
			t.Errorf("after not_ready the platform says %s", got)
		}
		f.rec.mu.Lock()
		label := ""
		if f.rec.state.Reason != nil {
			label = f.rec.state.Reason.Label
		}
		f.rec.mu.Unlock()
		if label == "" {
			t.Errorf("not-ready state without the reason's label")
		}
	}
	if caps.Has(vendors.CmdReady) {
		f.do(t, vendors.Command{Kind: vendors.CmdReady})
		f.waitState(t, vendors.StateReady, "")
		if got := f.sim.State(); got != vendors.StateReady {
			t.Errorf("after ready the platform says %s", got)
		}
	}
	// The other way: the platform (a supervisor, the phone) changes it.
	if err := f.sim.SetState(vendors.StateNotReady, ""); err != nil {
		t.Fatalf("sim SetState not_ready: %v", err)
	}
	f.waitState(t, vendors.StateNotReady, "")
	if err := f.sim.SetState(vendors.StateReady, ""); err != nil {
		t.Fatalf("sim SetState ready: %v", err)
	}
	f.waitState(t, vendors.StateReady, "")
	f.rec.mu.Lock()
	raw := f.rec.state.Raw
	f.rec.mu.Unlock()
	if raw == "" {
		t.Errorf("state events do not keep the platform's raw state")
	}
}

func checkCallControl(t *testing.T, f *fixture) {
	f.open(t)
	caps := f.caps()
	f.ready(t)
	id := f.offer(t)
	f.answer(t, id)
	id = f.follow(id)
	if caps.Has(vendors.CmdHold) {
		f.do(t, vendors.Command{Kind: vendors.CmdHold, Contact: id})
		f.waitContact(t, id, vendors.ContactHeld)
	}
	if caps.Has(vendors.CmdRetrieve) {
		f.do(t, vendors.Command{Kind: vendors.CmdRetrieve, Contact: id})
		f.waitContact(t, id, vendors.ContactConnected)
	}
	if caps.Has(vendors.CmdConsult) {
		// Consult, then cancel it: hang up the consultation, retrieve.
		cid := f.consult(t, id, "2002")
		if caps.Has(vendors.CmdHangup) && caps.Has(vendors.CmdRetrieve) {
			f.do(t, vendors.Command{Kind: vendors.CmdHangup, Contact: cid})
			f.waitContact(t, cid, vendors.ContactEnded)
			if c, _ := f.rec.contact(id); c.Status != vendors.ContactHeld {
				t.Errorf("after hanging up the consultation the first call is %s, want held", c.Status)
			}
			f.do(t, vendors.Command{Kind: vendors.CmdRetrieve, Contact: id})
			f.waitContact(t, id, vendors.ContactConnected)
		}
		if caps.Has(vendors.CmdConference) {
			cid := f.consult(t, id, "2003")
			f.do(t, vendors.Command{Kind: vendors.CmdConference, Contact: id})
			f.waitContact(t, f.follow(cid), vendors.ContactEnded)
			f.waitContact(t, f.follow(id), vendors.ContactConnected)
			id = f.follow(id)
		}
		if caps.Has(vendors.CmdCompleteTransfer) {
			cid := f.consult(t, id, "2004")
			f.do(t, vendors.Command{Kind: vendors.CmdCompleteTransfer, Contact: cid})
			f.waitContact(t, f.follow(cid), vendors.ContactEnded)
			f.waitContact(t, f.follow(id), vendors.ContactWrapUp, vendors.ContactEnded)
		}
	}
	f.finish(t, id)
	if got := f.sim.State(); got == vendors.StateBusy {
		t.Errorf("after the contact ended the platform still says busy")
	}
}

// consult starts a consultation from id and returns the new contact's id
// once it is connected.
func (f *fixture) consult(t testing.TB, id, to string) string {
	t.Helper()
	m := f.rec.mark()
	f.do(t, vendors.Command{Kind: vendors.CmdConsult, Contact: id, To: to})
	f.waitContact(t, f.follow(id), vendors.ContactHeld)
	var cid string
	f.rec.waitFor(t, f.h.Timeout, "a consultation contact related to "+id, func() bool {
		for _, ev := range f.rec.sinceLocked(m) {
			if ce, ok := ev.(vendors.ContactEvent); ok && ce.Contact.ID != id && ce.Contact.Related != "" {
				cid = ce.Contact.ID
				return true
			}
		}
		return false
	})
	c := f.waitContact(t, cid, vendors.ContactConnected)
	if c.Related != f.follow(id) && c.Related != id {
		t.Errorf("consultation %s is related to %q, want %q", cid, c.Related, id)
	}
	if c.Direction != vendors.Outbound {
		t.Errorf("consultation %s has direction %q, want outbound", cid, c.Direction)
	}
	return cid
}

func checkBlindTransfer(t *testing.T, f *fixture) {
	f.open(t)
	if !f.caps().Has(vendors.CmdTransfer) {
		t.Skip("the platform has no blind transfer")
	}
	f.ready(t)
	id := f.offer(t)
	f.answer(t, id)
	id = f.follow(id)
	f.do(t, vendors.Command{Kind: vendors.CmdTransfer, Contact: id, To: "2005"})
	c := f.waitContact(t, f.follow(id), vendors.ContactWrapUp, vendors.ContactEnded)
	if c.Status == vendors.ContactWrapUp {
		f.wrapUp(t, c.ID)
	}
}

func checkRejectAndDial(t *testing.T, f *fixture) {
	f.open(t)
	caps := f.caps()
	if !caps.Has(vendors.CmdReject) && !caps.Has(vendors.CmdDial) {
		t.Skip("the platform can neither reject nor dial")
	}
	f.ready(t)
	if caps.Has(vendors.CmdReject) {
		id := f.offer(t)
		f.do(t, vendors.Command{Kind: vendors.CmdReject, Contact: id})
		f.waitContact(t, f.follow(id), vendors.ContactEnded)
		// Some platforms take a rejecting agent out of routing.
		f.ready(t)
	}
	if caps.Has(vendors.CmdDial) {
		m := f.rec.mark()
		f.do(t, vendors.Command{Kind: vendors.CmdDial, To: "+4930555999"})
		var id string
		f.rec.waitFor(t, f.h.Timeout, "an outbound contact to +4930555999", func() bool {
			for _, ev := range f.rec.sinceLocked(m) {
				if ce, ok := ev.(vendors.ContactEvent); ok && ce.Contact.Direction == vendors.Outbound {
					id = ce.Contact.ID
					return true
				}
			}
			return false
		})
		f.waitContact(t, id, vendors.ContactConnected)
		f.finish(t, id)
	}
}

func checkReconnect(t *testing.T, f *fixture) {
	f.open(t)
	f.ready(t)
	id := f.offer(t)
	f.answer(t, id)
	id = f.follow(id)
	m := f.rec.mark()
	f.sim.Drop()
	f.rec.waitFor(t, f.h.Timeout, "reconnecting, connected, then synced", func() bool {
		stage := 0
		for _, ev := range f.rec.sinceLocked(m) {
			switch e := ev.(type) {
			case vendors.ConnectionEvent:
				if stage == 0 && e.Status == vendors.Reconnecting {
					stage = 1
				} else if stage == 1 && e.Status == vendors.Connected {
					stage = 2
				}
			case vendors.SyncedEvent:
				if stage == 2 {
					return true
				}
			}
		}
		return false
	})
	if c, ok := f.rec.contact(f.follow(id)); !ok || c.Status != vendors.ContactConnected {
		t.Errorf("after the resync the live contact is %+v, want still connected", c)
	}
	f.rec.mu.Lock()
	got := f.rec.state.State
	f.rec.mu.Unlock()
	if want := f.sim.State(); got != want {
		t.Errorf("after the resync the driver says %s, the platform %s", got, want)
	}
	// Re-subscribed: a change on the platform side still arrives.
	f.finish(t, id)
	if err := f.sim.SetState(vendors.StateNotReady, ""); err != nil {
		t.Fatalf("sim SetState: %v", err)
	}
	f.waitState(t, vendors.StateNotReady, "")
}

func checkDisconnected(t *testing.T, f *fixture) {
	f.open(t)
	caps := f.caps()
	if len(caps.Commands) == 0 {
		t.Skip("the platform has no commands")
	}
	m := f.rec.mark()
	f.sim.Close()
	f.rec.waitFor(t, f.h.Timeout, "reconnecting after the platform went away", func() bool {
		for _, ev := range f.rec.sinceLocked(m) {
			if ce, ok := ev.(vendors.ConnectionEvent); ok && ce.Status != vendors.Connected {
				return true
			}
		}
		return false
	})
	k := caps.Commands[0]
	for _, c := range caps.Commands {
		if c == vendors.CmdReady || c == vendors.CmdNotReady {
			k = c
		}
	}
	cmd := sample(k)
	cmd.Reason = ""
	err := f.sess.Do(f.ctx(t), cmd)
	if !errIs(err, vendors.ErrDisconnected) {
		t.Errorf("%s while the platform is gone returned %v, want ErrDisconnected", k, err)
	}
}

func checkMalformed(t *testing.T, f *fixture) {
	f.open(t)
	f.ready(t)
	m := f.rec.mark()
	if err := f.sim.Malformed(); err != nil {
		t.Fatalf("sim Malformed: %v", err)
	}
	if err := f.sim.SetState(vendors.StateNotReady, ""); err != nil {
		t.Fatalf("sim SetState: %v", err)
	}
	f.waitState(t, vendors.StateNotReady, "")
	id := f.offer(t)
	f.rec.mu.Lock()
	defer f.rec.mu.Unlock()
	for _, ev := range f.rec.sinceLocked(m) {
		if ce, ok := ev.(vendors.ConnectionEvent); ok && ce.Status != vendors.Connected {
			t.Errorf("malformed input cost the connection (%s); it must be logged and skipped", ce.Status)
		}
		if ce, ok := ev.(vendors.ContactEvent); ok && ce.Contact.ID != id && ce.Contact.ID != "" {
			t.Errorf("malformed input produced a contact: %s", describe(ev))
		}
	}
}

func checkWrongPassword(t *testing.T, f *fixture) {
	cfg := f.sim.Config()
	good := cfg.Password
	cfg.Password = "wrong-Pa55-" + fmt.Sprint(f.sim.Requests()) + "-xyzzy"
	s, err := f.h.Driver.Open(f.ctx(t), cfg)
	if err == nil {
		s.Close()
		t.Fatalf("Open with a wrong password succeeded")
	}
	if !errIs(err, vendors.ErrAuth) {
		t.Errorf("Open with a wrong password: %v, want ErrAuth", err)
	}
	for _, secret := range []string{cfg.Password, good} {
		if secret != "" && strings.Contains(err.Error(), secret) {
			t.Errorf("the error shows a password: %q", err)
		}
	}
}

func checkLogout(t *testing.T, f *fixture) {
	f.open(t)
	if f.caps().Has(vendors.CmdLogout) {
		f.do(t, vendors.Command{Kind: vendors.CmdLogout})
		f.waitState(t, vendors.StateLoggedOut, "")
		if got := f.sim.State(); got != vendors.StateLoggedOut {
			t.Errorf("after logout the platform says %s", got)
		}
	}
	if err := f.sess.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	f.rec.waitFor(t, f.h.Timeout, "the event stream to end after Close", func() bool { return f.rec.closed })
}
