package ui

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"tandem/app/agent"
	"tandem/app/profile"
	"tandem/vendors"
	"tandem/widgets"
)

var (
	t0      = time.Date(2026, 3, 2, 9, 41, 0, 0, time.UTC)
	reasons = []vendors.Reason{{Code: "10", Label: "Break"}, {Code: "11", Label: "Lunch"}}
	codes   = []vendors.Reason{{Code: "1", Label: "Sale"}, {Code: "2", Label: "Information given"}, {Code: "3", Label: "Complaint"}, {Code: "4", Label: "Callback scheduled"}}
	caller  = vendors.Contact{
		ID: "C1", Channel: vendors.ChannelVoice, Direction: vendors.Inbound,
		From: "+44 20 7946 0018", To: "0800 123 456", Name: "Margaret Okafor", Queue: "Billing",
		Data: map[string]string{"account": "4711-0093", "tier": "Gold", "crm_id": "CRM-22817", "topic": "Invoice query", "language": "en"},
	}
	allCaps = func() vendors.Capabilities {
		c := vendors.Caps(nil, vendors.AllCommands...)
		c.WrapUpNotes, c.NotReadyReasons = true, true
		return c
	}()
	// An observing platform that publishes its queues.
	queueCaps = func() vendors.Capabilities {
		c := phoneCaps
		c.QueueBoard = true
		return c
	}()
	// A platform that only observes: everything happens on the phone.
	phoneCaps = vendors.Caps(map[vendors.CommandKind]string{
		vendors.CmdAnswer:   "Answer on your phone",
		vendors.CmdHangup:   "Hang up on your phone",
		vendors.CmdHold:     "Hold and retrieve on your phone",
		vendors.CmdTransfer: "Transfer from your phone",
		vendors.CmdReady:    "Change your state on the phone",
	})
)

func contact(st vendors.ContactStatus) vendors.Contact {
	c := caller.Clone()
	c.Status = st
	return c
}

// goldenDesk shows a desk fed by a hand-made session, with the clock
// fixed, so the image is the same on every run.
func goldenDesk(t *testing.T, caps vendors.Capabilities, events ...vendors.Event) (*harness, *DeskWindow) {
	t.Helper()
	clock := t0
	now := func() time.Time { return clock }
	h := newHarness(t, now)
	test.ApplyTheme(t, widgets.DeskTheme(theme.LightTheme())) // as ui.New sets it, in light
	sess := newFakeSession(caps)
	desk := agent.New(sess, agent.Options{Vendor: "demo", Now: now})
	t.Cleanup(func() { desk.Close() })
	base := []vendors.Event{
		vendors.ConnectionEvent{Status: vendors.Connected},
		vendors.CapabilitiesEvent{Caps: caps},
		vendors.ReasonsEvent{NotReady: reasons, WrapUp: codes},
	}
	sub := desk.Subscribe()
	defer sub.Close()
	for _, ev := range append(base, events...) {
		sess.em.Emit(ev)
	}
	// A marker (an anonymous ended contact, which the desk forwards but
	// does not keep) tells when the desk has applied everything.
	sess.em.Emit(vendors.ContactEvent{Contact: vendors.Contact{ID: "marker", Status: vendors.ContactEnded}})
	for ev := range sub.Events() {
		if ce, ok := ev.(vendors.ContactEvent); ok && ce.Contact.ID == "marker" {
			break
		}
	}
	p := profile.DemoProfile()
	d := NewDeskWindow(h.u, p, desk, vendors.Config{})
	h.u.desk = d
	clock = t0.Add(83 * time.Second)
	d.Refresh()
	d.win.Resize(fyne.NewSize(440, 700))
	return h, d
}

func state(st vendors.State, r *vendors.Reason) vendors.Event {
	return vendors.StateEvent{State: vendors.AgentState{State: st, Reason: r}}
}

func TestGoldenDesk(t *testing.T) {
	for _, tc := range []struct {
		file   string
		caps   vendors.Capabilities
		events []vendors.Event
		then   func(*DeskWindow)
	}{
		{file: "desk_ready.png", caps: allCaps, events: []vendors.Event{state(vendors.StateReady, nil)}},
		{file: "desk_not_ready.png", caps: allCaps, events: []vendors.Event{state(vendors.StateNotReady, &reasons[1])}},
		{file: "desk_offered.png", caps: allCaps, events: []vendors.Event{state(vendors.StateReady, nil), vendors.ContactEvent{Contact: contact(vendors.ContactOffered)}}},
		{file: "desk_connected.png", caps: allCaps, events: []vendors.Event{state(vendors.StateBusy, nil), vendors.ContactEvent{Contact: contact(vendors.ContactConnected)}}},
		{file: "desk_held.png", caps: allCaps, events: []vendors.Event{state(vendors.StateBusy, nil), vendors.ContactEvent{Contact: contact(vendors.ContactHeld)}}},
		{file: "desk_wrapup_dialog.png", caps: allCaps,
			events: []vendors.Event{state(vendors.StateWrapUp, nil), vendors.ContactEvent{Contact: contact(vendors.ContactWrapUp)}},
			then:   func(d *DeskWindow) { d.openWrapUp("C1") }},
		{file: "desk_reconnecting.png", caps: allCaps, events: []vendors.Event{
			state(vendors.StateBusy, nil), vendors.ContactEvent{Contact: contact(vendors.ContactConnected)},
			vendors.ConnectionEvent{Status: vendors.Reconnecting, Err: vendors.Errorf(vendors.ErrUnreachable, "connection reset by peer")},
		}},
		{file: "desk_queues.png", caps: queueCaps, events: []vendors.Event{state(vendors.StateReady, nil), vendors.QueueEvent{Queues: []vendors.QueueStatus{
			{ID: "q1", Name: "Billing", Waiting: 3, LongestWait: 95 * time.Second, Agents: 12, Available: 2},
			{ID: "q2", Name: "Sales", Waiting: 0, Agents: 8, Available: 5},
			{ID: "q3", Name: "Technical support", Waiting: 7, LongestWait: 4*time.Minute + 12*time.Second, Agents: 15, Available: 0},
		}}},
			then: func(d *DeskWindow) {
				if d.Queues.Rows() != 3 {
					t.Errorf("queue board shows %d rows, want 3", d.Queues.Rows())
				}
				d.Tabs.SelectIndex(2)
			}},
		{file: "desk_no_call_control.png", caps: phoneCaps, events: []vendors.Event{state(vendors.StateBusy, nil), vendors.ContactEvent{Contact: contact(vendors.ContactConnected)}}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			_, d := goldenDesk(t, tc.caps, tc.events...)
			if tc.then != nil {
				tc.then(d)
			}
			test.AssertImageMatches(t, tc.file, d.win.Canvas().Capture())
		})
	}
}
