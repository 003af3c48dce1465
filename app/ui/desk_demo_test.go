package ui

import (
	"math"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"tandem/app/agent"
	"tandem/app/profile"
	"tandem/vendors"
)

// deskOnDemo opens the desk window on a desk running the demo driver.
func deskOnDemo(t *testing.T) (*harness, *DeskWindow, *recSession, interface {
	Offer() (vendors.Contact, error)
}) {
	t.Helper()
	h := newHarness(t, nil)
	center, rec, desk := demoDesk(t)
	p := profile.DemoProfile()
	d := NewDeskWindow(h.u, p, desk, vendors.Config{})
	h.u.desk = d
	d.win.Resize(fyne.NewSize(440, 700))
	h.q.waitFor(t, "the demo to log in", func() bool { return d.snap.State.State != vendors.StateLoggedOut && len(d.snap.WrapUp) > 0 })
	return h, d, rec, center
}

func (d *DeskWindow) find(pred func(agent.Contact) bool) (agent.Contact, bool) {
	for _, c := range d.snap.Contacts {
		if pred(c) {
			return c, true
		}
	}
	return agent.Contact{}, false
}

func statusOf(d *DeskWindow, id string) vendors.ContactStatus {
	if c, ok := d.snap.Contact(id); ok {
		return c.Status
	}
	return vendors.ContactEnded
}

func menuAction(t *testing.T, m *fyne.Menu, label string) func() {
	t.Helper()
	for _, it := range m.Items {
		if it.Label == label {
			return it.Action
		}
	}
	t.Fatalf("menu has no %q", label)
	return nil
}

