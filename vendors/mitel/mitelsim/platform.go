package mitelsim

import (
	"fmt"
	"time"

	"tandem/vendors/simulator"
)

// simAgent is one agent of the simulated contact center.
type simAgent struct {
	id, number, ext, name, group string
	code                         int    // agent state code (L420-444)
	release                      string // release code while released
	since                        time.Time
	call                         *simCall
	extendWrap                   bool
}

// party is one agent device on a call.
type party struct {
	ext   string
	state int
}

// simCall is one call; calls of our agent are kept in Server.calls.
type simCall struct {
	id, pbx     int64
	guid        string
	caller      simulator.Caller
	group       string
	acd         bool
	agent       *simAgent
	status      string // alerting, connected, held, wrap
	callerState int
	parties     []party
	at          time.Time
	talkFor     time.Duration
	first       *simCall // for a consultation leg: the call it consults about
	wrapCodes   []string
}

func (c *simCall) idStr() string { return fmt.Sprint(c.id) }

func (s *Server) allAgents() []*simAgent { return append([]*simAgent{s.me}, s.others...) }

func (s *Server) newCall(a *simAgent, caller simulator.Caller, acd bool) *simCall {
	s.nextCall++
	c := &simCall{id: s.nextCall, pbx: 70000 + s.nextCall, caller: caller, acd: acd, agent: a,
		guid: fmt.Sprintf("{%08X-0000-4000-8000-%012X}", s.nextCall, s.nextCall*7919), callerState: connConnected, at: time.Now()}
	c.group = s.groups[0].id
	for _, g := range s.groups {
		if g.name == caller.Queue {
			c.group = g.id
		}
	}
	return c
}

// Broadcasts, with s.mu held.

func (s *Server) toAgentSubs(a *simAgent, o obj) {
	for c := range s.conns {
		if c.authed && (c.agents[a.id] || c.agents["*"]) {
			c.send(o)
		}
	}
}

func (s *Server) toCallSubs(o obj) {
	for c := range s.conns {
		if c.authed && c.calls {
			c.send(o)
		}
	}
}

func (s *Server) statsMsg(a *simAgent) obj {
	local, _ := s.times()
	st := a.since
	if st.IsZero() {
		st = time.Now()
	}
	active := 0
	if a.call != nil {
		active = 1
	}
	return obj{{"version", 1}, {"timestamp", local}, {"topic", topic}, {"message", "daily-agent-stats"},
		{"sub-topic", ""}, {"agent-id", s.idv(a.id)}, {"agent-name", a.name}, {"agent-number", a.number},
		{"agent-extension", a.ext}, {"state", a.code}, {"state-start-time", st.Format("2006-01-02 15:04:05")},
		{"release-code", a.release}, {"active-acd", active}, {"current-group-id", s.idv(a.group)}}
}

// setCode changes an agent's state code and publishes the statistics.
func (s *Server) setCode(a *simAgent, code int, release string) {
	a.code, a.release, a.since = code, release, time.Now()
	msg := s.statsMsg(a)
	for c := range s.conns {
		if c.authed && (c.stats[a.id] || c.stats["*"]) {
			c.send(msg)
		}
	}
}

// Agent state changes.

func (s *Server) login(a *simAgent) {
	if a.code != 0 {
		return
	}
	s.toAgentSubs(a, s.agentMsg("agent-login", a.id, 12, kv{"agent-number", a.number}, kv{"agent-ext", a.ext},
		kv{"groups", []obj{{{"type", groupType}, {"id", s.idv(a.group)}}}}))
	s.setCode(a, 7, "")
}

func (s *Server) logout(a *simAgent) {
	s.endWrap(a)
	s.setCode(a, 0, "") // there is no logout event (note §3.2c)
}

func (s *Server) release(a *simAgent, code string) {
	s.endWrap(a)
	s.toAgentSubs(a, s.agentMsg("agent-release", a.id, 0, kv{"release-code", s.idv(code)}))
	s.setCode(a, 7, code)
}

func (s *Server) resume(a *simAgent) {
	s.endWrap(a)
	s.toAgentSubs(a, s.agentMsg("agent-idle", a.id, 11))
	s.setCode(a, 1, "")
}

// endWrap ends the agent's wrap-up, if any: wrap-ended for the call.
func (s *Server) endWrap(a *simAgent) {
	c := a.call
	if c == nil || c.status != "wrap" {
		return
	}
	last := ""
	if len(c.wrapCodes) > 0 {
		last = c.wrapCodes[len(c.wrapCodes)-1]
	}
	ids := make([]any, 0, len(c.wrapCodes))
	for _, w := range c.wrapCodes {
		ids = append(ids, s.idv(w))
	}
	s.toCallSubs(s.callMsg("wrap-ended", c, 14, kv{"agent-id", s.idv(a.id)}, kv{"wrapup-code-id", s.idv(last)}, kv{"wrapup-id-list", ids}))
	a.call, a.extendWrap = nil, false
	delete(s.calls, c.idStr())
}

