package incontactsim

import (
	"net/http"
	"net/url"
	"strconv"
)

// The Agent API's commands and lookups, each run under Sim.mu.

// requestState sets Available or Unavailable with a code (public-apis
// §1.5.1). On a contact it sets the next state; in ACW it ends ACW.
func (s *Sim) requestState(state, reason string) (int, string) {
	state, reason = norm(state), norm(reason)
	switch {
	case eq(state, "Available"):
		state, reason = "Available", ""
	case eq(state, "Unavailable"):
		state = "Unavailable"
		if reason != "" {
			c, ok := codeByName(reason)
			if !ok || !c.Active {
				return http.StatusBadRequest, "unknown unavailable code " + strconv.Quote(reason)
			}
			if c.ACW {
				return http.StatusConflict, "ACW codes are only valid while handling a contact"
			}
			reason = c.Name
		}
	default:
		return http.StatusBadRequest, "state must be Available or Unavailable"
	}
	s.ag.Base = stateRef{state, reason}
	s.endACW()
	s.reconcile(true)
	return http.StatusAccepted, ""
}

// interaction runs accept, reject, hold, resume and end on a contact.
func (s *Sim) interaction(id, verb string) (int, string) {
	c := s.findContact(id)
	if c == nil {
		return http.StatusNotFound, "unknown contact " + id
	}
	switch verb {
	case "accept":
		if c.Status != "Incoming" {
			return http.StatusConflict, "the contact is not offered"
		}
		c.Answered = true
		c.autoEnd = s.autoEndTime()
		s.setStatus(c, "Active", false)
		s.afterAccept(c)
	case "reject":
		if c.Status != "Incoming" {
			return http.StatusConflict, "the contact is not offered"
		}
		c.Code = "Rejected"
		s.setStatus(c, "Disconnected", true)
	case "hold":
		if c.Kind != kindCall || (c.Status != "Active" && c.Status != "Joined") {
			return http.StatusConflict, "the contact is not active"
		}
		s.setStatus(c, "Holding", false)
	case "resume":
		if c.Status != "Holding" {
			return http.StatusConflict, "the contact is not on hold"
		}
		s.setStatus(c, "Active", false)
	case "end":
		if c.inACW() {
			s.setStatus(c, "Disconnected", true)
			break
		}
		s.disconnect(c, "NA")
	default:
		return http.StatusNotFound, "no such action " + verb
	}
	s.reconcile(false)
	return http.StatusAccepted, ""
}

// joinCalls completes a consult transfer or makes it a conference.
func (s *Sim) joinCalls(conference bool) (int, string) {
	parent, leg := s.consultPair()
	if parent == nil {
		return http.StatusConflict, "no consult call to join"
	}
	leg.Code = "TransferComplete"
	s.setStatus(leg, "Disconnected", true)
	if conference {
		s.setStatus(parent, "Joined", false)
	} else {
		s.disconnect(parent, "TransferComplete")
	}
	s.reconcile(false)
	return http.StatusAccepted, ""
}

func (s *Sim) saveDisposition(id, dispo, notes string) (int, string) {
	c := s.findContact(id)
	if c == nil {
		return http.StatusNotFound, "unknown contact " + id
	}
	n, err := strconv.Atoi(norm(dispo))
	if err != nil || !c.Skill.hasDisposition(n) {
		return http.StatusBadRequest, "primaryDispositionId is not a disposition of skill " + c.Skill.Name
	}
	s.log.Debug("incontactsim: disposition", "contact", id, "disposition", n, "notes", len(notes))
	if c.inACW() {
		// The disposition response completes the contact (seed L105).
		s.setStatus(c, "Disconnected", true)
		s.reconcile(false)
	}
	return http.StatusAccepted, ""
}

func (s *Sim) dialRequest(kind, phone, skillID, agentID, parentID string) (int, string) {
	var parent *contact
	if norm(parentID) != "" {
		if parent = s.findContact(norm(parentID)); parent == nil || !parent.live() {
			return http.StatusNotFound, "unknown parent contact " + parentID
		}
	}
	out := skillByID(1507)
	switch kind {
	case "dial-phone":
		if norm(phone) == "" {
			return http.StatusBadRequest, "phoneNumber is required"
		}
		if digits(phone) < 3 {
			// The request is taken; the call leg fails (seed L155).
			s.push(agentErrorEvent{Type: "AgentError", Command: "DialPhone", ResultCode: "BadNumber",
				ContactID: "-1", Target: "AgentLeg", ErrorLevel: "Medium"})
			return http.StatusAccepted, ""
		}
		n, _ := strconv.Atoi(norm(skillID))
		if out = skillByID(n); out == nil || !out.Outbound {
			return http.StatusBadRequest, "skillId must be an outbound skill"
		}
		s.dial(norm(phone), out, parent, "")
	case "dial-agent":
		if norm(agentID) == "" {
			return http.StatusBadRequest, "targetAgentId is required"
		}
		s.dial(norm(agentID), out, parent, "")
	case "dial-skill":
		n, _ := strconv.Atoi(norm(skillID))
		sk := skillByID(n)
		if sk == nil {
			return http.StatusBadRequest, "unknown skill"
		}
		s.dial(sk.Name, sk, parent, "")
	}
	return http.StatusAccepted, ""
}

func (s *Sim) unavailableCodes(team string, q url.Values) (int, any) {
	if team != strconv.Itoa(s.teamID) {
		return http.StatusNotFound, "unknown team"
	}
	list := []map[string]any{}
	for _, c := range codes {
		if truthy(q.Get("activityOnly")) && !c.Active {
			continue
		}
		list = append(list, map[string]any{"outStateName": c.Name, "isAcw": c.ACW, "isActive": c.Active,
			"isPersonalConnection": false, "skillName": ""})
	}
	return http.StatusOK, map[string]any{"unavailableCodes": list}
}

func (s *Sim) agentSkills(agentID string) (int, any) {
	if agentID != strconv.Itoa(s.agentID) {
		return http.StatusNotFound, "unknown agent"
	}
	list := []map[string]any{}
	for _, k := range skills {
		list = append(list, map[string]any{"skillId": k.ID, "skillName": k.Name, "mediaTypeId": k.Media,
			"isOutbound": k.Outbound, "isActive": true, "agentProficiencyValue": 1})
	}
	return http.StatusOK, map[string]any{"businessUnitId": s.busNo, "totalRecords": len(list), "agentSkillAssignments": list}
}

func (s *Sim) skillDispositions(id string) (int, any) {
	n, _ := strconv.Atoi(id)
	k := skillByID(n)
	if k == nil {
		return http.StatusNotFound, "unknown skill"
	}
	if k.Media != 4 {
		return http.StatusNoContent, nil
	}
	list := []map[string]any{}
	for i, d := range k.dispositions() {
		list = append(list, map[string]any{"dispositionId": d.ID, "dispositionName": d.Name, "displayOrder": i + 1,
			"systemOutcome": "Complete", "isPreviewDisposition": false})
	}
	return http.StatusOK, map[string]any{"dispositions": list}
}

func digits(s string) int {
	n := 0
	for _, r := range s {
		if r >= '0' && r <= '9' {
			n++
		}
	}
	return n
}