// TestTapsIssueCommands taps each control of the desk, in the order an
// agent works, against the demo contact center, and checks the command
// that reached the platform and the desk's picture afterwards.
func TestTapsIssueCommands(t *testing.T) {
	h, d, rec, center := deskOnDemo(t)
	var first, consult string

	type step struct {
		name string
		act  func()
		want vendors.Command
		// until is what the desk must show once the platform confirmed.
		until func() bool
		// skip tells when the platform made the step moot.
		skip func() bool
	}
	offer := func() func() {
		return func() {
			c, err := center.Offer()
			if err != nil {
				t.Fatal(err)
			}
			first = c.ID
		}
	}
	steps := []step{
		{name: "not ready with a reason from the state control",
			act:  func() { menuAction(t, d.State.Menu(), "Not ready — Lunch")() },
			want: vendors.Command{Kind: vendors.CmdNotReady, Reason: "11"},
			until: func() bool {
				return d.snap.State.State == vendors.StateNotReady && d.State.Title() == "Not ready · Lunch"
			}},
		{name: "ready from the state control",
			act:   func() { menuAction(t, d.State.Menu(), "Ready")() },
			want:  vendors.Command{Kind: vendors.CmdReady},
			until: func() bool { return d.snap.State.State == vendors.StateReady }},
		{name: "offer shows a card and notifies",
			act:   offer(),
			until: func() bool { return d.Card(first) != nil && h.notifications() == 1 }},
		{name: "answer",
			act:   func() { test.Tap(d.Card(first).Button(vendors.CmdAnswer)) },
			want:  vendors.Command{Kind: vendors.CmdAnswer, Contact: "$first"},
			until: func() bool { return statusOf(d, first) == vendors.ContactConnected }},
		{name: "hold",
			act:   func() { test.Tap(d.Card(first).Button(vendors.CmdHold)) },
			want:  vendors.Command{Kind: vendors.CmdHold, Contact: "$first"},
			until: func() bool { return statusOf(d, first) == vendors.ContactHeld }},
		{name: "retrieve",
			act:   func() { test.Tap(d.Card(first).Button(vendors.CmdRetrieve)) },
			want:  vendors.Command{Kind: vendors.CmdRetrieve, Contact: "$first"},
			until: func() bool { return statusOf(d, first) == vendors.ContactConnected }},
		{name: "consult from the transfer dialog",
			act: func() {
				test.Tap(d.Card(first).Button(vendors.CmdTransfer))
				td := d.LastTransfer()
				td.Mode.SetSelected("Consult first")
				td.Dest.SetText("2002")
				test.Tap(td.Submit)
			},
			want: vendors.Command{Kind: vendors.CmdConsult, Contact: "$first", To: "2002"},
			until: func() bool {
				c, ok := d.find(func(c agent.Contact) bool { return c.Related == first })
				consult = c.ID
				return ok && c.Status == vendors.ContactConnected && d.Card(first).Button(vendors.CmdConference) != nil
			}},
		{name: "conference",
			act:  func() { test.Tap(d.Card(consult).Button(vendors.CmdConference)) },
			want: vendors.Command{Kind: vendors.CmdConference, Contact: "$consult"},
			until: func() bool {
				return statusOf(d, consult) == vendors.ContactEnded && statusOf(d, first) == vendors.ContactConnected
			}},
		{name: "blind transfer from the dialog",
			act: func() {
				test.Tap(d.Card(first).Button(vendors.CmdTransfer))
				td := d.LastTransfer()
				td.Dest.SetText("2003")
				test.Tap(td.Submit)
			},
			want:  vendors.Command{Kind: vendors.CmdTransfer, Contact: "$first", To: "2003"},
			until: func() bool { s := statusOf(d, first); return s == vendors.ContactWrapUp || s == vendors.ContactEnded }},
		{name: "wrap-up with a code and notes",
			act: func() {
				test.Tap(d.Card(first).Button(vendors.CmdWrapUp))
				w := d.LastWrapUp()
				test.Type(w.Search, "sale")
				w.Search.OnSubmitted(w.Search.Text)
				// Enter took the only match; with notes the focus moved
				// there, without them the code was submitted at once.
				if d.snap.Caps.WrapUpNotes {
					test.Type(w.Notes, "upgraded plan")
					test.Tap(w.Submit)
				}
			},
			want:  vendors.Command{Kind: vendors.CmdWrapUp, Contact: "$first", Code: "1", Notes: "$notes"},
			until: func() bool { return true }},
		{name: "end wrap-up",
			// The demo may end the wrap-up itself once the code is in.
			skip:  func() bool { return d.Card(first) == nil },
			act:   func() { test.Tap(d.Card(first).Button(vendors.CmdEndWrapUp)) },
			want:  vendors.Command{Kind: vendors.CmdEndWrapUp, Contact: "$first"},
			until: func() bool { return statusOf(d, first) == vendors.ContactEnded && d.History.Len() >= 2 }},
		{name: "second offer: reject",
			act: func() {
				offer()()
				h.q.waitFor(t, "the second offer", func() bool { return d.Card(first) != nil })
				test.Tap(d.Card(first).Button(vendors.CmdReject))
			},
			want:  vendors.Command{Kind: vendors.CmdReject, Contact: "$first"},
			until: func() bool { return statusOf(d, first) == vendors.ContactEnded }},
		{name: "dial from the footer",
			act: func() {
				test.Tap(d.DialBtn)
				td := d.LastTransfer()
				td.Dest.SetText("+4930555000")
				test.Tap(td.Submit)
			},
			want: vendors.Command{Kind: vendors.CmdDial, To: "+4930555000"},
			until: func() bool {
				c, ok := d.find(func(c agent.Contact) bool { return c.Direction == vendors.Outbound })
				first = c.ID
				return ok && d.Card(first) != nil && d.Card(first).Button(vendors.CmdHangup) != nil
			}},
		{name: "hang up",
			act:   func() { test.Tap(d.Card(first).Button(vendors.CmdHangup)) },
			want:  vendors.Command{Kind: vendors.CmdHangup, Contact: "$first"},
			until: func() bool { s := statusOf(d, first); return s == vendors.ContactWrapUp || s == vendors.ContactEnded }},
	}
	for _, s := range steps {
		if s.skip != nil && s.skip() {
			t.Logf("%s: skipped, the platform did it", s.name)
			continue
		}
		_, before := rec.last()
		s.act()
		if s.want.Kind != "" {
			want := s.want
			if want.Notes == "$notes" {
				want.Notes = ""
				if d.snap.Caps.WrapUpNotes {
					want.Notes = "upgraded plan"
				}
			}
			switch want.Contact {
			case "$first":
				want.Contact = first
			case "$consult":
				want.Contact = consult
			}
			h.q.waitFor(t, s.name+": the command", func() bool { _, n := rec.last(); return n > before })
			if got, _ := rec.last(); got != want {
				t.Fatalf("%s: sent %+v, want %+v", s.name, got, want)
			}
		}
		h.q.waitFor(t, s.name+": the desk to show it", s.until)
		if f := d.Flash(); f != "" {
			t.Fatalf("%s: the desk reported %q", s.name, f)
		}
	}
}

