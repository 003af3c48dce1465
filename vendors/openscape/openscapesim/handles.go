package openscapesim

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"tandem/vendors"
)

// Offer rings a new routed call from a generated caller at the agent.
func (s *Server) Offer() (vendors.Contact, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.offer()
}

// Phone acts on a call from the agent's phone.
func (s *Server) Phone(action vendors.CommandKind, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.calls[id]
	if c == nil {
		return fmt.Errorf("openscapesim: no call %q", id)
	}
	var code string
	switch action {
	case vendors.CmdAnswer:
		if c.status != "ringing" {
			return fmt.Errorf("openscapesim: call %s is not ringing", id)
		}
		code = s.answer()
	case vendors.CmdHangup:
		if c.status == "held" {
			if code = s.retrieve(id); code != "" {
				break
			}
		}
		if s.active() != c {
			return fmt.Errorf("openscapesim: call %s is not active", id)
		}
		code = s.disconnect()
	case vendors.CmdHold:
		code = s.hold(id)
	case vendors.CmdRetrieve:
		code = s.retrieve(id)
	default:
		return fmt.Errorf("openscapesim: the phone cannot %s", action)
	}
	if code != "" {
		return fmt.Errorf("openscapesim: %s", code)
	}
	return nil
}

// SetState changes the agent's state as a supervisor would. reason is a
// code as the driver reports it: "2" (unavailable) or "W1" (work).
func (s *Server) SetState(st vendors.State, reason string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch st {
	case vendors.StateLoggedOut:
		s.logoff()
		return nil
	case vendors.StateReady, vendors.StateNotReady:
	default:
		return fmt.Errorf("openscapesim: %s cannot be set from outside", st)
	}
	if !s.agent.voice {
		s.logon()
	}
	s.agent.routing, s.agent.reason = "AVAILABLE", 0
	if st == vendors.StateNotReady {
		s.agent.routing = "UNAVAILABLE"
		list := s.unavail
		if strings.HasPrefix(strings.ToUpper(reason), "W") {
			s.agent.routing, list, reason = "WORK", workReasons, reason[1:]
		}
		if reason != "" {
			n, err := strconv.Atoi(reason)
			if err != nil || !has(list, n) {
				return fmt.Errorf("openscapesim: unknown reason %q", reason)
			}
			s.agent.reason = n
		}
	}
	s.routingEvent()
	s.services()
	return nil
}

// State is the agent's normalized state.
func (s *Server) State() vendors.State {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.state()
}

// Malformed delivers what the driver must log and skip: broken JSON, an
// envelope without data, and well-formed events for another agent and
// another extension.
func (s *Server) Malformed() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.regs) == 0 {
		return fmt.Errorf("openscapesim: no application is registered")
	}
	s.raw([]byte(`{"type":"EVENT","data":{"realm":"TELEPHONY","type":"DELIVERED_EVENT","data":{"resource":`))
	s.raw([]byte(`not json at all`))
	s.raw([]byte(`{"type":"EVENT"}`))
	s.raw(envelope("PRESENCE", "USER_ROUTING_STATE", map[string]any{
		"agentId": "100006", "agentKey": 4, "routingState": "LOGGEDOFF", "loggedOnMediaTypes": []string{},
	}))
	s.raw(envelope("TELEPHONY", "DELIVERED_EVENT", map[string]any{
		"resource": "554181015003", "uniqueCallId": "999", "lcsType": "ALERTING", "contactType": "ROUTED_VOICE",
	}))
	return nil
}

// SetFaults makes deliveries get lost or duplicated with the given
// probabilities (0..1).
func (s *Server) SetFaults(loss, dup float64) {
	s.mu.Lock()
	s.loss, s.dup = loss, dup
	s.mu.Unlock()
}

// HoldQueries holds every QueryCall answer (telephony and routing) until
// the returned release is called: a slow CRM lookup behind the screen pop.
func (s *Server) HoldQueries() (release func()) {
	s.queryGate.Lock()
	var once sync.Once
	return func() { once.Do(s.queryGate.Unlock) }
}

// SetSessionTimeout sets how long a silent registration lives (default 90s).
func (s *Server) SetSessionTimeout(d time.Duration) {
	s.mu.Lock()
	s.timeout = d
	s.mu.Unlock()
}

