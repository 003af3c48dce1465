package openscape

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"

	"tandem/vendors/flex"
)

// Wire types of the REST SDK (notes §1–§4). Every field the document
// prints in two forms decodes from both (flex types, alternate names).

type application struct {
	Name        string `json:"name"`
	Token       string `json:"token"`
	BusUnitName string `json:"busUnitName"`
}

type registerRequest struct {
	WebhookURL        string      `json:"webhookURL"`
	WebhookAPIVersion string      `json:"webhookAPIVersion"`
	Application       application `json:"application"`
}

// result is the part every answer has.
type result struct {
	ErrorCode    flex.String `json:"errorCode"`
	ErrorDetails flex.String `json:"errorDetails"`
	ErrorText    flex.String `json:"errorText"` // §3.4 sample's name for errorDetails
}

func (r result) details() string {
	if r.ErrorDetails != "" {
		return string(r.ErrorDetails)
	}
	return string(r.ErrorText)
}

type registerResponse struct {
	result
	SessionToken flex.String `json:"sessionToken"`
}

type serverStateResponse struct {
	result
	ServerState flex.String `json:"serverState"`
}

type user struct {
	AgentKey  flex.Int    `json:"agentKey"`
	UserName  flex.String `json:"userName"`
	FirstName flex.String `json:"firstName"`
	LastName  flex.String `json:"lastName"`
	AgentID   flex.String `json:"agentId"`
}

type usersResponse struct {
	result
	Users []user `json:"users"`
}

type reason struct {
	ReasonKey   flex.Int    `json:"reasonKey"`
	Name        flex.String `json:"name"`
	Description flex.String `json:"description"`
}

type reasonsResponse struct {
	result
	Reasons []reason `json:"reasons"`
}

type queueInfo struct {
	Key       flex.Int    `json:"key"`
	Name      flex.String `json:"name"`
	MediaType flex.String `json:"mediaType"`
}

type queuesResponse struct {
	result
	Queues []queueInfo `json:"queues"`
}

// routingStateResponse is GetRoutingState's answer.
type routingStateResponse struct {
	result
	AgentID               flex.String `json:"agentId"`
	AgentKey              flex.Int    `json:"agentKey"`
	Extension             flex.String `json:"extension"`
	LoggedOnMediaTypes    strList     `json:"loggedOnMediaTypes"`
	PresenceState         flex.String `json:"presenceState"`
	RoutingState          flex.String `json:"routingState"`
	RoutingStateReasonKey flex.Int    `json:"routingStateReasonKey"`
}

type queryLineResponse struct {
	result
	AgentID      flex.String `json:"agentId"`
	UniqueCallID flex.String `json:"uniqueCallId"`
	AgentKey     flex.Int    `json:"agentKey"`
	FirstCallID  flex.String `json:"firstCallId"`
	SecondCallID flex.String `json:"secondCallId"`
	Status       flex.String `json:"status"`
}

type party struct {
	AgentKey flex.Int    `json:"agentKey"`
	Device   flex.String `json:"device"`
	Type     flex.String `json:"type"`
}

type kv struct {
	Key   flex.String `json:"key"`
	Value flex.String `json:"value"`
}

type queryCallResponse struct {
	result
	ContactType      flex.String `json:"contactType"`
	Type             flex.String `json:"type"`
	State            flex.String `json:"state"`
	OrigDNIS         flex.String `json:"origDNIS"`
	OrigANI          flex.String `json:"origANI"`
	RoutingANI       flex.String `json:"routingANI"`
	RoutingDNIS      flex.String `json:"routingDNIS"`
	OrigCallingParty *party      `json:"origCallingParty"`
	TargetParty      *party      `json:"targetParty"`
	QueueKey         flex.Int    `json:"queueKey"`
}

type routingCallResponse struct {
	result
	RoutingCall struct {
		UniqueCallID flex.String `json:"uniqueCallId"`
		Description  flex.String `json:"description"`
		ContactData  []kv        `json:"contactData"`
		QueueKey     flex.Int    `json:"queueKey"`
	} `json:"routingCall"`
}

// strList accepts a list of strings or one string (USER_MEDIA_STATE's
// mediaType is typed List but printed as a string, notes §9 #27).
type strList []string

func (l *strList) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '[' {
		var xs []flex.String
		if err := json.Unmarshal(b, &xs); err != nil {
			return err
		}
		*l = (*l)[:0]
		for _, x := range xs {
			*l = append(*l, norm(string(x)))
		}
		return nil
	}
	var s flex.String
	if err := s.UnmarshalJSON(b); err != nil {
		return err
	}
	*l = nil
	if v := norm(string(s)); v != "" {
		*l = strList{v}
	}
	return nil
}

func (l strList) has(v string) bool {
	for _, x := range l {
		if x == v {
			return true
		}
	}
	return false
}