// TestShortcutsIssueCommands drives the same desk with the keyboard
// shortcuts' actions (the menu bar triggers them on the real driver).
func TestShortcutsIssueCommands(t *testing.T) {
	h, d, rec, center := deskOnDemo(t)
	c, err := center.Offer()
	if err != nil {
		t.Fatal(err)
	}
	h.q.waitFor(t, "the offer", func() bool { return d.Card(c.ID) != nil })
	for _, tc := range []struct {
		key  vendors.CommandKind
		want vendors.CommandKind
		st   vendors.ContactStatus
	}{
		{vendors.CmdAnswer, vendors.CmdAnswer, vendors.ContactConnected},
		{vendors.CmdHold, vendors.CmdHold, vendors.ContactHeld},
		{vendors.CmdHold, vendors.CmdRetrieve, vendors.ContactConnected},
		{vendors.CmdHangup, vendors.CmdHangup, vendors.ContactWrapUp},
	} {
		_, before := rec.last()
		d.Shortcut(tc.key)
		h.q.waitFor(t, string(tc.want), func() bool { _, n := rec.last(); return n > before })
		if got, _ := rec.last(); got.Kind != tc.want || got.Contact != c.ID {
			t.Fatalf("shortcut %s sent %+v, want %s on %s", tc.key, got, tc.want, c.ID)
		}
		h.q.waitFor(t, string(tc.st), func() bool {
			s := statusOf(d, c.ID)
			return s == tc.st || (tc.st == vendors.ContactWrapUp && s == vendors.ContactEnded)
		})
	}
	// After hang-up the demo asks for wrap-up: end it from the card.
	if statusOf(d, c.ID) == vendors.ContactWrapUp {
		_, before := rec.last()
		test.Tap(d.Card(c.ID).Button(vendors.CmdEndWrapUp))
		h.q.waitFor(t, "end_wrapup", func() bool { _, n := rec.last(); return n > before })
		if got, _ := rec.last(); got.Kind != vendors.CmdEndWrapUp || got.Contact != c.ID {
			t.Fatalf("End wrap-up sent %+v", got)
		}
		h.q.waitFor(t, "the contact to end", func() bool { return d.Card(c.ID) == nil })
	}
	if d.Shortcut(vendors.CmdAnswer); d.Flash() == "" {
		t.Error("answer with nothing ringing should say so")
	}
}

// TestTimersWakeTheUIOnlyWhenTheyChange: with no contact the desk's timers
// read in minutes, so the ticker must leave the UI thread alone until the
// time in state turns a minute; a live contact's call timer needs every tick.
func TestTimersWakeTheUIOnlyWhenTheyChange(t *testing.T) {
	h, d, _, center := deskOnDemo(t)
	idle := func() bool {
		due := d.due.Load()
		return due > time.Now().UnixNano() && due <= time.Now().Add(time.Minute).UnixNano()
	}
	h.q.waitFor(t, "an idle desk to skip ticks until the next minute", idle)
	c, err := center.Offer()
	if err != nil {
		t.Fatal(err)
	}
	h.q.waitFor(t, "a live contact to need every tick", func() bool { _, ok := d.cards[c.ID]; return ok && d.due.Load() == 0 })
	d.Run(vendors.Command{Kind: vendors.CmdReject, Contact: c.ID})
	h.q.waitFor(t, "the desk to go back to minutes", func() bool { return len(d.cards) == 0 && idle() })
}

// TestTickerSleep: the ticker sleeps a tick while timers run in seconds,
// and otherwise until the next minute change, never less than a tick.
func TestTickerSleep(t *testing.T) {
	const every = time.Second
	for _, tc := range []struct {
		name     string
		due      time.Duration // from now; 0 means "every tick"
		min, max time.Duration
	}{
		{"a contact's timer runs", 0, every, every},
		{"the tick is overdue", -5 * time.Second, every, every},
		{"half a minute to go", 30 * time.Second, 29 * time.Second, 30 * time.Second},
		{"sooner than a tick", 100 * time.Millisecond, every, every},
	} {
		var d DeskWindow
		if tc.due != 0 {
			d.due.Store(time.Now().Add(tc.due).UnixNano())
		}
		if got := d.sleep(every); got < tc.min || got > tc.max {
			t.Errorf("%s: sleep = %v, want %v..%v", tc.name, got, tc.min, tc.max)
		}
	}
	var d DeskWindow
	d.due.Store(math.MaxInt64)
	if got := d.sleep(every); got < time.Hour {
		t.Errorf("nothing to show: sleep = %v, want the longest", got)
	}
}

// TestQuietAsksForTheCleaningFrame: once the last card is gone, quiet
// refreshes an object (Fyne frees expired textures and renderers only on
// such a frame) and lets the trim follow; with a card or a closed desk it
// does neither.
func TestQuietAsksForTheCleaningFrame(t *testing.T) {
	for _, tc := range []struct {
		name   string
		events []vendors.Event
		close  bool
		want   bool
	}{
		{"no contact", nil, false, true},
		{"a live contact", []vendors.Event{vendors.ContactEvent{Contact: contact(vendors.ContactConnected)}}, false, false},
		{"desk closed", nil, true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, d := goldenDesk(t, allCaps, append([]vendors.Event{state(vendors.StateReady, nil)}, tc.events...)...)
			d.closed = tc.close
			if got := d.quiet(); got != tc.want {
				t.Errorf("quiet() = %v, want %v", got, tc.want)
			}
		})
	}
}
