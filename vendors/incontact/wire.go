package incontact

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"tandem/vendors/flex"
)

// The seed sends every scalar as a string ("True", "4500"); flex types take
// those and the bare forms a real server might send too. Keys match
// case-insensitively, so IsAcw and IsACW (seed L84 vs L104) land in one field.

// pollResponse is the get-next-event body: {"sessionId": "...", "events": [...]}
// (public-apis §1.4). The session ID may be new on every answer.
type pollResponse struct {
	SessionID string
	Events    []json.RawMessage
}

// decodePoll accepts the documented envelope, a bare array of events, or a
// single event object.
func decodePoll(body []byte) (pollResponse, error) {
	b := bytes.TrimSpace(body)
	if len(b) == 0 {
		return pollResponse{}, nil
	}
	switch b[0] {
	case '[':
		var evs []json.RawMessage
		if err := json.Unmarshal(b, &evs); err != nil {
			return pollResponse{}, fmt.Errorf("event list: %w", err)
		}
		return pollResponse{Events: evs}, nil
	case '{':
		var env struct {
			SessionID flex.String     `json:"sessionId"`
			Events    json.RawMessage `json:"events"`
			Type      flex.String     `json:"Type"`
		}
		if err := json.Unmarshal(b, &env); err != nil {
			return pollResponse{}, fmt.Errorf("envelope: %w", err)
		}
		out := pollResponse{SessionID: strings.TrimSpace(string(env.SessionID))}
		if env.Type != "" && len(env.Events) == 0 {
			out.Events = []json.RawMessage{b}
			return out, nil
		}
		ev := bytes.TrimSpace(env.Events)
		switch {
		case len(ev) == 0 || string(ev) == "null":
		case ev[0] == '[':
			if err := json.Unmarshal(ev, &out.Events); err != nil {
				return out, fmt.Errorf("events: %w", err)
			}
		case ev[0] == '{':
			out.Events = []json.RawMessage{ev}
		default:
			return out, errors.New("events is neither a list nor an object")
		}
		return out, nil
	}
	return pollResponse{}, errors.New("body is not JSON")
}

// list accepts an array, a single object, null or "" (the seed never says
// what an empty NextStates looks like, L100).
type list[T any] []T

func (l *list[T]) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || string(b) == "null" || string(b) == `""` {
		*l = nil
		return nil
	}
	if b[0] == '[' {
		var v []T
		if err := json.Unmarshal(b, &v); err != nil {
			return err
		}
		*l = v
		return nil
	}
	if b[0] == '{' {
		var v T
		if err := json.Unmarshal(b, &v); err != nil {
			return err
		}
		*l = []T{v}
		return nil
	}
	return fmt.Errorf("expected a list, got %.20s", b)
}

// popVars is ScreenPopUrlVariables: an array of one-key objects in the seed
// (L335-L342); a plain object is taken too.
type popVars map[string]string

func (p *popVars) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	out := popVars{}
	if len(b) == 0 || string(b) == "null" || string(b) == `""` {
		*p = out
		return nil
	}
	var objs []map[string]flex.String
	if b[0] == '{' {
		var one map[string]flex.String
		if err := json.Unmarshal(b, &one); err != nil {
			return err
		}
		objs = append(objs, one)
	} else if err := json.Unmarshal(b, &objs); err != nil {
		return err
	}
	for _, o := range objs {
		for k, v := range o {
			out[k] = string(v)
		}
	}
	*p = out
	return nil
}

// Events the driver reads; anything else is logged and skipped.

type evSessionStart struct {
	BusNo              flex.String
	AgentID            flex.String `json:"AgentId"`
	SessionID          flex.String `json:"SessionId"`
	StationPhoneNumber flex.String
	StationCallerID    flex.String `json:"StationCallerId"`
	CanMultiPartyConf  flex.Bool   `json:"CanMultiPartyConference"`
}

type evSessionEnd struct {
	Success flex.Bool
	Message flex.String
	Remote  bool `json:"-"`
}

type nextState struct {
	State     flex.String
	OutReason flex.String
}

type evAgentState struct {
	CurrentState     flex.String
	CurrentOutReason flex.String
	NextStates       list[nextState]
	StartTimeUTC     flex.String
	IsAcw            flex.Bool // also IsACW
	AcwTimeout       flex.String
	NextIsAcw        flex.Bool
}

type evAgentLeg struct {
	AgentLegID flex.String `json:"AgentLegId"`
	Status     flex.String
	FinalState flex.Bool
}

type evAgentError struct {
	Command    flex.String
	ResultCode flex.String
	ContactID  flex.String
	Target     flex.String
	ErrorLevel flex.String
}