// ExpireSessions ends every session as a timeout would: tokens answer
// APPLICATION_NOT_REGISTERED, deliveries stop, connections stay.
func (s *Server) ExpireSessions() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for n, r := range s.regs {
		r.out.close()
		delete(s.regs, n)
	}
}

// RefuseRegistration answers ALREADY_REGISTERED_ON for d, as an OSCC does
// for up to 180 s after an Application Server failure.
func (s *Server) RefuseRegistration(d time.Duration) {
	s.mu.Lock()
	s.refuse = time.Now().Add(d)
	s.mu.Unlock()
}

// Switchover plays an OSCC switchover (notes §7.2) lasting d: see
// BeginSwitchover and EndSwitchover.
func (s *Server) Switchover(d time.Duration) {
	s.BeginSwitchover()
	s.after(d, s.EndSwitchover)
}

// BeginSwitchover: SERVER_DISCONNECTED from every server, USER_MEDIA_NOTREADY
// for voice, the agent logged off. The session and subscriptions survive.
func (s *Server) BeginSwitchover() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.down = true
	for _, realm := range []string{"TELEPHONY", "PRESENCE", "ROUTING", "ADMINISTRATION"} {
		s.publish(realm, "SERVER_DISCONNECTED_EVENT", s.resourceOf(realm), map[string]any{"serverName": "oscc-cluster"})
	}
	s.publish("PRESENCE", "USER_MEDIA_NOTREADY", "", map[string]any{"mediaType": "VOICE"})
	s.agent.voice, s.agent.routing, s.agent.reason = false, "LOGGEDOFF", 0
}

// EndSwitchover: SERVER_CONNECTED from every server and USER_MEDIA_READY.
func (s *Server) EndSwitchover() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.down = false
	for _, realm := range []string{"TELEPHONY", "ROUTING", "ADMINISTRATION", "PRESENCE"} {
		s.publish(realm, "SERVER_CONNECTED_EVENT", s.resourceOf(realm), map[string]any{"serverName": "oscc-cluster"})
	}
	s.publish("PRESENCE", "USER_MEDIA_READY", "", map[string]any{"mediaType": "VOICE"})
}

func (s *Server) resourceOf(realm string) string {
	switch realm {
	case "TELEPHONY":
		return Extension
	case "PRESENCE":
		return strconv.Itoa(AgentKey)
	}
	return ""
}

// traffic offers calls on its own while the agent is ready.
func (s *Server) traffic() {
	for {
		select {
		case <-s.stop:
			return
		case <-time.After(s.between(s.opt.Rate/2, s.opt.Rate*3/2)):
		}
		s.mu.Lock()
		if s.agent.routing == "AVAILABLE" && s.agent.voice && len(s.calls) == 0 && len(s.regs) > 0 {
			if _, err := s.offer(); err != nil {
				s.log.Debug("openscapesim: no offer", "err", err)
			}
		}
		s.mu.Unlock()
	}
}

// RotateClientToken gives the REST SDK client a new token, as an
// administrator regenerating it in Web Manager would: the old one is
// refused at the next registration.
func (s *Server) RotateClientToken() {
	s.mu.Lock()
	s.token = randHex(32)
	s.mu.Unlock()
}

// SetMandatoryWrapUp makes every new call need a wrap-up reason before
// post-processing may end (by default only the Priority queue's do).
func (s *Server) SetMandatoryWrapUp(all bool) {
	s.mu.Lock()
	s.mandatoryAll = all
	s.mu.Unlock()
}

// AddUnavailableReason adds a not-ready reason as an administrator would
// and announces it on the admin realm, in the shape the application
// registered for (V1: the entity flat in data; else eventAction+entity).
func (s *Server) AddUnavailableReason(name string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	key := 1
	for _, r := range s.unavail {
		if r.key >= key {
			key = r.key + 1
		}
	}
	s.unavail = append(s.unavail, reasonDef{key, name, name})
	entity := map[string]any{"reasonKey": key, "name": name, "description": name}
	for _, r := range s.regs {
		if !r.admin {
			continue
		}
		data := any(map[string]any{"eventAction": "ADD", "entity": entity})
		if strings.EqualFold(r.version, "V1") {
			data = entity
		}
		r.out.push(envelope("ADMINISTRATION", "UNAVAILABLEREASON_UPDATED_EVENT", data))
	}
	return key
}
