package incontactsim

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"
)

// poll is get-next-event (public-apis §1.4): hold the request until events
// come or the timeout (0-60 s) passes; 200 {"sessionId","events"} with a new
// session ID, 304 when nothing came, 409 once the session ended. An old ID
// of a live session gets AgentSessionStart and a snapshot (seed L7).
func (s *Sim) poll(w http.ResponseWriter, r *http.Request, id string) {
	s.inPoll.Add(1)
	defer s.inPoll.Add(-1)
	timeout := 10
	if v, err := strconv.Atoi(r.URL.Query().Get("timeout")); err == nil {
		timeout = min(max(v, 0), 60)
	}
	s.mu.Lock()
	s.stats.Polls++
	f := s.faults
	if f.DropPolls > 0 {
		s.faults.DropPolls--
		s.mu.Unlock()
		panic(http.ErrAbortHandler) // the connection is cut, no answer
	}
	if st, msg := s.checkSession(id, true); st != 0 {
		s.mu.Unlock()
		writeErr(w, st, msg)
		return
	}
	if id != s.sess.newest {
		s.stats.StalePolls++
		for _, ev := range s.snapshotEvents() {
			s.push(ev)
		}
	}
	s.mu.Unlock()
	if f.PollDelay > 0 {
		select {
		case <-time.After(f.PollDelay):
		case <-r.Context().Done():
			return
		case <-s.stop:
			return
		}
	}
	if f.InstantEmpty {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	deadline := time.NewTimer(time.Duration(timeout) * time.Second)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		if s.sess == nil || !s.sess.ids[id] {
			s.mu.Unlock()
			writeErr(w, http.StatusConflict, "Session Ended")
			return
		}
		if len(s.sess.queue) > 0 {
			evs := s.sess.queue
			s.sess.queue = nil
			next := s.newSessionID()
			s.sess.addID(next)
			if s.sess.ending {
				// AgentSessionEnd is in this answer; the queue is cleared
				// and the IDs answer 409 from now on (seed L43).
				s.forgetSession()
			}
			s.mu.Unlock()
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			_ = json.NewEncoder(w).Encode(struct {
				SessionID string            `json:"sessionId"`
				Events    []json.RawMessage `json:"events"`
			}{next, evs})
			return
		}
		wake := s.wake
		s.mu.Unlock()
		select {
		case <-wake:
		case <-deadline.C:
			w.WriteHeader(http.StatusNotModified)
			return
		case <-r.Context().Done():
			return
		case <-s.stop:
			return
		}
	}
}

// addID issues a new API session ID; the last 64 stay usable as old IDs.
func (p *psession) addID(id string) {
	p.ids[id] = true
	p.order = append(p.order, id)
	p.newest = id
	if len(p.order) > 64 {
		delete(p.ids, p.order[0])
		p.order = p.order[1:]
	}
}
