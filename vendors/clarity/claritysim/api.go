package claritysim

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"tandem/vendors/flex"
)

// serveAPI answers /webapi/api/...: faults, then the bearer check (401 with
// the token service named in WWW-Authenticate), then the route. Routing is
// case-insensitive, as ASP.NET's is.
func (s *Sim) serveAPI(w http.ResponseWriter, r *http.Request, rest string) {
	seg := strings.Split(strings.Trim(rest, "/"), "/")
	low := make([]string, len(seg))
	for i, p := range seg {
		low[i] = strings.ToLower(p)
	}
	if isCommand(low) {
		s.commands.Add(1)
	}
	s.mu.Lock()
	fail := s.fail500 > 0 || time.Now().Before(s.failUntil)
	if s.fail500 > 0 {
		s.fail500--
	}
	s.mu.Unlock()
	if fail {
		s.writeJSON(w, r, http.StatusInternalServerError, message("An error has occurred."))
		return
	}
	if !s.bearerValid(r) {
		s.unauth.Add(1)
		// The L38 form exactly, with our own token URL.
		// The token service is named as the client reached us (Host), as a
		// server configured with its FQDN would.
		tokenURL := s.tokenURL()
		if r.Host != "" {
			tokenURL = "http://" + r.Host + "/webauth/token"
		}
		w.Header().Set("WWW-Authenticate", tokenURL+`,grant_type="`+windowsGrant+`"`)
		s.writeJSON(w, r, http.StatusUnauthorized, message("Authorization has been denied for this request."))
		return
	}
	get, post := r.Method == http.MethodGet, r.Method == http.MethodPost
	switch {
	case len(low) == 1 && low[0] == "info" && get:
		s.info(w, r)
	case len(low) < 2 || low[0] != "v2":
		s.notFound(w, r)
	case len(low) == 2 && low[1] == "profile" && get:
		s.profile(w, r)
	case len(low) == 3 && low[1] == "profile" && low[2] == "unregister" && post:
		s.unregister(w, r)
	case len(low) == 2 && low[1] == "sessions" && get:
		s.sessionsByAgent(w, r)
	case len(low) == 4 && low[1] == "sessions" && low[2] == "customerhistory" && get:
		s.customerHistory(w, r, seg[3])
	case len(low) == 3 && low[1] == "sessions" && get:
		s.sessionByID(w, r, seg[2])
	case len(low) == 4 && low[1] == "sessions" && (get || post):
		s.sessionWrite(w, r, seg[2], low[3])
	case len(low) == 4 && low[1] == "agentstatus" && low[2] == "list" && get:
		s.statusList(w, r, seg[3])
	case len(low) == 4 && low[1] == "agentstatus" && low[2] == "update" && post:
		s.statusUpdate(w, r, seg[3])
	case len(low) == 3 && low[1] == "agentstatus" && get:
		s.agentStatus(w, r, seg[2])
	default:
		s.notFound(w, r)
	}
}

// isCommand reports whether a route changes something on the agent's
// behalf (what Requests counts): status updates, session writes, unregister.
func isCommand(low []string) bool {
	if len(low) < 3 || low[0] != "v2" {
		return false
	}
	last := low[len(low)-1]
	return (low[1] == "agentstatus" && low[2] == "update") ||
		(low[1] == "profile" && low[2] == "unregister") ||
		(low[1] == "sessions" && len(low) == 4 && strings.HasPrefix(last, "set"))
}

func (s *Sim) notFound(w http.ResponseWriter, r *http.Request) {
	s.writeJSON(w, r, http.StatusNotFound, message("No HTTP resource was found that matches the request URI."))
}

func (s *Sim) info(w http.ResponseWriter, r *http.Request) {
	s.writeJSON(w, r, http.StatusOK, map[string]any{
		"connectVersion":    "4.1.2.0",
		"apiVersions":       []map[string]string{{"version": "1.0", "relativeUrl": "/v1.0"}, {"version": "2", "relativeUrl": "/v2"}},
		"signalRTransports": []string{"webSockets", "serverSentEvents", "longPolling"},
	})
}

