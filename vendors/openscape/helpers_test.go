package openscape_test

import (
	"context"
	"log/slog"
	"os"
	"testing"
	"time"

	"tandem/vendors"
	"tandem/vendors/openscape"
	"tandem/vendors/openscape/openscapesim"
	"tandem/vendors/simulator"
)

// rig is a simulator and a session opened against it over real HTTP.
type rig struct {
	t    *testing.T
	sim  *openscapesim.Server
	sess vendors.Session
	evs  []vendors.Event
}

func testLogger() *slog.Logger {
	if os.Getenv("OPENSCAPE_DEBUG") != "" {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return nil
}

func newRig(t *testing.T) *rig {
	t.Helper()
	sim, err := openscapesim.Start(simulator.Options{Seed: 7, Logger: testLogger()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	cfg := sim.Config()
	cfg.Logger = testLogger()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	sess, err := openscape.Driver{}.Open(ctx, cfg)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { sess.Close() })
	r := &rig{t: t, sim: sim, sess: sess}
	r.waitFor("synced", func(ev vendors.Event) bool { _, ok := ev.(vendors.SyncedEvent); return ok })
	return r
}

// waitFor reads events until one satisfies f; the deadline only bounds a
// broken test, it is not a timing check.
func (r *rig) waitFor(what string, f func(vendors.Event) bool) vendors.Event {
	r.t.Helper()
	deadline := time.After(20 * time.Second)
	for {
		select {
		case ev, ok := <-r.sess.Events():
			if !ok {
				r.t.Fatalf("events closed while waiting for %s", what)
			}
			r.evs = append(r.evs, ev)
			if f(ev) {
				return ev
			}
		case <-deadline:
			r.t.Fatalf("no %s; saw %d events", what, len(r.evs))
		}
	}
}

func (r *rig) contact(id string, st vendors.ContactStatus) vendors.Contact {
	r.t.Helper()
	ev := r.waitFor("contact "+id+" "+string(st), func(ev vendors.Event) bool {
		c, ok := ev.(vendors.ContactEvent)
		// An offer counts once its screen pop is complete.
		return ok && c.Contact.ID == id && c.Contact.Status == st && !c.Contact.Pending
	})
	return ev.(vendors.ContactEvent).Contact
}

func (r *rig) state(st vendors.State) vendors.AgentState {
	r.t.Helper()
	ev := r.waitFor("state "+string(st), func(ev vendors.Event) bool {
		s, ok := ev.(vendors.StateEvent)
		return ok && s.State.State == st
	})
	return ev.(vendors.StateEvent).State
}

func (r *rig) do(cmd vendors.Command) {
	r.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := r.sess.Do(ctx, cmd); err != nil {
		r.t.Fatalf("%s: %v", cmd.Kind, err)
	}
}
