package mitelsim

import (
	"bufio"
	"bytes"
	"encoding/json"
	"net"
	"strings"
	"testing"
	"time"

	"tandem/vendors/simulator"
)

// client speaks raw protocol to the simulator over TCP.
type client struct {
	t  *testing.T
	c  net.Conn
	br *bufio.Reader
}

func dial(t *testing.T, s *Server) *client {
	t.Helper()
	c, err := net.Dial("tcp", s.Addr())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	_ = c.SetDeadline(time.Now().Add(20 * time.Second)) // only against a hang
	return &client{t: t, c: c, br: bufio.NewReader(c)}
}

func (c *client) send(msg string) {
	c.t.Helper()
	if _, err := c.c.Write(append([]byte(msg), 0)); err != nil {
		c.t.Fatal(err)
	}
}

// until reads messages until one has the given "message" (or, for "",
// any with a result) and returns it decoded.
func (c *client) until(message string) map[string]any {
	c.t.Helper()
	for {
		b, err := c.br.ReadBytes(0)
		if err != nil {
			c.t.Fatalf("waiting for %q: %v", message, err)
		}
		var m map[string]any
		if err := json.Unmarshal(b[:len(b)-1], &m); err != nil {
			c.t.Fatalf("server sent invalid JSON %q: %v", b, err)
		}
		if m["message"] == message || (message == "" && m["result"] != nil) {
			return m
		}
	}
}

func auth(s *Server, password string) string {
	return `{"version":1,"sequence":0,"topic":"contact-center","request-id":1,"message":"authenticate","user":"` + s.cfg.User + `","password":"` + password + `"}`
}

// TestProtocolForms sends the request forms the document prints and
// checks the replies.
func TestProtocolForms(t *testing.T) {
	s, err := Start(simulator.Options{Seed: 1}, Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, tc := range []struct {
		name, req, reply string
		result           float64
	}{
		{"subscribe (sample B3)", `{   "version":1,   "topic":"contact-center",   "message":"subscribe-events",   "request-id":3,   "subscribe": [     ["ecc","entity", ["agent"] ]   ] }`, "subscribe-events", 0},
		{"unsubscribe with its own key (C9)", `{"version":1,"topic":"contact-center","message":"unsubscribe-events","request-id":4,"unsubscribe":[["ecc","entity",["agent"]]]}`, "unsubscribe-events", 0},
		{"unsubscribe with the template's key", `{"request":"Unsubscribe","version":1,"topic":"contact-center","request-id":5,"message":"unsubscribe-events","subscribe":[["ecc","call-activity",["*"]]]}`, "unsubscribe-events", 0},
		{"command with a string agent-id", `{"request-id":"6","version":1,"topic":"contact-center","message":"command","sub-request-type":"login","agent-id":"1001","agent-number":"1001","agent-extension":"4001","group-id":0}`, "command", 0},
		{"command with a number agent-id", `{"request-id":7,"version":1,"topic":"contact-center","message":"command","sub-request-type":"resume","agent-id":1001}`, "command", 0},
		{"unknown agent", `{"request-id":8,"version":1,"topic":"contact-center","message":"command","sub-request-type":"resume","agent-id":999}`, "command", -1},
		{"unknown call", `{"request-id":9,"version":1,"topic":"contact-center","message":"command","sub-request-type":"answer","agent-id":1001,"call-id":1}`, "command", -2},
		{"invalid JSON (sample B8)", `{   "version":1,   "topic":"contact-center",   "message":"unsubscribe-events",   "request-id":4,   "unsubscribe": [     ["ecc","entity", ["agent"]] ]   ] }`, "command", -1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := dial(t, s)
			c.send(auth(s, md5hex(s.cfg.Password)))
			if r := c.until(""); r["result"] != 0.0 {
				t.Fatalf("auth reply %v", r)
			}
			c.send(tc.req)
			r := c.until(tc.reply)
			if r["result"] != tc.result {
				t.Fatalf("reply %v, want result %v", r, tc.result)
			}
		})
	}
}

// TestAuthFailureCloses checks the server answers bad credentials and
// hangs up (L535), and accepts the digest in upper case (note §8 #8).
func TestAuthFailureCloses(t *testing.T) {
	s, err := Start(simulator.Options{Seed: 1}, Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	c := dial(t, s)
	c.send(auth(s, md5hex("wrong")))
	if r := c.until("authenticate"); r["result"] != -1.0 {
		t.Fatalf("reply %v", r)
	}
	if _, err := c.br.ReadBytes(0); err == nil {
		t.Fatal("the connection stayed open after a failed authentication")
	}
	c = dial(t, s)
	c.send(auth(s, strings.ToUpper(md5hex(s.cfg.Password))))
	if r := c.until("authenticate"); r["result"] != 0.0 {
		t.Fatalf("upper-case digest refused: %v", r)
	}
}

// TestRecording checks the benchmark's recording holds what it says.
func TestRecording(t *testing.T) {
	wire, total, ours, agent, ext := Recording(3, 2000, 100)
	if n := bytes.Count(wire, []byte{0}); n != total {
		t.Fatalf("%d messages, reported %d", n, total)
	}
	if ours < total/200 || ours > total/50 {
		t.Fatalf("%d of %d messages are ours, want about 1%%", ours, total)
	}
	if !bytes.Contains(wire, []byte(`"`+ext+`"`)) || agent == "" {
		t.Fatal("our agent's calls are missing")
	}
	for _, m := range bytes.Split(wire[:len(wire)-1], []byte{0}) {
		if !json.Valid(m) {
			t.Fatalf("invalid message %q", m)
		}
	}
}

// FuzzHandle feeds client requests to the server side; it must answer or
// refuse, never panic.
func FuzzHandle(f *testing.F) {
	for _, m := range []string{
		`{"request-id":7,"version":1,"topic":"contact-center","message":"command","sub-request-type":"resume","agent-id":1001}`,
		`{"version":1,"topic":"contact-center","message":"subscribe-events","request-id":3,"subscribe":[["ecc","entity",["agent","release-code"]],["ecc","daily-agent-stats",["*"]]]}`,
		`{"version":1,"message":"unsubscribe-events","request-id":4,"unsubscribe":[["ecc"]]}`,
		`{"request-id":9,"message":"command","sub-request-type":"wrapup-code","agent-id":1001,"call-id":5001,"wrapup-code-id":"1"}`,
	} {
		f.Add([]byte(m))
	}
	f.Fuzz(func(t *testing.T, msg []byte) {
		s := newServer(simulator.Options{Seed: 1}, Config{})
		c := &conn{s: s, sink: &bytes.Buffer{}, authed: true, agents: map[string]bool{}, stats: map[string]bool{}}
		s.conns[c] = struct{}{}
		s.offer(s.me)
		c.handle(msg)
	})
}
