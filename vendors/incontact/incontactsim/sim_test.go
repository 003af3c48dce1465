package incontactsim

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"tandem/vendors"
	"tandem/vendors/simulator"
)

// client speaks to the simulator the way the Agent API documents it.
type client struct {
	t    *testing.T
	sim  *Sim
	tok  string
	base string
}

func newClient(t *testing.T, o simulator.Options) *client {
	t.Helper()
	sim, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	c := &client{t: t, sim: sim}
	st, body := c.token(sim.app+"@"+sim.vendor+":"+sim.bu, `{"grant_type":"password","username":"`+sim.user+`","password":"`+sim.pass+`"}`)
	if st != http.StatusOK {
		t.Fatalf("token: %d %s", st, body)
	}
	var tr struct {
		AccessToken string `json:"access_token"`
		Base        string `json:"resource_server_base_uri"`
		AgentID     int    `json:"agent_id"`
		TeamID      int    `json:"team_id"`
	}
	if err := json.Unmarshal(body, &tr); err != nil || tr.AgentID == 0 || tr.TeamID == 0 {
		t.Fatalf("token answer %s: %v", body, err)
	}
	c.tok, c.base = tr.AccessToken, tr.Base+"services/v23.0/"
	return c
}

func (c *client) token(basic, body string) (int, []byte) {
	req, _ := http.NewRequest(http.MethodPost, c.sim.URL()+"/InContactAuthorizationServer/Token", strings.NewReader(body))
	req.Header.Set("Authorization", "basic "+base64.StdEncoding.EncodeToString([]byte(basic)))
	return c.send(req)
}

func (c *client) send(req *http.Request) (int, []byte) {
	c.t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

func (c *client) call(method, path, body string) (int, []byte) {
	c.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, _ := http.NewRequest(method, c.base+path, rd)
	req.Header.Set("Authorization", "bearer "+c.tok)
	return c.send(req)
}

func (c *client) start() string {
	st, body := c.call(http.MethodPost, "agent-sessions", `{"stationPhoneNumber":"8013203420"}`)
	var out struct{ SessionID string }
	if st != http.StatusAccepted || json.Unmarshal(body, &out) != nil || out.SessionID == "" {
		c.t.Fatalf("start: %d %s", st, body)
	}
	return out.SessionID
}

type answer struct {
	SessionID string            `json:"sessionId"`
	Events    []json.RawMessage `json:"events"`
}

func (c *client) poll(sid string, timeout string) (int, answer) {
	c.t.Helper()
	st, body := c.call(http.MethodGet, "agent-sessions/"+sid+"/get-next-event?timeout="+timeout, "")
	var a answer
	if st == http.StatusOK {
		if err := json.Unmarshal(body, &a); err != nil {
			c.t.Fatalf("poll answer %s: %v", body, err)
		}
	}
	return st, a
}

func types(a answer) []string {
	var out []string
	for _, e := range a.Events {
		var h struct{ Type string }
		_ = json.Unmarshal(e, &h)
		out = append(out, h.Type)
	}
	return out
}

func TestTokenRefusals(t *testing.T) {
	c := newClient(t, simulator.Options{})
	s := c.sim
	tests := []struct {
		basic, body string
		want        int
	}{
		{"Other@" + s.vendor + ":" + s.bu, `{"grant_type":"password","username":"` + s.user + `","password":"` + s.pass + `"}`, http.StatusUnauthorized},
		{s.app + "@" + s.vendor + ":" + s.bu, `{"grant_type":"password","username":"` + s.user + `","password":"nope"}`, http.StatusBadRequest},
		{s.app + "@" + s.vendor + ":" + s.bu, `{"grant_type":"client_credentials"}`, http.StatusBadRequest},
		{s.app + "@" + s.vendor + ":" + s.bu, "grant_type=password&username=" + s.user + "&password=" + s.pass, http.StatusOK},
	}
	for i, tc := range tests {
		if st, body := c.token(tc.basic, tc.body); st != tc.want {
			t.Errorf("case %d: %d %s, want %d", i, st, body, tc.want)
		}
	}
	c.tok = "forged"
	if st, _ := c.call(http.MethodPost, "agent-sessions", `{"stationPhoneNumber":"1"}`); st != http.StatusUnauthorized {
		t.Errorf("forged token: %d", st)
	}
}

func TestSessionLifecycle(t *testing.T) {
	c := newClient(t, simulator.Options{})
	if st, _ := c.call(http.MethodPost, "agent-sessions", `{"stationPhoneNumber":""}`); st != http.StatusBadRequest {
		t.Fatalf("start without a station: %d", st)
	}
	sid := c.start()
	if st, _ := c.call(http.MethodPost, "agent-sessions", `{"stationPhoneNumber":"8013203420"}`); st != http.StatusConflict {
		t.Fatalf("second start: %d", st)
	}
	st, a := c.poll(sid, "0")
	if st != http.StatusOK || a.SessionID == "" || a.SessionID == sid || types(a)[0] != "AgentSessionStart" {
		t.Fatalf("first poll %d %+v", st, types(a))
	}
	if st, _ := c.poll(a.SessionID, "0"); st != http.StatusNotModified {
		t.Fatalf("empty poll: %d", st)
	}
	// An old ID of a live session gets a snapshot (seed L7).
	if st, old := c.poll(sid, "0"); st != http.StatusOK || types(old)[0] != "AgentSessionStart" {
		t.Fatalf("old ID: %d %v", st, types(old))
	}
	if c.sim.Stats().StalePolls != 1 {
		t.Fatalf("stale polls %d", c.sim.Stats().StalePolls)
	}
	newest := c.sim.sess.newest
	if st, _ := c.call(http.MethodDelete, "agent-sessions/"+newest+"?forceLogoff=false", ""); st != http.StatusAccepted {
		t.Fatalf("end: %d", st)
	}
	st, end := c.poll(newest, "0")
	got := types(end)
	if st != http.StatusOK || got[len(got)-1] != "AgentSessionEnd" {
		t.Fatalf("end events: %d %v", st, got)
	}
	for _, id := range []string{newest, end.SessionID, sid} {
		if st, _ := c.poll(id, "0"); st != http.StatusConflict {
			t.Fatalf("poll after the end with %s: %d, want 409", id, st)
		}
	}
}

func TestStateRequests(t *testing.T) {
	c := newClient(t, simulator.Options{})
	sid := c.start()
	tests := []struct {
		method, body string
		want         int
		state        vendors.State
	}{
		{http.MethodPost, `{"state":"Available"}`, http.StatusAccepted, vendors.StateReady},
		{http.MethodPut, `{"state":"Unavailable","reason":"lunch"}`, http.StatusAccepted, vendors.StateNotReady},
		{http.MethodPost, `{"state":"Unavailable","reason":"Nap"}`, http.StatusBadRequest, vendors.StateNotReady},
		{http.MethodPost, `{"state":"Unavailable","reason":"ACW"}`, http.StatusConflict, vendors.StateNotReady},
		{http.MethodPost, `{"state":"Unavailable","reason":"Old Project"}`, http.StatusBadRequest, vendors.StateNotReady},
		{http.MethodPost, `{"state":"Busy"}`, http.StatusBadRequest, vendors.StateNotReady},
	}
	for _, tc := range tests {
		if st, body := c.call(tc.method, "agent-sessions/"+sid+"/state", tc.body); st != tc.want || c.sim.State() != tc.state {
			t.Errorf("%s %s: %d %s state %s", tc.method, tc.body, st, body, c.sim.State())
		}
	}
}

// Every scalar of every event is a JSON string (seed §7.E), and both
// IsAcw and IsACW appear.
func TestEventsAreStringTyped(t *testing.T) {
	c := newClient(t, simulator.Options{})
	sid := c.start()
	c.call(http.MethodPost, "agent-sessions/"+sid+"/state", `{"state":"Available"}`)
	ct, _ := c.sim.Offer()
	for _, p := range []string{"accept", "hold", "resume", "end"} {
		if st, body := c.call(http.MethodPost, "agent-sessions/"+sid+"/interactions/"+ct.ID+"/"+p, ""); st != http.StatusAccepted {
			t.Fatalf("%s: %d %s", p, st, body)
		}
	}
	c.call(http.MethodPost, "agent-sessions/"+sid+"/interactions/"+ct.ID+"/disposition", `{"primaryDispositionId":3801,"primaryDispositionNotes":"ok"}`)
	c.sim.OfferChat()
	c.sim.OfferWorkItem()
	_, a := c.poll(sid, "0")
	keys := map[string]bool{}
	var walk func(string, any)
	walk = func(path string, v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, y := range x {
				keys[k] = true
				walk(path+"."+k, y)
			}
		case []any:
			for _, y := range x {
				walk(path+"[]", y)
			}
		case string:
		default:
			t.Errorf("%s is %T, not a string", path, v)
		}
	}
	for _, e := range a.Events {
		var v any
		_ = json.Unmarshal(e, &v)
		walk("", v)
	}
	for _, k := range []string{"IsAcw", "IsACW", "FinalState", "ScreenPopUrlVariables", "WorkItemPayload", "Messages", "PageUri"} {
		if !keys[k] {
			t.Errorf("no event carried %s", k)
		}
	}
	if len(a.Events) < 15 {
		t.Fatalf("only %d events: %v", len(a.Events), types(a))
	}
}

