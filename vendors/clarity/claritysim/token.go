package claritysim

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

const windowsGrant = "urn:connect.auth:windows"

// serveToken is the Connect Authentication Service behind IIS Windows
// Authentication: NTLM first (connection-bound, as IIS does it), then the
// form with the Windows grant and the client id.
func (s *Sim) serveToken(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		// Simulator choice (GAP in the document): only POST is served.
		s.writeJSON(w, r, http.StatusMethodNotAllowed, message("The requested resource does not support http method '"+r.Method+"'."))
		return
	}
	body := readBody(r)
	scheme, token, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	if !strings.EqualFold(scheme, "NTLM") && !strings.EqualFold(scheme, "Negotiate") {
		s.ntlmRefuse(w, r)
		return
	}
	raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(token))
	if err != nil {
		s.ntlmRefuse(w, r)
		return
	}
	typ, err := ntlmMessageType(raw)
	if err != nil {
		s.ntlmRefuse(w, r)
		return
	}
	now := time.Now()
	switch typ {
	case 1:
		c, msg := newChallenge(s.domain, "CONNECT-WEB01", now)
		s.mu.Lock()
		s.challenges[r.RemoteAddr] = c
		s.mu.Unlock()
		w.Header().Set("WWW-Authenticate", scheme+" "+base64.StdEncoding.EncodeToString(msg))
		s.writeJSON(w, r, http.StatusUnauthorized, message("Authorization has been denied for this request."))
		return
	case 3:
	default:
		s.ntlmRefuse(w, r)
		return
	}
	s.mu.Lock()
	c, ok := s.challenges[r.RemoteAddr]
	delete(s.challenges, r.RemoteAddr)
	s.mu.Unlock()
	a, err := parseAuthenticate(raw)
	if !ok || err != nil || !s.accountMatches(a) || !verifyNTLMv2(a, c, s.password, now) {
		s.log.Info("windows authentication failed", "user", a.Domain+`\`+a.User)
		s.ntlmRefuse(w, r)
		return
	}
	s.issueToken(w, r, body)
}

// accountMatches applies the document's identity rule: the Windows user
// matches the agent's login name exactly, or the part after "domain\".
func (s *Sim) accountMatches(a authenticate) bool {
	if !strings.EqualFold(a.User, s.user) {
		return false
	}
	return a.Domain == "" || strings.EqualFold(a.Domain, s.domain)
}

func (s *Sim) ntlmRefuse(w http.ResponseWriter, r *http.Request) {
	w.Header().Add("WWW-Authenticate", "Negotiate")
	w.Header().Add("WWW-Authenticate", "NTLM")
	s.writeJSON(w, r, http.StatusUnauthorized, message("Authorization has been denied for this request."))
}

func (s *Sim) issueToken(w http.ResponseWriter, r *http.Request, body []byte) {
	ct := strings.ToLower(r.Header.Get("Content-Type"))
	if !strings.HasPrefix(ct, "application/x-www-form-urlencoded") {
		s.writeJSON(w, r, http.StatusBadRequest, map[string]string{"error": "invalid_request", "error_description": "Content-Type must be application/x-www-form-urlencoded"})
		return
	}
	form, err := parseForm(body)
	if err != nil || form.Get("grant_type") != windowsGrant {
		s.writeJSON(w, r, http.StatusBadRequest, map[string]string{"error": "unsupported_grant_type", "error_description": "grant_type must be " + windowsGrant})
		return
	}
	if !strings.EqualFold(form.Get("client_id"), s.clientID) {
		s.writeJSON(w, r, http.StatusBadRequest, map[string]string{"error": "invalid_clientId", "error_description": "client_id is not valid"})
		return
	}
	s.mu.Lock()
	life := s.lifetime
	s.mu.Unlock()
	now := time.Now()
	exp := now.Add(life)
	tok := s.mint(form.Get("client_id"), now, exp)
	s.mu.Lock()
	s.issued[tok] = exp
	for t, e := range s.issued {
		if now.After(e) {
			delete(s.issued, t)
		}
	}
	s.mu.Unlock()
	s.tokens.Add(1)
	s.writeJSON(w, r, http.StatusOK, map[string]any{
		"access_token": tok,
		"token_type":   "bearer",
		"expires_in":   int(life.Seconds()) - 1,
	})
}

// mint signs an HS256 JWT with the claim set of the document's example.
func (s *Sim) mint(aud string, nbf, exp time.Time) string {
	enc := base64.RawURLEncoding
	head := enc.EncodeToString([]byte(`{"typ":"JWT","alg":"HS256"}`))
	claims, _ := json.Marshal(map[string]any{
		"connect_agent_id": strconv.Itoa(s.agentID),
		"iss":              s.tokenURL(),
		"aud":              aud,
		"exp":              exp.Unix(),
		"nbf":              nbf.Unix(),
	})
	unsigned := head + "." + enc.EncodeToString(claims)
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte(unsigned))
	return unsigned + "." + enc.EncodeToString(m.Sum(nil))
}

// bearerValid checks the signature, the lifetime and that the token was
// not expired by a fault.
func (s *Sim) bearerValid(r *http.Request) bool {
	scheme, tok, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	if !strings.EqualFold(scheme, "Bearer") {
		return false
	}
	tok = strings.TrimSpace(tok)
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		return false
	}
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte(parts[0] + "." + parts[1]))
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil || !hmac.Equal(sig, m.Sum(nil)) {
		return false
	}
	s.mu.Lock()
	exp, ok := s.issued[tok]
	s.mu.Unlock()
	return ok && time.Now().Before(exp)
}

func parseForm(b []byte) (url.Values, error) { return url.ParseQuery(string(b)) }