// Call flow of our agent.

func (s *Server) offer(a *simAgent) *simCall {
	c := s.newCall(a, s.callers.Next(), true)
	c.status = "alerting"
	c.parties = []party{{a.ext, connAlerting}}
	a.call = c
	s.calls[c.idStr()] = c
	s.toCallSubs(s.callMsg("queued", c, 0, kv{"queued-group-internal-id", s.idv(c.group)}, kv{"queued-group-type", groupType}))
	s.toAgentSubs(a, s.agentMsg("agent-reserved", a.id, 0, kv{"groups", []obj{{{"type", groupType}, {"id", s.idv(c.group)}}}}, kv{"guid", c.guid}))
	s.toCallSubs(s.callMsg("delivered", c, 0,
		kv{"alerting-device-id", s.idv(a.id)}, kv{"alerting-device-type", devAgent}, kv{"alerting-device", a.ext},
		kv{"calling-device-id", 0}, kv{"calling-device-type", devRegular}, kv{"calling-device", c.caller.Number},
		kv{"agent-chat-url", ""}))
	s.setCode(a, 2, "")
	return c
}

func (s *Server) answer(c *simCall) {
	a := c.agent
	c.status, c.at = "connected", time.Now()
	c.parties = []party{{a.ext, connConnected}}
	s.toCallSubs(s.callMsg("dequeued", c, 0, kv{"queued-group-internal-id", s.idv(c.group)}, kv{"queued-group-type", groupType}))
	s.toCallSubs(s.callMsg("established", c, 0,
		kv{"joining-device-id", s.idv(a.id)}, kv{"joining-device-type", devAgent}, kv{"joining-device", a.ext},
		kv{"calling-device-id", 0}, kv{"calling-device-type", devRegular}, kv{"calling-device", c.caller.Number}))
	s.toAgentSubs(a, s.agentMsg("agent-on-call", a.id, 0, kv{"call-type", 1}, kv{"call-id", s.idv(c.idStr())}, kv{"pbx-call-id", c.pbx}, kv{"guid", c.guid}))
	s.setCode(a, 3, "")
}

// clear ends a call for the agent; byAgent says who hung up.
func (s *Server) clear(c *simCall, byAgent bool) {
	a := c.agent
	out, outID, outType := c.caller.Number, "0", devRegular
	if byAgent {
		out, outID, outType = a.ext, a.id, devAgent
	}
	c.parties = nil
	s.toCallSubs(s.callMsg("conn-cleared", c, 0, kv{"device-out-id", s.idv(outID)}, kv{"device-out-type", outType}, kv{"device-out", out}))
	s.toCallSubs(s.callMsg("call-cleared", c, 0, kv{"abandoned-call", false}, kv{"requested-callback", false},
		kv{"abandoned-callback", false}, kv{"abandoned-dev-id", ""}, kv{"abandoned-dev-type", ""}, kv{"abandoned-dev", ""}))
	s.afterCall(c)
}

// afterCall puts the agent into wrap-up after an ACD call, else idle.
func (s *Server) afterCall(c *simCall) {
	a := c.agent
	if c.acd {
		c.status, c.at = "wrap", time.Now()
		s.toAgentSubs(a, s.agentMsg("agent-wrap", a.id, 0, kv{"media-type", 1}, kv{"call-id", s.idv(c.idStr())},
			kv{"tapi-call-id", c.pbx}, kv{"guid", c.guid}, kv{"wrapup-code", ""}))
		s.setCode(a, 4, "")
		return
	}
	a.call = nil
	delete(s.calls, c.idStr())
	s.toCallSubs(s.callMsg("no-wrap", c, 0, kv{"agent-id", s.idv(a.id)}, kv{"wrapup-code-id", 0}, kv{"wrapup-id-list", []any{}}))
	s.toAgentSubs(a, s.agentMsg("agent-idle", a.id, 0))
	s.setCode(a, 1, "")
}

func (s *Server) hold(c *simCall) {
	a := c.agent
	c.status, c.callerState = "held", connHeld
	s.toCallSubs(s.callMsg("held", c, 0, kv{"device-id", s.idv(a.id)}, kv{"device-type", devAgent}, kv{"device", a.ext}))
}

func (s *Server) retrieve(c *simCall) {
	a := c.agent
	c.status, c.callerState = "connected", connConnected
	s.toCallSubs(s.callMsg("retrieved", c, 0, kv{"device-id", s.idv(a.id)}, kv{"device-type", devAgent}, kv{"device", a.ext}))
}

