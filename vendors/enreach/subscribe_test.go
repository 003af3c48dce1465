package enreach_test

import (
	"context"
	"errors"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"

	"tandem/vendors"
	"tandem/vendors/enreach"
)

// TestSubscribeResultErrorFirst: the library may hand Subscribe's
// completion over as {Error: nil} first and the value second. Reading the
// first InvokeResult alone took that for an empty answer ("no result" for
// every item) and refused the login. Over real sockets, every invocation
// here comes error first: one Subscribe must do.
func TestSubscribeResultErrorFirst(t *testing.T) {
	s := startSim(t)
	defer enreach.ReorderInvokeResults(enreach.ErrorFirst)()
	_, w := open(t, s)
	if n := s.SubscribeCalls(); n != 1 {
		t.Fatalf("%d Subscribe calls, want 1: the result came and was not read", n)
	}
	if subs := s.Subscriptions(); len(subs) != 1 || len(subs[0]) == 0 {
		t.Fatalf("subscriptions %v", subs)
	}
	// And the session works: a platform-side change shows up.
	if err := s.SetState(vendors.StateNotReady, "OffWork"); err != nil {
		t.Fatal(err)
	}
	w.state(vendors.StateNotReady)
}

// TestSubscribeNoResultRetried: a Subscribe answer that says nothing about
// any requested item is no refusal: Open connects again and succeeds.
func TestSubscribeNoResultRetried(t *testing.T) {
	s := startSim(t)
	s.BlankSubscribes(2)
	open(t, s)
	if n := s.SubscribeCalls(); n != 3 {
		t.Fatalf("%d Subscribe calls, want 3 (two blank answers, then a good one)", n)
	}
}

// TestSubscribeNoResultGivesUp: Open does not loop for ever on blank
// answers; the error is transient (ErrTimeout), not a refusal.
func TestSubscribeNoResultGivesUp(t *testing.T) {
	s := startSim(t)
	s.BlankSubscribes(1000)
	ctx, cancel := context.WithTimeout(context.Background(), waitLong)
	defer cancel()
	sess, err := enreach.Driver{}.Open(ctx, s.Config())
	if err == nil {
		sess.Close()
		t.Fatal("Open succeeded")
	}
	if !errors.Is(err, vendors.ErrTimeout) || !errors.Is(err, enreach.ErrNoResult) || errors.Is(err, vendors.ErrRejected) {
		t.Fatalf("error %v, want a transient ErrTimeout", err)
	}
	if n := s.SubscribeCalls(); n != enreach.OpenRetries+1 {
		t.Fatalf("%d Subscribe calls, want %d", n, enreach.OpenRetries+1)
	}
}

// TestSubscribeNoResultAtReconnect: after a drop, a blank answer makes the
// session reconnect again, not give up.
func TestSubscribeNoResultAtReconnect(t *testing.T) {
	s := startSim(t)
	_, w := open(t, s)
	s.BlankSubscribes(1)
	s.Drop()
	w.conn(vendors.Reconnecting)
	ev := w.until("connected or disconnected", func(ev vendors.Event) bool {
		c, ok := ev.(vendors.ConnectionEvent)
		return ok && (c.Status == vendors.Connected || c.Status == vendors.Disconnected)
	}).(vendors.ConnectionEvent)
	if ev.Status != vendors.Connected {
		t.Fatalf("%s (%v), want connected again", ev.Status, ev.Err)
	}
	w.synced()
	if n := s.SubscribeCalls(); n != 3 {
		t.Fatalf("%d Subscribe calls, want 3 (open, blank, good)", n)
	}
}

// TestStressLogin logs in to the simulator over 127.0.0.1 many times, a
// few at once, with each completion's two results in a random order as
// the library may hand them over under load. Bounded in count and time;
// ENREACH_STRESS=n runs n logins (up to two minutes), ENREACH_ORDER=lib
// keeps the library's own order.
func TestStressLogin(t *testing.T) {
	// Bounded by count, not by time: a slow machine takes longer, and no
	// figure here depends on how fast a login is.
	n, par := 60, 4
	if v, _ := strconv.Atoi(os.Getenv("ENREACH_STRESS")); v > 0 {
		n = v
	}
	if os.Getenv("ENREACH_ORDER") != "lib" {
		defer enreach.ReorderInvokeResults(enreach.RandomOrder)()
	}
	s := startSim(t)
	var started, done, failed atomic.Int64
	var mu sync.Mutex
	var first error
	var wg sync.WaitGroup
	for range par {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for started.Add(1) <= int64(n) {
				ctx, cancel := context.WithTimeout(context.Background(), waitLong)
				sess, err := enreach.Driver{}.Open(ctx, s.Config())
				cancel()
				done.Add(1)
				if err != nil {
					failed.Add(1)
					mu.Lock()
					if first == nil {
						first = err
					}
					mu.Unlock()
					continue
				}
				_ = sess.Close()
			}
		}()
	}
	wg.Wait()
	t.Logf("%d logins, %d failed, %d Subscribe calls", done.Load(), failed.Load(), s.SubscribeCalls())
	if first != nil {
		t.Fatalf("%d of %d logins failed; first: %v", failed.Load(), done.Load(), first)
	}
	if done.Load() != int64(n) {
		t.Fatalf("%d logins made, want %d", done.Load(), n)
	}
}
