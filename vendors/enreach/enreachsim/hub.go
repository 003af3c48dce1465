package enreachsim

import (
	"strings"

	"github.com/philippseith/signalr"

	"tandem/vendors/enreach"
)

// rteConn is one hub connection: its subscriptions (never kept across
// connections, L275) and an ordered outbox, because the library's own
// lifetime manager sends each message on its own goroutine.
type rteConn struct {
	hc   signalr.HubConnection
	subs map[string]subscription // key: entity|event (lower case)
	out  chan any
}

type subscription struct {
	ID, EntityID, EventType, EntityType string
}

// lifetime replaces the library's lifetime manager to keep every
// connection's messages in order.
type lifetime struct{ sim *Sim }

func (l *lifetime) OnConnected(hc signalr.HubConnection) {
	c := &rteConn{hc: hc, subs: map[string]subscription{}, out: make(chan any, 4096)}
	l.sim.mu.Lock()
	l.sim.conns[hc.ConnectionID()] = c
	l.sim.mu.Unlock()
	go func() {
		for {
			select {
			case <-hc.Context().Done():
				return
			case m := <-c.out:
				if err := hc.SendInvocation("", "MessageReceived", []any{m}); err != nil {
					return
				}
			}
		}
	}()
}

func (l *lifetime) OnDisconnected(hc signalr.HubConnection) {
	l.sim.mu.Lock()
	delete(l.sim.conns, hc.ConnectionID())
	l.sim.mu.Unlock()
}

func (l *lifetime) InvokeAll(string, []any)                        {}
func (l *lifetime) InvokeClient(string, string, []any)             {}
func (l *lifetime) InvokeGroup(string, string, []any)              {}
func (l *lifetime) AddToGroup(groupName, connectionID string)      {}
func (l *lifetime) RemoveFromGroup(groupName, connectionID string) {}

// EntitySubscription is Subscribe's item (L113-115), any casing.
type EntitySubscription struct {
	EntityID  string `json:"EntityId"`
	EventName string `json:"EventName"`
}

// SubscriptionResult is camelCase with the event name lower-cased as the
// document's results show (L122-127).
type SubscriptionResult struct {
	Subscribed bool    `json:"subscribed"`
	Message    *string `json:"message"`
	EntityID   string  `json:"entityId"`
	EventName  string  `json:"eventName"`
}

// SubscriptionInfo is the Subscription object (L189-198).
type SubscriptionInfo struct {
	ID              string `json:"id"`
	AllRootEntities bool   `json:"allRootEntities"`
	RootEntityID    string `json:"rootEntityId"`
	RootEntityType  string `json:"rootEntityType"`
	OrganizationID  string `json:"organizationId"`
	EventType       string `json:"eventType"`
	EntityType      string `json:"entityType"`
	EntityID        string `json:"entityId"`
	AllEntities     bool   `json:"allEntities"`
}

// rteHub has the five documented methods (L78-83). The library makes a hub
// per invocation; state lives in the Sim, keyed by connection.
type rteHub struct {
	signalr.Hub
	sim *Sim
}

func strp(s string) *string { return &s }

func (h *rteHub) Subscribe(items []EntitySubscription) []SubscriptionResult {
	s := h.sim
	s.requests.Add(1)
	out := make([]SubscriptionResult, 0, len(items))
	var fresh []subscription
	s.mu.Lock()
	s.subscribeCalls++
	if s.blankSubscribes > 0 {
		// A hub that lost track of the request: an answer about nothing.
		s.blankSubscribes--
		s.mu.Unlock()
		return out
	}
	c := s.conns[h.ConnectionID()]
	for _, it := range items {
		r := SubscriptionResult{EntityID: it.EntityID, EventName: strings.ToLower(it.EventName)}
		name, kind := canonical(it.EventName)
		switch {
		case name == "":
			r.Message = strp("Unknown event")
		case c == nil:
			r.Message = strp("Not connected")
		case s.deny[name] || !s.mayWatch(kind, it.EntityID):
			r.Message = strp("Unauthorized")
		default:
			key := strings.ToLower(it.EntityID) + "|" + strings.ToLower(name)
			sub := subscription{ID: guid(), EntityID: it.EntityID, EventType: name, EntityType: kind}
			if _, dup := c.subs[key]; !dup {
				c.subs[key] = sub
				fresh = append(fresh, sub)
			}
			r.Subscribed = true
		}
		out = append(out, r)
	}
	// The simulator sends the current status right after subscribing, so a
	// client learns its state at once (the document is silent, A39).
	for _, sub := range fresh {
		switch sub.EventType {
		case "UserStatus":
			c.send(s.envelope(sub, s.userStatusData()))
		case "UserAvailability":
			c.send(s.envelope(sub, s.availabilityData()))
		case "QueueStatus":
			if q := s.queueByID(sub.EntityID); q != nil {
				c.send(s.envelope(sub, s.queueStatusData(q)))
			}
		}
	}
	s.mu.Unlock()
	return out
}

