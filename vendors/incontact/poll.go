package incontact

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"tandem/vendors"
	"tandem/vendors/backoff"
)

// minEmptyGap paces a server that answers "nothing new" at once instead of
// holding the poll: the poller never spins.
const minEmptyGap = time.Second

// run is the session's one long-poll loop (comet, seed L43): poll with the
// newest session ID, handle the batch, poll again. A broken link shows as
// Reconnecting at once and is retried with jittered backoff; 409 and a
// refused login end the session without retries.
func (s *session) run() {
	defer close(s.done)
	bo := backoff.Backoff{Min: time.Second, Max: 30 * time.Second}
	for s.ctx.Err() == nil {
		start := time.Now()
		n, err := s.pollOnce()
		if s.ctx.Err() != nil || s.stopped() {
			return
		}
		if err == nil {
			bo.Reset()
			if n == 0 && time.Since(start) < s.pollTimeout/2 && !s.pause(s.ctx, minEmptyGap) {
				return
			}
			continue
		}
		switch {
		case statusOf(err) == http.StatusConflict:
			// "409 Session Ended" (seed L43): authoritative, even when the
			// AgentSessionEnd event was missed.
			s.finish(s.sessionEnded("the platform ended the agent session (409 Session Ended)"))
			return
		case vendors.KindOf(err) == vendors.ErrAuth:
			s.finish(err)
			return
		}
		s.log.Warn("incontact: poll failed", "err", err)
		s.lost(err)
		if !s.reconnect(&bo) {
			return
		}
	}
}

func (s *session) stopped() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.ended
}

// pollOnce asks for the next events and handles them; it returns how many
// usable events came.
func (s *session) pollOnce() (int, error) {
	ctx, cancel := context.WithTimeout(s.ctx, s.pollTimeout+pollGrace)
	defer cancel()
	q := url.Values{"timeout": {strconv.Itoa(int(s.pollTimeout / time.Second))}}
	status, raw, err := s.api.call(ctx, "get-next-event", epNextEvent, []string{s.currentSID()}, q, nil, nil)
	if err != nil {
		if statusOf(err) == http.StatusUnauthorized {
			// A fresh token was refused too: the account no longer works.
			return 0, &vendors.Error{Kind: vendors.ErrAuth, Op: "get-next-event", Msg: "the platform refused a fresh token", Err: err}
		}
		return 0, err
	}
	if status == http.StatusNotModified || status == http.StatusNoContent {
		s.handleBatch(nil)
		return 0, nil
	}
	resp, derr := decodePoll(raw)
	if derr != nil {
		s.log.Warn("incontact: skipped an unreadable poll answer", "err", derr)
		return 0, nil
	}
	s.setSID(resp.SessionID)
	return s.handleBatch(resp.Events), nil
}

// handleBatch turns one poll answer into desk events. A batch with
// AgentSessionStart is a snapshot (seed L7); the first answer after a
// (re)connect closes the resync with SyncedEvent.
func (s *session) handleBatch(raws []json.RawMessage) int {
	used, snapshot := 0, false
	for _, raw := range raws {
		ev, err := decodeEvent(raw)
		if err != nil {
			s.log.Warn("incontact: skipped a malformed event", "err", err)
			continue
		}
		used++
		switch e := ev.(type) {
		case *evSessionStart:
			if !snapshot {
				s.tr.beginResync()
			}
			snapshot = true
			s.log.Debug("incontact: session start", "agent", e.AgentID, "station", e.StationPhoneNumber,
				"multi_party_conference", bool(e.CanMultiPartyConf))
		case *evAgentState:
			s.emit(s.tr.agentState(e)...)
		case *evContact:
			s.emit(s.tr.contact(e)...)
		case *evPageOpen:
			s.emit(s.tr.pageOpen(e)...)
		case *evSessionEnd:
			if e.Remote {
				s.mu.Lock()
				s.remoteMsg = firstNonEmpty(string(e.Message), "RemoteLogoff")
				s.mu.Unlock()
				continue
			}
			s.endedByEvent()
			return used
		case *evAgentLeg:
			s.log.Debug("incontact: agent leg", "id", e.AgentLegID, "status", e.Status, "final", bool(e.FinalState))
		case *evAgentError:
			s.log.Warn("incontact: platform error", "result", e.ResultCode, "contact", e.ContactID, "target", e.Target, "level", e.ErrorLevel)
		case evOther:
			if strings.EqualFold(e.Type, tUpdateCodes) {
				go s.reloadCodes()
			}
			s.log.Debug("incontact: event not used", "type", e.Type)
		}
	}
	s.emit(s.tr.endResync(snapshot)...)
	s.markSynced()
	s.emit(vendors.AliveEvent{At: time.Now()})
	return used
}

// endedByEvent handles AgentSessionEnd: the agent is logged out and the
// session is over.
func (s *session) endedByEvent() {
	if st, ok := s.tr.State(); !ok || st.State != vendors.StateLoggedOut {
		s.emit(vendors.StateEvent{State: vendors.AgentState{State: vendors.StateLoggedOut, Raw: "LoggedOut", Since: time.Now()}})
	}
	s.finish(s.sessionEnded("the agent session ended"))
}

// reloadCodes follows UpdateUnavailableCodes ("refetch the codes").
func (s *session) reloadCodes() {
	ctx, cancel := context.WithTimeout(s.ctx, 15*time.Second)
	defer cancel()
	t, err := s.api.current(ctx)
	if err != nil {
		return
	}
	s.loadCodes(ctx, t.teamID)
	s.emit(s.reasonsEvent())
}

// reconnect waits, re-authenticates and joins the session again, which
// makes the platform send AgentSessionStart and a snapshot. It reports
// false when the session is over or closed.
func (s *session) reconnect(bo *backoff.Backoff) bool {
	for {
		if !s.pause(s.ctx, bo.Next()) {
			return false
		}
		if err := s.api.authenticate(s.ctx); err != nil {
			if s.ctx.Err() != nil {
				return false
			}
			if vendors.KindOf(err) == vendors.ErrAuth {
				s.finish(err)
				return false
			}
			s.log.Warn("incontact: reconnect: login failed", "err", err)
			continue
		}
		ctx, cancel := context.WithTimeout(s.ctx, s.api.timeout)
		sid, err := s.join(ctx)
		cancel()
		if err != nil {
			if s.ctx.Err() != nil {
				return false
			}
			switch statusOf(err) {
			case http.StatusBadRequest, http.StatusNotFound, http.StatusConflict, http.StatusGone:
				s.finish(s.sessionEnded("the agent session ended while the link was down"))
				return false
			case http.StatusUnauthorized, http.StatusForbidden:
				s.finish(&vendors.Error{Kind: vendors.ErrAuth, Op: "join session", Msg: "the platform refused the agent", Err: err})
				return false
			}
			s.log.Warn("incontact: reconnect: join failed", "err", err)
			continue
		}
		s.setSID(sid)
		s.connectedNow()
		return true
	}
}
