package clarity

import (
	"context"
	"errors"
	"net/url"
	"reflect"
	"sort"
	"strconv"
	"time"

	"tandem/vendors"
)

const detailQuery = "?includeCustomerHistory=true&customerHistoryLimit=3&includeIvrData=true" +
	"&includeDispositions=true&includeExtraItems=true&includeAftercallOptions=true"

// endedMemory is how long an ended session's id is remembered, so one
// still listed (Terminating) is not popped again.
const endedMemory = 10 * time.Minute

// get is a GET that is tried twice when the server answers 5xx: a single
// 500 is not a lost connection.
func (s *session) get(ctx context.Context, path string, out *[]byte) error {
	err := s.cl.call(ctx, "GET", path, nil, out)
	var he *httpError
	if errors.As(err, &he) && he.Code >= 500 {
		s.log.Debug("clarity: retrying after server error", "op", opName(path), "err", err)
		err = s.cl.call(ctx, "GET", path, nil, out)
	}
	return err
}

// poll reads the agent's status and active sessions, fetches the details of
// new sessions and returns the events to emit; full re-reports everything.
// The caller holds pollMu.
func (s *session) poll(ctx context.Context, full bool) ([]vendors.Event, error) {
	s.cl.mu.Lock()
	agent := s.cl.agentID
	s.cl.mu.Unlock()
	var evs []vendors.Event
	var b []byte
	if err := s.get(ctx, "/agentStatus/"+url.PathEscape(agent)+"?currentOnly=true", &b); err != nil {
		return nil, err
	}
	var as agentStatusResponse
	if err := decodeObject(b, &as); err != nil {
		s.log.Warn("clarity: malformed agent status skipped", "err", err)
	} else {
		st := agentState(as.CurrentStatus)
		if full || !s.haveSt || !sameState(st, s.state) {
			if st.Reason != nil && st.Reason.Code == unknownReason.Code && (!s.haveSt || s.state.Raw != st.Raw) {
				s.log.Warn("clarity: the agent's status is unknown", "err",
					vendors.Errorf(vendors.ErrConfig, "Connect reports status \"unknown\" for agent %s: its SIP address is invalid", agent))
			}
			s.state, s.haveSt = st, true
			evs = append(evs, vendors.StateEvent{State: st})
		}
	}

	if err := s.get(ctx, "/sessions?agentId="+url.QueryEscape(agent)+"&activeOnly=true", &b); err != nil {
		return evs, err
	}
	items, bad, err := decodeItems[sessionItem](b)
	if err != nil {
		// The whole list is unreadable: keep the picture as it is.
		s.log.Warn("clarity: malformed sessions list skipped", "err", err)
		return evs, nil
	}
	if bad > 0 {
		s.log.Warn("clarity: malformed sessions skipped", "count", bad)
	}
	now := time.Now()
	seen := map[string]bool{}
	for _, it := range items {
		if it.SessionID == 0 {
			bad++
			s.log.Warn("clarity: session without an id skipped")
			continue
		}
		id := strconv.Itoa(int(it.SessionID))
		seen[id] = true
		if _, done := s.ended[id]; done {
			continue // ended already (a Terminating session may stay listed)
		}
		t := s.contacts[id]
		fresh := t == nil
		if fresh {
			t = &tracked{}
		}
		changed := t.update(it, now)
		if !t.detailed && t.detailTries < 3 {
			if err := s.fetchDetail(ctx, t, &evs); err != nil {
				return evs, err
			}
			changed = true
		}
		if t.c.Status == vendors.ContactEnded {
			delete(s.contacts, id)
			s.ended[id] = now
		} else {
			s.contacts[id] = t
		}
		if changed || full {
			evs = append(evs, vendors.ContactEvent{Contact: t.c.Clone()})
		}
	}
	if bad > 0 {
		// A session we could not read may be one we follow: do not call
		// it gone on this poll.
		return evs, nil
	}
	for id, at := range s.ended {
		if now.Sub(at) > endedMemory {
			delete(s.ended, id)
		}
	}
	for _, id := range sortedKeys(s.contacts) {
		if seen[id] {
			continue
		}
		// Gone from the active list: Completed, Transferred, Abandoned...
		t := s.contacts[id]
		delete(s.contacts, id)
		s.ended[id] = now
		t.c.Status, t.c.Since = vendors.ContactEnded, now
		evs = append(evs, vendors.ContactEvent{Contact: t.c.Clone()})
	}
	return evs, nil
}

// fetchDetail reads Session by ID for the screen pop. The document answers
// an unknown session with 500, so a 500 leaves the contact without details
// (tried again on the next polls) rather than failing the poll.
func (s *session) fetchDetail(ctx context.Context, t *tracked, evs *[]vendors.Event) error {
	t.detailTries++
	var b []byte
	err := s.cl.call(ctx, "GET", "/sessions/"+url.PathEscape(t.c.ID)+detailQuery, nil, &b)
	var he *httpError
	if errors.As(err, &he) {
		s.log.Info("clarity: session details unavailable", "session", t.c.ID, "err", err)
		return nil
	}
	if err != nil {
		return err
	}
	var d sessionDetail
	if err := decodeObject(b, &d); err != nil {
		s.log.Warn("clarity: malformed session details skipped", "session", t.c.ID, "err", err)
		return nil
	}
	t.detailed = true
	t.applyDetail(d, s.cl.log)
	if st, ok := contactStatus(d.sessionItem); ok && st != t.c.Status && d.SessionID != 0 {
		t.update(d.sessionItem, time.Now())
	}
	if w := wrapReasons(d); len(w) > 0 && !reflect.DeepEqual(w, s.wrapUp) {
		s.wrapUp = w
		*evs = append(*evs, vendors.ReasonsEvent{NotReady: s.notReady, WrapUp: w})
	}
	return nil
}

func sameState(a, b vendors.AgentState) bool {
	if a.State != b.State || a.Raw != b.Raw || (a.Reason == nil) != (b.Reason == nil) {
		return false
	}
	return a.Reason == nil || *a.Reason == *b.Reason
}

func sortedKeys(m map[string]*tracked) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
