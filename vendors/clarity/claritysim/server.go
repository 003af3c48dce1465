package claritysim

import (
	"compress/gzip"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strings"
	"time"
)

func (s *Sim) connState(c net.Conn, st http.ConnState) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch st {
	case http.StateNew:
		s.conns[c] = struct{}{}
	case http.StateClosed, http.StateHijacked:
		delete(s.conns, c)
		delete(s.challenges, c.RemoteAddr().String())
	}
}

// serve applies the faults, then routes to the token service or the API.
func (s *Sim) serve(w http.ResponseWriter, r *http.Request) {
	s.all.Add(1)
	path := strings.ToLower(strings.TrimSuffix(r.URL.Path, "/"))
	if strings.HasPrefix(path, "/_sim/") {
		s.serveFaults(w, r, strings.TrimPrefix(path, "/_sim/")) // not subject to the faults
		return
	}
	s.mu.Lock()
	kill := s.killAtLeast > 0 || time.Now().Before(s.killUntil)
	if kill && s.killAtLeast > 0 {
		s.killAtLeast--
	}
	delay := s.delay
	s.mu.Unlock()
	if kill {
		if hj, ok := w.(http.Hijacker); ok {
			if c, _, err := hj.Hijack(); err == nil {
				_ = c.Close()
				return
			}
		}
		panic(http.ErrAbortHandler)
	}
	if delay > 0 {
		select {
		case <-time.After(delay):
		case <-r.Context().Done():
			return
		case <-s.stop:
			return
		}
	}
	switch {
	case path == "/webauth/token":
		s.serveToken(w, r)

	case strings.HasPrefix(path, "/webapi/api"):
		s.serveAPI(w, r, r.URL.Path[len("/webapi/api"):])
	default:
		s.writeJSON(w, r, http.StatusNotFound, message("No HTTP resource was found that matches the request URI."))
	}
}

type msg struct {
	Message string `json:"message"`
}

func message(m string) msg { return msg{m} }

// writeJSON answers v as JSON, gzipped when the client accepts it (the
// document makes gzip the only valid Accept-Encoding).
func (s *Sim) writeJSON(w http.ResponseWriter, r *http.Request, code int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		code, b = http.StatusInternalServerError, []byte(`{"message":"An error has occurred."}`)
	}
	s.writeRaw(w, r, code, b)
}

func (s *Sim) writeRaw(w http.ResponseWriter, r *http.Request, code int, b []byte) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	if strings.Contains(strings.ToLower(r.Header.Get("Accept-Encoding")), "gzip") {
		w.Header().Set("Content-Encoding", "gzip")
		w.WriteHeader(code)
		gz := gzip.NewWriter(w)
		_, _ = gz.Write(b)
		_ = gz.Close()
		return
	}
	w.WriteHeader(code)
	_, _ = w.Write(b)
}

func readBody(r *http.Request) []byte {
	b, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	return b
}
