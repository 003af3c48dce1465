package mitelsim

import "strings"

// Command results. The document lists no codes, only "negative -
// Failed" (L1237); these are the simulator's.
const (
	resOK           = 0
	resUnknownAgent = -1
	resUnknownCall  = -2
	resWrongState   = -3
	resUnknownCode  = -4
	resBadRequest   = -5
)

// command runs one command (L910-1211) and answers with a command response
// before the events it causes. Called with s.mu held.
func (s *Server) command(c *conn, id int64, r *request) {
	sub := strings.TrimSpace(string(r.SubRequestType))
	result := s.runCommand(sub, r, func() {
		c.send(s.response("command", id, resOK, kv{"command", sub}))
	})
	if result != resOK {
		s.log.Info("mitelsim: command refused", "command", sub, "result", result)
		c.send(s.response("command", id, result, kv{"command", sub}))
	}
}

// runCommand checks the command and, when it will succeed, calls ok (the
// response) and then causes the events. It returns the result.
func (s *Server) runCommand(sub string, r *request, ok func()) int {
	if res, forced := s.failNext[sub]; forced {
		delete(s.failNext, sub)
		return res
	}
	a := s.agents[strings.TrimSpace(string(r.AgentID))]
	if a == nil {
		return resUnknownAgent
	}
	call := func() (*simCall, int) {
		c := s.calls[strings.TrimSpace(string(r.CallID))]
		if c == nil || c.agent != a {
			return nil, resUnknownCall
		}
		return c, resOK
	}
	switch sub {
	case "login":
		if g := strings.TrimSpace(string(r.GroupID)); g != "" && g != "0" && s.group(g) == nil && g != a.id {
			return resUnknownCode
		}
		ok()
		s.login(a)
	case "logout":
		if a.call != nil && a.call.status != "wrap" {
			return resWrongState
		}
		ok()
		s.logout(a)
	case "release":
		code := strings.TrimSpace(string(r.ReleaseCode))
		if code != "" && code != "0" && !known(releaseCodes, code) {
			return resUnknownCode
		}
		if a.code == 0 || (a.call != nil && a.call.status != "wrap") {
			return resWrongState
		}
		ok()
		s.release(a, code)
	case "resume":
		if a.code == 0 || (a.call != nil && a.call.status != "wrap") {
			return resWrongState
		}
		ok()
		s.resume(a)
	case "answer":
		c, res := call()
		if res != resOK {
			return res
		}
		if c.status != "alerting" {
			return resWrongState
		}
		ok()
		s.answer(c)
	case "hangup":
		c, res := call()
		if res != resOK {
			return res
		}
		if c.first != nil {
			ok()
			s.hangupConsult(c)
			return resOK
		}
		if c.status != "connected" && c.status != "held" {
			return resWrongState
		}
		ok()
		s.clear(c, true)
	case "wrapup-code":
		c, res := call()
		if res != resOK {
			return res
		}
		code := strings.TrimSpace(string(r.WrapupCodeID))
		if !known(wrapupCodes, code) {
			return resUnknownCode
		}
		if c.status != "wrap" {
			return resWrongState
		}
		ok()
		c.wrapCodes = append(c.wrapCodes, code)
		s.toCallSubs(s.callMsg("wrap-code", c, 0, kv{"agent-id", s.idv(a.id)}, kv{"wrapup-code-id", s.idv(code)}))
	case "manual-wrapup":
		c, res := call()
		if res != resOK {
			return res
		}
		if c.status != "wrap" {
			return resWrongState
		}
		ok()
		a.extendWrap = true // no timeout: wrap-up lasts until end-wrapup
	case "end-wrapup":
		c, res := call()
		if res != resOK {
			return res
		}
		if c.status != "wrap" {
			return resWrongState
		}
		ok()
		s.endWrap(a)
		s.toAgentSubs(a, s.agentMsg("agent-idle", a.id, 14))
		s.setCode(a, 1, "")
	default:
		return resBadRequest
	}
	return resOK
}

func known(codes []code, id string) bool {
	for _, c := range codes {
		if c.id == id {
			return true
		}
	}
	return false
}

func (s *Server) group(id string) *group {
	for i := range s.groups {
		if s.groups[i].id == id {
			return &s.groups[i]
		}
	}
	return nil
}
