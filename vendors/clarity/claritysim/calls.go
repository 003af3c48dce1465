package claritysim

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"tandem/vendors"
)

var queueIDs = map[string]int{"Sales": 3, "Support": 5, "Billing": 7, "Priority": 9}

// Offer routes a new call to the agent: the session appears in the agent's
// active sessions as NotifyingAgent with the agent in its offers, and the
// agent's status turns to ringing.
func (s *Sim) Offer() (vendors.Contact, error) {
	c := s.callers.Next()
	s.mu.Lock()
	defer s.mu.Unlock()
	now := time.Now().UTC()
	s.nextID++
	ss := &session{ID: s.nextID, Caller: c, QueueID: queueIDs[c.Queue], Status: ssNotifying, Start: now,
		ScreenPop: "https://crm.example.com/customers/" + c.CRMID}
	ss.Extra = append(ss.Extra, extraItem{s.item(), "DNIS", c.DNIS})
	for _, k := range []string{"crm_id", "account", "tier", "topic", "language"} {
		ss.Extra = append(ss.Extra, extraItem{s.item(), k, c.Data()[k]})
	}
	ss.IVR = []ivrNode{
		{s.item(), "Welcome", "Language " + c.Lang, ""},
		{s.item(), "Main Menu", "Selected " + c.Queue, strconv.Itoa(1 + ss.ID%4)},
		{s.item(), c.Queue + " Queue", "Set Queue to " + c.Queue + ".", ""},
	}
	agents := []string{"Rob T.", "Anna K.", "Jonah"}
	for i := 0; i < ss.ID%3; i++ {
		ss.History = append(ss.History, historyItem{ID: ss.ID - 500 - 37*i, Start: now.Add(-time.Duration(26*(i+1)) * time.Hour),
			Queue: c.Queue, Agent: agents[i%len(agents)], Modality: 2})
	}
	s.event(ss, "Session created.")
	s.event(ss, "Session entered attendant (IVR).")
	s.event(ss, "Session has been assigned to queue: "+c.Queue)
	s.event(ss, "Session offered to agent Peter Miller.")
	s.sessions[ss.ID] = ss
	s.setStatus(stRinging, 0)
	return s.expected(ss), nil
}

func (s *Sim) item() int { s.nextItem++; return s.nextItem }

func (s *Sim) event(ss *session, text string) {
	ss.Events = append(ss.Events, eventItem{s.item(), text, time.Now().UTC()})
}

// expected is the contact the driver reports for a fresh session.
func (s *Sim) expected(ss *session) vendors.Contact {
	data := map[string]string{
		"customer_id": ss.Caller.CRMID,
		"call_flow":   "Main IVR",
	}
	for _, e := range ss.Extra {
		data[e.Key] = e.Value
	}
	var path []string
	for _, n := range ss.IVR {
		path = append(path, n.Name)
	}
	data["ivr_path"] = strings.Join(path, " > ")
	var hist []string
	for _, h := range ss.History {
		hist = append(hist, fmt.Sprintf("%s %s (%s)", h.Start.Format("2006-01-02"), h.Queue, h.Agent))
	}
	if len(hist) > 0 {
		data["history"] = strings.Join(hist, "; ")
	}
	return vendors.Contact{
		ID: strconv.Itoa(ss.ID), Channel: vendors.ChannelVoice, Direction: vendors.Inbound,
		Status: vendors.ContactOffered, From: ss.Caller.Number, To: ss.Caller.DNIS,
		Name: ss.Caller.Name, Queue: ss.Caller.Queue, Data: data, ScreenPopURL: ss.ScreenPop,
	}
}

// Phone acts on a call as the agent's Skype for Business client would:
// answer, hangup, hold, retrieve.
func (s *Sim) Phone(action vendors.CommandKind, id string) error {
	n, err := strconv.Atoi(id)
	if err != nil {
		return fmt.Errorf("claritysim: no session %q", id)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ss := s.sessions[n]
	if ss == nil || ss.ended() {
		return fmt.Errorf("claritysim: no live session %q", id)
	}
	now := time.Now().UTC()
	switch action {
	case vendors.CmdAnswer:
		if ss.Status != ssNotifying {
			return fmt.Errorf("claritysim: session %d is %s, not offered", n, ss.Status)
		}
		ss.Status, ss.Answered = ssActive, now
		s.event(ss, "Session status changed to Active.")
		s.setStatus(stInCall, 0)
	case vendors.CmdHangup, vendors.CmdReject:
		switch ss.Status {
		case ssNotifying:
			ss.Status, ss.End = ssAbandoned, now
			s.event(ss, "Customer hung up.")
			s.setStatus(stAvailable, 0)
		case ssActive:
			ss.OnHold = false
			ss.Status, ss.AfterCallStart = ssAfterCall, now
			s.event(ss, "Session status changed to AfterCall.")
			s.setStatus(stAfterCall, 0)
			if d := s.cfg.AfterCall; d > 0 {
				id := ss.ID
				ss.afterCallTimer = time.AfterFunc(d, func() { s.afterCallExpired(id) })
			}
		default:
			return fmt.Errorf("claritysim: session %d is %s", n, ss.Status)
		}
	case vendors.CmdHold, vendors.CmdRetrieve:
		if ss.Status != ssActive {
			return fmt.Errorf("claritysim: session %d is %s, not active", n, ss.Status)
		}
		ss.OnHold = action == vendors.CmdHold
		ss.HoldStart = now
	default:
		return fmt.Errorf("claritysim: the phone cannot %s", action)
	}
	return nil
}

func (s *Sim) afterCallExpired(id int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ss := s.sessions[id]; ss != nil && ss.Status == ssAfterCall {
		s.complete(ss, "After call time expired.")
		if s.status == stAfterCall {
			s.setStatus(stAvailable, 0)
		}
	}
}

// complete ends a session; the caller holds s.mu.
func (s *Sim) complete(ss *session, why string) {
	if ss.afterCallTimer != nil {
		ss.afterCallTimer.Stop()
	}
	ss.OnHold = false
	ss.Status, ss.End = ssCompleted, time.Now().UTC()
	s.event(ss, why)
	s.event(ss, "Session status changed to Completed.")
}

// traffic offers calls on its own for trainers: when the agent is
// available, a call rings, is answered in "Skype for Business" a few seconds
// later, lasts a while and goes to after-call.
func (s *Sim) traffic(rate time.Duration) {
	defer s.wg.Done()
	t := time.NewTicker(rate)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
		}
		s.mu.Lock()
		idle := s.status == stAvailable
		for _, ss := range s.sessions {
			idle = idle && ss.ended()
		}
		s.mu.Unlock()
		if !idle {
			continue
		}
		c, _ := s.Offer()
		go s.playCall(c.ID)
	}
}

func (s *Sim) playCall(id string) {
	steps := []struct {
		wait time.Duration
		act  vendors.CommandKind
	}{
		{time.Duration(3+rand.IntN(4)) * time.Second, vendors.CmdAnswer},
		{time.Duration(20+rand.IntN(40)) * time.Second, vendors.CmdHangup},
	}
	for _, st := range steps {
		select {
		case <-s.stop:
			return
		case <-time.After(st.wait):
		}
		if err := s.Phone(st.act, id); err != nil {
			s.log.Debug("scripted call step skipped", "session", id, "err", err)
			return
		}
	}
}
