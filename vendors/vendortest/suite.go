package vendortest

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"tandem/vendors"
	"tandem/vendors/simulator"
)

// Harness says what to test.
type Harness struct {
	Driver vendors.Driver
	// Start launches a fresh simulator; nil uses simulator.Start with the
	// driver's name. The suite closes it.
	Start func(t testing.TB) simulator.Sim
	// Timeout bounds each wait for an event (default 20s).
	Timeout time.Duration
}

// Run runs every conformance check, each against a fresh simulator.
func Run(t *testing.T, h Harness) {
	if h.Timeout <= 0 {
		h.Timeout = 20 * time.Second
	}
	if h.Start == nil {
		h.Start = func(t testing.TB) simulator.Sim {
			t.Helper()
			sim, err := simulator.Start(h.Driver.Name(), simulator.Options{})
			if err != nil {
				t.Fatalf("start simulator: %v", err)
			}
			return sim
		}
	}
	checks := []struct {
		name string
		fn   func(*testing.T, *fixture)
	}{
		{"Login", checkLogin},
		{"CapabilitiesAreTruthful", checkUnsupported},
		{"StateBothWays", checkState},
		{"OfferAndCallControl", checkCallControl},
		{"BlindTransfer", checkBlindTransfer},
		{"RejectAndDial", checkRejectAndDial},
		{"ReconnectResync", checkReconnect},
		{"DisconnectedCommandsFailAtOnce", checkDisconnected},
		{"MalformedInputSkipped", checkMalformed},
		{"WrongPassword", checkWrongPassword},
		{"LogoutAndClose", checkLogout},
	}
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			f := &fixture{h: h}
			f.sim = h.Start(t)
			t.Cleanup(func() { f.sim.Close() })
			c.fn(t, f)
		})
	}
}

// fixture is one simulator and, once opened, one session on it.
type fixture struct {
	h    Harness
	sim  simulator.Sim
	sess vendors.Session
	rec  *recorder
}

func (f *fixture) ctx(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), f.h.Timeout)
	t.Cleanup(cancel)
	return ctx
}

// open logs in and waits until the session is connected with a state.
func (f *fixture) open(t testing.TB) {
	t.Helper()
	sess, err := f.h.Driver.Open(f.ctx(t), f.sim.Config())
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	f.sess = sess
	f.rec = record(sess)
	t.Cleanup(func() { sess.Close() })
	f.rec.waitFor(t, f.h.Timeout, "connection connected and a first state", func() bool {
		return f.rec.conn == vendors.Connected && f.rec.state.State != ""
	})
}

func (f *fixture) caps() vendors.Capabilities { return f.sess.Capabilities() }

func (f *fixture) do(t testing.TB, cmd vendors.Command) {
	t.Helper()
	if err := f.sess.Do(f.ctx(t), cmd); err != nil {
		t.Fatalf("%s: %v\nsaw:\n%s", cmd.Kind, err, f.rec.dump())
	}
}

func (f *fixture) waitState(t testing.TB, st vendors.State, reason string) {
	t.Helper()
	f.rec.waitFor(t, f.h.Timeout, "state "+string(st)+" "+reason, func() bool {
		if f.rec.state.State != st {
			return false
		}
		return reason == "" || (f.rec.state.Reason != nil && f.rec.state.Reason.Code == reason)
	})
}

func (f *fixture) waitContact(t testing.TB, id string, statuses ...vendors.ContactStatus) vendors.Contact {
	t.Helper()
	var got vendors.Contact
	f.rec.waitFor(t, f.h.Timeout, "contact "+id+" "+joinStatus(statuses), func() bool {
		c, ok := f.rec.contacts[id]
		if !ok {
			return false
		}
		for _, s := range statuses {
			if c.Status == s {
				got = c
				return true
			}
		}
		return false
	})
	return got
}

// follow returns the id the contact has now (a platform may rename it).
func (f *fixture) follow(id string) string {
	f.rec.mu.Lock()
	defer f.rec.mu.Unlock()
	for changed := true; changed; {
		changed = false
		for _, c := range f.rec.contacts {
			if c.PreviousID == id && c.ID != id {
				id, changed = c.ID, true
			}
		}
	}
	return id
}

func joinStatus(s []vendors.ContactStatus) string {
	out := make([]string, len(s))
	for i, x := range s {
		out[i] = string(x)
	}
	return strings.Join(out, "|")
}

