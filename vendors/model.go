// Package vendors is Tandem's vendor-neutral vocabulary: the agent state,
// contacts, commands and capabilities every contact-center platform is
// translated into, and the Driver/Session interfaces each platform's driver
// implements. Drivers register themselves by being imported, as
// database/sql drivers do.
package vendors

import (
	"sort"
	"time"
)

// State is the agent's normalized state.
type State string

const (
	StateLoggedOut State = "logged_out"
	StateNotReady  State = "not_ready"
	StateReady     State = "ready"
	StateBusy      State = "busy"
	StateWrapUp    State = "wrap_up"
)

// Reason is a not-ready reason or a wrap-up (disposition) code.
type Reason struct {
	Code  string `json:"code"`
	Label string `json:"label"`
}

// AgentState is the agent's state as the platform reported it.
type AgentState struct {
	State  State   `json:"state"`
	Reason *Reason `json:"reason,omitempty"`
	// Raw is the platform's own name for the state, kept for support staff.
	Raw string `json:"raw"`
	// Since is when the platform says the state began; zero when unknown.
	Since time.Time `json:"-"`
}

// Channel is the media of a contact.
type Channel string

const (
	ChannelVoice    Channel = "voice"
	ChannelChat     Channel = "chat"
	ChannelEmail    Channel = "email"
	ChannelCallback Channel = "callback"
	ChannelWorkItem Channel = "workitem"
)

// Direction of a contact as seen from the agent.
type Direction string

const (
	Inbound  Direction = "inbound"
	Outbound Direction = "outbound"
	Internal Direction = "internal"
)

// ContactStatus is where a contact is in its life.
type ContactStatus string

const (
	ContactOffered   ContactStatus = "offered"
	ContactDialing   ContactStatus = "dialing"
	ContactConnected ContactStatus = "connected"
	ContactHeld      ContactStatus = "held"
	ContactWrapUp    ContactStatus = "wrap_up"
	ContactEnded     ContactStatus = "ended"
)

// Live reports whether the contact still occupies the agent (not ended).
func (s ContactStatus) Live() bool { return s != ContactEnded && s != "" }

// Contact is one contact (call, chat, ...) of the agent, with everything a
// screen pop shows. Drivers send the whole contact each time it changes.
type Contact struct {
	ID        string            `json:"id"`
	Channel   Channel           `json:"channel"`
	Direction Direction         `json:"direction"`
	Status    ContactStatus     `json:"status"`
	From      string            `json:"from"`
	To        string            `json:"to"`
	Name      string            `json:"name"`
	Queue     string            `json:"queue"`
	Data      map[string]string `json:"data"`
	// Related is the other contact of a consultation (the consult call
	// points at the call it consults about).
	Related      string `json:"related"`
	ScreenPopURL string `json:"screen_pop_url"`
	// PreviousID is set when the platform renamed the contact (inContact
	// gives a transferred call a new ContactID): the desk follows it as
	// the same conversation.
	PreviousID string `json:"previous_id,omitempty"`
	// Pending says more of the screen pop is on its way: the driver
	// reported the contact as soon as it rang and is still asking the
	// platform for the caller's details; a later event of the same contact
	// carries them (or just clears Pending when the platform had none).
	Pending bool `json:"pending,omitempty"`
	// Raw is the platform's own status name.
	Raw string `json:"raw,omitempty"`
	// Since is when the contact entered its current status; zero when the
	// platform does not say.
	Since time.Time `json:"-"`
}

// Clone returns a deep copy, so events never share a Data map.
func (c Contact) Clone() Contact {
	if c.Data != nil {
		d := make(map[string]string, len(c.Data))
		for k, v := range c.Data {
			d[k] = v
		}
		c.Data = d
	}
	return c
}

// DataKeys returns the attached data's keys in a stable order for display.
func (c Contact) DataKeys() []string {
	keys := make([]string, 0, len(c.Data))
	for k := range c.Data {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// QueueStatus is one queue's load, for platforms that publish it.
type QueueStatus struct {
	ID          string        `json:"id"`
	Name        string        `json:"name"`
	Waiting     int           `json:"waiting"`
	LongestWait time.Duration `json:"longest_wait_ns"`
	Agents      int           `json:"agents"`
	Available   int           `json:"available"`
}

// ConnStatus is the health of the session's link to the platform.
type ConnStatus string

const (
	Connecting   ConnStatus = "connecting"
	Connected    ConnStatus = "connected"
	Reconnecting ConnStatus = "reconnecting"
	Disconnected ConnStatus = "disconnected"
)
