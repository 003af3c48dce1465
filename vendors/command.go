package vendors

import "strings"

// CommandKind names a command of the normalized model.
type CommandKind string

const (
	CmdLogin            CommandKind = "login"
	CmdLogout           CommandKind = "logout"
	CmdReady            CommandKind = "ready"
	CmdNotReady         CommandKind = "not_ready"
	CmdAnswer           CommandKind = "answer"
	CmdReject           CommandKind = "reject"
	CmdHangup           CommandKind = "hangup"
	CmdHold             CommandKind = "hold"
	CmdRetrieve         CommandKind = "retrieve"
	CmdTransfer         CommandKind = "transfer"
	CmdConsult          CommandKind = "consult"
	CmdCompleteTransfer CommandKind = "complete_transfer"
	CmdConference       CommandKind = "conference"
	CmdDial             CommandKind = "dial"
	CmdWrapUp           CommandKind = "wrapup"
	CmdEndWrapUp        CommandKind = "end_wrapup"
)

// AllCommands lists every command of the model in a stable order.
var AllCommands = []CommandKind{
	CmdLogin, CmdLogout, CmdReady, CmdNotReady, CmdAnswer, CmdReject,
	CmdHangup, CmdHold, CmdRetrieve, CmdTransfer, CmdConsult,
	CmdCompleteTransfer, CmdConference, CmdDial, CmdWrapUp, CmdEndWrapUp,
}

// ParseCommandKind accepts a command name as tandemctl receives it.
func ParseCommandKind(s string) (CommandKind, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	for _, k := range AllCommands {
		if string(k) == s {
			return k, true
		}
	}
	return "", false
}

// NeedsContact reports whether the command acts on one contact.
func (k CommandKind) NeedsContact() bool {
	switch k {
	case CmdAnswer, CmdReject, CmdHangup, CmdHold, CmdRetrieve, CmdTransfer,
		CmdConsult, CmdCompleteTransfer, CmdConference, CmdWrapUp, CmdEndWrapUp:
		return true
	}
	return false
}

// NeedsDestination reports whether the command needs Command.To.
func (k CommandKind) NeedsDestination() bool {
	return k == CmdTransfer || k == CmdConsult || k == CmdDial
}

// Command is one request of the agent to the platform.
type Command struct {
	Kind    CommandKind `json:"cmd"`
	Contact string      `json:"contact,omitempty"`
	// To is the destination of transfer, consult and dial.
	To string `json:"to,omitempty"`
	// Reason is the not-ready reason code.
	Reason string `json:"reason,omitempty"`
	// Code and Notes are the wrap-up code and the agent's notes.
	Code  string `json:"code,omitempty"`
	Notes string `json:"notes,omitempty"`
}

// Validate checks that the command carries what its kind needs.
func (c Command) Validate() error {
	if _, ok := ParseCommandKind(string(c.Kind)); !ok {
		return Errorf(ErrInvalid, "unknown command %q", c.Kind)
	}
	if c.Kind.NeedsContact() && c.Contact == "" {
		return Errorf(ErrInvalid, "%s needs a contact", c.Kind)
	}
	if c.Kind.NeedsDestination() && strings.TrimSpace(c.To) == "" {
		return Errorf(ErrInvalid, "%s needs a destination (to)", c.Kind)
	}
	if c.Kind == CmdWrapUp && c.Code == "" && c.Notes == "" {
		return Errorf(ErrInvalid, "wrapup needs a code or notes")
	}
	return nil
}

// Capabilities says which commands a session can do. Hints tell the agent
// where an unsupported thing is done instead ("answer on your phone").
type Capabilities struct {
	Commands []CommandKind          `json:"commands"`
	Hints    map[CommandKind]string `json:"hints,omitempty"`
	// Reasons reports whether not_ready takes a reason code.
	NotReadyReasons bool `json:"-"`
	// WrapUpNotes reports whether wrapup keeps free-text notes.
	WrapUpNotes bool `json:"-"`
	// QueueBoard reports whether QueueEvents arrive.
	QueueBoard bool `json:"-"`
}

// Has reports whether the command is supported.
func (c Capabilities) Has(k CommandKind) bool {
	for _, x := range c.Commands {
		if x == k {
			return true
		}
	}
	return false
}

// Hint returns where the agent does k instead, or "".
func (c Capabilities) Hint(k CommandKind) string { return c.Hints[k] }

// Caps builds Capabilities from a list of commands, in the model's order.
func Caps(hints map[CommandKind]string, kinds ...CommandKind) Capabilities {
	set := map[CommandKind]bool{}
	for _, k := range kinds {
		set[k] = true
	}
	var out []CommandKind
	for _, k := range AllCommands {
		if set[k] {
			out = append(out, k)
		}
	}
	return Capabilities{Commands: out, Hints: hints}
}