func (h *rteHub) Unsubscribe(items []EntitySubscription) []SubscriptionResult {
	s := h.sim
	s.requests.Add(1)
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.conns[h.ConnectionID()]
	out := make([]SubscriptionResult, 0, len(items))
	for _, it := range items {
		r := SubscriptionResult{EntityID: it.EntityID, EventName: strings.ToLower(it.EventName)}
		name, _ := canonical(it.EventName)
		key := strings.ToLower(it.EntityID) + "|" + strings.ToLower(name)
		if c != nil {
			if _, ok := c.subs[key]; ok {
				delete(c.subs, key)
				out = append(out, r)
				continue
			}
		}
		r.Message = strp("Not subscribed")
		out = append(out, r)
	}
	return out
}

func (h *rteHub) UnsubscribeAll() bool {
	s := h.sim
	s.requests.Add(1)
	s.mu.Lock()
	defer s.mu.Unlock()
	if c := s.conns[h.ConnectionID()]; c != nil {
		c.subs = map[string]subscription{}
	}
	return true
}

func (h *rteHub) AvailableSubscriptions() []string {
	h.sim.requests.Add(1)
	out := make([]string, 0, len(enreach.EventNames))
	for n := range enreach.EventNames {
		out = append(out, n)
	}
	return out
}

func (h *rteHub) ActiveSubscriptions() []SubscriptionInfo {
	s := h.sim
	s.requests.Add(1)
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []SubscriptionInfo
	if c := s.conns[h.ConnectionID()]; c != nil {
		for _, sub := range c.subs {
			out = append(out, s.subInfo(sub))
		}
	}
	return out
}

func canonical(name string) (string, string) {
	for n, kind := range enreach.EventNames {
		if strings.EqualFold(n, strings.TrimSpace(name)) {
			return n, kind
		}
	}
	return "", ""
}

// mayWatch: the agent sees its own user events and its queues; no call
// lists exist in the simulator. Call with s.mu held.
func (s *Sim) mayWatch(kind, entity string) bool {
	switch kind {
	case "User":
		return strings.EqualFold(entity, s.userID)
	case "Queue":
		return s.queueByID(entity) != nil
	}
	return false
}

func (s *Sim) queueByID(id string) *queue {
	for _, q := range s.queues {
		if strings.EqualFold(q.ID, id) {
			return q
		}
	}
	return nil
}

func (s *Sim) subInfo(sub subscription) SubscriptionInfo {
	return SubscriptionInfo{ID: sub.ID, RootEntityID: s.orgID, RootEntityType: "Organization",
		OrganizationID: s.orgID, EventType: sub.EventType, EntityType: sub.EntityType, EntityID: sub.EntityID}
}

func (c *rteConn) send(m any) {
	select {
	case c.out <- m:
	default: // a stuck client loses events, as a real server would drop it
	}
}

// Subscriptions lists the live connections' subscriptions as
// "entity|event" keys, one slice per connection.
func (s *Sim) Subscriptions() [][]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out [][]string
	for _, c := range s.conns {
		var keys []string
		for k := range c.subs {
			keys = append(keys, k)
		}
		out = append(out, keys)
	}
	return out
}
