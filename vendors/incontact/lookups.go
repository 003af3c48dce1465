package incontact

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"

	"tandem/vendors"
	"tandem/vendors/flex"
)

// lookups are the lists the desk picks from: the team's unavailable codes,
// the agent's skills and each skill's dispositions.
type lookups struct {
	mu       sync.Mutex
	notReady []vendors.Reason
	wrapUp   []vendors.Reason
	bySkill  map[string][]vendors.Reason // skill ID -> its dispositions
	skills   map[string]string           // skill ID -> name
	outbound int                         // skill for dial-phone
}

type unavailableCode struct {
	OutStateName flex.String `json:"outStateName"`
	IsAcw        flex.Bool   `json:"isAcw"`
	IsActive     *flex.Bool  `json:"isActive"`
}

type agentSkill struct {
	SkillID       flex.String `json:"skillId"`
	SkillName     flex.String `json:"skillName"`
	MediaTypeID   flex.String `json:"mediaTypeId"`
	MediaTypeName flex.String `json:"mediaTypeName"`
	IsOutbound    flex.Bool   `json:"isOutbound"`
	IsActive      *flex.Bool  `json:"isActive"`
}

type disposition struct {
	DispositionID   flex.String `json:"dispositionId"`
	DispositionName flex.String `json:"dispositionName"`
}

// findList digs the first array of objects out of an answer whose wrapper
// key differs between API versions ("unavailableCodes", "agentSkillAssignments",
// "resultSet": {...}, or a bare array).
func findList(raw []byte, wantKey string) []json.RawMessage {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return nil
	}
	if raw[0] == '[' {
		var l []json.RawMessage
		if json.Unmarshal(raw, &l) == nil {
			return l
		}
		return nil
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(raw, &m) != nil {
		return nil
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v := bytes.TrimSpace(m[k])
		if len(v) == 0 {
			continue
		}
		if v[0] == '[' {
			var l []json.RawMessage
			if json.Unmarshal(v, &l) == nil && len(l) > 0 && bytes.Contains(bytes.ToLower(l[0]), []byte(strings.ToLower(wantKey))) {
				return l
			}
		}
		if v[0] == '{' {
			if l := findList(v, wantKey); l != nil {
				return l
			}
		}
	}
	return nil
}

// load fetches the lists; a failure is logged and leaves a list empty, as
// the desk still works (codes then go by name or ID as typed).
func (s *session) loadLookups(ctx context.Context) {
	t, err := s.api.current(ctx)
	if err != nil {
		return
	}
	s.loadCodes(ctx, t.teamID)
	skills := map[string]string{}
	var outbound int
	var ids []string
	if t.agentID != "" {
		_, raw, err := s.api.call(ctx, "skills", epAgentSkills, []string{t.agentID}, nil, nil, nil)
		if err != nil {
			s.log.Warn("incontact: cannot list the agent's skills", "err", err)
		}
		for _, r := range findList(raw, "skillId") {
			var sk agentSkill
			if json.Unmarshal(r, &sk) != nil || sk.SkillID == "" {
				continue
			}
			if sk.IsActive != nil && !bool(*sk.IsActive) {
				continue
			}
			id := strings.TrimSpace(string(sk.SkillID))
			skills[id] = strings.TrimSpace(string(sk.SkillName))
			ids = append(ids, id)
			phone := sk.MediaTypeID == "4" || strings.Contains(strings.ToLower(string(sk.MediaTypeName)), "phone")
			if outbound == 0 && bool(sk.IsOutbound) && phone {
				outbound, _ = strconv.Atoi(id)
			}
		}
	}
	if o := s.cfg.Option("outbound-skill", ""); o != "" {
		outbound = 0
		if n, err := strconv.Atoi(o); err == nil {
			outbound = n
		}
		for id, name := range skills {
			if strings.EqualFold(name, o) {
				outbound, _ = strconv.Atoi(id)
			}
		}
	}
	bySkill := map[string][]vendors.Reason{}
	var all []vendors.Reason
	seen := map[string]bool{}
	for i, id := range ids {
		if i >= 25 {
			break
		}
		st, raw, err := s.api.call(ctx, "dispositions", epDispositions, []string{id}, nil, nil, nil)
		if err != nil || st == http.StatusNoContent {
			continue
		}
		for _, r := range findList(raw, "dispositionId") {
			var d disposition
			if json.Unmarshal(r, &d) != nil || d.DispositionID == "" {
				continue
			}
			rs := vendors.Reason{Code: strings.TrimSpace(string(d.DispositionID)), Label: strings.TrimSpace(string(d.DispositionName))}
			bySkill[id] = append(bySkill[id], rs)
			if !seen[rs.Code] {
				seen[rs.Code] = true
				all = append(all, rs)
			}
		}
	}
	s.tr.setSkills(skills)
	s.lk.mu.Lock()
	s.lk.skills, s.lk.bySkill, s.lk.wrapUp, s.lk.outbound = skills, bySkill, all, outbound
	s.lk.mu.Unlock()
}

// loadCodes reads the team's unavailable codes (public-apis §1.5.2); ACW
// codes are not for the agent to pick.
func (s *session) loadCodes(ctx context.Context, teamID string) {
	if teamID == "" {
		return
	}
	q := url.Values{"activityOnly": {"true"}}
	_, raw, err := s.api.call(ctx, "unavailable codes", epUnavailableCodes, []string{teamID}, q, nil, nil)
	if err != nil {
		s.log.Warn("incontact: cannot list unavailable codes", "err", err)
		return
	}
	var out []vendors.Reason
	for _, r := range findList(raw, "outStateName") {
		var c unavailableCode
		if json.Unmarshal(r, &c) != nil {
			continue
		}
		name := strings.TrimSpace(string(c.OutStateName))
		if name == "" || bool(c.IsAcw) || (c.IsActive != nil && !bool(*c.IsActive)) {
			continue
		}
		out = append(out, vendors.Reason{Code: name, Label: name})
	}
	s.lk.mu.Lock()
	s.lk.notReady = out
	s.lk.mu.Unlock()
}

func (s *session) reasonsEvent() vendors.ReasonsEvent {
	s.lk.mu.Lock()
	defer s.lk.mu.Unlock()
	return vendors.ReasonsEvent{
		NotReady: append([]vendors.Reason(nil), s.lk.notReady...),
		WrapUp:   append([]vendors.Reason(nil), s.lk.wrapUp...),
	}
}

// dispositionID turns a wrap-up code (an ID, or a name from the contact's
// skill or any skill) into the primaryDispositionId.
func (s *session) dispositionID(code, skill string) (int, bool) {
	code = strings.TrimSpace(code)
	if n, err := strconv.Atoi(code); err == nil {
		return n, true
	}
	s.lk.mu.Lock()
	defer s.lk.mu.Unlock()
	for _, list := range [][]vendors.Reason{s.lk.bySkill[skill], s.lk.wrapUp} {
		for _, r := range list {
			if strings.EqualFold(r.Label, code) {
				n, err := strconv.Atoi(r.Code)
				return n, err == nil
			}
		}
	}
	return 0, false
}

// notReadyCode accepts a code's name in any case and sends the team's
// spelling.
func (s *session) notReadyCode(reason string) string {
	reason = strings.TrimSpace(reason)
	s.lk.mu.Lock()
	defer s.lk.mu.Unlock()
	for _, r := range s.lk.notReady {
		if strings.EqualFold(r.Code, reason) {
			return r.Code
		}
	}
	return reason
}

func (s *session) outboundSkill() int {
	s.lk.mu.Lock()
	defer s.lk.mu.Unlock()
	return s.lk.outbound
}
