package openscape

import (
	"context"
	"strings"
	"time"

	"tandem/vendors"
)

// attach splits contact data into the screen pop: the caller's name, the
// supplementary-info URL and the rest (system keys hidden, notes §9 #56).
func (s *session) attach(k *call, data []kv) {
	for _, d := range data {
		key, val := strings.TrimSpace(string(d.Key)), string(d.Value)
		lk := strings.ToLower(key)
		switch {
		case key == "":
		case strings.Contains(lk, "suppinfoaddr"):
			k.c.ScreenPopURL = val
		case lk == "name" || lk == "customername" || lk == "callername":
			k.c.Name = val
		case strings.HasPrefix(key, "_") || strings.HasPrefix(lk, "hppc"):
		default:
			if k.c.Data == nil {
				k.c.Data = map[string]string{}
			}
			k.c.Data[key] = val
		}
	}
}

// screenPop completes an offered call from QueryCall (ANI, DNIS, queue)
// and the routing QueryCall (contact data) and clears Pending; the caller
// reports the call again.
func (s *session) screenPop(id string) {
	ctx, cancel := context.WithTimeout(s.ctx, 3*time.Second)
	defer cancel()
	// Both queries at once: the pop waits for one round trip, not two.
	var qc queryCallResponse
	var qerr error
	queried := make(chan struct{})
	go func() {
		defer close(queried)
		qerr = s.cl.call(ctx, "POST", "/telephony/querycall", map[string]any{"uniqueCallId": id}, &qc)
	}()
	var rc routingCallResponse
	rerr := s.cl.call(ctx, "POST", "/routing/querycall", map[string]any{"uniqueCallId": id}, &rc)
	<-queried
	s.mu.Lock()
	defer s.mu.Unlock()
	k := s.calls[id]
	if k == nil {
		return
	}
	k.c.Pending = false // answered or not: nothing more is coming
	if qerr == nil {
		s.fillFromQuery(k, &qc)
	} else {
		s.log.Debug("openscape: QueryCall failed", "err", qerr)
	}
	if rerr == nil {
		if rc.RoutingCall.QueueKey > 0 && k.queueKey == 0 {
			k.queueKey = int(rc.RoutingCall.QueueKey)
			k.c.Queue = s.queues[k.queueKey]
		}
		s.attach(k, rc.RoutingCall.ContactData)
	}
}

func (s *session) fillFromQuery(k *call, qc *queryCallResponse) {
	if k.c.Direction == vendors.Inbound {
		k.c.From = first(string(qc.OrigANI), string(qc.RoutingANI), k.c.From)
		k.c.To = first(string(qc.OrigDNIS), string(qc.RoutingDNIS), k.c.To)
	}
	if t := norm(string(qc.ContactType)); t != "" {
		k.routed = strings.HasPrefix(t, "ROUTED")
	}
	if qc.QueueKey > 0 {
		k.queueKey = int(qc.QueueKey)
		if n := s.queues[k.queueKey]; n != "" {
			k.c.Queue = n
		}
	}
}
