package vendors

import "time"

// Event is what a session reports, in the order the platform said it.
type Event interface{ event() }

// ConnectionEvent reports the link's health. Err says why it is not
// connected; it never holds a secret.
type ConnectionEvent struct {
	Status ConnStatus
	Err    error
}

// CapabilitiesEvent reports what the session can do; sent at login and
// whenever it changes.
type CapabilitiesEvent struct{ Caps Capabilities }

// ReasonsEvent carries the not-ready reasons and wrap-up codes the agent may
// choose.
type ReasonsEvent struct {
	NotReady []Reason
	WrapUp   []Reason
}

// StateEvent is the agent's state as the platform confirmed it.
type StateEvent struct{ State AgentState }

// ContactEvent is the whole contact after a change.
type ContactEvent struct{ Contact Contact }

// QueueEvent is the load of the agent's queues.
type QueueEvent struct{ Queues []QueueStatus }

// AliveEvent says the platform just answered (a keepalive, a poll): the
// picture the desk holds is current as of At.
type AliveEvent struct{ At time.Time }

// SyncedEvent follows a (re)connection's resync: every state and contact
// event up to here describes the platform's picture, and any live contact
// the desk holds that was not reported since the last ConnectionEvent
// Connected is gone.
type SyncedEvent struct{}

func (ConnectionEvent) event()   {}
func (CapabilitiesEvent) event() {}
func (ReasonsEvent) event()      {}
func (StateEvent) event()        {}
func (ContactEvent) event()      {}
func (QueueEvent) event()        {}
func (AliveEvent) event()        {}
func (SyncedEvent) event()       {}
