package clarity_test

import (
	"encoding/json"
	"net/http"
	"reflect"
	"testing"
	"time"

	"tandem/vendors"
	"tandem/vendors/clarity/claritysim"
)

// TestServerErrors: one 500 is retried without a word; a period of 500s is
// a lost connection, reported at once and resynced when the server is back.
func TestServerErrors(t *testing.T) {
	cases := []struct {
		name      string
		fail      int
		reconnect bool
	}{
		{"one 500 is retried", 1, false},
		{"a period of 500s", 5, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			sim := startSim(t, claritysim.Config{})
			_, r := open(t, sim)
			r.alive()
			sim.Fail500(tc.fail)
			if tc.reconnect {
				r.conn(vendors.Reconnecting)
				r.conn(vendors.Connected)
				r.next("synced", func(ev vendors.Event) bool { _, ok := ev.(vendors.SyncedEvent); return ok })
				if r.cur.State != sim.State() {
					t.Errorf("after the resync the driver says %s, the platform %s", r.cur.State, sim.State())
				}
			}
			for sim.Pending500() > 0 {
				r.alive()
			}
			r.alive()
			if got := r.count(isReconnecting) > 0; got != tc.reconnect {
				t.Errorf("reconnected: %v, want %v", got, tc.reconnect)
			}
		})
	}
}

// TestSlowResponses: answers slower than the poll interval but within the
// request timeout keep the session connected.
func TestSlowResponses(t *testing.T) {
	t.Parallel()
	sim := startSim(t, claritysim.Config{})
	_, r := open(t, sim)
	sim.SetDelay(600 * time.Millisecond) // longer than the poll interval
	for range 3 {
		r.alive()
	}
	if n := r.count(isReconnecting); n != 0 {
		t.Errorf("slow answers cost the connection %d times", n)
	}
}

// TestSilentLossNoticed: a server that stops answering (blackholed
// packets) is noticed by the poll's request timeout, and the session comes
// back when it answers again.
func TestSilentLossNoticed(t *testing.T) {
	t.Parallel()
	sim := startSim(t, claritysim.Config{})
	_, r := open(t, sim)
	r.alive()
	sim.SetDelay(time.Hour)
	r.conn(vendors.Reconnecting)
	sim.SetDelay(0)
	r.conn(vendors.Connected)
}

// TestWrapUpWrites: disposition, sub-disposition and call notes are
// written with GET and a JSON body, as the document says; during the call
// they leave the call alone, in after-call they end it.
func TestWrapUpWrites(t *testing.T) {
	sim := startSim(t, claritysim.Config{})
	s, r := open(t, sim)
	want, _ := sim.Offer()
	id := want.ID
	if err := sim.Phone(vendors.CmdAnswer, id); err != nil {
		t.Fatal(err)
	}
	r.contact(id, vendors.ContactConnected)

	type write struct {
		Path string
		Body map[string]any
	}
	cases := []struct {
		name   string
		cmd    vendors.Command
		writes []write
	}{
		{"disposition with sub-disposition and notes", vendors.Command{Code: "5/10", Notes: "sold the upgrade"}, []write{
			{"setdispositions", map[string]any{"dispositionId": 5.0, "subDispositionId": 10.0}},
			{"setcallnotes", map[string]any{"note": "sold the upgrade"}},
		}},
		{"disposition only", vendors.Command{Code: "6"}, []write{
			{"setdispositions", map[string]any{"dispositionId": 6.0}},
		}},
		{"notes only", vendors.Command{Notes: "call back Friday"}, []write{
			{"setcallnotes", map[string]any{"note": "call back Friday"}},
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := len(sim.Writes())
			cmd := tc.cmd
			cmd.Kind, cmd.Contact = vendors.CmdWrapUp, id
			if err := do(t, s, cmd); err != nil {
				t.Fatal(err)
			}
			got := sim.Writes()[before:]
			if len(got) != len(tc.writes) {
				t.Fatalf("writes %+v, want %d", got, len(tc.writes))
			}
			for i, w := range got {
				var body map[string]any
				if err := json.Unmarshal([]byte(w.Body), &body); err != nil {
					t.Fatalf("body %q: %v", w.Body, err)
				}
				if w.Method != http.MethodGet || w.Path != tc.writes[i].Path || !reflect.DeepEqual(body, tc.writes[i].Body) {
					t.Errorf("write %d: %s %s %v, want GET %s %v", i, w.Method, w.Path, body, tc.writes[i].Path, tc.writes[i].Body)
				}
			}
		})
	}
	disp, sub, note, _ := sim.SessionWrapUp(id)
	if disp != 6 || sub != 0 || note != "call back Friday" {
		t.Errorf("the session holds %d/%d %q", disp, sub, note)
	}
	if c := r.contacts[id]; c.Status != vendors.ContactConnected {
		t.Errorf("wrapup during the call changed it to %s", c.Status)
	}

	refused := []vendors.Command{{Code: "99"}, {Code: "4/10"}, {Code: "x"}}
	for _, cmd := range refused {
		cmd.Kind, cmd.Contact = vendors.CmdWrapUp, id
		before := sim.Requests()
		if err := do(t, s, cmd); vendors.KindOf(err) != vendors.ErrInvalid || sim.Requests() != before {
			t.Errorf("wrapup %q: %v (requests %d -> %d), want ErrInvalid without a request", cmd.Code, err, before, sim.Requests())
		}
	}

	if err := sim.Phone(vendors.CmdHangup, id); err != nil {
		t.Fatal(err)
	}
	r.contact(id, vendors.ContactWrapUp)
	if err := do(t, s, vendors.Command{Kind: vendors.CmdWrapUp, Contact: id, Code: "4/8", Notes: "reset"}); err != nil {
		t.Fatal(err)
	}
	r.contact(id, vendors.ContactEnded)
	if disp, sub, note, _ := sim.SessionWrapUp(id); disp != 4 || sub != 8 || note != "reset" {
		t.Errorf("the session holds %d/%d %q", disp, sub, note)
	}
	// Notes after the session ended still reach it; a session the platform
	// does not know is an unknown contact.
	if err := do(t, s, vendors.Command{Kind: vendors.CmdWrapUp, Contact: id, Notes: "late note"}); err != nil {
		t.Errorf("notes on the ended session: %v", err)
	}
	if _, _, note, _ := sim.SessionWrapUp(id); note != "late note" {
		t.Errorf("the ended session holds note %q", note)
	}
	for _, bad := range []string{"1", "C-none"} {
		if err := do(t, s, vendors.Command{Kind: vendors.CmdWrapUp, Contact: bad, Notes: "x"}); vendors.KindOf(err) != vendors.ErrUnknownContact {
			t.Errorf("wrapup of %q: %v, want ErrUnknownContact", bad, err)
		}
	}
}
