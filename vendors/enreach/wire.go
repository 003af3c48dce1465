package enreach

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"tandem/vendors/flex"
)

// Every field is decoded case-insensitively (encoding/json), so the
// camelCase wire (L141-177) and the PascalCase examples both fit, and
// UserName matches Username (A22).

// envelope is MessageReceived's single argument (L179-198).
type envelope struct {
	Subscription *struct {
		EventType  flex.String `json:"eventType"`
		EntityType flex.String `json:"entityType"`
		EntityID   flex.String `json:"entityId"`
	} `json:"subscription"`
	Data json.RawMessage `json:"data"`
}

// common holds the keys every event carries but no table lists (§3.2).
type common struct {
	EventType  flex.String `json:"EventType"`
	EntityType flex.String `json:"EntityType"`
	EntityID   flex.String `json:"EntityId"`
	ID         flex.String `json:"Id"`
	Timestamp  Time        `json:"Timestamp"`
}

// userStatus is UserStatus (L1077-1093); pointers tell "absent" from
// false, as the real envelope omits fields the table lists (A19).
type userStatus struct {
	UserID           flex.String `json:"UserId"`
	CanBeAllocatedTo *flex.Bool  `json:"CanBeAllocatedTo"`
	Talking          *flex.Bool  `json:"Talking"`
	Available        *flex.Bool  `json:"Available"`
	Schedule         *flex.Bool  `json:"Schedule"`
	Serving          *flex.Bool  `json:"Serving"`
	FetchMode        *flex.Bool  `json:"FetchMode"`
	ActiveQueueID    flex.String `json:"ActiveQueueId"`
	WrapUpStart      Time        `json:"WrapUpStart"`
	WrapUpEnd        Time        `json:"WrapUpEnd"`
}

// availability is UserAvailability (L428-438).
type availability struct {
	Availability flex.String `json:"Availability"`
	StartTime    Time        `json:"StartTime"`
	EndTime      Time        `json:"EndTime"`
	Note         flex.String `json:"Note"`
}

// callEvent is the union of the user and queue call events' fields
// (E04-E16, E20-E24); each event fills the ones it has.
type callEvent struct {
	CallID               flex.String `json:"CallId"`
	LegID                flex.String `json:"LegId"`
	UserName             flex.String `json:"UserName"`
	UserNumber           flex.String `json:"UserNumber"`
	CallerNumber         flex.String `json:"CallerNumber"`
	TargetNumber         flex.String `json:"TargetNumber"`
	QueueID              flex.String `json:"QueueId"`
	QueueName            flex.String `json:"QueueName"`
	TechQueueName        flex.String `json:"TechQueueName"`
	Reason               flex.String `json:"Reason"`
	TechReason           flex.String `json:"TechReason"`
	ConnectedTarget      flex.String `json:"ConnectedTarget"`
	TransferTarget       flex.String `json:"TransferTarget"`
	MaxWrapUpDurationSec flex.Int    `json:"MaxWrapUpDurationSec"`
}

// queueStatus is QueueStatus (L1559-1577).
type queueStatus struct {
	QueueID                    flex.String `json:"QueueId"`
	QueueName                  flex.String `json:"QueueName"`
	NbrOfQueuingRequesters     flex.Int    `json:"NbrOfQueuingRequesters"`
	NbrOfAgentsCheckedInQueue  flex.Int    `json:"NbrOfAgentsCheckedInQueue"`
	NbrOfAgentsImmediatelyFree flex.Int    `json:"NbrOfAgentsImmediatelyFree"`
	MaxWaitTime                flex.Int    `json:"MaxWaitTime"`
	OpenStatus                 flex.String `json:"OpenStatus"`
}

// message is one decoded MessageReceived.
type message struct {
	Event    string // canonical name
	Entity   string // entity id the event is about
	ID       string
	At       time.Time
	Status   *userStatus
	Avail    *availability
	Call     *callEvent
	Queue    *queueStatus
	Unneeded bool // a known event the desk does not use
}

var errUnknownEvent = errors.New("enreach: unknown event type")

// decodeMessage reads one MessageReceived argument. An error means the
// message is malformed and must be logged and skipped.
func decodeMessage(raw []byte) (message, error) {
	var env envelope
	if err := json.Unmarshal(raw, &env); err != nil {
		return message{}, fmt.Errorf("enreach: envelope: %w", err)
	}
	data := bytes.TrimSpace(env.Data)
	if len(data) == 0 || data[0] != '{' {
		return message{}, errors.New("enreach: envelope without a data object")
	}
	var c common
	if err := json.Unmarshal(data, &c); err != nil {
		return message{}, fmt.Errorf("enreach: event: %w", err)
	}
	name := canonicalEvent(string(c.EventType))
	entity := string(c.EntityID)
	if env.Subscription != nil {
		if name == "" {
			name = canonicalEvent(string(env.Subscription.EventType))
		}
		if entity == "" {
			entity = string(env.Subscription.EntityID)
		}
	}
	if name == "" {
		return message{}, fmt.Errorf("%w %q", errUnknownEvent, truncate(string(c.EventType), 60))
	}
	m := message{Event: name, Entity: strings.TrimSpace(entity), ID: string(c.ID), At: c.Timestamp.Time}
	var err error
	switch name {
	case evUserStatus:
		m.Status = &userStatus{}
		err = json.Unmarshal(data, m.Status)
	case evUserAvailability:
		m.Avail = &availability{}
		err = json.Unmarshal(data, m.Avail)
	case evQueueStatus:
		m.Queue = &queueStatus{}
		if err = json.Unmarshal(data, m.Queue); err == nil && m.Queue.QueueID == "" {
			m.Queue.QueueID = flex.String(m.Entity)
		}
		if err == nil && m.Queue.QueueID == "" {
			err = errors.New("enreach: QueueStatus without a queue id")
		}
	default:
		if !isCallEvent(name) {
			m.Unneeded = true
			return m, nil
		}
		m.Call = &callEvent{}
		if err = json.Unmarshal(data, m.Call); err == nil && strings.TrimSpace(string(m.Call.CallID)) == "" {
			err = fmt.Errorf("enreach: %s without a CallId", name)
		}
	}
	if err != nil {
		return message{}, fmt.Errorf("enreach: %s: %w", name, err)
	}
	return m, nil
}

func isCallEvent(name string) bool {
	switch name {
	case evUserCallInComing, evUserCallInArrived, evUserCallInUserAllocated,
		evUserCallInUserConnected, evUserCallInUserCancelled, evUserCallInDisconnected,
		evUserCallInOverflow, evUserCallInUserOverflow, evUserCallInTransferStarted,
		evUserCallInTransferConnected, evUserCallInTransferCancelled,
		evUserCallOutConnected, evUserCallOutDisconnected,
		evUserWrapUpEnabled, evUserWrapUpStarted, evUserWrapUpTerminated,
		evQueueCallInComing, evQueueCallInArrived:
		return true
	}
	return false
}
