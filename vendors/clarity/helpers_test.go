package clarity_test

import (
	"context"
	"log/slog"
	"os"
	"testing"
	"time"

	"tandem/vendors"
	"tandem/vendors/clarity"
	"tandem/vendors/clarity/claritysim"
	"tandem/vendors/simulator"
)

// waitLimit bounds how long a test waits for an event before failing; it
// is a hang guard, not a timing assertion.
const waitLimit = 20 * time.Second

func testLogger(t *testing.T) *slog.Logger {
	if os.Getenv("CLARITY_TEST_LOG") != "" {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return nil
}

func startSim(t *testing.T, cfg claritysim.Config) *claritysim.Sim {
	t.Helper()
	cfg.Logger = testLogger(t)
	s, err := claritysim.Start(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// rec reads a session's events, keeps the picture they paint (latest
// state, latest contact by id) and lets a test wait for a condition.
type rec struct {
	t        *testing.T
	ch       <-chan vendors.Event
	all      []vendors.Event
	cur      vendors.AgentState
	contacts map[string]vendors.Contact
}

func open(t *testing.T, sim simulator.Sim) (vendors.Session, *rec) {
	t.Helper()
	cfg := sim.Config()
	cfg.Logger = testLogger(t)
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	s, err := clarity.Driver{}.Open(ctx, cfg)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s, &rec{t: t, ch: s.Events(), contacts: map[string]vendors.Contact{}}
}

// until reads events until cond holds on the picture (checked first on
// what is known already), failing the test after waitLimit.
func (r *rec) until(what string, cond func() bool) {
	r.t.Helper()
	limit := time.After(waitLimit)
	for !cond() {
		select {
		case ev, ok := <-r.ch:
			if !ok {
				r.t.Fatalf("events closed while waiting for %s", what)
			}
			r.all = append(r.all, ev)
			switch e := ev.(type) {
			case vendors.StateEvent:
				r.cur = e.State
			case vendors.ContactEvent:
				r.contacts[e.Contact.ID] = e.Contact
			}
		case <-limit:
			r.t.Fatalf("no %s; state %+v contacts %+v", what, r.cur, r.contacts)
		}
	}
}

// next waits for a new event matching f.
func (r *rec) next(what string, f func(vendors.Event) bool) vendors.Event {
	r.t.Helper()
	n := len(r.all)
	var got vendors.Event
	r.until(what, func() bool {
		for ; n < len(r.all); n++ {
			if f(r.all[n]) {
				got = r.all[n]
				return true
			}
		}
		return false
	})
	return got
}

func (r *rec) contact(id string, st vendors.ContactStatus) vendors.Contact {
	r.t.Helper()
	r.until("contact "+id+" "+string(st), func() bool { return r.contacts[id].Status == st })
	return r.contacts[id]
}

func (r *rec) state(st vendors.State) vendors.AgentState {
	r.t.Helper()
	r.until("state "+string(st), func() bool { return r.cur.State == st })
	return r.cur
}

func (r *rec) conn(st vendors.ConnStatus) vendors.ConnectionEvent {
	r.t.Helper()
	return r.next("connection "+string(st), func(ev vendors.Event) bool {
		c, ok := ev.(vendors.ConnectionEvent)
		return ok && c.Status == st
	}).(vendors.ConnectionEvent)
}

func (r *rec) alive() {
	r.t.Helper()
	r.next("alive", func(ev vendors.Event) bool { _, ok := ev.(vendors.AliveEvent); return ok })
}

// count counts the events seen so far that match f.
func (r *rec) count(f func(vendors.Event) bool) int {
	n := 0
	for _, ev := range r.all {
		if f(ev) {
			n++
		}
	}
	return n
}

func isReconnecting(ev vendors.Event) bool {
	c, ok := ev.(vendors.ConnectionEvent)
	return ok && (c.Status == vendors.Reconnecting || c.Status == vendors.Disconnected)
}

func do(t *testing.T, s vendors.Session, cmd vendors.Command) error {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	return s.Do(ctx, cmd)
}

func optionsSeed(seed int64) simulator.Options { return simulator.Options{Seed: seed} }
