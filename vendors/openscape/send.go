package openscape

import (
	"context"
	"time"

	"tandem/vendors"
)

// send posts one command and waits until cond holds (evaluated with mu
// held after every change). A lost delivery is repaired by a resync.
func (s *session) send(ctx context.Context, path string, body any, cond func() (bool, error)) error {
	w := &waiter{ok: cond, done: make(chan error, 1)}
	s.mu.Lock()
	s.waiters = append(s.waiters, w)
	s.mu.Unlock()
	defer s.dropWaiter(w)
	if err := s.cl.call(ctx, "POST", path, body, nil); err != nil {
		return err
	}
	s.q.push(func() { s.mu.Lock(); s.checkWaiters(); s.mu.Unlock() })
	for round := 0; ; round++ {
		t := time.NewTimer(confirmWait)
		select {
		case err := <-w.done:
			t.Stop()
			return err
		case <-ctx.Done():
			t.Stop()
			return &vendors.Error{Kind: vendors.ErrTimeout, Vendor: vendorName, Msg: "no confirmation from the platform"}
		case <-s.ctx.Done():
			t.Stop()
			return &vendors.Error{Kind: vendors.ErrSessionEnded, Vendor: vendorName, Msg: "session closed"}
		case <-t.C:
		}
		if round == 1 {
			return &vendors.Error{Kind: vendors.ErrTimeout, Vendor: vendorName, Msg: "the platform accepted the request but never confirmed it"}
		}
		s.log.Info("openscape: no confirming event, resyncing", "path", path)
		rctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		err := s.resync(rctx, false)
		cancel()
		if err != nil {
			return err
		}
	}
}

func (s *session) dropWaiter(w *waiter) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, x := range s.waiters {
		if x == w {
			s.waiters = append(s.waiters[:i], s.waiters[i+1:]...)
			return
		}
	}
}

// waiter is a command waiting for the model to show its effect.
type waiter struct {
	ok   func() (bool, error)
	done chan error
}

func (w *waiter) finish(err error) {
	select {
	case w.done <- err:
	default:
	}
}

// checkWaiters is called with mu held after each change.
func (s *session) checkWaiters() {
	keep := s.waiters[:0]
	for _, w := range s.waiters {
		ok, err := w.ok()
		switch {
		case err != nil:
			w.finish(err)
		case ok:
			w.finish(nil)
		default:
			keep = append(keep, w)
		}
	}
	s.waiters = keep
}
