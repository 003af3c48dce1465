package openscapesim

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// body is a decoded request: keys matched case-insensitively (deviceid,
// agentID), values as numbers or strings (notes §9).
type body map[string]any

func (b body) get(key string) any {
	if v, ok := b[key]; ok {
		return v
	}
	for k, v := range b {
		if strings.EqualFold(k, key) {
			return v
		}
	}
	return nil
}

func (b body) str(key string) string {
	switch v := b.get(key).(type) {
	case string:
		return strings.TrimSpace(v)
	case json.Number:
		return v.String()
	case bool:
		return strconv.FormatBool(v)
	}
	return ""
}

func (b body) num(key string) (int, bool) {
	n, err := strconv.Atoi(b.str(key))
	return n, err == nil
}

type answer map[string]any

func ok() answer { return answer{"errorCode": "NO_ERROR", "errorDetails": "NO_ERROR"} }
func presenceOK() answer {
	return answer{"errorCode": "PRESENCE_ACTION_SUCCEED", "errorDetails": "PRESENCE_ACTION_SUCCEED"}
}
func fail(code, details string) answer {
	if details == "" {
		details = code
	}
	return answer{"errorCode": code, "errorDetails": details}
}

// tel is the answer of a telephony operation.
func telAnswer(code string) answer {
	if code == "" {
		return ok()
	}
	return fail(code, "")
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	const prefix = "/restsdk/webapi/"
	if !strings.HasPrefix(r.URL.Path, prefix) {
		http.NotFound(w, r)
		return
	}
	path := strings.ToLower(strings.ReplaceAll(strings.TrimPrefix(r.URL.Path, prefix), " ", ""))
	if path != "main/keepalive" && path != "main/getserverstate" {
		s.reqs.Add(1)
	}
	b := body{}
	raw, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if len(bytes.TrimSpace(raw)) > 0 {
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		if err := dec.Decode(&b); err != nil {
			writeJSON(w, fail("WRONG_API_REQUEST", "malformed JSON"))
			return
		}
	}
	for k, v := range r.URL.Query() { // GETs may carry their fields as a query
		if len(v) > 0 {
			b[k] = v[0]
		}
	}
	if path == "main/registerapplication" {
		writeJSON(w, s.register(b))
		return
	}
	if strings.HasSuffix(path, "/querycall") {
		s.queryGate.RLock() // HoldQueries: the answer waits (without mu)
		s.queryGate.RUnlock()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	tok := strings.TrimSpace(r.Header.Get("Authorization"))
	if len(tok) > 7 && strings.EqualFold(tok[:7], "bearer ") {
		tok = strings.TrimSpace(tok[7:])
	}
	var rg *reg
	for _, x := range s.regs {
		if x.token == tok && tok != "" {
			rg = x
		}
	}
	if rg == nil {
		writeJSON(w, fail("APPLICATION_NOT_REGISTERED", "the session token is not valid"))
		return
	}
	rg.seen = time.Now()
	switch path {
	case "main/keepalive":
		writeJSON(w, answer{"type": "keepAlive", "errorCode": 0, "errorDetails": ""})
		return
	case "main/getserverstate":
		st := "AVAILABLE"
		if s.down {
			st = "PARTIALLY_AVAILABLE"
		}
		writeJSON(w, answer{"serverState": st, "errorCode": "NO_ERROR", "errorDetails": "NO_ERROR"})
		return
	case "v2/main/unregisterapplication", "main/unregisterapplication":
		// Unregistering logs the agent off every medium (notes §2.6).
		rg.out.close()
		delete(s.regs, rg.name)
		s.logoff()
		a := ok()
		if path == "main/unregisterapplication" {
			a["sessionToken"] = ""
		}
		writeJSON(w, a)
		return
	case "main/logon":
		key, _ := b.num("agentKey")
		if key != AgentKey || b.str("password") != s.pass {
			writeJSON(w, fail("ADMIN_INVALID_CREDENTIALS_TO_LOGON", "invalid credentials"))
			return
		}
		rg.logged = true
		writeJSON(w, ok())
		return
	case "admin/users":
		writeJSON(w, s.users())
		return
	}
	if !rg.logged {
		writeJSON(w, fail("NOT_READY", "logon first"))
		return
	}
	writeJSON(w, s.command(rg, path, b))
}

func writeJSON(w http.ResponseWriter, a answer) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(a)
}

func (s *Server) register(b body) answer {
	app, _ := b.get("application").(map[string]any)
	ab := body(app)
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case ab.str("name") != ClientName:
		return fail("CLIENT_NAME_NOT_FOUND", "")
	case ab.str("token") != s.token:
		return fail("CLIENT_TOKEN_NOT_FOUND", "")
	case ab.str("busUnitName") != "" && !strings.EqualFold(ab.str("busUnitName"), BusUnit):
		return fail("INVALID_BUSINESS_UNIT_NAME", "")
	case b.str("webhookURL") == "":
		return fail("EMPTY_PARAMETER", "webhookURL")
	case time.Now().Before(s.refuse) || s.regs[ClientName] != nil:
		return fail("ALREADY_REGISTERED_ON", "the client is already registered")
	}
	rg := &reg{
		name: ClientName, token: randHex(32), webhook: b.str("webhookURL"), version: b.str("webhookAPIVersion"),
		seen: time.Now(), tel: map[string]bool{}, pres: map[string]bool{},
	}
	rg.out = newDeliverer(rg.webhook, s.log)
	s.regs[rg.name] = rg
	return answer{"errorCode": "NO_ERROR", "errorDetails": "NO_ERROR", "sessionToken": rg.token}
}
