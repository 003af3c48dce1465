package mitel

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"tandem/vendors/flex"
)

// Wire types of what the server sends. Every ID is a flex.String: the
// document prints IDs as numbers in one place and strings in another
// (note §8 #13). Unknown fields are ignored; missing ones stay zero.

// response is the reply to authenticate, subscribe-events,
// unsubscribe-events and command (L502-512, L590-610, L1217-1227). The
// sample auth reply has no "message" (L2910), so replies are matched by
// request-id.
type response struct {
	Message   flex.String `json:"message"`
	RequestID *flex.Int   `json:"request-id"`
	Result    *flex.Int   `json:"result"`
	ErrorMsg  flex.String `json:"error-msg"`
	Command   flex.String `json:"command"`
}

// agentEvent is one agent activity event (L666-904).
type agentEvent struct {
	Message     flex.String `json:"message"`
	Timestamp   flex.String `json:"timestamp"`
	GMT         flex.String `json:"gmt"`
	AgentID     flex.String `json:"agent-id"`
	Cause       flex.Int    `json:"cause"`
	AgentNumber flex.String `json:"agent-number"`
	AgentExt    flex.String `json:"agent-ext"`
	ReleaseCode flex.String `json:"release-code"`
	MediaType   flex.Int    `json:"media-type"`
	CallType    flex.Int    `json:"call-type"`
	CallID      flex.String `json:"call-id"`
	GUID        flex.String `json:"guid"`
	WrapupCode  flex.String `json:"wrapup-code"`
}

// callEvent is one call activity event (L2088-2844); one struct holds the
// fields of every kind, as they share the envelope and device names.
type callEvent struct {
	Message   flex.String `json:"message"`
	Timestamp flex.String `json:"timestamp"`
	GMT       flex.String `json:"gmt"`
	CallID    flex.String `json:"call-id"`
	PBXCallID flex.String `json:"pbx-call-id"`
	GUID      flex.String `json:"guid"`
	CallTable []callInfo  `json:"call-table"`
	Cause     flex.Int    `json:"cause"`
	AgentID   flex.String `json:"agent-id"`

	AlertingDevice     flex.String `json:"alerting-device"`
	AlertingDeviceID   flex.String `json:"alerting-device-id"`
	AlertingDeviceType flex.Int    `json:"alerting-device-type"`
	CallingDevice      flex.String `json:"calling-device"`
	CallingDeviceID    flex.String `json:"calling-device-id"`
	CallingDeviceType  flex.Int    `json:"calling-device-type"`
	JoiningDevice      flex.String `json:"joining-device"`
	JoiningDeviceID    flex.String `json:"joining-device-id"`
	JoiningDeviceType  flex.Int    `json:"joining-device-type"`
	Device             flex.String `json:"device"`
	DeviceID           flex.String `json:"device-id"`
	DeviceType         flex.Int    `json:"device-type"`
	DeviceOut          flex.String `json:"device-out"`
	DeviceOutID        flex.String `json:"device-out-id"`
	DeviceOutType      flex.Int    `json:"device-out-type"`
	DivertTo           flex.String `json:"divert-to-device"`
	DivertToID         flex.String `json:"divert-to-device-id"`
	DivertToType       flex.Int    `json:"divert-to-device-type"`
	DivertFrom         flex.String `json:"divert-from-device"`
	DivertFromID       flex.String `json:"divert-from-device-id"`
	DivertFromType     flex.Int    `json:"divert-from-device-type"`
	Transferring       flex.String `json:"transferring-device"`
	TransferringID     flex.String `json:"transferring-device-id"`
	TransferringType   flex.Int    `json:"transferring-device-type"`
	TransferTo         flex.String `json:"transfer-to-device"`
	TransferToID       flex.String `json:"transfer-to-device-id"`
	TransferToType     flex.Int    `json:"transfer-to-device-type"`
	Conferencing       flex.String `json:"conferencing-device"`
	ConferencingID     flex.String `json:"conferencing-device-id"`
	ConferencingType   flex.Int    `json:"conferencing-device-type"`
	Conferenced        flex.String `json:"conferenced-device"`
	ConferencedID      flex.String `json:"conferenced-device-id"`
	ConferencedType    flex.Int    `json:"conferenced-device-type"`
	SecondaryCallID    flex.String `json:"secondary-call-id"`
	ResultantCallID    flex.String `json:"resultant-call-id"`
	AbandonedCall      flex.Bool   `json:"abandoned-call"`
	WrapupCodeID       flex.String `json:"wrapup-code-id"`
	WrapupIDList       idList      `json:"wrapup-id-list"`
	NewType            *flex.Int   `json:"new-type"`
}

// callInfo is the Call object of the call table (L1919-1939).
type callInfo struct {
	Media       flex.Int      `json:"media"`
	CallType    flex.Int      `json:"call-type"`
	DNIS        flex.String   `json:"dnis"`
	Group       groupRef      `json:"group"`
	CallProfile []profileItem `json:"call-profile"`
	Connections []connection  `json:"connections"`
}

type groupRef struct {
	Type flex.Int    `json:"type"`
	ID   flex.String `json:"id"`
}

