package ui

import (
	"testing"
	"time"

	"tandem/app/agent"
	"tandem/app/profile"
	"tandem/vendors"
)

// TestNotificationWaitsForScreenPop: an offer reported before its screen
// pop is complete (Pending) is on the desk at once, but its notification
// waits for the complete report, or for the grace, and is dropped when
// the offer is answered or gone first.
func TestNotificationWaitsForScreenPop(t *testing.T) {
	thin := vendors.Contact{ID: "C1", Channel: vendors.ChannelVoice, Direction: vendors.Inbound,
		Status: vendors.ContactOffered, From: "+4930123", Pending: true}
	full := thin.Clone()
	full.Pending, full.Name, full.Queue = false, "Ada Lovelace", "Sales"
	answered := full.Clone()
	answered.Status = vendors.ContactConnected
	cases := []struct {
		name  string
		grace time.Duration
		then  []vendors.Contact // after the thin report
		want  string            // the notified contact's name; "-" for none
	}{
		{"the complete report releases it", time.Hour, []vendors.Contact{full}, "Ada Lovelace"},
		{"the grace releases it with what is known", 20 * time.Millisecond, nil, ""},
		{"answered first: none", time.Hour, []vendors.Contact{answered}, "-"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, time.Now)
			sess := newFakeSession(vendors.Capabilities{Commands: []vendors.CommandKind{vendors.CmdAnswer}})
			desk := agent.New(sess, agent.Options{Vendor: "demo"})
			t.Cleanup(func() { desk.Close() })
			d := NewDeskWindow(h.u, profile.DemoProfile(), desk, vendors.Config{})
			d.obsMu.Lock()
			d.held.grace = tc.grace
			d.obsMu.Unlock()
			sess.em.Emit(vendors.ConnectionEvent{Status: vendors.Connected})
			sess.em.Emit(vendors.ContactEvent{Contact: thin.Clone()})
			h.q.waitFor(t, "the card of the thin report", func() bool { return d.Card("C1") != nil })
			if tc.grace == time.Hour && h.notifications() != 0 {
				t.Fatal("notified before the screen pop was complete")
			}
			for _, c := range tc.then {
				sess.em.Emit(vendors.ContactEvent{Contact: c.Clone()})
			}
			if tc.want == "-" {
				h.q.waitFor(t, "the answer", func() bool { return statusOf(d, "C1") == vendors.ContactConnected })
				d.obsMu.Lock()
				waiting := len(d.held.timers)
				d.obsMu.Unlock()
				if n := h.notifications(); n != 0 || waiting != 0 {
					t.Fatalf("%d notifications and %d held for an offer answered before its pop completed", n, waiting)
				}
				return
			}
			h.q.waitFor(t, "the notification", func() bool { return h.notifications() == 1 })
			h.mu.Lock()
			got := h.notified[0]
			h.mu.Unlock()
			if got.Name != tc.want || got.From != thin.From {
				t.Errorf("notified %+v, want name %q from %q", got, tc.want, thin.From)
			}
			time.Sleep(20 * time.Millisecond)
			if n := h.notifications(); n != 1 {
				t.Errorf("%d notifications, want 1", n)
			}
		})
	}
}
