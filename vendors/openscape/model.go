package openscape

import (
	"context"
	"strings"
	"time"

	"tandem/vendors"
)

// call is one contact of the agent with what the commands need.
type call struct {
	c         vendors.Contact
	sent      *vendors.Contact // last ContactEvent, to send only changes
	requeue   int
	queueKey  int
	routed    bool
	answered  bool
	conf      bool
	consultOf string // for a consultation leg: the held call
}

func (s *session) ensure(id string) (*call, bool) {
	if k, ok := s.calls[id]; ok {
		return k, false
	}
	k := &call{c: vendors.Contact{ID: id, Channel: vendors.ChannelVoice, Direction: vendors.Inbound}}
	s.calls[id] = k
	s.order = append(s.order, id)
	return k, true
}

func (k *call) set(st vendors.ContactStatus, raw string) {
	if k.c.Status != st {
		k.c.Since = time.Now()
	}
	k.c.Status = st
	if raw != "" {
		k.c.Raw = raw
	}
	if st == vendors.ContactConnected {
		k.answered = true
	}
}

// partner is the live consultation leg of a held call, or "".
func (s *session) partner(id string) string {
	for _, cid := range s.order {
		if k := s.calls[cid]; k != nil && k.consultOf == id && k.c.Status.Live() {
			return cid
		}
	}
	return ""
}

// end takes a call off the agent: to wrap-up when the platform asks for
// post-processing (an answered routed call), else ended.
func (s *session) end(id string) {
	k := s.calls[id]
	if k == nil || !k.c.Status.Live() {
		return
	}
	if k.routed && k.answered && k.consultOf == "" {
		k.set(vendors.ContactWrapUp, "POSTPROCESSING")
	} else {
		k.set(vendors.ContactEnded, "NULL")
	}
}

// popAfter lets the first report of a ring reach the desk and whoever
// reads it (tandemctl's line, the GUI's card) before the QueryCalls behind
// its screen pop take the CPU: measured on a busy 2-core desktop, starting
// them at once delayed that report by up to half a millisecond at p99.
// Nothing waits on the complete pop for so short a time.
const popAfter = 2 * time.Millisecond

// apply runs one webhook body on the model (on q).
func (s *session) apply(body []byte) {
	ev, err := decodeEvent(body)
	if err != nil {
		s.log.Warn("openscape: malformed webhook body skipped", "err", err, "bytes", len(body))
		return
	}
	s.mu.Lock()
	var pop []string
	switch {
	case ev.Call != nil:
		pop = s.applyCall(ev)
	case ev.Presence != nil:
		s.applyPresence(ev)
	case ev.Realm == "ADMINISTRATION" && strings.Contains(ev.Type, "REASON"):
		s.mu.Unlock()
		s.refreshReasons()
		return
	default:
		s.log.Debug("openscape: event ignored", "realm", ev.Realm, "type", ev.Type)
	}
	// A new call is reported at once, from what the event carries (the
	// numbers), and again when the two QueryCalls behind its screen pop
	// have answered: the pop does not wait for a round trip.
	for _, id := range pop {
		if k := s.calls[id]; k != nil {
			k.c.Pending = true
		}
	}
	s.mu.Unlock()
	if len(pop) > 0 {
		s.flush()
		time.Sleep(popAfter)
	}
	for _, id := range pop {
		s.screenPop(id)
	}
	s.flush()
}