// norm is how every enum value is compared: trimmed and upper case
// ("TELEPHONY " and " HOTSTANDBY_EVENT " are printed with spaces).
func norm(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }

// envelope is the two-level wrapper of every webhook event (notes §1.5).
type envelope struct {
	Type flex.String `json:"type"`
	Data *struct {
		Realm flex.String     `json:"realm"`
		Type  flex.String     `json:"type"`
		Data  json.RawMessage `json:"data"`
	} `json:"data"`
}

// callEvent holds the fields of every telephony event (notes §4.3).
type callEvent struct {
	MediaType         flex.String `json:"mediaType"`
	Resource          flex.String `json:"resource"`
	UniqueCallID      flex.String `json:"uniqueCallId"`
	SequenceNumber    *flex.Int   `json:"sequenceNumber"`
	RequeueCount      *flex.Int   `json:"requeueCount"`
	LcsType           flex.String `json:"lcsType"`
	ContactType       flex.String `json:"contactType"`
	NormalCause       flex.String `json:"normalCause"`
	OriginalFrom      flex.String `json:"originalFrom"`
	OriginalTo        flex.String `json:"originalTo"`
	Consult           flex.Bool   `json:"consult"`
	DeliveredToParty  *party      `json:"deliveredToParty"`
	FromParty         *party      `json:"fromParty"`
	ToParty           *party      `json:"toParty"`
	DisconnectedParty *party      `json:"disconnectedParty"`
	HoldingParty      *party      `json:"holdingParty"`
	InitiatedParty    *party      `json:"initiatedParty"`
	DestinationParty  *party      `json:"destinationParty"`
	ContactData       []kv        `json:"contactData"`
	// SERVICES_ENABLED flags and HOTSTANDBY state.
	Answer flex.Bool   `json:"answer"`
	State  flex.String `json:"state"`
}

// requeue is sequenceNumber or, as two examples print it, requeueCount.
func (c *callEvent) requeue() int {
	switch {
	case c.SequenceNumber != nil:
		return int(*c.SequenceNumber)
	case c.RequeueCount != nil:
		return int(*c.RequeueCount)
	}
	return 0
}

type handlingState struct {
	UniqueCallID  flex.String `json:"uniqueCallId"`
	HandlingState flex.String `json:"handlingState"`
	MediaType     flex.String `json:"mediaType"`
}

// presenceEvent holds the fields of every presence event (notes §3.7).
type presenceEvent struct {
	AgentID               flex.String     `json:"agentId"`
	AgentKey              *flex.Int       `json:"agentKey"`
	Extension             flex.String     `json:"extension"`
	HandlingStates        []handlingState `json:"handlingStates"`
	LoggedOnMediaTypes    strList         `json:"loggedOnMediaTypes"`
	PresenceState         flex.String     `json:"presenceState"`
	RoutingState          flex.String     `json:"routingState"`
	RoutingStateReasonKey flex.Int        `json:"routingStateReasonKey"`
	MediaType             strList         `json:"mediaType"`
	MediaState            flex.String     `json:"mediaState"`
	ServerName            flex.String     `json:"serverName"`
}

// event is one decoded webhook delivery.
type event struct {
	Realm, Type string
	Call        *callEvent     // TELEPHONY
	Presence    *presenceEvent // PRESENCE
}

var errNotEvent = errors.New("not an OpenScape event")

// decodeEvent parses one webhook body. Unknown realms and types decode
// without a payload (the caller ignores them); anything that is not an
// event envelope is an error.
func decodeEvent(body []byte) (event, error) {
	var env envelope
	dec := json.NewDecoder(bytes.NewReader(clean(body)))
	if err := dec.Decode(&env); err != nil {
		return event{}, err
	}
	if env.Data == nil {
		return event{}, errNotEvent
	}
	if t := norm(string(env.Type)); t != "" && t != "EVENT" {
		return event{}, errNotEvent
	}
	ev := event{Realm: norm(string(env.Data.Realm)), Type: norm(string(env.Data.Type))}
	if ev.Realm == "" || ev.Type == "" {
		return event{}, errNotEvent
	}
	if ev.Type == "SERVICE_ENABLED_EVENT" { // the example's spelling (notes §9 #39)
		ev.Type = "SERVICES_ENABLED_EVENT"
	}
	raw := bytes.TrimSpace(env.Data.Data)
	payload := len(raw) > 0 && raw[0] == '{'
	switch ev.Realm {
	case "TELEPHONY":
		if !payload {
			return event{}, errors.New("telephony event without data")
		}
		ev.Call = new(callEvent)
		if err := json.Unmarshal(raw, ev.Call); err != nil {
			return event{}, err
		}
	case "PRESENCE":
		if !payload {
			return event{}, errors.New("presence event without data")
		}
		ev.Presence = new(presenceEvent)
		if err := json.Unmarshal(raw, ev.Presence); err != nil {
			return event{}, err
		}
	}
	return ev, nil
}
