package clarity_test

import (
	"maps"
	"strings"
	"testing"

	"tandem/vendors"
	"tandem/vendors/clarity/claritysim"
)

// TestScreenPop: a new session is reported offered with the whole screen
// pop from Session by ID: customer, number, DNIS (an extra item), queue, IVR
// path, extra items, history and the screen-pop URL.
func TestScreenPop(t *testing.T) {
	sim := startSim(t, claritysim.Config{Options: optionsSeed(7)})
	_, r := open(t, sim)
	for range 3 { // sessions with 0, 1 and 2 earlier contacts
		want, err := sim.Offer()
		if err != nil {
			t.Fatal(err)
		}
		got := r.contact(want.ID, vendors.ContactOffered)
		if got.From != want.From || got.To != want.To || got.Name != want.Name || got.Queue != want.Queue ||
			got.ScreenPopURL != want.ScreenPopURL || got.Channel != vendors.ChannelVoice || got.Direction != vendors.Inbound {
			t.Errorf("contact %+v\nwant %+v", got, want)
		}
		if !maps.Equal(got.Data, want.Data) {
			t.Errorf("data %v\nwant %v", got.Data, want.Data)
		}
		if !strings.Contains(got.Data["ivr_path"], " > ") {
			t.Errorf("no IVR path: %q", got.Data["ivr_path"])
		}
		if err := sim.Phone(vendors.CmdHangup, want.ID); err != nil { // caller gives up
			t.Fatal(err)
		}
		r.contact(want.ID, vendors.ContactEnded)
	}
}

// TestFollowsCallToItsEnd moves a call in "Skype for Business" and checks
// each step shows up, through after-call to its end.
func TestFollowsCallToItsEnd(t *testing.T) {
	sim := startSim(t, claritysim.Config{})
	s, r := open(t, sim)
	if err := do(t, s, vendors.Command{Kind: vendors.CmdReady}); err != nil {
		t.Fatal(err)
	}
	r.state(vendors.StateReady)
	want, _ := sim.Offer()
	id := want.ID
	r.contact(id, vendors.ContactOffered)
	steps := []struct {
		phone  vendors.CommandKind
		status vendors.ContactStatus
		state  vendors.State
	}{
		{vendors.CmdAnswer, vendors.ContactConnected, vendors.StateBusy},
		{vendors.CmdHold, vendors.ContactHeld, vendors.StateBusy},
		{vendors.CmdRetrieve, vendors.ContactConnected, vendors.StateBusy},
		{vendors.CmdHangup, vendors.ContactWrapUp, vendors.StateWrapUp},
	}
	for _, st := range steps {
		if err := sim.Phone(st.phone, id); err != nil {
			t.Fatalf("phone %s: %v", st.phone, err)
		}
		r.contact(id, st.status)
		r.state(st.state)
	}
	if err := do(t, s, vendors.Command{Kind: vendors.CmdEndWrapUp, Contact: id}); err != nil {
		t.Fatal(err)
	}
	r.contact(id, vendors.ContactEnded)
	r.state(vendors.StateReady)
	if err := do(t, s, vendors.Command{Kind: vendors.CmdEndWrapUp, Contact: id}); vendors.KindOf(err) != vendors.ErrUnknownContact {
		t.Errorf("end_wrapup of an ended contact: %v, want ErrUnknownContact", err)
	}
}

// TestLogoutEndsLiveCalls: profile/unregister ends the listed sessions'
// calls (which is why the desk confirms first) and logs the agent out.
func TestLogoutEndsLiveCalls(t *testing.T) {
	sim := startSim(t, claritysim.Config{})
	s, r := open(t, sim)
	want, _ := sim.Offer()
	if err := sim.Phone(vendors.CmdAnswer, want.ID); err != nil {
		t.Fatal(err)
	}
	r.contact(want.ID, vendors.ContactConnected)
	if err := do(t, s, vendors.Command{Kind: vendors.CmdLogout}); err != nil {
		t.Fatal(err)
	}
	r.contact(want.ID, vendors.ContactEnded)
	r.state(vendors.StateLoggedOut)
	if got := sim.State(); got != vendors.StateLoggedOut {
		t.Errorf("platform state %s after logout", got)
	}
}

// TestUnknownStatusIsConfigProblem: Connect's "unknown" status (invalid
// SIP address) reaches the desk as a not-ready state whose reason says it
// is a configuration problem, with the raw status kept.
func TestUnknownStatusIsConfigProblem(t *testing.T) {
	sim := startSim(t, claritysim.Config{})
	_, r := open(t, sim)
	sim.SetUnknownStatus()
	r.until("raw state unknown", func() bool { return r.cur.Raw == "unknown" })
	st := r.cur
	if st.Reason == nil || st.Reason.Code != "unknown" || !strings.Contains(st.Reason.Label, "configuration problem") {
		t.Errorf("unknown status shown as %+v", st.Reason)
	}
}

// TestCallControlRefused: every call command fails at once, without a
// request, and says where to do it instead.
func TestCallControlRefused(t *testing.T) {
	sim := startSim(t, claritysim.Config{})
	s, _ := open(t, sim)
	calls := []vendors.CommandKind{vendors.CmdAnswer, vendors.CmdReject, vendors.CmdHangup, vendors.CmdHold,
		vendors.CmdRetrieve, vendors.CmdTransfer, vendors.CmdConsult, vendors.CmdCompleteTransfer,
		vendors.CmdConference, vendors.CmdDial}
	for _, k := range calls {
		t.Run(string(k), func(t *testing.T) {
			before := sim.Requests()
			err := do(t, s, vendors.Command{Kind: k}) // even without its fields
			if vendors.KindOf(err) != vendors.ErrUnsupported || !strings.Contains(err.Error(), "Skype for Business") {
				t.Errorf("%s: %v, want ErrUnsupported naming Skype for Business", k, err)
			}
			if s.Capabilities().Hint(k) == "" {
				t.Errorf("%s has no hint", k)
			}
			if sim.Requests() != before {
				t.Errorf("%s touched the wire", k)
			}
		})
	}
}

// TestEndedOnce: a session that stays listed after its end (Terminating)
// is reported ended once, not popped again on every poll.
func TestEndedOnce(t *testing.T) {
	sim := startSim(t, claritysim.Config{ListTerminating: true})
	_, r := open(t, sim)
	want, _ := sim.Offer()
	r.contact(want.ID, vendors.ContactOffered)
	if err := sim.Phone(vendors.CmdHangup, want.ID); err != nil {
		t.Fatal(err)
	}
	r.contact(want.ID, vendors.ContactEnded)
	for range 3 {
		r.alive()
	}
	n := r.count(func(ev vendors.Event) bool {
		c, ok := ev.(vendors.ContactEvent)
		return ok && c.Contact.ID == want.ID && c.Contact.Status == vendors.ContactEnded
	})
	if n != 1 {
		t.Errorf("ended reported %d times, want once", n)
	}
}
