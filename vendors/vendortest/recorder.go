package vendortest

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"tandem/vendors"
)

// recorder consumes a session's events and keeps the picture they paint,
// so checks can wait for a condition instead of sleeping.
type recorder struct {
	mu       sync.Mutex
	changed  chan struct{}
	events   []vendors.Event
	conn     vendors.ConnStatus
	state    vendors.AgentState
	contacts map[string]vendors.Contact
	order    []string
	reasons  vendors.ReasonsEvent
	caps     *vendors.Capabilities
	closed   bool
}

func record(s vendors.Session) *recorder {
	r := &recorder{changed: make(chan struct{}), contacts: map[string]vendors.Contact{}}
	go func() {
		for ev := range s.Events() {
			r.add(ev)
		}
		r.mu.Lock()
		r.closed = true
		r.notifyLocked()
		r.mu.Unlock()
	}()
	return r
}

func (r *recorder) notifyLocked() {
	close(r.changed)
	r.changed = make(chan struct{})
}

func (r *recorder) add(ev vendors.Event) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, ev)
	switch e := ev.(type) {
	case vendors.ConnectionEvent:
		r.conn = e.Status
	case vendors.StateEvent:
		r.state = e.State
	case vendors.ContactEvent:
		c := e.Contact.Clone()
		if c.PreviousID != "" {
			delete(r.contacts, c.PreviousID)
		}
		if _, ok := r.contacts[c.ID]; !ok {
			r.order = append(r.order, c.ID)
		}
		r.contacts[c.ID] = c
	case vendors.ReasonsEvent:
		r.reasons = e
	case vendors.CapabilitiesEvent:
		c := e.Caps
		r.caps = &c
	}
	r.notifyLocked()
}

// mark returns the number of events so far, to look only at later ones.
func (r *recorder) mark() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.events)
}

// waitFor waits until cond holds (checked under the lock after every
// event) or the timeout passes, then fails the test with what it saw.
func (r *recorder) waitFor(t testing.TB, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		r.mu.Lock()
		ok := cond()
		ch := r.changed
		closed := r.closed
		r.mu.Unlock()
		if ok {
			return
		}
		if closed {
			t.Fatalf("events ended while waiting for %s; saw:\n%s", what, r.dump())
		}
		select {
		case <-ch:
		case <-deadline.C:
			t.Fatalf("timed out waiting for %s; saw:\n%s", what, r.dump())
		}
	}
}

// since returns the events after mark m; call with r.mu held.
func (r *recorder) sinceLocked(m int) []vendors.Event {
	if m > len(r.events) {
		return nil
	}
	return r.events[m:]
}

func (r *recorder) contact(id string) (vendors.Contact, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	c, ok := r.contacts[id]
	return c, ok
}

func (r *recorder) dump() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var b strings.Builder
	start := 0
	if len(r.events) > 40 {
		start = len(r.events) - 40
		fmt.Fprintf(&b, "  ... %d earlier events\n", start)
	}
	for _, ev := range r.events[start:] {
		fmt.Fprintf(&b, "  %s\n", describe(ev))
	}
	return b.String()
}

func describe(ev vendors.Event) string {
	switch e := ev.(type) {
	case vendors.ConnectionEvent:
		if e.Err != nil {
			return fmt.Sprintf("connection %s (%v)", e.Status, e.Err)
		}
		return fmt.Sprintf("connection %s", e.Status)
	case vendors.StateEvent:
		if e.State.Reason != nil {
			return fmt.Sprintf("state %s reason %s/%s raw %q", e.State.State, e.State.Reason.Code, e.State.Reason.Label, e.State.Raw)
		}
		return fmt.Sprintf("state %s raw %q", e.State.State, e.State.Raw)
	case vendors.ContactEvent:
		c := e.Contact
		return fmt.Sprintf("contact %s %s %s from=%q to=%q name=%q queue=%q related=%q prev=%q raw=%q", c.ID, c.Status, c.Direction, c.From, c.To, c.Name, c.Queue, c.Related, c.PreviousID, c.Raw)
	case vendors.CapabilitiesEvent:
		return fmt.Sprintf("capabilities %v", e.Caps.Commands)
	case vendors.ReasonsEvent:
		return fmt.Sprintf("reasons not_ready=%d wrapup=%d", len(e.NotReady), len(e.WrapUp))
	case vendors.QueueEvent:
		return fmt.Sprintf("queues %d", len(e.Queues))
	case vendors.AliveEvent:
		return "alive"
	case vendors.SyncedEvent:
		return "synced"
	}
	return fmt.Sprintf("%T", ev)
}
