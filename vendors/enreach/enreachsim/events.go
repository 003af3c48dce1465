package enreachsim

import (
	"strings"
	"time"
	"unicode"
)

// Event data is built with the per-event examples' PascalCase keys and
// sent camelCase like the one real envelope (L141-177) unless PascalCase
// is switched on (A17).

const (
	stampLayout = "2006-01-02T15:04:05.0000000Z" // L175
	dateLayout  = "2006-01-02T15:04:05"          // zone-less DateTime (A25)
)

func stamp(t time.Time) string { return t.UTC().Format(stampLayout) }

func date(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Format(dateLayout)
}

// envelope wraps event fields as MessageReceived's argument. Call with
// s.mu held.
func (s *Sim) envelope(sub subscription, fields map[string]any) map[string]any {
	data := map[string]any{
		"RootEntityType": "Organization", "RootEntityId": s.orgID,
		"EventType": sub.EventType, "EntityType": sub.EntityType, "EntityId": sub.EntityID,
		"Id": guid(), "Timestamp": stamp(time.Now()), "MessageTTLSeconds": ttl(sub.EventType),
		"OrganizationId": s.orgID,
	}
	for k, v := range fields {
		data[k] = v
	}
	if !s.pascal {
		data = camel(data)
	}
	return map[string]any{"subscription": s.subInfo(sub), "data": data}
}

func ttl(ev string) int {
	switch ev {
	case "UserStatus", "QueueStatus":
		return 60
	case "CallbackChanged":
		return 120
	}
	return -1
}

func camel(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		r := []rune(k)
		if len(r) > 0 {
			r[0] = unicode.ToLower(r[0])
		}
		out[string(r)] = v
	}
	return out
}

// publish sends an event to every connection subscribed to it. Call with
// s.mu held.
func (s *Sim) publish(kind, entity, event string, fields map[string]any) {
	key := strings.ToLower(entity) + "|" + strings.ToLower(event)
	for _, c := range s.conns {
		if sub, ok := c.subs[key]; ok {
			c.send(s.envelope(sub, fields))
		}
	}
}

func (s *Sim) publishUser(event string, fields map[string]any) {
	if fields == nil {
		fields = map[string]any{}
	}
	fields["UserId"] = s.userID
	s.publish("User", s.userID, event, fields)
}

// userStatusData is UserStatus (L1077-1093). Call with s.mu held.
func (s *Sim) userStatusData() map[string]any {
	talking, wrap := s.talkingWrap()
	var wrapStart, wrapEnd time.Time
	var active any
	if wrap != nil {
		wrapStart = wrap.wrapStart
		wrapEnd = wrap.wrapStart.Add(time.Duration(s.wrapUpSec) * time.Second)
	}
	for _, c := range s.calls {
		if c.queue != nil && c.state != callWrapUp {
			active = c.queue.ID
		}
	}
	return map[string]any{
		"UserId": s.userID, "CanBeAllocatedTo": s.allocatable(),
		"Talking": talking, "TalkingStatusChanged": date(time.Now()),
		"ActiveQueueId": active, "Available": s.avail != "DoNotDisturb",
		"Schedule": s.avail != "OffWork", "Serving": s.serving,
		"ServiceTerminals": 1, "ActiveQueues": len(s.queues), "ParkedCalls": 0,
		"WrapUpStart": date(wrapStart), "WrapUpEnd": date(wrapEnd),
		"ServingCallback": false, "FetchMode": s.fetch,
	}
}

// availabilityData is UserAvailability (L428-438). Call with s.mu held.
func (s *Sim) availabilityData() map[string]any {
	return map[string]any{
		"UserId": s.userID, "UserName": s.userName, "ProfileId": guid(),
		"Availability": s.avail, "StartTime": date(time.Now()),
		"EndTime": "9999-12-31T23:59:59.9999999", // DateTime.MaxValue: continuous
		"Note":    s.note, "EventSource": "User", "TransferNumber": "",
	}
}

// queueStatusData is QueueStatus (L1559-1577). Call with s.mu held.
func (s *Sim) queueStatusData(q *queue) map[string]any {
	return map[string]any{
		"QueueId": q.ID, "QueueName": q.Name, "NbrOfProviders": q.Agents,
		"NbrOfRequesters": q.Waiting, "NbrOfServingAgentsEstimate": q.Agents - q.Free,
		"NbrOfAllocated": 0, "NbrOfConnected": 0, "NbrOfQueuingRequesters": q.Waiting,
		"NbrOfNotServedRequesters": q.Waiting, "NbrOfAgentsLongTermAway": 0,
		"NbrOfAgentsShortTermAway": 0, "NbrOfAgentsImmediatelyFree": q.Free,
		"NbrOfAgentsCheckedInQueue": q.Agents, "NbrOfAgentsOnWrapUp": 0,
		"NbrOfAgentsOnFetchMode": 0, "MaxWaitTime": q.MaxWait, "OpenStatus": 5,
	}
}

func (s *Sim) sendStatus() { s.publishUser("UserStatus", s.userStatusData()) }

func (s *Sim) sendQueue(q *queue) { s.publish("Queue", q.ID, "QueueStatus", s.queueStatusData(q)) }