func (s *Sim) email() string { return "pmiller@ccdev2015.internal" }
func (s *Sim) gruu() string {
	return "sip:pmiller@ccdev2015.internal;opaque=user:epid:2Siiti_4p1O4UkVD79Vt9QAA;gruu"
}

// profile follows S11 (normalized), string-typed values included.
func (s *Sim) profile(w http.ResponseWriter, r *http.Request) {
	s.writeJSON(w, r, http.StatusOK, map[string]any{
		"type": "agent", "id": s.agentID, "teamId": 1, "name": "Peter Miller",
		"emailAddress": s.email(), "localeKey": "en-us",
		"enabledModalities":    []string{"audio", "instantMessage", "message"},
		"isDirectProxyEnabled": false, "isFederatedDeployment": false,
		"canMarkSelfAsSuspended": true, "useSilverlightAgentConsole": false,
		"hideRecordButton": false, "attendantSipUri": "sip:Connect.41.Attendant@ccdev2015.internal",
		"domain": "ccdev2015.internal", "hideRecordingButton": false,
		"discoveryXFrameUrlOverride": "", "discoveryUserUrlOverride": "",
		"agentGRUU": s.gruu(), "proxyDirectCalls": "false",
		"hiddenQueues": map[string]any{
			"items": []map[string]string{{"queueId": "-1", "queueName": "Direct Inbound"}},
			"count": "1",
		},
	})
}

// unregister cleans up the agent's registration and ends the listed
// sessions' calls (the document's side effect); the agent is logged out.
func (s *Sim) unregister(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	sip := strings.TrimPrefix(strings.ToLower(q.Get("sip")), "sip:")
	if sip != s.email() {
		s.writeJSON(w, r, http.StatusBadRequest, message("sip does not match a registered agent"))
		return
	}
	s.mu.Lock()
	for _, p := range strings.Split(q.Get("sids"), ",") {
		id, err := strconv.Atoi(strings.TrimSpace(p))
		if err != nil {
			continue
		}
		if ss := s.sessions[id]; ss != nil && !ss.ended() {
			s.complete(ss, "Session ended by agent unregister.")
		}
	}
	s.setStatus(stLoggedOut, 0)
	s.mu.Unlock()
	w.WriteHeader(http.StatusOK)
}

func (s *Sim) ownAgent(w http.ResponseWriter, r *http.Request, id string) bool {
	n, err := strconv.Atoi(strings.TrimSpace(id))
	if err != nil || n != s.agentID {
		// Permission failures are 401 in this API (there is no 403).
		s.writeJSON(w, r, http.StatusUnauthorized, message("Authorization has been denied for this request."))
		return false
	}
	return true
}

func (s *Sim) sessionsByAgent(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if strings.EqualFold(q.Get("activeOnly"), "false") {
		s.writeJSON(w, r, http.StatusBadRequest, message("activeOnly must be true"))
		return
	}
	if !s.ownAgent(w, r, q.Get("agentId")) {
		return
	}
	s.mu.Lock()
	items := []any{}
	for _, ss := range s.sortedSessions() {
		switch {
		case !ss.ended():
			items = append(items, s.modelSession(ss, true))
		case s.cfg.ListTerminating:
			m := s.modelSession(ss, true)
			m["sessionStatus"] = "Terminating"
			items = append(items, m)
		}
	}
	bad := s.malformed
	s.malformed = false
	s.mu.Unlock()
	if bad {
		// Items the driver must log and skip, and a count in the wrong type.
		items = append([]any{42, map[string]any{"sessionId": map[string]int{"x": 1}, "sessionStatus": []int{1}}}, items...)
		s.writeJSON(w, r, http.StatusOK, map[string]any{"items": items, "count": "many"})
		return
	}
	s.writeJSON(w, r, http.StatusOK, map[string]any{"items": items, "count": len(items)})
}

func (s *Sim) lookup(w http.ResponseWriter, r *http.Request, id string) *session {
	n, err := strconv.Atoi(strings.TrimSpace(id))
	ss := s.sessions[n]
	if err != nil || ss == nil {
		// The document answers an unknown session with 500, not 404.
		s.writeJSON(w, r, http.StatusInternalServerError, message("An error has occurred."))
		return nil
	}
	return ss
}