// applyCall applies a telephony event; it returns calls to screen-pop.
func (s *session) applyCall(ev event) (pop []string) {
	c := ev.Call
	switch ev.Type {
	case "HOTSTANDBY_EVENT": // about the node, not a device: no resource
		switch norm(string(c.State)) {
		case "STANDBY":
			s.beginSwitchover("the OpenScape node went to standby")
		case "ACTIVE":
			s.endSwitchover()
		}
		return nil
	case "SERVER_CONNECTED_EVENT", "SERVER_DISCONNECTED_EVENT":
		s.log.Info("openscape: telephony server", "event", ev.Type)
		return nil
	}
	if strings.TrimSpace(string(c.Resource)) != s.st.ext {
		s.log.Warn("openscape: event for another extension ignored", "type", ev.Type)
		return nil
	}
	id := strings.TrimSpace(string(c.UniqueCallID))
	if id == "" {
		switch ev.Type {
		case "SERVICES_ENABLED_EVENT":
		default:
			s.log.Warn("openscape: telephony event without call id ignored", "type", ev.Type)
			return nil
		}
	}
	me := func(p *party) bool { return p != nil && strings.TrimSpace(string(p.Device)) == s.st.ext }
	switch ev.Type {
	case "DELIVERED_EVENT":
		k, fresh := s.ensure(id)
		k.requeue = c.requeue()
		if c.DeliveredToParty == nil || me(c.DeliveredToParty) {
			if fresh || k.c.Status == vendors.ContactOffered {
				k.c.Direction = vendors.Inbound
				k.routed = strings.HasPrefix(norm(string(c.ContactType)), "ROUTED")
				k.c.From = first(partyDevice(c.FromParty), string(c.OriginalFrom))
				k.c.To = first(string(c.OriginalTo), partyDevice(c.ToParty))
				k.set(vendors.ContactOffered, norm(string(c.LcsType)))
				s.attach(k, c.ContactData)
				if fresh {
					pop = append(pop, id)
				}
			}
		} else if k.c.Status != vendors.ContactConnected {
			// Our own call is ringing at the far end.
			k.c.Direction = vendors.Outbound
			k.c.To = first(partyDevice(c.DeliveredToParty), k.c.To)
			k.set(vendors.ContactDialing, norm(string(c.LcsType)))
		}
	case "ESTABLISHED_EVENT", "RETRIEVED_EVENT":
		k, fresh := s.ensure(id)
		if fresh { // its start was not seen (a lost delivery)
			k.c.From, k.c.To = partyDevice(c.FromParty), partyDevice(c.ToParty)
			if me(c.FromParty) {
				k.c.Direction = vendors.Outbound
			}
			pop = append(pop, id)
		}
		k.set(vendors.ContactConnected, norm(string(c.LcsType)))
	case "HELD_EVENT":
		if c.HoldingParty == nil || me(c.HoldingParty) {
			k, _ := s.ensure(id)
			k.set(vendors.ContactHeld, norm(string(c.LcsType)))
		}
	case "CONFERENCED_EVENT":
		k, _ := s.ensure(id)
		if k.consultOf != "" { // reported on the consultation leg
			s.calls[k.consultOf].setIfLive(vendors.ContactConnected)
			k.set(vendors.ContactEnded, "CONFERENCED")
			break
		}
		k.conf = true
		k.set(vendors.ContactConnected, norm(string(c.LcsType)))
		if p := s.partner(id); p != "" {
			s.calls[p].set(vendors.ContactEnded, "CONFERENCED")
		}
	case "TRANSFERRED_EVENT":
		if k := s.calls[id]; k != nil {
			if p := s.partner(id); p != "" {
				s.calls[p].set(vendors.ContactEnded, "TRANSFERRED")
			}
			s.end(id)
		}
	case "DISCONNECTED_EVENT":
		k := s.calls[id]
		if k == nil {
			break
		}
		if k.conf && c.DisconnectedParty != nil && !me(c.DisconnectedParty) {
			break // one party left the conference; we stay on it
		}
		s.end(id)
	case "FAILED_EVENT":
		if k := s.calls[id]; k != nil {
			k.set(vendors.ContactEnded, "FAIL")
		}
	case "DIVERTED_EVENT":
		if k := s.calls[id]; k != nil && !me(c.DestinationParty) {
			k.set(vendors.ContactEnded, "DIVERTED")
		}
	case "SERVICE_INITIATED_EVENT", "ORIGINATED_EVENT":
		k, fresh := s.ensure(id)
		if fresh {
			k.c.Direction = vendors.Outbound
			k.c.From = s.st.ext
			if bool(c.Consult) || ev.Type == "ORIGINATED_EVENT" && norm(string(c.NormalCause)) == "CONSULTATION" {
				k.consultOf = s.consultOrigin()
				k.c.Related = k.consultOf
			}
		}
		if to := first(partyDevice(c.ToParty), string(c.OriginalTo)); to != "" && to != s.st.ext {
			k.c.To = to
		}
		if k.c.Status != vendors.ContactConnected {
			k.set(vendors.ContactDialing, norm(string(c.LcsType)))
		}
	default:
		// QUEUED, NETWORKREACHED, SERVICES_ENABLED, server events and the
		// undocumented types change nothing the desk shows.
	}
	return pop
}