// evContact is CallContactEvent, WorkItemContactEvent and ChatContactEvent:
// one shape with the union of their keys (seed L209, L322, L385; the SDK's
// MasterID and ParentContactId from public-apis §1.4.2).
type evContact struct {
	Kind                   string `json:"-"`
	ContactID              flex.String
	MasterID               flex.String
	ParentContactID        flex.String `json:"ParentContactId"`
	Status                 flex.String
	CallType               flex.String
	DNIS                   flex.String
	ANI                    flex.String
	Skill                  flex.String
	SkillID                flex.String `json:"SkillId"`
	IsInbound              flex.String
	StartTimeUTC           flex.String
	StartTime              flex.String
	LastStateChangeTimeUTC flex.String
	LastStateChangeTime    flex.String
	ScreenPopURL           flex.String `json:"ScreenPopUrl"`
	ScreenPopURLVariables  popVars     `json:"ScreenPopUrlVariables"`
	DisconnectCode         flex.String
	AllowDispositions      flex.String
	IsLinked               flex.String
	FinalState             flex.Bool
	BlendingToSkillName    flex.String
	RoomID                 flex.String `json:"RoomId"`
	WorkItemID             flex.String `json:"WorkItemId"`
	WorkItemType           flex.String
	WorkItemPayload        flex.String
	Messages               list[chatMessage]
}

type chatMessage struct {
	Text      flex.String
	Message   flex.String
	PartyType flex.String
}

type evPageOpen struct {
	ContactID flex.String
	Action    flex.String
	PageURI   flex.String `json:"PageUri"`
}

// evOther is a known or unknown event the desk does not use.
type evOther struct{ Type string }

// Event type names, as the seed spells them (headings differ, note §7.B).
const (
	tSessionStart     = "AgentSessionStart"
	tSessionEnd       = "AgentSessionEnd"
	tRemoteSessionEnd = "RemoteAgentSessionEnd"
	tAgentState       = "AgentState"
	tAgentLeg         = "AgentLeg"
	tAgentError       = "AgentError"
	tCall             = "CallContactEvent"
	tWorkItem         = "WorkItemContactEvent"
	tChat             = "ChatContactEvent"
	tPageOpen         = "PageOpen"
	tUpdateCodes      = "UpdateUnavailableCodes"
)

// decodeEvent turns one raw event into one of the ev* types. An event whose
// Type the driver does not use comes back as evOther, not as an error.
func decodeEvent(raw json.RawMessage) (any, error) {
	b := bytes.TrimSpace(raw)
	if len(b) == 0 || b[0] != '{' {
		return nil, fmt.Errorf("event is not an object: %.40q", b)
	}
	var head struct {
		Type flex.String `json:"Type"` // also "type" (custom events)
	}
	if err := json.Unmarshal(b, &head); err != nil {
		return nil, fmt.Errorf("event: %w", err)
	}
	typ := strings.TrimSpace(string(head.Type))
	if typ == "" {
		return nil, errors.New("event has no Type")
	}
	var v any
	switch strings.ToLower(typ) {
	case strings.ToLower(tSessionStart):
		v = &evSessionStart{}
	case strings.ToLower(tSessionEnd):
		v = &evSessionEnd{}
	case strings.ToLower(tRemoteSessionEnd):
		v = &evSessionEnd{Remote: true}
	case strings.ToLower(tAgentState):
		v = &evAgentState{}
	case strings.ToLower(tAgentLeg):
		v = &evAgentLeg{}
	case strings.ToLower(tAgentError):
		v = &evAgentError{}
	case strings.ToLower(tCall):
		v = &evContact{Kind: tCall}
	case strings.ToLower(tWorkItem):
		v = &evContact{Kind: tWorkItem}
	case strings.ToLower(tChat):
		v = &evContact{Kind: tChat}
	case strings.ToLower(tPageOpen):
		v = &evPageOpen{}
	default:
		return evOther{Type: typ}, nil
	}
	if err := json.Unmarshal(b, v); err != nil {
		return nil, fmt.Errorf("%s: %w", typ, err)
	}
	if c, ok := v.(*evContact); ok && strings.TrimSpace(string(c.ContactID)) == "" {
		return nil, fmt.Errorf("%s without ContactID", typ)
	}
	if s, ok := v.(*evAgentState); ok && strings.TrimSpace(string(s.CurrentState)) == "" {
		return nil, errors.New("AgentState without CurrentState")
	}
	return v, nil
}

// parseTime reads the seed's ISO 8601 UTC dates ("2013-09-10T19:16:33.000Z")
// and the variants a server may send; zero when unreadable.
func parseTime(s flex.String) time.Time {
	v := strings.TrimSpace(string(s))
	if v == "" {
		return time.Time{}
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02 15:04:05"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}

// truthy reads a string boolean ("True", "true", "1"); "" is false.
func truthy(s flex.String) bool {
	switch strings.ToLower(strings.TrimSpace(string(s))) {
	case "true", "1", "yes", "y":
		return true
	}
	return false
}

// atoi reads a string integer leniently; 0 when unreadable.
func atoi(s flex.String) int {
	n, _ := strconv.Atoi(strings.TrimSpace(string(s)))
	return n
}
