package incontactsim

import (
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"tandem/vendors/flex"
)

// ServeHTTP routes the token endpoint and the Agent API. Paths match
// case-insensitively (the SDK mixes /InContactAPI/ and /incontactapi/) and
// any services/v{N} version is taken.
func (s *Sim) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	segs := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	if len(segs) == 2 && strings.EqualFold(segs[0], "InContactAuthorizationServer") && strings.EqualFold(segs[1], "Token") {
		s.requests.Add(1)
		s.token(w, r)
		return
	}
	if len(segs) < 4 || !strings.EqualFold(segs[0], "inContactAPI") || !strings.EqualFold(segs[1], "services") ||
		!strings.HasPrefix(strings.ToLower(segs[2]), "v") {
		writeErr(w, http.StatusNotFound, "no such resource")
		return
	}
	rest := segs[3:]
	poll := len(rest) == 3 && eq(rest[0], "agent-sessions") && eq(rest[2], "get-next-event")
	if !poll {
		s.requests.Add(1)
	}
	if !s.authorized(w, r) {
		return
	}
	s.mu.Lock()
	if s.faults.ServerErrors > 0 {
		s.faults.ServerErrors--
		s.mu.Unlock()
		writeErr(w, http.StatusServiceUnavailable, "service unavailable")
		return
	}
	s.mu.Unlock()
	if poll {
		s.poll(w, r, rest[1])
		return
	}
	s.route(w, r, rest)
}

func eq(a, b string) bool { return strings.EqualFold(a, b) }

func (s *Sim) route(w http.ResponseWriter, r *http.Request, p []string) {
	m := r.Method
	var body map[string]flex.String
	if r.Body != nil {
		raw, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		_ = json.Unmarshal(raw, &body)
	}
	arg := func(k string) string {
		if v := r.URL.Query().Get(k); v != "" {
			return v
		}
		for bk, v := range body {
			if strings.EqualFold(bk, k) {
				return string(v)
			}
		}
		return ""
	}
	switch {
	case len(p) == 1 && eq(p[0], "agent-sessions") && m == http.MethodPost:
		st, out := s.startSession(firstNonEmpty(arg("stationPhoneNumber"), arg("stationId")))
		s.reply(w, st, out)
	case len(p) == 2 && eq(p[0], "agent-sessions") && eq(p[1], "join") && m == http.MethodPost:
		st, out := s.joinSession()
		s.reply(w, st, out)
	case len(p) == 2 && eq(p[0], "agent-sessions") && m == http.MethodDelete:
		s.withSession(w, p[1], func() (int, any) {
			return s.logout(flex.Bool(truthy(arg("forceLogoff"))))
		})
	case len(p) == 3 && eq(p[0], "agent-sessions") && eq(p[2], "state") && (m == http.MethodPost || m == http.MethodPut):
		// POST per the SDK; PUT as S5 sends it is taken too.
		s.withSession(w, p[1], func() (int, any) { return msgOnly(s.requestState(arg("state"), arg("reason"))) })
	case len(p) == 4 && eq(p[0], "agent-sessions") && eq(p[2], "interactions") && m == http.MethodPost &&
		(eq(p[3], "transfer-calls") || eq(p[3], "conference-calls")):
		s.withSession(w, p[1], func() (int, any) { return msgOnly(s.joinCalls(eq(p[3], "conference-calls"))) })
	case len(p) == 5 && eq(p[0], "agent-sessions") && eq(p[2], "interactions") && m == http.MethodPost:
		if eq(p[4], "disposition") {
			s.withSession(w, p[1], func() (int, any) {
				return msgOnly(s.saveDisposition(p[3], arg("primaryDispositionId"), arg("primaryDispositionNotes")))
			})
			return
		}
		s.withSession(w, p[1], func() (int, any) { return msgOnly(s.interaction(p[3], strings.ToLower(p[4]))) })
	case len(p) == 3 && eq(p[0], "agent-sessions") && m == http.MethodPost &&
		(eq(p[2], "dial-phone") || eq(p[2], "dial-agent") || eq(p[2], "dial-skill")):
		s.withSession(w, p[1], func() (int, any) {
			return msgOnly(s.dialRequest(strings.ToLower(p[2]), arg("phoneNumber"), arg("skillId"), arg("targetAgentId"), arg("parentContactId")))
		})
	case len(p) == 3 && eq(p[0], "teams") && eq(p[2], "unavailable-codes") && m == http.MethodGet:
		st, out := s.unavailableCodes(p[1], r.URL.Query())
		s.reply(w, st, out)
	case len(p) == 3 && eq(p[0], "agents") && eq(p[2], "skills") && m == http.MethodGet:
		st, out := s.agentSkills(p[1])
		s.reply(w, st, out)
	case len(p) == 3 && eq(p[0], "skills") && eq(p[2], "dispositions") && m == http.MethodGet:
		st, out := s.skillDispositions(p[1])
		s.reply(w, st, out)
	default:
		writeErr(w, http.StatusNotFound, "no such resource")
	}
}