func (k *call) setIfLive(st vendors.ContactStatus) {
	if k != nil && k.c.Status.Live() {
		k.set(st, "")
	}
}

// consultOrigin is the held call a new consultation leg belongs to.
func (s *session) consultOrigin() string {
	if k := s.calls[s.consultOf]; k != nil && k.c.Status.Live() {
		return s.consultOf
	}
	for _, id := range s.order {
		if k := s.calls[id]; k != nil && k.c.Status == vendors.ContactHeld && s.partner(id) == "" {
			return id
		}
	}
	return ""
}

func (s *session) applyPresence(ev event) {
	p := ev.Presence
	if p.AgentKey != nil && int(*p.AgentKey) != s.key {
		s.log.Warn("openscape: event for another agent ignored", "type", ev.Type)
		return
	}
	switch ev.Type {
	case "USER_ROUTING_STATE":
		if p.AgentKey == nil {
			s.log.Warn("openscape: routing state without agent ignored")
			return
		}
		s.routing = norm(string(p.RoutingState))
		s.reasonKey = int(p.RoutingStateReasonKey)
		s.voiceOn = p.LoggedOnMediaTypes.has("VOICE") && s.routing != "LOGGEDOFF"
		s.applyHandling(p.HandlingStates)
	case "USER_HANDLING_STATE":
		if p.AgentKey == nil {
			return
		}
		s.applyHandling(p.HandlingStates)
	case "USER_MEDIA_STATE":
		if p.AgentKey == nil || !p.MediaType.has("VOICE") {
			return
		}
		switch norm(string(p.MediaState)) {
		case "LOGOFF":
			s.voiceOn = false
		case "LOGON", "AVAILABLE":
			s.voiceOn = true
		}
	case "USER_MEDIA_NOTREADY":
		if p.MediaType.has("VOICE") {
			s.beginSwitchover("voice is not available (switchover)")
		}
	case "USER_MEDIA_READY":
		if p.MediaType.has("VOICE") {
			s.endSwitchover()
		}
	case "SERVER_DISCONNECTED_EVENT":
		s.beginSwitchover("the presence server is disconnected (switchover)")
	case "SERVER_CONNECTED_EVENT":
		s.endSwitchover()
	}
}

// applyHandling reads a full handling-state snapshot (notes §9 #31): a
// wrap-up contact missing from it has left post-processing.
func (s *session) applyHandling(hs []handlingState) {
	pp := map[string]bool{}
	for _, h := range hs {
		if m := norm(string(h.MediaType)); m != "" && m != "VOICE" {
			continue
		}
		id := strings.TrimSpace(string(h.UniqueCallID))
		if norm(string(h.HandlingState)) == "POSTPROCESSING" && id != "" {
			pp[id] = true
			k, _ := s.ensure(id)
			if k.c.Status != vendors.ContactWrapUp {
				k.routed, k.answered = true, true
				k.set(vendors.ContactWrapUp, "POSTPROCESSING")
			}
		}
	}
	for _, id := range s.order {
		if k := s.calls[id]; k != nil && k.c.Status == vendors.ContactWrapUp && !pp[id] {
			k.set(vendors.ContactEnded, "IDLE")
		}
	}
}

func (s *session) refreshReasons() {
	ctx, cancel := context.WithTimeout(s.ctx, 5*time.Second)
	defer cancel()
	if err := s.lookups(ctx); err != nil {
		s.log.Warn("openscape: reason lists not refreshed", "err", err)
		return
	}
	s.mu.Lock()
	ev := s.reasonsEvent()
	s.mu.Unlock()
	s.emit(ev)
}

func partyDevice(p *party) string {
	if p == nil {
		return ""
	}
	return strings.TrimSpace(string(p.Device))
}

func first(vs ...string) string {
	for _, v := range vs {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}
