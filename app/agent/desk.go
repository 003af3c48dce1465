// Package agent is the desk model: it consumes one session's events and
// holds what the agent sees (state and time in state, live contacts with
// their timers, reasons, capabilities, connection health, this session's
// history), checks every command before it reaches the platform, and tells
// the GUI and tandemctl about each change. It never imports Fyne.
package agent

import (
	"context"
	"fmt"
	"sync"
	"time"

	"tandem/vendors"
)

// Contact is a contact as the desk shows it.
type Contact struct {
	vendors.Contact
	// Started is when the desk first saw the contact.
	Started time.Time
	// StatusSince is when it entered its current status.
	StatusSince time.Time
	// Ended is when it ended; zero while live.
	Ended time.Time
}

// Snapshot is a consistent copy of the desk.
type Snapshot struct {
	Vendor  string
	Conn    vendors.ConnStatus
	ConnErr error
	State   vendors.AgentState
	// StateSince is when the current state began.
	StateSince time.Time
	// Verified is when the platform last confirmed the agent's state, so
	// the GUI can say "verified 12:03:41"; zero before the first time.
	Verified time.Time
	Caps     vendors.Capabilities
	NotReady []vendors.Reason
	WrapUp   []vendors.Reason
	// Contacts are the live contacts, oldest first.
	Contacts []Contact
	// History holds this session's ended contacts, newest first. It is
	// shared between snapshots: read it, never write to it.
	History []Contact
	Queues  []vendors.QueueStatus
	// Handled counts contacts ended this session (history may be capped).
	Handled int
}

// Contact returns the live contact with that id.
func (s Snapshot) Contact(id string) (Contact, bool) {
	for _, c := range s.Contacts {
		if c.ID == id {
			return c, true
		}
	}
	return Contact{}, false
}

// Options tune a desk.
type Options struct {
	// Vendor names the platform in error messages.
	Vendor string
	// HistoryLimit caps the history kept in memory (default 500).
	HistoryLimit int
	// Now is the clock; nil means time.Now (tests set it).
	Now func() time.Time
}

// Desk is the desk model of one session.
type Desk struct {
	sess vendors.Session
	opts Options

	mu       sync.RWMutex
	snap     Snapshot
	hist     history        // backs snap.History
	index    map[string]int // live contact id -> position in snap.Contacts
	seen     map[string]bool
	syncing  bool
	subs     map[*Subscription]struct{}
	done     chan struct{}
	closeOne sync.Once
}

// New starts a desk on an open session; it reads the session's events
// until they end.
func New(sess vendors.Session, opts Options) *Desk {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.HistoryLimit <= 0 {
		opts.HistoryLimit = 500
	}
	d := &Desk{
		sess:  sess,
		opts:  opts,
		index: map[string]int{},
		seen:  map[string]bool{},
		subs:  map[*Subscription]struct{}{},
		done:  make(chan struct{}),
	}
	d.snap.Vendor = opts.Vendor
	// The session's own events say when it is connected; until the desk
	// has read them it claims nothing.
	d.snap.Conn = vendors.Connecting
	d.snap.State = vendors.AgentState{State: vendors.StateLoggedOut}
	d.snap.StateSince = opts.Now()
	d.snap.Caps = sess.Capabilities()
	go d.run()
	return d
}

// Done is closed when the session's events have ended.
func (d *Desk) Done() <-chan struct{} { return d.done }

// Snapshot returns a copy of the desk that the caller may keep.
func (d *Desk) Snapshot() Snapshot {
	d.mu.RLock()
	defer d.mu.RUnlock()
	s := d.snap
	s.Contacts = cloneContacts(d.snap.Contacts)
	// History is shared: its slices are never written after creation.
	s.NotReady = append([]vendors.Reason(nil), d.snap.NotReady...)
	s.WrapUp = append([]vendors.Reason(nil), d.snap.WrapUp...)
	s.Queues = append([]vendors.QueueStatus(nil), d.snap.Queues...)
	return s
}

func cloneContacts(in []Contact) []Contact {
	out := make([]Contact, len(in))
	for i, c := range in {
		c.Contact = c.Contact.Clone()
		out[i] = c
	}
	return out
}

// Close closes the session (without logging out) and waits for the desk to
// drain.
func (d *Desk) Close() error {
	err := d.sess.Close()
	<-d.done
	return err
}

// Logout logs the agent out where the platform can, then closes. While a
// contact is live it only closes: on some platforms (Clarity) logging out
// ends the customer's call, and nobody asked for that.
func (d *Desk) Logout(ctx context.Context) error {
	var err error
	s := d.Snapshot()
	switch {
	case len(s.Contacts) > 0:
		err = &vendors.Error{Kind: vendors.ErrWrongStatus, Vendor: d.opts.Vendor, Op: "logout",
			Msg: fmt.Sprintf("%d contact(s) still live; staying logged in", len(s.Contacts))}
	case s.Caps.Has(vendors.CmdLogout) && s.Conn == vendors.Connected:
		err = d.Do(ctx, vendors.Command{Kind: vendors.CmdLogout})
	}
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}

func (d *Desk) run() {
	defer func() {
		d.mu.Lock()
		if d.snap.Conn != vendors.Disconnected {
			d.applyLocked(vendors.ConnectionEvent{Status: vendors.Disconnected})
		}
		for s := range d.subs {
			s.em.Close()
		}
		d.mu.Unlock()
		close(d.done)
	}()
	for ev := range d.sess.Events() {
		d.mu.Lock()
		d.applyLocked(ev)
		d.mu.Unlock()
	}
}
