package claritysim

import (
	"net/http"
	"strconv"
	"time"
)

// ExpireTokens makes every issued JWT invalid at once, as an expiry would:
// the next API request gets 401 with the token-service challenge.
func (s *Sim) ExpireTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.issued)
}

// SetTokenLifetime changes the lifetime of the JWTs issued from now on.
func (s *Sim) SetTokenLifetime(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lifetime = d
}

// Fail500 makes the next n API requests answer 500 (the token service is
// not affected).
func (s *Sim) Fail500(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fail500 = n
}

// Fail500For makes every API request answer 500 for d.
func (s *Sim) Fail500For(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failUntil = time.Now().Add(d)
}

// Pending500 is how many of the requested 500s are still to be sent.
func (s *Sim) Pending500() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.fail500
}

// SetDelay makes every response wait d before it is sent.
func (s *Sim) SetDelay(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.delay = d
}

// Drop cuts every connection, as a network blip would: open connections
// are closed and, for a moment (at least one request), new requests are
// cut before an answer.
func (s *Sim) Drop() {
	s.mu.Lock()
	s.killUntil = time.Now().Add(700 * time.Millisecond)
	s.killAtLeast = 1
	conns := make([]interface{ Close() error }, 0, len(s.conns))
	for c := range s.conns {
		conns = append(conns, c)
	}
	s.mu.Unlock()
	for _, c := range conns {
		_ = c.Close()
	}
}

// Malformed makes the next sessions list carry items the driver must log
// and skip.
func (s *Sim) Malformed() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.malformed = true
	return nil
}

// serveFaults lets a trainer inject faults into a running simulator with
// curl (not part of the vendor's API):
//
//	POST /_sim/expire-tokens
//	POST /_sim/fail500?for=30s   (or ?count=5)
//	POST /_sim/delay?d=3s        (d=0 ends it)
//	POST /_sim/drop
func (s *Sim) serveFaults(w http.ResponseWriter, r *http.Request, what string) {
	if r.Method != http.MethodPost {
		http.Error(w, "POST only", http.StatusMethodNotAllowed)
		return
	}
	q := r.URL.Query()
	dur := func(k string) (time.Duration, bool) {
		d, err := time.ParseDuration(q.Get(k))
		return d, err == nil && d >= 0
	}
	switch what {
	case "expire-tokens":
		s.ExpireTokens()
	case "fail500":
		if n, err := strconv.Atoi(q.Get("count")); err == nil && n > 0 {
			s.Fail500(n)
		} else if d, ok := dur("for"); ok {
			s.Fail500For(d)
		} else {
			http.Error(w, "fail500 needs for=DURATION or count=N", http.StatusBadRequest)
			return
		}
	case "delay":
		d, ok := dur("d")
		if !ok {
			http.Error(w, "delay needs d=DURATION", http.StatusBadRequest)
			return
		}
		s.SetDelay(d)
	case "drop":
		go s.Drop() // after this answer is out
	default:
		http.NotFound(w, r)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
