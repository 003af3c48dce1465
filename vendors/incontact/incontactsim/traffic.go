package incontactsim

import (
	"math/rand/v2"
	"net/http"
	"time"
)

// traffic is the trainer mode (Options.Rate): contacts come on their own
// while the agent is Available, unanswered ones are abandoned after 30 s and
// customers hang up after a while.
func (s *Sim) traffic() {
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	next := time.Now().Add(s.opts.Rate)
	for {
		select {
		case <-s.stop:
			return
		case now := <-tick.C:
			s.mu.Lock()
			s.customerMoves(now)
			if now.After(next) {
				next = now.Add(s.opts.Rate)
				if s.sess != nil && !s.sess.ending && s.ag.State == "Available" && len(s.contacts) == 0 {
					caller := s.callers.Next()
					switch r := rand.IntN(100); {
					case r < 70:
						s.offerCall(caller)
					case r < 85:
						s.offerChat(caller)
					default:
						s.offerWorkItem(caller)
					}
				}
			}
			s.mu.Unlock()
		}
	}
}

// customerMoves abandons unanswered contacts and ends calls and chats the
// customer leaves; only in trainer mode.
func (s *Sim) customerMoves(now time.Time) {
	for _, c := range append([]*contact(nil), s.contacts...) {
		switch {
		case c.Status == "Incoming" && now.Sub(c.Start) > 30*time.Second:
			c.Code = "CallAbandoned"
			s.setStatus(c, "Disconnected", true)
			s.reconcile(false)
		case c.Status == "Active" && c.Kind != kindWorkItem && !c.autoEnd.IsZero() && now.After(c.autoEnd):
			if st, _ := s.interaction(c.ID, "end"); st != http.StatusAccepted {
				s.log.Debug("incontactsim: customer hangup failed", "contact", c.ID)
			}
		}
	}
}

// autoEndTime is when a customer hangs up on their own: never in tests
// (Rate 0), 40-160 s in trainer mode.
func (s *Sim) autoEndTime() time.Time {
	if s.opts.Rate <= 0 {
		return time.Time{}
	}
	return time.Now().Add(40*time.Second + time.Duration(rand.IntN(120))*time.Second)
}
