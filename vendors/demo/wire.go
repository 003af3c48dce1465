package demo

import (
	"encoding/json"
	"time"

	"tandem/vendors"
)

// The demo contact center speaks newline-delimited JSON over TCP, so the
// demo runs over a real socket like every other platform, and a trainer
// can run it standalone with ccsim.

// frame is one message in either direction; Op says which fields count.
type frame struct {
	Op string `json:"op"`
	// auth
	User     string `json:"user,omitempty"`
	Password string `json:"password,omitempty"`
	Agent    string `json:"agent,omitempty"`
	// cmd and result
	Seq   uint64           `json:"seq,omitempty"`
	Cmd   *vendors.Command `json:"cmd,omitempty"`
	OK    bool             `json:"ok,omitempty"`
	Kind  string           `json:"kind,omitempty"`
	Error string           `json:"error,omitempty"`
	// events
	Commands []vendors.CommandKind `json:"commands,omitempty"`
	NotReady []vendors.Reason      `json:"not_ready,omitempty"`
	WrapUp   []vendors.Reason      `json:"wrapup,omitempty"`
	State    *wireState            `json:"state,omitempty"`
	Contact  *wireContact          `json:"contact,omitempty"`
	Queues   []vendors.QueueStatus `json:"queues,omitempty"`
}

type wireState struct {
	State  vendors.State   `json:"state"`
	Reason *vendors.Reason `json:"reason,omitempty"`
	Raw    string          `json:"raw"`
	Since  time.Time       `json:"since"`
}

type wireContact struct {
	vendors.Contact
	Since time.Time `json:"since"`
}

const (
	opAuth     = "auth"
	opAuthOK   = "auth_ok"
	opCmd      = "cmd"
	opResult   = "result"
	opPing     = "ping"
	opPong     = "pong"
	opCaps     = "caps"
	opReasons  = "reasons"
	opState    = "state"
	opContact  = "contact"
	opQueues   = "queues"
	opSynced   = "synced"
	opGoodbye  = "goodbye"
	maxLineLen = 1 << 20
)

// decodeFrame parses one line; a malformed or incomplete frame is an error
// the reader logs and skips.
func decodeFrame(line []byte) (frame, error) {
	var f frame
	if err := json.Unmarshal(line, &f); err != nil {
		return f, err
	}
	switch f.Op {
	case opState:
		if f.State == nil {
			return f, errMissing("state")
		}
	case opContact:
		if f.Contact == nil || f.Contact.ID == "" {
			return f, errMissing("contact")
		}
	case opCmd:
		if f.Cmd == nil {
			return f, errMissing("cmd")
		}
	case "":
		return f, errMissing("op")
	}
	return f, nil
}

type errMissing string

func (e errMissing) Error() string { return "demo: frame without " + string(e) }