// ready makes the agent ready, by command where possible.
func (f *fixture) ready(t testing.TB) {
	t.Helper()
	f.rec.mu.Lock()
	st := f.rec.state.State
	f.rec.mu.Unlock()
	if st == vendors.StateReady {
		return
	}
	if f.caps().Has(vendors.CmdReady) {
		f.do(t, vendors.Command{Kind: vendors.CmdReady})
	} else if err := f.sim.SetState(vendors.StateReady, ""); err != nil {
		t.Fatalf("sim SetState ready: %v", err)
	}
	f.waitState(t, vendors.StateReady, "")
}

// offer makes the platform offer a contact and returns its id once the
// driver reported it offered with the caller data the platform sent.
func (f *fixture) offer(t testing.TB) string {
	t.Helper()
	m := f.rec.mark()
	want, err := f.sim.Offer()
	if err != nil {
		t.Fatalf("sim Offer: %v", err)
	}
	var id string
	f.rec.waitFor(t, f.h.Timeout, "an offered contact from "+want.From, func() bool {
		for _, ev := range f.rec.sinceLocked(m) {
			ce, ok := ev.(vendors.ContactEvent)
			if ok && ce.Contact.Status == vendors.ContactOffered && matches(ce.Contact, want) {
				id = ce.Contact.ID
				return true
			}
		}
		return false
	})
	c, _ := f.rec.contact(id)
	if c.Channel == "" || c.Direction == "" {
		t.Errorf("offered contact %s lacks channel or direction: %+v", id, c)
	}
	return id
}

// matches reports whether got carries every field want sets.
func matches(got, want vendors.Contact) bool {
	eq := func(g, w string) bool { return w == "" || g == w }
	if !eq(got.ID, want.ID) || !eq(got.From, want.From) || !eq(got.To, want.To) || !eq(got.Name, want.Name) || !eq(got.Queue, want.Queue) {
		return false
	}
	for k, v := range want.Data {
		if got.Data[k] != v {
			return false
		}
	}
	return true
}

// answer connects the offered contact, by command or on the phone.
func (f *fixture) answer(t testing.TB, id string) {
	t.Helper()
	if f.caps().Has(vendors.CmdAnswer) {
		f.do(t, vendors.Command{Kind: vendors.CmdAnswer, Contact: id})
	} else if err := f.sim.Phone(vendors.CmdAnswer, id); err != nil {
		t.Fatalf("sim Phone answer: %v", err)
	}
	f.waitContact(t, f.follow(id), vendors.ContactConnected)
}

// finish ends a contact that is in wrap-up or connected.
func (f *fixture) finish(t testing.TB, id string) {
	t.Helper()
	id = f.follow(id)
	c, _ := f.rec.contact(id)
	if c.Status == vendors.ContactConnected || c.Status == vendors.ContactHeld {
		if f.caps().Has(vendors.CmdHangup) {
			f.do(t, vendors.Command{Kind: vendors.CmdHangup, Contact: id})
		} else if err := f.sim.Phone(vendors.CmdHangup, id); err != nil {
			t.Fatalf("sim Phone hangup: %v", err)
		}
		id = f.follow(id)
		c = f.waitContact(t, id, vendors.ContactWrapUp, vendors.ContactEnded)
	}
	if c.Status == vendors.ContactWrapUp {
		f.wrapUp(t, id)
	}
}

// wrapUp ends a contact's wrap-up with a code and notes where supported.
func (f *fixture) wrapUp(t testing.TB, id string) {
	t.Helper()
	caps := f.caps()
	switch {
	case caps.Has(vendors.CmdWrapUp):
		f.rec.mu.Lock()
		codes := f.rec.reasons.WrapUp
		f.rec.mu.Unlock()
		cmd := vendors.Command{Kind: vendors.CmdWrapUp, Contact: id, Notes: "conformance notes"}
		if len(codes) > 0 {
			cmd.Code = codes[0].Code
		}
		f.do(t, cmd)
		// The model: wrapup ends the wrap-up (a driver whose platform sets
		// the code and ends the wrap-up in two steps does both).
		f.waitContact(t, f.follow(id), vendors.ContactEnded)
	case caps.Has(vendors.CmdEndWrapUp):
		f.do(t, vendors.Command{Kind: vendors.CmdEndWrapUp, Contact: id})
		f.waitContact(t, f.follow(id), vendors.ContactEnded)
	default:
		// Observe-only platforms: the wrap-up window ends on its own or on
		// the phone.
		f.waitContact(t, f.follow(id), vendors.ContactEnded)
	}
}

func errIs(err error, k vendors.Kind) bool { return errors.Is(err, k) || vendors.KindOf(err) == k }
