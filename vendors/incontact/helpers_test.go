package incontact

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"tandem/vendors"
	"tandem/vendors/incontact/incontactsim"
	"tandem/vendors/simulator"
)

// waitLimit bounds how long a test waits for an event that should come; it
// is a safety net against hangs, not a timing assertion.
const waitLimit = 20 * time.Second

type recorder struct {
	mu   sync.Mutex
	evs  []vendors.Event
	wake chan struct{}
	done chan struct{}
}

func record(s vendors.Session) *recorder {
	r := &recorder{wake: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(r.done)
		for ev := range s.Events() {
			r.mu.Lock()
			r.evs = append(r.evs, ev)
			close(r.wake)
			r.wake = make(chan struct{})
			r.mu.Unlock()
		}
	}()
	return r
}

// mark is the index from which the next wait looks.
func (r *recorder) mark() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.evs)
}

// wait returns the first event from index from on that matches, and the
// index after it.
func (r *recorder) wait(t *testing.T, from int, what string, match func(vendors.Event) bool) (vendors.Event, int) {
	t.Helper()
	limit := time.After(waitLimit)
	for {
		r.mu.Lock()
		for i := from; i < len(r.evs); i++ {
			if match(r.evs[i]) {
				ev := r.evs[i]
				r.mu.Unlock()
				return ev, i + 1
			}
		}
		wake := r.wake
		r.mu.Unlock()
		select {
		case <-wake:
		case <-r.done:
			r.mu.Lock()
			n := len(r.evs)
			r.mu.Unlock()
			if n == from {
				t.Fatalf("events closed while waiting for %s", what)
			}
			from = n
		case <-limit:
			t.Fatalf("no %s; events: %s", what, r.dump(from))
		}
	}
}

func (r *recorder) since(from int) []vendors.Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]vendors.Event(nil), r.evs[min(from, len(r.evs)):]...)
}

func (r *recorder) dump(from int) string {
	s := ""
	for _, ev := range r.since(from) {
		s += fmt.Sprintf("\n  %T %+v", ev, ev)
	}
	return s
}

func contactIs(id string, st vendors.ContactStatus) func(vendors.Event) bool {
	return func(ev vendors.Event) bool {
		c, ok := ev.(vendors.ContactEvent)
		return ok && (id == "" || c.Contact.ID == id) && c.Contact.Status == st
	}
}

func stateIs(st vendors.State) func(vendors.Event) bool {
	return func(ev vendors.Event) bool {
		s, ok := ev.(vendors.StateEvent)
		return ok && s.State.State == st
	}
}

func connIs(st vendors.ConnStatus) func(vendors.Event) bool {
	return func(ev vendors.Event) bool {
		c, ok := ev.(vendors.ConnectionEvent)
		return ok && c.Status == st
	}
}

func isSynced(ev vendors.Event) bool { _, ok := ev.(vendors.SyncedEvent); return ok }

// rig is one simulator and one driver session against it.
type rig struct {
	sim  *incontactsim.Sim
	sess *session
	rec  *recorder
}

func newSim(t *testing.T) *incontactsim.Sim {
	t.Helper()
	sim, err := incontactsim.New(simulator.Options{Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	return sim
}

// start opens a session; opts are extra profile options.
func start(t *testing.T, sim *incontactsim.Sim, setup func(*session), opts ...string) *rig {
	t.Helper()
	cfg := sim.Config()
	for i := 0; i+1 < len(opts); i += 2 {
		cfg.Options[opts[i]] = opts[i+1]
	}
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	s, err := open(ctx, cfg, setup)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	r := &rig{sim: sim, sess: s.(*session), rec: record(s)}
	r.rec.wait(t, 0, "first sync", isSynced)
	return r
}

func (r *rig) do(t *testing.T, cmd vendors.Command) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	if err := r.sess.Do(ctx, cmd); err != nil {
		t.Fatalf("%s: %v", cmd.Kind, err)
	}
}

// instant is a pause that does not wait, so reconnect tests run fast.
func instant(ctx context.Context, _ time.Duration) bool { return ctx.Err() == nil }

func kindOf(err error) vendors.Kind {
	var e *vendors.Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return ""
}
