package openscapesim

import (
	"strconv"

	"tandem/vendors"
)

// handlingStates is the full list of the agent's contacts (notes §3.7).
func (s *Server) handlingStates() []any {
	out := []any{}
	for _, id := range s.order {
		c := s.calls[id]
		hs := map[string]string{"ringing": "RINGING", "dialing": "DIALING", "connected": "CONNECTED", "held": "ONHOLD", "pp": "POSTPROCESSING"}[c.status]
		if c.status == "held" && c.partner != "" {
			hs = "CONSULTING"
		}
		out = append(out, map[string]any{"uniqueCallId": id, "handlingState": hs, "handlingStateReasonKey": 0, "primary": len(out) == 0, "mediaType": "VOICE"})
	}
	return out
}

func (s *Server) presenceState() string {
	switch {
	case !s.agent.voice || s.agent.routing == "LOGGEDOFF":
		return "LOGGEDOFF"
	case len(s.calls) > 0:
		return "BUSY"
	case s.agent.routing == "AVAILABLE":
		return "IDLE"
	}
	return "AWAY"
}

// presence publishes the agent's handling-state snapshot.
func (s *Server) presence() {
	s.publish("PRESENCE", "USER_HANDLING_STATE", strconv.Itoa(AgentKey), map[string]any{
		"agentId": AgentID, "agentKey": AgentKey, "handlingStates": s.handlingStates(),
	})
}

func (s *Server) routingEvent() {
	media := []string{}
	if s.agent.voice {
		media = append(media, "VOICE")
	}
	s.publish("PRESENCE", "USER_ROUTING_STATE", strconv.Itoa(AgentKey), map[string]any{
		"agentId": AgentID, "agentKey": AgentKey, "extension": Extension, "handlingStates": s.handlingStates(),
		"loggedOnMediaTypes": media, "presenceState": s.presenceState(), "routingState": s.agent.routing,
		"routingStateReasonKey": s.agent.reason,
	})
}

// services publishes what the extension can do now (SERVICES_ENABLED).
func (s *Server) services() {
	a, r := s.active(), s.ringing()
	held := false
	consulting := false
	for _, c := range s.calls {
		held = held || c.status == "held"
		consulting = consulting || c.partner != ""
	}
	id := ""
	if a != nil {
		id = a.id
	}
	s.publish("TELEPHONY", "SERVICES_ENABLED_EVENT", Extension, map[string]any{
		"mediaType": "VOICE", "resource": Extension, "uniqueCallId": id, "sequenceNumber": 0,
		"answer": r != nil, "available": s.agent.routing != "AVAILABLE", "conference": consulting, "consult": a != nil && !consulting,
		"dial": a == nil, "disconnect": a != nil, "divert": r != nil, "hold": a != nil, "logoff": s.agent.voice, "logon": !s.agent.voice,
		"reconnect": consulting, "retrieve": held && a == nil, "transfer": consulting, "unavailable": s.agent.routing != "UNAVAILABLE", "work": s.agent.routing != "WORK",
	})
}

// state is the agent's normalized state, as the driver must report it.
func (s *Server) state() vendors.State {
	busy, pp := false, false
	for _, c := range s.calls {
		if c.status == "pp" {
			pp = true
		} else {
			busy = true
		}
	}
	switch {
	case !s.agent.voice || s.agent.routing == "LOGGEDOFF":
		return vendors.StateLoggedOut
	case busy:
		return vendors.StateBusy
	case pp:
		return vendors.StateWrapUp
	case s.agent.routing == "AVAILABLE":
		return vendors.StateReady
	}
	return vendors.StateNotReady
}

func (s *Server) logon() {
	if s.agent.voice {
		return
	}
	s.agent.voice = true
	if s.agent.routing == "LOGGEDOFF" || s.agent.routing == "" {
		s.agent.routing, s.agent.reason = "UNAVAILABLE", 0
	}
	s.publish("PRESENCE", "USER_MEDIA_STATE", strconv.Itoa(AgentKey), map[string]any{
		"agentId": AgentID, "agentKey": AgentKey, "extension": Extension, "mediaType": "VOICE", "mediaState": "LOGON", "connectorKey": 0,
	})
	s.routingEvent()
	s.services()
}

func (s *Server) logoff() {
	if !s.agent.voice {
		return
	}
	s.agent.voice, s.agent.routing, s.agent.reason = false, "LOGGEDOFF", 0
	s.publish("PRESENCE", "USER_MEDIA_STATE", strconv.Itoa(AgentKey), map[string]any{
		"agentId": AgentID, "agentKey": AgentKey, "extension": Extension, "mediaType": "VOICE", "mediaState": "LOGOFF", "connectorKey": 0,
	})
	s.routingEvent()
	s.services()
}
