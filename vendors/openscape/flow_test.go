package openscape_test

import (
	"strconv"
	"testing"

	"tandem/vendors"
)

func TestInboundCallFlow(t *testing.T) {
	r := newRig(t)
	r.do(vendors.Command{Kind: vendors.CmdReady})
	r.state(vendors.StateReady)
	want, err := r.sim.Offer()
	if err != nil {
		t.Fatal(err)
	}
	got := r.contact(want.ID, vendors.ContactOffered)
	if got.From != want.From || got.To != want.To || got.Name != want.Name || got.Queue != want.Queue || got.ScreenPopURL != want.ScreenPopURL {
		t.Errorf("screen pop = %+v, want %+v", got, want)
	}
	for k, v := range want.Data {
		if got.Data[k] != v {
			t.Errorf("data[%s] = %q, want %q", k, got.Data[k], v)
		}
	}
	r.do(vendors.Command{Kind: vendors.CmdAnswer, Contact: want.ID})
	r.do(vendors.Command{Kind: vendors.CmdHold, Contact: want.ID})
	r.do(vendors.Command{Kind: vendors.CmdRetrieve, Contact: want.ID})
	r.do(vendors.Command{Kind: vendors.CmdConsult, Contact: want.ID, To: "554181015003"})
	r.do(vendors.Command{Kind: vendors.CmdConference, Contact: want.ID})
	r.do(vendors.Command{Kind: vendors.CmdHangup, Contact: want.ID})
	r.contact(want.ID, vendors.ContactWrapUp)
	r.do(vendors.Command{Kind: vendors.CmdWrapUp, Contact: want.ID, Code: "1", Notes: "sold"})
	r.contact(want.ID, vendors.ContactEnded)
}

// TestReasonListUpdate: an administrator adds a reason; the admin event
// makes the session read the lists again and report them.
func TestReasonListUpdate(t *testing.T) {
	r := newRig(t)
	key := r.sim.AddUnavailableReason("Coaching")
	r.waitFor("reasons with Coaching", func(ev vendors.Event) bool {
		re, ok := ev.(vendors.ReasonsEvent)
		if !ok {
			return false
		}
		for _, x := range re.NotReady {
			if x.Label == "Coaching" {
				return true
			}
		}
		return false
	})
	r.do(vendors.Command{Kind: vendors.CmdNotReady, Reason: strconv.Itoa(key)})
	if st := r.state(vendors.StateNotReady); st.Reason == nil || st.Reason.Label != "Coaching" {
		t.Errorf("state %+v", st)
	}
}

// TestScreenPopDoesNotWaitForQueries: a new call is reported from the
// delivery event alone (numbers, Pending) while its QueryCalls are still
// unanswered, and reported again, complete and no longer Pending, once
// they answer.
func TestScreenPopDoesNotWaitForQueries(t *testing.T) {
	r := newRig(t)
	r.do(vendors.Command{Kind: vendors.CmdReady})
	r.state(vendors.StateReady)
	release := r.sim.HoldQueries()
	defer release()
	want, err := r.sim.Offer()
	if err != nil {
		t.Fatal(err)
	}
	first := r.waitFor("the first report of "+want.ID, func(ev vendors.Event) bool {
		c, ok := ev.(vendors.ContactEvent)
		return ok && c.Contact.ID == want.ID
	}).(vendors.ContactEvent).Contact
	if first.Status != vendors.ContactOffered || !first.Pending || first.From != want.From || first.To != want.To || first.Name != "" {
		t.Errorf("first report = %+v, want offered, pending, from %q to %q, no name yet", first, want.From, want.To)
	}
	release()
	full := r.contact(want.ID, vendors.ContactOffered)
	if full.Pending || full.Name != want.Name || full.Queue != want.Queue || len(full.Data) == 0 {
		t.Errorf("complete report = %+v, want name %q queue %q and data, not pending", full, want.Name, want.Queue)
	}
}
