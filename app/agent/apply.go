package agent

import (
	"time"

	"tandem/vendors"
)

// applyLocked folds one event into the snapshot and tells subscribers what
// changed, in order. d.mu is held.
func (d *Desk) applyLocked(ev vendors.Event) {
	now := d.opts.Now()
	switch e := ev.(type) {
	case vendors.ConnectionEvent:
		d.snap.Conn = e.Status
		d.snap.ConnErr = e.Err
		if e.Status == vendors.Connected {
			// A (re)connection starts a resync: remember which contacts the
			// platform re-reports until SyncedEvent.
			d.syncing = true
			clear(d.seen)
		}
		d.publish(ev)
	case vendors.CapabilitiesEvent:
		d.snap.Caps = e.Caps
		d.publish(ev)
	case vendors.ReasonsEvent:
		d.snap.NotReady = append([]vendors.Reason(nil), e.NotReady...)
		d.snap.WrapUp = append([]vendors.Reason(nil), e.WrapUp...)
		d.publish(ev)
	case vendors.StateEvent:
		old := d.snap.State
		if old.State != e.State.State || reasonCode(old.Reason) != reasonCode(e.State.Reason) {
			d.snap.StateSince = now
		}
		if !e.State.Since.IsZero() {
			d.snap.StateSince = e.State.Since
		}
		d.snap.State = e.State
		if d.snap.Conn == vendors.Connected {
			d.snap.Verified = now
		}
		d.publish(ev)
	case vendors.AliveEvent:
		if d.snap.Conn == vendors.Connected {
			d.snap.Verified = now
		}
		// Not forwarded: nothing a person sees changed but the stamp.
		d.publishQuiet()
	case vendors.QueueEvent:
		d.snap.Queues = append([]vendors.QueueStatus(nil), e.Queues...)
		d.publish(ev)
	case vendors.ContactEvent:
		d.applyContact(e.Contact.Clone(), now)
	case vendors.SyncedEvent:
		if d.syncing {
			d.syncing = false
			var gone []string
			for _, c := range d.snap.Contacts {
				if !d.seen[c.ID] {
					gone = append(gone, c.ID)
				}
			}
			for _, id := range gone {
				c := d.snap.Contacts[d.index[id]].Contact.Clone()
				c.Status = vendors.ContactEnded
				c.Raw = "gone after resync"
				d.applyContact(c, now)
			}
		}
		d.publish(ev)
	}
}

func reasonCode(r *vendors.Reason) string {
	if r == nil {
		return ""
	}
	return r.Code
}

func (d *Desk) applyContact(c vendors.Contact, now time.Time) {
	if d.syncing {
		d.seen[c.ID] = true
	}
	// A platform that renames a contact (inContact on transfer) keeps it
	// the same conversation on the desk.
	if c.PreviousID != "" && c.PreviousID != c.ID {
		if i, ok := d.index[c.PreviousID]; ok {
			delete(d.index, c.PreviousID)
			if _, dup := d.index[c.ID]; !dup {
				d.index[c.ID] = i
				d.snap.Contacts[i].ID = c.ID
			} else {
				d.removeLive(i)
			}
		}
	}
	i, ok := d.index[c.ID]
	if !ok {
		if !c.Status.Live() {
			// An end for a contact we never saw live: keep it in history
			// only if the platform told us who it was.
			if c.From == "" && c.Name == "" {
				d.publish(vendors.ContactEvent{Contact: c})
				return
			}
		}
		dc := Contact{Contact: c, Started: now, StatusSince: now}
		if !c.Since.IsZero() {
			dc.StatusSince = c.Since
		}
		if !c.Status.Live() {
			dc.Ended = now
			d.addHistory(dc)
			d.publish(vendors.ContactEvent{Contact: c})
			return
		}
		d.index[c.ID] = len(d.snap.Contacts)
		d.snap.Contacts = append(d.snap.Contacts, dc)
		d.publish(vendors.ContactEvent{Contact: c})
		return
	}
	dc := &d.snap.Contacts[i]
	if dc.Status != c.Status {
		dc.StatusSince = now
	}
	if !c.Since.IsZero() {
		dc.StatusSince = c.Since
	}
	dc.Contact = mergeContact(dc.Contact, c)
	if !c.Status.Live() {
		done := *dc
		done.Ended = now
		d.removeLive(i)
		d.addHistory(done)
	}
	d.publish(vendors.ContactEvent{Contact: c})
}

// mergeContact keeps caller data the platform sent earlier when a later
// event of the same contact leaves it out (many platforms send it only
// with the offer).
func mergeContact(old, c vendors.Contact) vendors.Contact {
	keep := func(dst *string, prev string) {
		if *dst == "" {
			*dst = prev
		}
	}
	keep(&c.From, old.From)
	keep(&c.To, old.To)
	keep(&c.Name, old.Name)
	keep(&c.Queue, old.Queue)
	keep(&c.ScreenPopURL, old.ScreenPopURL)
	keep((*string)(&c.Channel), string(old.Channel))
	keep((*string)(&c.Direction), string(old.Direction))
	keep(&c.Related, old.Related)
	if len(old.Data) > 0 {
		merged := make(map[string]string, len(old.Data)+len(c.Data))
		for k, v := range old.Data {
			merged[k] = v
		}
		for k, v := range c.Data {
			merged[k] = v
		}
		c.Data = merged
	}
	return c
}

func (d *Desk) removeLive(i int) {
	id := d.snap.Contacts[i].ID
	d.snap.Contacts = append(d.snap.Contacts[:i], d.snap.Contacts[i+1:]...)
	delete(d.index, id)
	for j := i; j < len(d.snap.Contacts); j++ {
		d.index[d.snap.Contacts[j].ID] = j
	}
}

// addHistory puts c first in the history; see history for why slices
// handed out stay untouched.
func (d *Desk) addHistory(c Contact) {
	d.snap.Handled++
	d.snap.History = d.hist.add(c, d.opts.HistoryLimit)
}