// blindTransfer sends the call to another agent from the phone: a
// diverted event (L2355), then our agent's wrap-up.
func (s *Server) blindTransfer(c *simCall, to *simAgent) {
	a := c.agent
	s.toCallSubs(s.callMsg("diverted", c, 5,
		kv{"divert-to-group-id", s.idv(c.group)}, kv{"divert-to-group-type", groupType},
		kv{"divert-to-device-id", s.idv(to.id)}, kv{"divert-to-device-type", devAgent}, kv{"divert-to-device", to.ext},
		kv{"divert-from-device-id", s.idv(a.id)}, kv{"divert-from-device-type", devAgent}, kv{"divert-from-device", a.ext}))
	s.afterCall(c)
}

// consult holds the call and dials another agent from the phone.
func (s *Server) consult(c *simCall) *simCall {
	a := c.agent
	to := s.others[s.rnd.IntN(len(s.others))]
	s.hold(c)
	k := s.newCall(a, simulator.Caller{Name: to.name, Number: a.ext, DNIS: to.ext}, false)
	k.first, k.status, k.group = c, "connected", "0"
	k.parties = []party{{a.ext, connConnected}, {to.ext, connConnected}}
	s.calls[k.idStr()] = k
	s.toCallSubs(s.callMsg("initiated", k, 0, kv{"group-id", 0}, kv{"group-type", 0},
		kv{"device-id", s.idv(a.id)}, kv{"device-type", devAgent}, kv{"device", a.ext}))
	s.toCallSubs(s.callMsg("delivered", k, 0,
		kv{"alerting-device-id", s.idv(to.id)}, kv{"alerting-device-type", devAgent}, kv{"alerting-device", to.ext},
		kv{"calling-device-id", s.idv(a.id)}, kv{"calling-device-type", devAgent}, kv{"calling-device", a.ext}, kv{"agent-chat-url", ""}))
	s.toCallSubs(s.callMsg("established", k, 0,
		kv{"joining-device-id", s.idv(to.id)}, kv{"joining-device-type", devAgent}, kv{"joining-device", to.ext},
		kv{"calling-device-id", s.idv(a.id)}, kv{"calling-device-type", devAgent}, kv{"calling-device", a.ext}))
	return k
}

// completeTransfer joins the caller to the consulted agent (a transferred
// event, L2791); both legs leave our agent.
func (s *Server) completeTransfer(k *simCall) {
	c, a := k.first, k.agent
	to := k.parties[len(k.parties)-1].ext
	s.nextCall++
	res := s.nextCall
	delete(s.calls, k.idStr())
	s.toCallSubs(s.callMsg("transferred", c, 9,
		kv{"secondary-call-id", s.idv(k.idStr())}, kv{"secondary-pbx-call-id", k.pbx}, kv{"secondary-guid", k.guid},
		kv{"resultant-call-id", s.idv(fmt.Sprint(res))}, kv{"resultant-pbx-call-id", 70000 + res}, kv{"resultant-guid", c.guid},
		kv{"transferring-device-id", s.idv(a.id)}, kv{"transferring-device-type", devAgent}, kv{"transferring-device", a.ext},
		kv{"transferred-device-id", 0}, kv{"transferred-device-type", devRegular}, kv{"transferred-device", c.caller.Number},
		kv{"transfer-to-device-id", 0}, kv{"transfer-to-device-type", devAgent}, kv{"transfer-to-device", to}))
	a.call = c
	s.afterCall(c)
}

// conference joins the consulted agent into the first call.
func (s *Server) conference(k *simCall) {
	c, a := k.first, k.agent
	to := k.parties[len(k.parties)-1].ext
	delete(s.calls, k.idStr())
	c.status, c.callerState = "connected", connConnected
	c.parties = []party{{a.ext, connConnected}, {to, connConnected}}
	s.toCallSubs(s.callMsg("conferenced", c, 17,
		kv{"secondary-call-id", s.idv(k.idStr())}, kv{"secondary-pbx-call-id", k.pbx}, kv{"secondary-guid", k.guid},
		kv{"resultant-call-id", s.idv(c.idStr())}, kv{"resultant-pbx-call-id", c.pbx}, kv{"resultant-guid", c.guid},
		kv{"conferencing-device-id", s.idv(a.id)}, kv{"conferencing-device-type", devAgent}, kv{"conferencing-device", a.ext},
		kv{"conferenced-device-id", 0}, kv{"conferenced-device-type", devAgent}, kv{"conferenced-device", to},
		kv{"conference-to-device-id", 0}, kv{"conference-to-device-type", devRegular}, kv{"conference-to-device", c.caller.Number}))
}
