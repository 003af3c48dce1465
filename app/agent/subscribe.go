package agent

import "tandem/vendors"

// Subscription delivers the desk's changes in order: every event the desk
// applied (contacts as whole contacts, with ends it inferred after a
// resync; AliveEvent when only the verification stamp moved).
type Subscription struct {
	d  *Desk
	em *vendors.Emitter
}

// Subscribe starts a subscription; Close it when done. It first replays
// the desk as it is (connection, capabilities, reasons, state, queues,
// live contacts), so a late subscriber misses nothing.
func (d *Desk) Subscribe() *Subscription {
	s := &Subscription{d: d, em: vendors.NewEmitter()}
	d.mu.Lock()
	select {
	case <-d.done:
		s.em.Close()
	default:
		d.replayLocked(s.em)
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

func (d *Desk) replayLocked(em *vendors.Emitter) {
	em.Emit(vendors.ConnectionEvent{Status: d.snap.Conn, Err: d.snap.ConnErr})
	em.Emit(vendors.CapabilitiesEvent{Caps: d.snap.Caps})
	if len(d.snap.NotReady) > 0 || len(d.snap.WrapUp) > 0 {
		em.Emit(vendors.ReasonsEvent{NotReady: d.snap.NotReady, WrapUp: d.snap.WrapUp})
	}
	if !d.snap.Verified.IsZero() || d.snap.State.Raw != "" {
		em.Emit(vendors.StateEvent{State: d.snap.State})
	}
	if len(d.snap.Queues) > 0 {
		em.Emit(vendors.QueueEvent{Queues: d.snap.Queues})
	}
	for _, c := range d.snap.Contacts {
		em.Emit(vendors.ContactEvent{Contact: c.Contact.Clone()})
	}
}
