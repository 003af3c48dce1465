package ctl_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"tandem/app/ctl"
	_ "tandem/vendors/demo"
)

// run starts tandemctl with args and returns a way to send lines and to
// wait for output lines.
type run struct {
	t     *testing.T
	in    *io.PipeWriter
	lines chan map[string]any
	done  chan int
	seen  []map[string]any
}

func start(t *testing.T, env map[string]string, args ...string) *run {
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	r := &run{t: t, in: inW, lines: make(chan map[string]any, 1000), done: make(chan int, 1)}
	go func() {
		code := ctl.Run(context.Background(), args, ctl.IO{In: inR, Out: outW, Err: io.Discard, Getenv: func(k string) string { return env[k] }})
		outW.Close()
		r.done <- code
	}()
	go func() {
		sc := bufio.NewScanner(outR)
		for sc.Scan() {
			var m map[string]any
			if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
				t.Errorf("tandemctl printed a line that is not JSON: %q", sc.Text())
				continue
			}
			if _, err := time.Parse(time.RFC3339Nano, fmt.Sprint(m["at"])); err != nil {
				t.Errorf("line without an RFC 3339 time: %q", sc.Text())
			}
			r.lines <- m
		}
		close(r.lines)
	}()
	return r
}

func (r *run) send(line string) { fmt.Fprintln(r.in, line) }

// expect waits for a line whose fields include all of want.
func (r *run) expect(want map[string]any) map[string]any {
	r.t.Helper()
	timeout := time.After(15 * time.Second)
	for {
		select {
		case m, ok := <-r.lines:
			if !ok {
				r.t.Fatalf("output ended waiting for %v", want)
			}
			r.seen = append(r.seen, m)
			if subset(want, m) {
				return m
			}
		case <-timeout:
			r.t.Fatalf("timed out waiting for %v; last lines: %v", want, tail(r.seen))
		}
	}
}

func tail(s []map[string]any) []map[string]any {
	if len(s) > 8 {
		return s[len(s)-8:]
	}
	return s
}

func subset(want, got map[string]any) bool {
	for k, v := range want {
		if fmt.Sprint(got[k]) != fmt.Sprint(v) {
			return false
		}
	}
	return true
}

func TestWholeContactOnTheDemo(t *testing.T) {
	r := start(t, nil, "--vendor", "demo", "--option", "rate=0.2")
	r.expect(map[string]any{"type": "connection", "status": "connected"})
	r.expect(map[string]any{"type": "capabilities"})
	offer := r.expect(map[string]any{"type": "contact", "status": "offered"})
	id := offer["id"].(string)
	if offer["from"] == "" || offer["name"] == "" || offer["queue"] == "" || len(offer["data"].(map[string]any)) == 0 {
		t.Fatalf("the offer lacks caller data: %v", offer)
	}
	steps := []struct {
		cmd  string
		want map[string]any
	}{
		{`{"id":1,"cmd":"answer","contact":"` + id + `"}`, map[string]any{"type": "contact", "id": id, "status": "connected"}},
		{`{"id":2,"cmd":"hold","contact":"` + id + `"}`, map[string]any{"type": "contact", "id": id, "status": "held"}},
		{`{"id":3,"cmd":"retrieve","contact":"` + id + `"}`, map[string]any{"type": "contact", "id": id, "status": "connected"}},
		{`{"id":4,"cmd":"consult","contact":"` + id + `","to":"2002"}`, map[string]any{"type": "contact", "related": id, "status": "connected"}},
	}
	for _, s := range steps {
		r.send(s.cmd)
		r.expect(s.want)
	}
	r.send(`{"id":5,"cmd":"complete_transfer","contact":"` + id + `"}`)
	r.expect(map[string]any{"type": "contact", "id": id, "status": "wrap_up"})
	r.send(`{"id":6,"cmd":"wrapup","contact":"` + id + `","code":"1","notes":"sold"}`)
	ended := r.expect(map[string]any{"type": "contact", "id": id, "status": "ended"})
	if d := ended["data"].(map[string]any); d["notes"] != "sold" {
		t.Errorf("wrap-up notes missing: %v", ended)
	}
	r.send(`{"id":7,"cmd":"not_ready","reason":"11"}`)
	st := r.expect(map[string]any{"type": "state", "state": "not_ready"})
	if reason, _ := st["reason"].(map[string]any); reason["label"] != "Lunch" {
		t.Errorf("not_ready without its reason: %v", st)
	}
	r.send(`{"id":8,"cmd":"ready"}`)
	r.expect(map[string]any{"type": "state", "state": "ready"})
	r.in.Close()
	r.expect(map[string]any{"type": "state", "state": "logged_out"})
	if code := <-r.done; code != 0 {
		t.Fatalf("exit %d after stdin closed", code)
	}
}

func TestBadInputAnswersAndGoesOn(t *testing.T) {
	r := start(t, nil, "--option", "rate=0")
	r.expect(map[string]any{"type": "connection", "status": "connected"})
	cases := []struct {
		line, id, err string
	}{
		{`not json`, "<nil>", "unparsable"},
		{`{"id":"a","cmd":"fly"}`, "a", "unknown command"},
		{`{"id":2}`, "2", `missing "cmd"`},
		{`{"id":3,"cmd":"answer"}`, "3", "needs a contact"},
		{`{"id":4,"cmd":"transfer","contact":"C1"}`, "4", "needs a destination"},
		{`{"id":5,"cmd":"hold","contact":"C404"}`, "5", "unknown contact"},
		{`{"id":6,"cmd":"not_ready","reason":"999"}`, "6", "unknown not-ready reason"},
	}
	for _, c := range cases {
		r.send(c.line)
		m := r.expect(map[string]any{"type": "result"})
		if m["ok"] != false || fmt.Sprint(m["id"]) != c.id || !strings.Contains(fmt.Sprint(m["error"]), c.err) {
			t.Errorf("%s: got %v, want ok:false id %s error about %q", c.line, m, c.id, c.err)
		}
	}
	r.send(`{"id":9,"cmd":"not_ready","reason":"12"}`)
	r.expect(map[string]any{"type": "result", "id": 9, "ok": true})
	r.in.Close()
	if code := <-r.done; code != 0 {
		t.Fatalf("exit %d", code)
	}
}

func TestFatalFailures(t *testing.T) {
	cases := []struct {
		name string
		env  map[string]string
		args []string
		code int
		err  string
	}{
		{"unreachable", map[string]string{"TANDEM_PASSWORD": "x"}, []string{"--vendor", "demo", "--url", "tcp://127.0.0.1:1", "--user", "agent"}, 1, "server unreachable"},
		{"unknown vendor", nil, []string{"--vendor", "acme"}, 2, "unknown vendor"},
		{"secret as flag", nil, []string{"--nope"}, 2, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := start(t, c.env, c.args...)
			r.in.Close()
			if c.err != "" {
				m := r.expect(map[string]any{"type": "connection", "status": "disconnected"})
				if !strings.Contains(fmt.Sprint(m["error"]), c.err) {
					t.Errorf("error %v, want %q", m["error"], c.err)
				}
			}
			if code := <-r.done; code != c.code {
				t.Fatalf("exit %d, want %d", code, c.code)
			}
		})
	}
}
