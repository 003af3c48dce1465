package ctl

import (
	"encoding/json"
	"time"

	"tandem/app/profile"
	"tandem/vendors"
)

// The JSON lines tandemctl prints: the contract of DESIGN.md, kept stable.

type connectionLine struct {
	Type   string `json:"type"`
	At     string `json:"at"`
	Status string `json:"status"`
	Error  string `json:"error,omitempty"`
}

type capabilitiesLine struct {
	Type     string                         `json:"type"`
	At       string                         `json:"at"`
	Commands []vendors.CommandKind          `json:"commands"`
	Hints    map[vendors.CommandKind]string `json:"hints,omitempty"`
}

type reasonsLine struct {
	Type     string           `json:"type"`
	At       string           `json:"at"`
	NotReady []vendors.Reason `json:"not_ready"`
	WrapUp   []vendors.Reason `json:"wrapup"`
}

type stateLine struct {
	Type   string          `json:"type"`
	At     string          `json:"at"`
	State  vendors.State   `json:"state"`
	Reason *vendors.Reason `json:"reason,omitempty"`
	Raw    string          `json:"raw"`
}

type contactLine struct {
	Type         string            `json:"type"`
	At           string            `json:"at"`
	ID           string            `json:"id"`
	Status       string            `json:"status"`
	Channel      string            `json:"channel"`
	Direction    string            `json:"direction"`
	From         string            `json:"from"`
	To           string            `json:"to"`
	Name         string            `json:"name"`
	Queue        string            `json:"queue"`
	Data         map[string]string `json:"data"`
	Related      string            `json:"related"`
	ScreenPopURL string            `json:"screen_pop_url"`
	PreviousID   string            `json:"previous_id,omitempty"`
	Pending      bool              `json:"pending,omitempty"`
}

type queuesLine struct {
	Type   string                `json:"type"`
	At     string                `json:"at"`
	Queues []vendors.QueueStatus `json:"queues"`
}

type resultLine struct {
	Type  string          `json:"type"`
	At    string          `json:"at"`
	ID    json.RawMessage `json:"id"`
	OK    bool            `json:"ok"`
	Error string          `json:"error,omitempty"`
}

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// line turns a desk change into its JSON line, or nil for changes the
// contract does not print.
func line(ev vendors.Event, prof profile.Profile, now time.Time) any {
	at := stamp(now)
	switch e := ev.(type) {
	case vendors.ConnectionEvent:
		l := connectionLine{Type: "connection", At: at, Status: string(e.Status)}
		if e.Err != nil {
			l.Error = e.Err.Error()
		}
		return l
	case vendors.CapabilitiesEvent:
		cmds := e.Caps.Commands
		if cmds == nil {
			cmds = []vendors.CommandKind{}
		}
		return capabilitiesLine{Type: "capabilities", At: at, Commands: cmds, Hints: e.Caps.Hints}
	case vendors.ReasonsEvent:
		l := reasonsLine{Type: "reasons", At: at, NotReady: e.NotReady, WrapUp: e.WrapUp}
		if l.NotReady == nil {
			l.NotReady = []vendors.Reason{}
		}
		if l.WrapUp == nil {
			l.WrapUp = []vendors.Reason{}
		}
		return l
	case vendors.StateEvent:
		return stateLine{Type: "state", At: at, State: e.State.State, Reason: e.State.Reason, Raw: e.State.Raw}
	case vendors.ContactEvent:
		c := e.Contact
		data := c.Data
		if data == nil {
			data = map[string]string{}
		}
		return contactLine{Type: "contact", At: at, ID: c.ID, Status: string(c.Status), Channel: string(c.Channel),
			Direction: string(c.Direction), From: c.From, To: c.To, Name: c.Name, Queue: c.Queue, Data: data,
			Related: c.Related, ScreenPopURL: prof.ScreenPopURL(c), PreviousID: c.PreviousID, Pending: c.Pending}
	case vendors.QueueEvent:
		return queuesLine{Type: "queues", At: at, Queues: e.Queues}
	}
	return nil
}
