package openscape

import (
	"strconv"
	"time"

	"tandem/vendors"
)

// flush reports what changed: the agent's state and every changed call;
// ended calls are forgotten once reported. Then waiting commands look.
func (s *session) flush() {
	s.mu.Lock()
	defer s.mu.Unlock()
	var evs []vendors.Event
	if st := s.agentState(); s.sent == nil || !sameState(*s.sent, st) {
		st.Since = time.Now()
		if s.sent != nil && s.sent.State == st.State {
			st.Since = s.sent.Since
		}
		s.sent = &st
		evs = append(evs, vendors.StateEvent{State: st})
	}
	keep := s.order[:0]
	for _, id := range s.order {
		k := s.calls[id]
		if k.sent == nil || !sameContact(*k.sent, k.c) {
			c := k.c.Clone()
			k.sent = &c
			evs = append(evs, vendors.ContactEvent{Contact: k.c.Clone()})
		}
		if k.c.Status.Live() {
			keep = append(keep, id)
		} else {
			delete(s.calls, id)
		}
	}
	s.order = keep
	if s.synced { // nothing is reported before the first resync
		for _, ev := range evs {
			s.emit(ev)
		}
	}
	s.checkWaiters()
}

func sameState(a, b vendors.AgentState) bool {
	if a.State != b.State || a.Raw != b.Raw || (a.Reason == nil) != (b.Reason == nil) {
		return false
	}
	return a.Reason == nil || *a.Reason == *b.Reason
}

func sameContact(a, b vendors.Contact) bool {
	if a.Status != b.Status || a.From != b.From || a.To != b.To || a.Name != b.Name || a.Queue != b.Queue ||
		a.Related != b.Related || a.Pending != b.Pending || a.ScreenPopURL != b.ScreenPopURL || a.Direction != b.Direction || len(a.Data) != len(b.Data) {
		return false
	}
	for k, v := range a.Data {
		if b.Data[k] != v {
			return false
		}
	}
	return true
}

// agentState is the normalized state (mu held).
func (s *session) agentState() vendors.AgentState {
	st := vendors.AgentState{Raw: s.routing}
	busy, wrap := false, false
	for _, id := range s.order {
		switch s.calls[id].c.Status {
		case vendors.ContactWrapUp:
			wrap = true
		case vendors.ContactEnded:
		default:
			busy = true
		}
	}
	switch {
	case s.loggedOut || !s.voiceOn || s.routing == "LOGGEDOFF":
		st.State = vendors.StateLoggedOut
	case busy:
		st.State = vendors.StateBusy
	case wrap:
		st.State, st.Raw = vendors.StateWrapUp, s.routing+"/POSTPROCESSING"
	case s.routing == "AVAILABLE":
		st.State = vendors.StateReady
	case s.routing == "WORK":
		st.State = vendors.StateNotReady
		st.Reason = &vendors.Reason{Code: "W" + strconv.Itoa(s.reasonKey), Label: reasonName(s.work, s.reasonKey, "Work")}
	default:
		st.State = vendors.StateNotReady
		if s.reasonKey > 0 {
			st.Reason = &vendors.Reason{Code: strconv.Itoa(s.reasonKey), Label: reasonName(s.unavail, s.reasonKey, "Unavailable")}
		}
	}
	return st
}

func reasonName(rs []reason, key int, def string) string {
	for _, r := range rs {
		if int(r.ReasonKey) == key {
			return string(r.Name)
		}
	}
	return def + " " + strconv.Itoa(key)
}
