package mitel

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"log/slog"
	"sync"
	"testing"
	"time"

	"tandem/vendors"
	"tandem/vendors/mitel/mitelsim"
	"tandem/vendors/simulator"
)

// waitLimit only keeps a broken test from hanging; no test measures time.
const waitLimit = 20 * time.Second

func startSim(t *testing.T, cfg mitelsim.Config) *mitelsim.Server {
	t.Helper()
	sim, err := mitelsim.Start(simulator.Options{Seed: 7}, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	return sim
}

// events collects a session's events so a test can wait for one.
type events struct {
	mu   sync.Mutex
	all  []vendors.Event
	next int
	wake chan struct{}
}

func collect(s vendors.Session) *events {
	e := &events{wake: make(chan struct{}, 1)}
	go func() {
		for ev := range s.Events() {
			e.mu.Lock()
			e.all = append(e.all, ev)
			e.mu.Unlock()
			select {
			case e.wake <- struct{}{}:
			default:
			}
		}
	}()
	return e
}

// waitFor returns the first event from the cursor on that matches, and
// moves the cursor past it.
func (e *events) waitFor(t *testing.T, what string, match func(vendors.Event) bool) vendors.Event {
	t.Helper()
	deadline := time.After(waitLimit)
	for {
		e.mu.Lock()
		for i := e.next; i < len(e.all); i++ {
			if match(e.all[i]) {
				e.next = i + 1
				ev := e.all[i]
				e.mu.Unlock()
				return ev
			}
		}
		e.mu.Unlock()
		select {
		case <-e.wake:
		case <-deadline:
			t.Fatalf("no %s event; got %s", what, e.dump())
			return nil
		}
	}
}

func (e *events) dump() string {
	e.mu.Lock()
	defer e.mu.Unlock()
	s := ""
	for i, ev := range e.all {
		if i == e.next {
			s += "\n  --- cursor ---"
		}
		s += "\n  " + describe(ev)
	}
	return s
}

func describe(ev vendors.Event) string {
	switch v := ev.(type) {
	case vendors.ConnectionEvent:
		return "connection " + string(v.Status)
	case vendors.StateEvent:
		return "state " + string(v.State.State) + " (" + v.State.Raw + ")"
	case vendors.ContactEvent:
		return "contact " + v.Contact.ID + " " + string(v.Contact.Status)
	case vendors.SyncedEvent:
		return "synced"
	case vendors.ReasonsEvent:
		return "reasons"
	case vendors.CapabilitiesEvent:
		return "capabilities"
	}
	return "other"
}

func (e *events) state(t *testing.T, st vendors.State) vendors.AgentState {
	t.Helper()
	ev := e.waitFor(t, "state "+string(st), func(ev vendors.Event) bool {
		s, ok := ev.(vendors.StateEvent)
		return ok && s.State.State == st
	})
	return ev.(vendors.StateEvent).State
}

func (e *events) contact(t *testing.T, id string, st vendors.ContactStatus) vendors.Contact {
	t.Helper()
	ev := e.waitFor(t, "contact "+id+" "+string(st), func(ev vendors.Event) bool {
		c, ok := ev.(vendors.ContactEvent)
		return ok && (id == "" || c.Contact.ID == id) && c.Contact.Status == st
	})
	return ev.(vendors.ContactEvent).Contact
}

func (e *events) conn(t *testing.T, st vendors.ConnStatus) vendors.ConnectionEvent {
	t.Helper()
	return e.waitFor(t, "connection "+string(st), func(ev vendors.Event) bool {
		c, ok := ev.(vendors.ConnectionEvent)
		return ok && c.Status == st
	}).(vendors.ConnectionEvent)
}

func (e *events) synced(t *testing.T) {
	t.Helper()
	e.waitFor(t, "synced", func(ev vendors.Event) bool { _, ok := ev.(vendors.SyncedEvent); return ok })
}

// open starts a session against the simulator as its agent.
func openSim(t *testing.T, sim *mitelsim.Server) (*session, *events) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	s, err := Driver{}.Open(ctx, sim.Config())
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s.(*session), collect(s)
}

func do(t *testing.T, s vendors.Session, cmd vendors.Command) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	if err := s.Do(ctx, cmd); err != nil {
		t.Fatalf("%s: %v", cmd.Kind, err)
	}
}

func doErr(s vendors.Session, cmd vendors.Command) error {
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	return s.Do(ctx, cmd)
}

func kindIs(err error, k vendors.Kind) bool { return errors.Is(err, k) }

// simConfigWithTraffic has other agents' calls flowing and writes split
// at random boundaries, so every test also exercises filtering and
// reassembly.
func simConfigWithTraffic() mitelsim.Config {
	return mitelsim.Config{OtherEvery: 2 * time.Millisecond, SplitWrites: true}
}

func md5Hex(p string) string {
	sum := md5.Sum([]byte(p))
	return hex.EncodeToString(sum[:])
}

func discardLog() *slog.Logger { return slog.New(slog.DiscardHandler) }