type profileItem struct {
	ID    flex.Int    `json:"id"`
	Value flex.String `json:"value"`
}

type connection struct {
	Device flex.String `json:"device"`
	State  flex.Int    `json:"state"`
}

// idList accepts an array of IDs or one bare ID (no-wrap prints the list
// without brackets, note §8 #75).
type idList []flex.String

func (l *idList) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '[' {
		var v []flex.String
		if err := json.Unmarshal(b, &v); err != nil {
			return err
		}
		*l = v
		return nil
	}
	var one flex.String
	if err := one.UnmarshalJSON(b); err != nil {
		return err
	}
	if one != "" {
		*l = idList{one}
	}
	return nil
}

// agentStats is the part of daily-agent-stats the driver uses: the numeric
// state code (L1865-1901), the only authoritative state after a reconnect.
type agentStats struct {
	Message     flex.String `json:"message"`
	AgentID     flex.String `json:"agent-id"`
	State       *flex.Int   `json:"state"`
	StateStart  flex.String `json:"state-start-time"`
	ReleaseCode flex.String `json:"release-code"`
}

// entityMsg is an entity-snapshot or entity-update (L1301-1397, L2915).
// Items are decoded key by key through normalised names, because the
// document prints keys with leading spaces and line breaks (note §8 #53).
type entityMsg struct {
	Message    flex.String               `json:"message"`
	Filter     flex.String               `json:"filter"`
	UpdateType flex.String               `json:"update-type"`
	Items      map[string][]entityFields `json:"-"`
}

// entityFields is one entity with normalised keys.
type entityFields map[string]string

func (m *entityMsg) UnmarshalJSON(b []byte) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	m.Items = map[string][]entityFields{}
	for k, v := range raw {
		key := strings.ToLower(string(normName([]byte(k))))
		switch key {
		case "message":
			_ = m.Message.UnmarshalJSON(v)
		case "filter":
			_ = m.Filter.UnmarshalJSON(v)
		case "update-type":
			_ = m.UpdateType.UnmarshalJSON(v)
		case "agents", "groups", "release-codes", "wrapup-codes", "dnis", "agent-queues":
			var items []map[string]flex.String
			if err := json.Unmarshal(v, &items); err != nil {
				if key == "dnis" || key == "agent-queues" {
					continue // not used; a bad form must not cost the rest
				}
				return fmt.Errorf("%s: %w", key, err)
			}
			for _, it := range items {
				f := entityFields{}
				for ik, iv := range it {
					f[strings.ToLower(string(normName([]byte(ik))))] = strings.TrimSpace(string(iv))
				}
				m.Items[key] = append(m.Items[key], f)
			}
		}
	}
	return nil
}

// Requests the driver sends, in the document's field order. IDs that are
// numbers are sent as JSON numbers, as the templates print them.

type authRequest struct {
	Version   int    `json:"version"`
	Sequence  uint32 `json:"sequence"`
	Topic     string `json:"topic"`
	RequestID int64  `json:"request-id"`
	Message   string `json:"message"`
	User      string `json:"user"`
	Password  string `json:"password"`
}

type subscribeRequest struct {
	Version   int     `json:"version"`
	Sequence  uint32  `json:"sequence"`
	Topic     string  `json:"topic"`
	RequestID int64   `json:"request-id"`
	Message   string  `json:"message"`
	Subscribe [][]any `json:"subscribe"`
}

// commandRequest is every command (L910-1211): request-id first, as the
// templates print it.
type commandRequest struct {
	RequestID      int64           `json:"request-id"`
	Version        int             `json:"version"`
	Sequence       uint32          `json:"sequence"`
	Topic          string          `json:"topic"`
	Message        string          `json:"message"`
	SubRequestType string          `json:"sub-request-type"`
	AgentID        json.RawMessage `json:"agent-id"`
	AgentNumber    *string         `json:"agent-number,omitempty"`
	AgentExtension *string         `json:"agent-extension,omitempty"`
	GroupType      json.RawMessage `json:"group-type,omitempty"`
	GroupID        json.RawMessage `json:"group-id,omitempty"`
	ReleaseCode    json.RawMessage `json:"release-code,omitempty"`
	WrapupCodeID   json.RawMessage `json:"wrapup-code-id,omitempty"`
	CallID         json.RawMessage `json:"call-id,omitempty"`
}

// idValue writes an ID as a JSON number when it is one, else as a string.
func idValue(s string) json.RawMessage {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	neg := strings.HasPrefix(s, "-")
	digits := strings.TrimPrefix(s, "-")
	if len(digits) > 0 && len(digits) <= 18 && strings.Trim(digits, "0123456789") == "" && (digits == "0" || digits[0] != '0') {
		if neg {
			return json.RawMessage("-" + digits)
		}
		return json.RawMessage(digits)
	}
	b, _ := json.Marshal(s)
	return b
}

// idString always writes a JSON string (the login command quotes agent-id,
// L927).
func idString(s string) json.RawMessage {
	b, _ := json.Marshal(strings.TrimSpace(s))
	return b
}
