package claritysim

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"tandem/vendors/flex"
)

// agentStatus answers in camelCase, as S35 does; the Unknown status has no
// name and no reason, as S36.
func (s *Sim) agentStatus(w http.ResponseWriter, r *http.Request, id string) {
	if !strings.EqualFold(r.URL.Query().Get("currentOnly"), "true") {
		s.writeJSON(w, r, http.StatusBadRequest, message("must have query string parameter currentOnly=true"))
		return
	}
	if !s.ownAgent(w, r, id) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	cur := map[string]any{"agentStatus": statusNames[s.status], "agentStatusId": s.status}
	out := map[string]any{"type": "agent", "id": s.agentID, "currentStatus": cur}
	if s.status != stUnknown {
		out["name"] = "Peter Miller"
		cur["startTime"] = s.since.Format("2006-01-02T15:04:05.999Z")
		cur["isSuspended"] = s.suspended
		if s.reasonID != 0 {
			cur["reasonCodeName"] = reasonName(s.reasonID)
			cur["reasonCodeId"] = s.reasonID
		}
	}
	s.writeJSON(w, r, http.StatusOK, out)
}

// statusList answers in PascalCase with string reason ids, as S41 does.
func (s *Sim) statusList(w http.ResponseWriter, r *http.Request, id string) {
	if !s.ownAgent(w, r, id) {
		return
	}
	items := []map[string]any{
		{"agentStatus": "Available", "agentStatusId": stAvailable},
		{"agentStatus": "Unavailable", "agentStatusId": stUnavailable},
	}
	for _, rc := range reasonCodes {
		items = append(items, map[string]any{"agentStatus": "Unavailable", "agentStatusId": stUnavailable,
			"reasonCodeName": rc.Name, "reasonCodeId": strconv.Itoa(rc.ID)})
	}
	items = append(items, map[string]any{"agentStatus": "BeRightBack", "agentStatusId": stBeRightBack})
	s.writeJSON(w, r, http.StatusOK, map[string]any{"items": items, "count": len(items)})
}

// selectable reports whether the agent may choose this status (what the
// list offers).
func selectable(id int) bool { return id == stAvailable || id == stUnavailable || id == stBeRightBack }

// statusUpdate applies the rules of vendor note §4.3.
func (s *Sim) statusUpdate(w http.ResponseWriter, r *http.Request, id string) {
	if !s.ownAgent(w, r, id) {
		return
	}
	body := readBody(r)
	var v struct {
		AgentStatusID *flex.Int
		ReasonCodeID  *flex.Int
		IsSuspended   *flex.Bool
	}
	bad := func(m string) { s.writeJSON(w, r, http.StatusBadRequest, message(m)) }
	if len(strings.TrimSpace(string(body))) == 0 || json.Unmarshal(body, &v) != nil {
		bad("The request body is null or empty.")
		return
	}
	switch {
	case v.AgentStatusID == nil && v.ReasonCodeID == nil && v.IsSuspended == nil:
		bad("The request body is null or empty.")
		return
	case v.AgentStatusID != nil && v.IsSuspended != nil, v.ReasonCodeID != nil && v.IsSuspended != nil:
		bad("Either a status change or a suspension change, not both.")
		return
	case v.AgentStatusID != nil && v.ReasonCodeID != nil && *v.AgentStatusID != stUnavailable:
		bad("ReasonCodeId is only valid with AgentStatusId 3 (Unavailable).")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if v.IsSuspended != nil {
		s.suspended = bool(*v.IsSuspended)
		w.WriteHeader(http.StatusNoContent)
		return
	}
	st := stUnavailable // reasonCodeId alone defaults the status to 3
	if v.AgentStatusID != nil {
		st = int(*v.AgentStatusID)
	}
	rc := 0
	if v.ReasonCodeID != nil {
		rc = int(*v.ReasonCodeID)
		if reasonName(rc) == "" {
			bad("unknown ReasonCodeId")
			return
		}
	}
	if !selectable(st) {
		bad("AgentStatusId " + strconv.Itoa(st) + " cannot be set by the agent")
		return
	}
	s.setStatus(st, rc)
	if st == stAvailable {
		// Going available ends after-call (vendor note §5.8, inference).
		for _, ss := range s.sessions {
			if ss.Status == ssAfterCall {
				s.complete(ss, "After call ended by agent status change.")
			}
		}
	}
	w.WriteHeader(http.StatusNoContent)
}
