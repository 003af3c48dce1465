package mitelsim

import (
	"bytes"
	"time"

	"tandem/vendors/simulator"
)

// bgCall is another agent's call moving through a plausible flow (note
// §4.6): queued, delivered, established, conn-cleared, call-cleared,
// wrap-ended.
type bgCall struct {
	c     *simCall
	stage int
}

// otherStep sends the next call event of the site's other agents. Called
// with s.mu held.
func (s *Server) otherStep() {
	if len(s.bg) == 0 || (len(s.bg) < 8 && s.rnd.IntN(4) == 0) {
		a := s.others[s.rnd.IntN(len(s.others))]
		c := s.newCall(a, s.callers.Next(), true)
		s.bg = append(s.bg, &bgCall{c: c})
	}
	i := s.rnd.IntN(len(s.bg))
	b := s.bg[i]
	c, a := b.c, b.c.agent
	switch b.stage {
	case 0:
		s.toCallSubs(s.callMsg("queued", c, 0, kv{"queued-group-internal-id", s.idv(c.group)}, kv{"queued-group-type", groupType}))
	case 1:
		c.parties = []party{{a.ext, connAlerting}}
		s.toCallSubs(s.callMsg("delivered", c, 0,
			kv{"alerting-device-id", s.idv(a.id)}, kv{"alerting-device-type", devAgent}, kv{"alerting-device", a.ext},
			kv{"calling-device-id", 0}, kv{"calling-device-type", devRegular}, kv{"calling-device", c.caller.Number},
			kv{"agent-chat-url", ""}))
	case 2:
		c.parties = []party{{a.ext, connConnected}}
		s.toCallSubs(s.callMsg("established", c, 0,
			kv{"joining-device-id", s.idv(a.id)}, kv{"joining-device-type", devAgent}, kv{"joining-device", a.ext},
			kv{"calling-device-id", 0}, kv{"calling-device-type", devRegular}, kv{"calling-device", c.caller.Number}))
	case 3:
		s.toCallSubs(s.callMsg("conn-cleared", c, 0, kv{"device-out-id", 0}, kv{"device-out-type", devRegular}, kv{"device-out", c.caller.Number}))
	case 4:
		c.parties = nil
		s.toCallSubs(s.callMsg("call-cleared", c, 0, kv{"abandoned-call", false}, kv{"requested-callback", false},
			kv{"abandoned-callback", false}, kv{"abandoned-dev-id", ""}, kv{"abandoned-dev-type", ""}, kv{"abandoned-dev", ""}))
	default:
		s.toCallSubs(s.callMsg("wrap-ended", c, 14, kv{"agent-id", s.idv(a.id)}, kv{"wrapup-code-id", 2}, kv{"wrapup-id-list", []any{2}}))
		s.bg = append(s.bg[:i], s.bg[i+1:]...)
		return
	}
	b.stage++
}

func (s *Server) otherTraffic(every time.Duration) {
	defer s.wg.Done()
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-s.done:
			return
		case <-t.C:
			s.mu.Lock()
			s.otherStep()
			s.mu.Unlock()
		}
	}
}

// trainer makes the standalone simulator believable: calls offered every
// rate while the agent is ready, callers who hang up after a while, calls
// that ring elsewhere when not answered, wrap-up that ends on its own
// unless extended with manual-wrapup.
func (s *Server) trainer(rate time.Duration) {
	defer s.wg.Done()
	t := time.NewTicker(time.Second)
	defer t.Stop()
	last := time.Now()
	for {
		select {
		case <-s.done:
			return
		case now := <-t.C:
			s.mu.Lock()
			a := s.me
			c := a.call
			switch {
			case c == nil && a.code == 1 && now.Sub(last) >= rate:
				s.offer(a)
				last = now
			case c != nil && c.status == "alerting" && now.Sub(c.at) > 20*time.Second:
				s.ringNoAnswer(c)
			case c != nil && c.status == "connected" && c.first == nil && now.Sub(c.at) > 20*time.Second+time.Duration(c.pbx%70)*time.Second:
				s.clear(c, false)
			case c != nil && c.status == "wrap" && !a.extendWrap && now.Sub(c.at) > 45*time.Second:
				s.endWrap(a)
				s.toAgentSubs(a, s.agentMsg("agent-idle", a.id, 14))
				s.setCode(a, 1, "")
				last = now
			}
			s.mu.Unlock()
		}
	}
}

// ringNoAnswer sends an unanswered call back to its group and releases
// the agent, as an ACD does.
func (s *Server) ringNoAnswer(c *simCall) {
	a := c.agent
	s.toCallSubs(s.callMsg("diverted", c, 8,
		kv{"divert-to-group-id", s.idv(c.group)}, kv{"divert-to-group-type", groupType},
		kv{"divert-to-device-id", s.idv(c.group)}, kv{"divert-to-device-type", devGroup}, kv{"divert-to-device", c.group},
		kv{"divert-from-device-id", s.idv(a.id)}, kv{"divert-from-device-type", devAgent}, kv{"divert-from-device", a.ext}))
	a.call = nil
	delete(s.calls, c.idStr())
	s.release(a, "")
}

// Recording returns wire bytes as a client subscribed like the driver
// would receive them: the site's call traffic with, about once every
// oursEvery messages, a step of our agent's own calls. It also returns
// how many messages it holds and how many concern our agent, and the
// agent ID and extension they concern.
func Recording(seed int64, messages, oursEvery int) (wire []byte, total, ours int, agent, ext string) {
	s := newServer(simulator.Options{Seed: seed}, Config{})
	var buf bytes.Buffer
	c := &conn{s: s, sink: &buf, authed: true, calls: true,
		agents: map[string]bool{s.me.id: true}, stats: map[string]bool{s.me.id: true}}
	s.conns[c] = struct{}{}
	if oursEvery > 0 {
		s.login(s.me)
		s.resume(s.me)
	}
	step := 0
	for total < messages {
		before := buf.Len()
		if oursEvery > 0 && total/oursEvery > ours {
			s.ourStep(step)
			step++
			n := bytes.Count(buf.Bytes()[before:], []byte{0})
			ours += n
			total += n
			continue
		}
		s.otherStep()
		total += bytes.Count(buf.Bytes()[before:], []byte{0})
	}
	return buf.Bytes(), bytes.Count(buf.Bytes(), []byte{0}), ours, s.me.id, s.me.ext
}

// ourStep moves our agent's call on: offer, answer, hold, retrieve, hang
// up, wrap-up code, end wrap-up.
func (s *Server) ourStep(step int) {
	a := s.me
	c := a.call
	switch {
	case c == nil:
		s.offer(a)
	case c.status == "alerting":
		s.answer(c)
	case c.status == "connected" && step%3 == 0:
		s.hold(c)
	case c.status == "held":
		s.retrieve(c)
	case c.status == "connected":
		s.clear(c, true)
	case c.status == "wrap" && len(c.wrapCodes) == 0:
		c.wrapCodes = append(c.wrapCodes, "1")
		s.toCallSubs(s.callMsg("wrap-code", c, 0, kv{"agent-id", s.idv(a.id)}, kv{"wrapup-code-id", 1}))
	default:
		s.endWrap(a)
		s.toAgentSubs(a, s.agentMsg("agent-idle", a.id, 14))
		s.setCode(a, 1, "")
	}
}