// Drop cuts a poll in flight.
func TestDropCutsPoll(t *testing.T) {
	c := newClient(t, simulator.Options{})
	sid := c.start()
	_, a := c.poll(sid, "0")
	errc := make(chan error, 1)
	go func() {
		req, _ := http.NewRequest(http.MethodGet, c.base+"agent-sessions/"+a.SessionID+"/get-next-event?timeout=30", nil)
		req.Header.Set("Authorization", "bearer "+c.tok)
		tr := &http.Transport{DisableKeepAlives: true}
		resp, err := (&http.Client{Transport: tr}).Do(req)
		if err == nil {
			resp.Body.Close()
		}
		errc <- err
	}()
	for c.sim.inPoll.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	c.sim.Drop()
	if err := <-errc; err == nil {
		t.Fatal("the poll survived the drop")
	}
}

// Trainer mode offers contacts on its own while the agent is Available.
func TestTrafficOffers(t *testing.T) {
	c := newClient(t, simulator.Options{Rate: time.Millisecond})
	sid := c.start()
	c.call(http.MethodPost, "agent-sessions/"+sid+"/state", `{"state":"Available"}`)
	_, a := c.poll(sid, "0")
	for i := 0; i < 30; i++ {
		st, next := c.poll(a.SessionID, "1")
		if st == http.StatusOK {
			for _, typ := range types(next) {
				if strings.HasSuffix(typ, "ContactEvent") {
					return
				}
			}
			a = next
		}
	}
	t.Fatal("no contact offered in trainer mode")
}

func TestDescribeNamesEverything(t *testing.T) {
	sim, err := New(simulator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	d := sim.Describe()
	cfg := sim.Config()
	for _, want := range []string{cfg.URL, cfg.User, cfg.Password, cfg.Extension, "app-name=", "vendor-name=", "business-unit=", "tandemctl --vendor incontact"} {
		if !bytes.Contains([]byte(d), []byte(want)) {
			t.Errorf("Describe lacks %q", want)
		}
	}
}
