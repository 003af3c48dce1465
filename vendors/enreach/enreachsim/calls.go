package enreachsim

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"tandem/vendors"
	"tandem/vendors/simulator"
)

type callState int

const (
	callAllocated callState = iota
	callConnected
	callWrapUp
)

type simCall struct {
	id, leg   string
	caller    simulator.Caller
	queue     *queue // nil for direct and outgoing calls
	outbound  bool
	target    string
	state     callState
	wrapStart time.Time
	wrapTimer *time.Timer
}

// callFields are the keys every user call event carries (E04-E16).
func (s *Sim) callFields(c *simCall, nameKey string) map[string]any {
	from, to := c.caller.Number, c.caller.DNIS
	if c.outbound {
		from, to = s.number, c.target
	}
	return map[string]any{
		"CallId": c.id, "LegId": c.leg, "UserId": s.userID, nameKey: s.userName,
		"CallerNumber": from, "TargetNumber": to,
	}
}

// talkingWrap says whether a call occupies the agent and which call is in
// wrap-up. Call with s.mu held.
func (s *Sim) talkingWrap() (bool, *simCall) {
	talking := false
	var wrap *simCall
	for _, c := range s.calls {
		if c.state == callWrapUp {
			wrap = c
		} else {
			talking = true
		}
	}
	return talking, wrap
}

func (s *Sim) allocatable() bool {
	talking, wrap := s.talkingWrap()
	return !talking && wrap == nil && s.serving && !s.fetch && s.avail != "DoNotDisturb" && s.avail != "OffWork"
}

// Offer sends a queue call to the agent: the queue sees it arrive, then it
// is allocated to the agent (the offered moment).
func (s *Sim) Offer() (vendors.Contact, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	caller := s.callers.Next()
	var q *queue
	for _, x := range s.queues {
		if x.Name == caller.Queue {
			q = x
		}
	}
	if q == nil {
		q = s.queues[0]
	}
	c := &simCall{id: guid(), leg: randHex(8), caller: caller, queue: q}
	c.caller.DNIS = q.Number
	s.calls[c.id] = c
	s.order = append(s.order, c.id)
	qf := map[string]any{"CallId": c.id, "LegId": c.leg, "QueueId": q.ID, "QueueName": q.Name,
		"QueueNumber": q.Number, "CallerNumber": caller.Number, "TargetNumber": q.Number}
	s.publish("Queue", q.ID, "QueueCallInComing", qf)
	s.publish("Queue", q.ID, "QueueCallInArrived", qf)
	q.Waiting++
	s.sendQueue(q)
	f := s.callFields(c, "UserName")
	f["UserNumber"] = s.number
	f["DetailedReason"] = ""
	s.publishUser("UserCallInUserAllocated", f)
	s.sendStatus()
	return vendors.Contact{ID: c.id, Channel: vendors.ChannelVoice, Direction: vendors.Inbound,
		Status: vendors.ContactOffered, From: caller.Number, To: q.Number, Queue: q.Name}, nil
}

// Phone acts as the agent's phone or Enreach client: answer, hangup, dial
// (id is then the number) and end_wrapup. The RTE has no hold events.
func (s *Sim) Phone(action vendors.CommandKind, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if action == vendors.CmdDial {
		return s.dial(id)
	}
	c := s.calls[id]
	if c == nil {
		return fmt.Errorf("enreachsim: no call %q", id)
	}
	switch action {
	case vendors.CmdAnswer:
		if c.state != callAllocated || c.outbound {
			return errors.New("enreachsim: the call is not ringing")
		}
		c.state = callConnected
		if c.queue != nil && c.queue.Waiting > 0 {
			c.queue.Waiting--
			s.sendQueue(c.queue)
		}
		f := s.callFields(c, "UserName")
		f["AgentLegId"] = randHex(8)
		f["UserNumber"] = s.number
		s.publishUser("UserCallInUserConnected", f)
		if c.queue != nil {
			s.publishUser("UserWrapUpEnabled", map[string]any{"CallId": c.id, "LegId": c.leg,
				"QueueId": c.queue.ID, "MaxWrapUpDurationSec": s.wrapUpSec})
		}
		s.sendStatus()
	case vendors.CmdHangup, vendors.CmdReject:
		s.hangup(c)
	case vendors.CmdEndWrapUp:
		if c.state != callWrapUp {
			return errors.New("enreachsim: the call is not in wrap-up")
		}
		s.endWrap(c, "manual")
	default:
		return fmt.Errorf("enreachsim: the phone cannot %s here (the RTE reports no such event)", action)
	}
	return nil
}

func (s *Sim) dial(number string) error {
	number = strings.TrimSpace(number)
	if number == "" {
		return errors.New("enreachsim: dial needs a number")
	}
	c := &simCall{id: guid(), leg: randHex(8), outbound: true, target: number, state: callConnected}
	s.calls[c.id] = c
	s.order = append(s.order, c.id)
	s.publishUser("UserCallOutConnected", s.callFields(c, "UserName"))
	s.sendStatus()
	return nil
}

