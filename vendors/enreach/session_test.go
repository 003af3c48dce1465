package enreach_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"tandem/vendors"
	"tandem/vendors/enreach"
	"tandem/vendors/enreach/enreachsim"
	"tandem/vendors/simulator"
)

// waitLong bounds a test that went wrong; it is not a timing assertion.
const waitLong = 60 * time.Second

func startSim(t *testing.T) *enreachsim.Sim {
	t.Helper()
	s, err := enreachsim.Start(simulator.Options{Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// watcher reads a session's events in the background.
type watcher struct {
	t  *testing.T
	ch chan vendors.Event
}

func open(t *testing.T, s *enreachsim.Sim) (vendors.Session, *watcher) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitLong)
	defer cancel()
	sess, err := enreach.Driver{}.Open(ctx, s.Config())
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { _ = sess.Close() })
	w := &watcher{t: t, ch: make(chan vendors.Event, 4096)}
	go func() {
		for ev := range sess.Events() {
			w.ch <- ev
		}
		close(w.ch)
	}()
	w.until("first sync", func(ev vendors.Event) bool { _, ok := ev.(vendors.SyncedEvent); return ok })
	return sess, w
}

// until reads events until match returns true and returns that event.
func (w *watcher) until(what string, match func(vendors.Event) bool) vendors.Event {
	w.t.Helper()
	timeout := time.After(waitLong)
	for {
		select {
		case ev, ok := <-w.ch:
			if !ok {
				w.t.Fatalf("events closed while waiting for %s", what)
			}
			if match(ev) {
				return ev
			}
		case <-timeout:
			w.t.Fatalf("no %s", what)
		}
	}
}

func (w *watcher) contact(id string, st vendors.ContactStatus) vendors.Contact {
	w.t.Helper()
	ev := w.until(fmt.Sprintf("contact %s %s", id, st), func(ev vendors.Event) bool {
		c, ok := ev.(vendors.ContactEvent)
		return ok && c.Contact.ID == id && c.Contact.Status == st
	})
	return ev.(vendors.ContactEvent).Contact
}

func (w *watcher) state(st vendors.State) vendors.AgentState {
	w.t.Helper()
	ev := w.until("state "+string(st), func(ev vendors.Event) bool {
		s, ok := ev.(vendors.StateEvent)
		return ok && s.State.State == st
	})
	return ev.(vendors.StateEvent).State
}

func (w *watcher) conn(st vendors.ConnStatus) vendors.ConnectionEvent {
	w.t.Helper()
	ev := w.until("connection "+string(st), func(ev vendors.Event) bool {
		c, ok := ev.(vendors.ConnectionEvent)
		return ok && c.Status == st
	})
	return ev.(vendors.ConnectionEvent)
}

func (w *watcher) synced() {
	w.t.Helper()
	w.until("synced", func(ev vendors.Event) bool { _, ok := ev.(vendors.SyncedEvent); return ok })
}

func TestCallLifecycle(t *testing.T) {
	s := startSim(t)
	_, w := open(t, s)
	want, err := s.Offer()
	if err != nil {
		t.Fatal(err)
	}
	got := w.contact(want.ID, vendors.ContactOffered)
	if got.From != want.From || got.To != want.To || got.Queue != want.Queue || got.Direction != vendors.Inbound {
		t.Fatalf("offered %+v, want %+v", got, want)
	}
	w.state(vendors.StateBusy)
	if err := s.Phone(vendors.CmdAnswer, want.ID); err != nil {
		t.Fatal(err)
	}
	w.contact(want.ID, vendors.ContactConnected)
	if err := s.Phone(vendors.CmdHangup, want.ID); err != nil {
		t.Fatal(err)
	}
	w.contact(want.ID, vendors.ContactWrapUp)
	w.state(vendors.StateWrapUp)
	if err := s.Phone(vendors.CmdEndWrapUp, want.ID); err != nil {
		t.Fatal(err)
	}
	w.contact(want.ID, vendors.ContactEnded)
	w.state(vendors.StateReady)
}

func TestUnsupportedCommands(t *testing.T) {
	s := startSim(t)
	sess, _ := open(t, s)
	before := s.Requests()
	for _, k := range vendors.AllCommands {
		err := sess.Do(context.Background(), vendors.Command{Kind: k, Contact: "C1", To: "100", Code: "1"})
		if !errors.Is(err, vendors.ErrUnsupported) {
			t.Errorf("%s: %v, want ErrUnsupported", k, err)
		}
		if err != nil && !strings.Contains(err.Error(), "Enreach") {
			t.Errorf("%s: %q gives no hint", k, err)
		}
	}
	if n := s.Requests(); n != before {
		t.Fatalf("requests %d -> %d: a refused command touched the wire", before, n)
	}
}
