package mitelsim

import (
	"fmt"
	"strings"

	"tandem/vendors"
)

// The handles tests and trainers use: simulator.Sim and the phone.

// Offer implements simulator.Sim.
func (s *Server) Offer() (vendors.Contact, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.me
	if a.code == 0 {
		return vendors.Contact{}, fmt.Errorf("mitelsim: agent %s is logged out", a.id)
	}
	if a.call != nil {
		return vendors.Contact{}, fmt.Errorf("mitelsim: agent %s already has call %d", a.id, a.call.id)
	}
	c := s.offer(a)
	return s.expected(c), nil
}

// expected is the contact the driver should report for our call.
func (s *Server) expected(c *simCall) vendors.Contact {
	queue := ""
	for _, g := range s.groups {
		if g.id == c.group {
			queue = g.name
		}
	}
	return vendors.Contact{ID: c.idStr(), Channel: vendors.ChannelVoice, Direction: vendors.Inbound,
		Status: vendors.ContactOffered, From: c.caller.Number, To: c.caller.DNIS, Name: c.caller.Name,
		Queue: queue, Data: screenPop(c.caller)}
}

// Phone implements simulator.Sim: answer, hangup, hold, retrieve and a
// blind transfer to another agent, done on the agent's phone.
func (s *Server) Phone(action vendors.CommandKind, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.calls[strings.TrimSpace(id)]
	if c == nil {
		return fmt.Errorf("mitelsim: no call %q", id)
	}
	switch action {
	case vendors.CmdAnswer:
		if c.status != "alerting" {
			return fmt.Errorf("mitelsim: call %s is %s, not ringing", id, c.status)
		}
		s.answer(c)
	case vendors.CmdHangup:
		if c.first != nil {
			s.hangupConsult(c)
			return nil
		}
		if c.status == "wrap" {
			return fmt.Errorf("mitelsim: call %s already ended", id)
		}
		s.clear(c, true)
	case vendors.CmdHold:
		if c.status != "connected" {
			return fmt.Errorf("mitelsim: call %s is %s", id, c.status)
		}
		s.hold(c)
	case vendors.CmdRetrieve:
		if c.status != "held" {
			return fmt.Errorf("mitelsim: call %s is not held", id)
		}
		s.retrieve(c)
	case vendors.CmdTransfer:
		if c.status != "connected" && c.status != "held" {
			return fmt.Errorf("mitelsim: call %s is %s", id, c.status)
		}
		s.blindTransfer(c, s.others[0])
	default:
		return fmt.Errorf("mitelsim: the phone cannot %s here", action)
	}
	return nil
}

// hangupConsult ends a consultation leg; the first call stays held.
func (s *Server) hangupConsult(k *simCall) {
	delete(s.calls, k.idStr())
	s.toCallSubs(s.callMsg("conn-cleared", k, 0, kv{"device-out-id", s.idv(k.agent.id)}, kv{"device-out-type", devAgent}, kv{"device-out", k.agent.ext}))
	s.toCallSubs(s.callMsg("call-cleared", k, 0, kv{"abandoned-call", false}))
}

// Consult starts a consultation from the phone on call id and returns the
// consultation call's ID.
func (s *Server) Consult(id string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.calls[id]
	if c == nil || c.status != "connected" {
		return "", fmt.Errorf("mitelsim: no connected call %q", id)
	}
	return s.consult(c).idStr(), nil
}

// CompleteTransfer completes the consultative transfer of consultation
// call id from the phone.
func (s *Server) CompleteTransfer(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	k := s.calls[id]
	if k == nil || k.first == nil {
		return fmt.Errorf("mitelsim: %q is not a consultation", id)
	}
	s.completeTransfer(k)
	return nil
}

// Conference joins consultation call id into its first call.
func (s *Server) Conference(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	k := s.calls[id]
	if k == nil || k.first == nil {
		return fmt.Errorf("mitelsim: %q is not a consultation", id)
	}
	s.conference(k)
	return nil
}

// CallerHangup ends call id from the caller's side.
func (s *Server) CallerHangup(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.calls[id]
	if c == nil || (c.status != "connected" && c.status != "held") {
		return fmt.Errorf("mitelsim: no call %q in progress", id)
	}
	s.clear(c, false)
	return nil
}

// SetState implements simulator.Sim, as a supervisor would.
func (s *Server) SetState(st vendors.State, reason string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.me
	switch st {
	case vendors.StateLoggedOut:
		if a.call != nil && a.call.status != "wrap" {
			return fmt.Errorf("mitelsim: agent is on a call")
		}
		s.logout(a)
	case vendors.StateReady:
		s.login(a)
		s.resume(a)
	case vendors.StateNotReady:
		if reason == "" {
			reason = releaseCodes[0].id
		}
		s.login(a)
		s.release(a, reason)
	case vendors.StateWrapUp:
		if a.call == nil || a.call.status == "wrap" {
			return fmt.Errorf("mitelsim: no call to wrap up")
		}
		s.clear(a.call, true)
	case vendors.StateBusy:
		s.login(a)
		s.toAgentSubs(a, s.agentMsg("agent-on-call", a.id, 0, kv{"call-type", 0}, kv{"call-id", 0}, kv{"pbx-call-id", 0}, kv{"guid", ""}))
		s.setCode(a, 11, "")
	default:
		return fmt.Errorf("mitelsim: unknown state %q", st)
	}
	return nil
}

// State implements simulator.Sim.
func (s *Server) State() vendors.State {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch s.me.code {
	case 0:
		return vendors.StateLoggedOut
	case 1:
		return vendors.StateReady
	case 4:
		return vendors.StateWrapUp
	case 7, 8, 9, 10:
		return vendors.StateNotReady
	}
	return vendors.StateBusy
}