// hangup ends a call from the phone. Call with s.mu held.
func (s *Sim) hangup(c *simCall) {
	switch {
	case c.outbound:
		f := s.callFields(c, "UserName")
		f["Reason"], f["TechReason"] = "local", "16"
		s.publishUser("UserCallOutDisconnected", f)
		s.remove(c)
	case c.state == callAllocated:
		// Declined on the phone: the allocation is cancelled and the call
		// goes back to the queue.
		f := s.callFields(c, "UserName")
		f["Reason"], f["DetailedReason"] = "UserActivelyDeclined", ""
		s.publishUser("UserCallInUserCancelled", f)
		s.remove(c)
	case c.state == callConnected:
		f := s.callFields(c, "Username")
		f["Reason"], f["TechReason"], f["TechQueueId"] = "local", "16", nil
		s.publishUser("UserCallInDisconnected", f)
		if c.queue == nil {
			s.remove(c)
			break
		}
		c.state = callWrapUp
		c.wrapStart = time.Now()
		s.publishUser("UserWrapUpStarted", map[string]any{"CallId": c.id, "LegId": c.leg,
			"QueueId": c.queue.ID, "MaxWrapUpDurationSec": s.wrapUpSec})
		id := c.id
		c.wrapTimer = time.AfterFunc(time.Duration(s.wrapUpSec)*time.Second, func() {
			s.mu.Lock()
			defer s.mu.Unlock()
			if c := s.calls[id]; c != nil && c.state == callWrapUp {
				s.endWrap(c, "timer")
			}
		})
	case c.state == callWrapUp:
		return
	}
	s.sendStatus()
}

func (s *Sim) endWrap(c *simCall, reason string) {
	if c.wrapTimer != nil {
		c.wrapTimer.Stop()
	}
	s.publishUser("UserWrapUpTerminated", map[string]any{"CallId": c.id, "LegId": c.leg,
		"QueueId": c.queue.ID, "Reason": reason, "ElapsedTimeSec": int(time.Since(c.wrapStart).Seconds())})
	s.remove(c)
	s.sendStatus()
}

func (s *Sim) remove(c *simCall) {
	delete(s.calls, c.id)
	for i, id := range s.order {
		if id == c.id {
			s.order = append(s.order[:i], s.order[i+1:]...)
			break
		}
	}
}

// Availability values (L429).
var availabilities = []string{"Available", "Busy", "DoNotDisturb", "OffWork", "BRB", "Away"}

// SetState changes the agent's availability and queue serving as the
// Enreach client would: ready is Available and serving; not_ready takes a
// reason DoNotDisturb, OffWork, NotServing or FetchMode (default
// DoNotDisturb). Busy and wrap-up come only from calls; Enreach has no
// logged-out state.
func (s *Sim) SetState(st vendors.State, reason string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch st {
	case vendors.StateReady:
		s.avail, s.serving, s.fetch = "Available", true, false
	case vendors.StateNotReady:
		switch {
		case strings.EqualFold(reason, "NotServing"):
			s.serving = false
		case strings.EqualFold(reason, "FetchMode"):
			s.fetch = true
		case strings.EqualFold(reason, "OffWork"):
			s.avail = "OffWork"
		default:
			s.avail = "DoNotDisturb"
		}
	default:
		return fmt.Errorf("enreachsim: Enreach has no way to set %s", st)
	}
	s.publishUser("UserAvailability", s.availabilityData())
	s.sendStatus()
	return nil
}

// SetAvailability sets one of the document's availability values.
func (s *Sim) SetAvailability(a string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, v := range availabilities {
		if strings.EqualFold(v, a) {
			s.avail = v
			s.publishUser("UserAvailability", s.availabilityData())
			s.sendStatus()
			return nil
		}
	}
	return fmt.Errorf("enreachsim: unknown availability %q", a)
}

// SetNote sets the availability note (any size) and publishes it: a
// way to send one large message.
func (s *Sim) SetNote(note string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.note = note
	s.publishUser("UserAvailability", s.availabilityData())
}

// State is the platform's picture in the normalized model, derived in the
// same order Enreach's own client shows it.
func (s *Sim) State() vendors.State {
	s.mu.Lock()
	defer s.mu.Unlock()
	talking, wrap := s.talkingWrap()
	switch {
	case talking:
		return vendors.StateBusy
	case wrap != nil:
		return vendors.StateWrapUp
	case s.avail == "DoNotDisturb", s.avail == "OffWork", !s.serving, s.fetch:
		return vendors.StateNotReady
	}
	return vendors.StateReady
}

// traffic offers calls on its own for trainers and plays the phone: the
// agent answers after a few seconds and talks for a while.
func (s *Sim) traffic(rate time.Duration) {
	t := time.NewTicker(rate)
	defer t.Stop()
	for {
		select {
		case <-s.ctx.Done():
			return
		case <-t.C:
		}
		s.mu.Lock()
		free := s.allocatable()
		s.mu.Unlock()
		if !free {
			continue
		}
		c, err := s.Offer()
		if err != nil {
			continue
		}
		go func(id string) {
			if !s.sleep(time.Duration(3+rand.IntN(5)) * time.Second) {
				return
			}
			if s.Phone(vendors.CmdAnswer, id) != nil {
				return
			}
			if s.sleep(time.Duration(20+rand.IntN(60)) * time.Second) {
				_ = s.Phone(vendors.CmdHangup, id)
			}
		}(c.ID)
	}
}

func (s *Sim) sleep(d time.Duration) bool {
	select {
	case <-time.After(d):
		return true
	case <-s.ctx.Done():
		return false
	}
}

// queueTicker moves the queue counters like a busy contact center.
func (s *Sim) queueTicker() {
	t := time.NewTicker(5 * time.Second)
	defer t.Stop()
	for {
		select {
		case <-s.ctx.Done():
			return
		case <-t.C:
		}
		if s.opts.Rate <= 0 {
			continue // tests: only what they cause
		}
		s.mu.Lock()
		for _, q := range s.queues {
			q.Waiting = max(0, q.Waiting+rand.IntN(3)-1)
			if q.Waiting == 0 {
				q.MaxWait = 0
			} else {
				q.MaxWait += 5 + rand.IntN(10)
			}
			q.Free = rand.IntN(q.Agents/2 + 1)
			s.sendQueue(q)
		}
		s.mu.Unlock()
	}
}
