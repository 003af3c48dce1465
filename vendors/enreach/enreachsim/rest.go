package enreachsim

import (
	"encoding/json"
	"net/http"
	"strings"
)

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}

// handleAuthUser is POST /authuser/{user}[/] with {"UserName","Password"}:
// the user's secret key and ID (public-apis.md §2.2).
func (s *Sim) handleAuthUser(w http.ResponseWriter, r *http.Request) {
	s.requests.Add(1)
	if r.Method != http.MethodPost {
		w.WriteHeader(http.StatusMethodNotAllowed)
		return
	}
	user := strings.Trim(strings.TrimPrefix(r.URL.Path, "/authuser/"), "/")
	var body struct{ UserName, Password string }
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 64<<10)).Decode(&body); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"Message": "bad request"})
		return
	}
	s.mu.Lock()
	ok := strings.EqualFold(user, s.userName) && (body.UserName == "" || strings.EqualFold(body.UserName, s.userName)) &&
		body.Password == s.password
	secret, id := s.secret, s.userID
	s.mu.Unlock()
	if !ok {
		writeJSON(w, http.StatusUnauthorized, map[string]string{"Message": "Authorization has been denied for this request."})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"SecretKey": secret, "UserID": id})
}

// basicOK checks Basic auth with the user name and the secret key.
func (s *Sim) basicOK(r *http.Request) bool {
	u, p, ok := r.BasicAuth()
	s.mu.Lock()
	defer s.mu.Unlock()
	return ok && strings.EqualFold(u, s.userName) && p == s.secret
}

// handleToken is GET /token/{userid|me}/rte[/] (seed L16, L41).
func (s *Sim) handleToken(w http.ResponseWriter, r *http.Request) {
	s.requests.Add(1)
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	if r.Method != http.MethodGet || len(parts) != 3 || parts[2] != "rte" {
		w.WriteHeader(http.StatusNotFound)
		return
	}
	if !s.basicOK(r) {
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	s.mu.Lock()
	if parts[1] != "me" && !strings.EqualFold(parts[1], s.userID) {
		s.mu.Unlock()
		w.WriteHeader(http.StatusForbidden)
		return
	}
	tok := "sim." + randHex(24)
	s.tokens[tok] = true
	form := s.endpointForm
	s.mu.Unlock()
	// The hub as the client reached the REST API, so a driver behind a
	// proxy (the chaos harness) keeps talking through it.
	host := strings.TrimPrefix(s.base, "http://")
	if r.Host != "" {
		host = r.Host
	}
	if form == EndpointNoScheme {
		writeJSON(w, http.StatusOK, map[string]string{"WSSEndpoint": host + "/rte", "Token": tok})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"WssEndpoint": "ws://" + host + "/rte", "Token": tok})
}

// handleQueues is GET /queues/?OnlyForUser={id} (public-apis.md §2.7).
func (s *Sim) handleQueues(w http.ResponseWriter, r *http.Request) {
	s.requests.Add(1)
	if !s.basicOK(r) {
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []map[string]string{}
	for _, q := range s.queues {
		out = append(out, map[string]string{"Id": q.ID, "Name": q.Name, "Number": q.Number})
	}
	writeJSON(w, http.StatusOK, out)
}

// hubAuth guards negotiate and the WebSocket: the token as a Bearer
// header or an access_token parameter, checked only at connect (L20).
func (s *Sim) hubAuth(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tok := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		if tok == "" || tok == r.Header.Get("Authorization") {
			tok = r.URL.Query().Get("access_token")
		}
		negotiate := strings.HasSuffix(r.URL.Path, "/negotiate")
		s.mu.Lock()
		ok := s.tokens[tok]
		if ok && negotiate {
			s.used = append(s.used, tok)
			if s.refuseTokens > 0 {
				s.refuseTokens--
				ok = false
			}
		}
		s.mu.Unlock()
		if !ok {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}