func truthy(v string) bool {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "true", "1", "yes":
		return true
	}
	return false
}

func msgOnly(st int, msg string) (int, any) {
	if st/100 == 2 {
		return st, nil
	}
	return st, msg
}

// withSession runs a command of a live session; an ID of an ended session
// is "409 Session Ended" (seed L43).
func (s *Sim) withSession(w http.ResponseWriter, id string, f func() (int, any)) {
	s.mu.Lock()
	st, msg := s.checkSession(id, false)
	if st != 0 {
		s.mu.Unlock()
		writeErr(w, st, msg)
		return
	}
	code, out := f()
	s.mu.Unlock()
	s.reply(w, code, out)
}

// checkSession says whether id names the live session; a poll may still
// collect the end events of a session that is ending.
func (s *Sim) checkSession(id string, polling bool) (int, string) {
	switch {
	case s.sess != nil && s.sess.ids[id] && (polling || !s.sess.ending):
		return 0, ""
	case s.endedIDs[id] || (s.sess != nil && s.sess.ids[id]):
		return http.StatusConflict, "Session Ended"
	}
	return http.StatusNotFound, "unknown session"
}

func (s *Sim) reply(w http.ResponseWriter, st int, out any) {
	if st/100 != 2 {
		msg, _ := out.(string)
		writeErr(w, st, msg)
		return
	}
	if out == nil {
		w.WriteHeader(st)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(st)
	_ = json.NewEncoder(w).Encode(out)
}

func writeErr(w http.ResponseWriter, st int, msg string) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(st)
	_ = json.NewEncoder(w).Encode(map[string]string{"error": http.StatusText(st), "error_description": msg})
}

// token is the legacy password grant (public-apis §1.2.A).
func (s *Sim) token(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		writeErr(w, http.StatusMethodNotAllowed, "POST only")
		return
	}
	want := base64.StdEncoding.EncodeToString([]byte(s.app + "@" + s.vendor + ":" + s.bu))
	auth := r.Header.Get("Authorization")
	if len(auth) < 6 || !strings.EqualFold(auth[:6], "basic ") || strings.TrimSpace(auth[6:]) != want {
		writeErr(w, http.StatusUnauthorized, "invalid_client: unknown application, vendor or business unit")
		return
	}
	raw, _ := io.ReadAll(io.LimitReader(r.Body, 1<<16))
	var in map[string]string
	if json.Unmarshal(raw, &in) != nil {
		form, _ := url.ParseQuery(string(raw))
		in = map[string]string{}
		for k := range form {
			in[k] = form.Get(k)
		}
	}
	if in["grant_type"] != "password" {
		writeErr(w, http.StatusBadRequest, "unsupported_grant_type")
		return
	}
	if in["username"] != s.user || in["password"] != s.pass {
		writeErr(w, http.StatusBadRequest, "invalid_grant: Invalid username or password.")
		return
	}
	s.mu.Lock()
	tok := randHex(24)
	ttl := s.tokenTTL
	s.tokens[tok] = time.Now().Add(ttl)
	s.stats.TokenGrants++
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_ = json.NewEncoder(w).Encode(map[string]any{
		"access_token": tok, "token_type": "bearer", "expires_in": int(ttl / time.Second),
		"refresh_token": randHex(16), "scope": "AgentApi RealTimeApi",
		"resource_server_base_uri": s.baseFor(r) + "/inContactAPI/",
		"refresh_token_server_uri": s.baseFor(r) + "/InContactAuthorizationServer/Token",
		"agent_id":                 s.agentID, "team_id": s.teamID, "bus_no": s.busNo,
	})
}

