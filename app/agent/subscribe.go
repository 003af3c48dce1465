package agent

import "tandem/vendors"

// Subscription delivers the desk's changes in order: every event the desk
// applied (contacts as whole contacts, with ends it inferred after a
// resync; AliveEvent when only the verification stamp moved).
type Subscription struct {
	d  *Desk
	em *vendors.Emitter
}

// Subscribe starts a subscription; Close it when done.
func (d *Desk) Subscribe() *Subscription {
	s := &Subscription{d: d, em: vendors.NewEmitter()}
	d.mu.Lock()
	select {
	case <-d.done:
		s.em.Close()
	default:
		d.subs[s] = struct{}{}
	}
	d.mu.Unlock()
	return s
}

// Events is the ordered change stream; closed when the desk ends.
func (s *Subscription) Events() <-chan vendors.Event { return s.em.Events() }

// Close ends the subscription.
func (s *Subscription) Close() {
	s.d.mu.Lock()
	delete(s.d.subs, s)
	s.d.mu.Unlock()
	s.em.Abandon()
}

func (d *Desk) publish(ev vendors.Event) {
	for s := range d.subs {
		s.em.Emit(ev)
	}
}

func (d *Desk) publishQuiet() {
	for s := range d.subs {
		s.em.Emit(vendors.AliveEvent{At: d.snap.Verified})
	}
}