func (s *Sim) sessionByID(w http.ResponseWriter, r *http.Request, id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ss := s.lookup(w, r, id)
	if ss == nil {
		return
	}
	s.writeJSON(w, r, http.StatusOK, s.sessionDetail(ss, r.URL.Query()))
}

func (s *Sim) customerHistory(w http.ResponseWriter, r *http.Request, id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ss := s.lookup(w, r, id)
	if ss == nil {
		return
	}
	q := r.URL.Query()
	if q.Get("limit") != "" && q.Get("start") == "" && q.Get("end") == "" {
		s.writeJSON(w, r, http.StatusBadRequest, message("limit alone is not supported"))
		return
	}
	s.writeJSON(w, r, http.StatusOK, s.history(ss, 50))
}

// sessionWrite serves setextraitems (and the example's setextraitem),
// setcallnotes and setdispositions: documented as GET with a JSON body;
// POST is accepted too.
func (s *Sim) sessionWrite(w http.ResponseWriter, r *http.Request, id, op string) {
	body := readBody(r)
	s.mu.Lock()
	defer s.mu.Unlock()
	ss := s.lookup(w, r, id)
	if ss == nil {
		return
	}
	if len(strings.TrimSpace(string(body))) == 0 || strings.TrimSpace(string(body)) == "null" {
		s.writeJSON(w, r, http.StatusBadRequest, message("The request body is null."))
		return
	}
	bad := func(m string) { s.writeJSON(w, r, http.StatusBadRequest, message(m)) }
	switch op {
	case "setcallnotes":
		var v struct{ Note *string }
		if json.Unmarshal(body, &v) != nil || v.Note == nil {
			bad("note is required")
			return
		}
		ss.Note = *v.Note
	case "setdispositions":
		var v struct {
			DispositionID    *flex.Int
			SubDispositionID *flex.Int
		}
		if json.Unmarshal(body, &v) != nil || v.DispositionID == nil {
			bad("dispositionId is required")
			return
		}
		d := findDisposition(int(*v.DispositionID))
		if d == nil {
			bad("unknown dispositionId")
			return
		}
		sub := 0
		if v.SubDispositionID != nil && *v.SubDispositionID != 0 {
			sub = int(*v.SubDispositionID)
			if !hasSub(d, sub) {
				bad("subDispositionId does not belong to the disposition")
				return
			}
		}
		ss.DispID, ss.SubID = d.ID, sub
	case "setextraitems", "setextraitem":
		var v struct {
			ExtraItemID    *flex.Int
			ExtraItemName  *string
			ExtraItemValue *string
		}
		if json.Unmarshal(body, &v) != nil || v.ExtraItemValue == nil || (v.ExtraItemID == nil && v.ExtraItemName == nil) {
			bad("extra item id or name, and value, are required")
			return
		}
		s.setExtra(ss, v.ExtraItemID, v.ExtraItemName, *v.ExtraItemValue)
		op = "setextraitems"
	default:
		s.notFound(w, r)
		return
	}
	s.writes = append(s.writes, Write{Method: r.Method, Path: op, Session: ss.ID, Body: string(body)})
	w.WriteHeader(http.StatusNoContent)
}

func (s *Sim) setExtra(ss *session, id *flex.Int, name *string, value string) {
	for i, e := range ss.Extra {
		if (id != nil && int(*id) == e.ID && e.ID > 0) || (name != nil && strings.EqualFold(*name, e.Key)) {
			ss.Extra[i].Value = value
			return
		}
	}
	key := ""
	if name != nil {
		key = *name
	}
	s.nextItem++
	ss.Extra = append(ss.Extra, extraItem{ID: s.nextItem, Key: key, Value: value})
}

func findDisposition(id int) *disposition {
	for i := range dispositions {
		if dispositions[i].ID == id {
			return &dispositions[i]
		}
	}
	return nil
}

func hasSub(d *disposition, id int) bool {
	for _, x := range d.Subs {
		if x.ID == id {
			return true
		}
	}
	return false
}