func (s *Sim) authorized(w http.ResponseWriter, r *http.Request) bool {
	auth := r.Header.Get("Authorization")
	tok := ""
	if len(auth) > 7 && strings.EqualFold(auth[:7], "bearer ") {
		tok = strings.TrimSpace(auth[7:])
	}
	s.mu.Lock()
	exp, ok := s.tokens[tok]
	expired := ok && time.Now().After(exp)
	if expired {
		s.stats.ExpiredTokenUses++
	}
	s.mu.Unlock()
	if !ok || expired {
		writeErr(w, http.StatusUnauthorized, "invalid or expired token")
		return false
	}
	return true
}

func (s *Sim) newSessionID() string {
	return base64.RawURLEncoding.EncodeToString([]byte(randHex(12)))
}

func (s *Sim) startSession(station string) (int, any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if norm(station) == "" {
		return http.StatusBadRequest, "stationId or stationPhoneNumber is required"
	}
	if s.sess != nil && !s.sess.ending {
		return http.StatusConflict, "the agent already has an active session"
	}
	now := time.Now()
	id := s.newSessionID()
	s.sess = &psession{platformID: strconv.FormatInt(58070000+now.UnixNano()%10000, 10), station: norm(station),
		started: now, ids: map[string]bool{}}
	s.sess.addID(id)
	s.contacts = nil
	s.ag = agent{State: "Unavailable", Since: now, Base: stateRef{"Unavailable", ""}}
	s.push(s.sessionStart())
	leg := strconv.FormatInt(2200339000+now.UnixNano()%1000, 10)
	s.push(agentLegEvent{Type: "AgentLeg", AgentLegID: leg, Status: "Dialing", FinalState: s.b(false)})
	s.push(agentLegEvent{Type: "AgentLeg", AgentLegID: leg, Status: "Active", FinalState: s.b(false)})
	s.push(s.stateEvent([]stateRef{s.ag.Base}))
	return http.StatusAccepted, map[string]string{"sessionId": id}
}

// joinSession hands out a new session ID and queues a snapshot (seed L7).
func (s *Sim) joinSession() (int, any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.sess == nil || s.sess.ending {
		return http.StatusNotFound, "the agent has no active session"
	}
	id := s.newSessionID()
	s.sess.addID(id)
	s.stats.Joins++
	for _, ev := range s.snapshotEvents() {
		s.push(ev)
	}
	return http.StatusAccepted, map[string]string{"sessionId": id}
}

func (s *Sim) logout(force flex.Bool) (int, any) {
	if !force {
		for _, c := range s.contacts {
			if c.live() && !c.inACW() {
				return http.StatusConflict, "the agent has open contacts"
			}
		}
	}
	s.endSession(false, false)
	return http.StatusAccepted, nil
}

// endSession ends the session; the end events go out with the next poll,
// then the session's IDs answer 409.
func (s *Sim) endSession(remote, lost bool) {
	if s.sess == nil || s.sess.ending {
		return
	}
	if remote {
		s.push(sessionEndEvent{Type: "RemoteAgentSessionEnd", Message: "RemoteLogoff"})
	}
	for _, c := range append([]*contact(nil), s.contacts...) {
		s.setStatus(c, "Disconnected", true)
	}
	s.ag = agent{State: "LoggedOut", Since: time.Now()}
	s.push(s.stateEvent(nil))
	s.push(agentLegEvent{Type: "AgentLeg", AgentLegID: "2200339882", Status: "Disconnected", FinalState: s.b(true)})
	s.push(sessionEndEvent{Type: "AgentSessionEnd", Success: s.b(true), Message: ""})
	s.sess.ending = true
	if lost {
		s.forgetSession()
	}
}

func (s *Sim) forgetSession() {
	for id := range s.sess.ids {
		s.endedIDs[id] = true
	}
	s.sess = nil
	s.contacts = nil
	close(s.wake)
	s.wake = make(chan struct{})
}

// baseFor is the server's base URL as the client reached it, so a driver
// behind a proxy (the chaos harness) keeps talking through it.
func (s *Sim) baseFor(r *http.Request) string {
	scheme, _, _ := strings.Cut(s.base, "://")
	if r.Host == "" {
		return s.base
	}
	return scheme + "://" + r.Host
}
