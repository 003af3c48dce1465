package openscapesim

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"tandem/vendors"
	"tandem/vendors/simulator"
)

// hook is a webhook that records the event types it receives.
type hook struct {
	srv   *httptest.Server
	mu    sync.Mutex
	types []string
	got   chan struct{}
}

func newHook(t *testing.T) *hook {
	h := &hook{got: make(chan struct{}, 1000)}
	h.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var ev struct{ Data struct{ Type string } }
		b, _ := io.ReadAll(r.Body)
		json.Unmarshal(b, &ev)
		h.mu.Lock()
		h.types = append(h.types, ev.Data.Type)
		h.mu.Unlock()
		h.got <- struct{}{}
	}))
	t.Cleanup(h.srv.Close)
	return h
}

// wait returns the first n event types received.
func (h *hook) wait(t *testing.T, n int) []string {
	t.Helper()
	for {
		h.mu.Lock()
		if len(h.types) >= n {
			out := append([]string(nil), h.types[:n]...)
			h.mu.Unlock()
			return out
		}
		h.mu.Unlock()
		select {
		case <-h.got:
		case <-time.After(10 * time.Second):
			t.Fatalf("only %d of %d events", len(h.types), n)
		}
	}
}

type client struct {
	t     *testing.T
	base  string
	token string
}

func (c *client) call(path string, body any) map[string]any {
	c.t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest("POST", c.base+path, bytes.NewReader(b))
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	json.NewDecoder(resp.Body).Decode(&out)
	return out
}

func start(t *testing.T) (*Server, *client, *hook) {
	s, err := Start(simulator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, &client{t: t, base: s.URL()}, newHook(t)
}

func (c *client) register(s *Server, h *hook) map[string]any {
	return c.call("/main/registerApplication", map[string]any{"webhookURL": h.srv.URL, "webhookAPIVersion": "V2",
		"application": map[string]any{"name": ClientName, "token": s.token, "busUnitName": BusUnit}})
}

func TestRegistrationTable(t *testing.T) {
	s, c, h := start(t)
	first := c.register(s, h)
	tok, _ := first["sessionToken"].(string)
	if first["errorCode"] != "NO_ERROR" || len(tok) != 64 {
		t.Fatalf("register: %v", first)
	}
	if got := c.register(s, h)["errorCode"]; got != "ALREADY_REGISTERED_ON" {
		t.Errorf("second registration: %v", got)
	}
	c.token = "not-a-token"
	if got := c.call("/main/keepalive", struct{}{})["errorCode"]; got != "APPLICATION_NOT_REGISTERED" {
		t.Errorf("keepalive with a bad token: %v", got)
	}
	c.token = tok
	ka := c.call("/main/keepalive", struct{}{})
	if ka["errorCode"] != float64(0) || ka["type"] != "keepAlive" {
		t.Errorf("keepalive: %v (the document answers a numeric 0)", ka)
	}
	if got := c.call("/presence/setroutingstate", map[string]any{"state": "AVAILABLE", "agentKey": AgentKey})["errorCode"]; got != "NOT_READY" {
		t.Errorf("command before Main Logon: %v", got)
	}
	if got := c.call("/main/logon", map[string]any{"agentKey": AgentKey, "password": "wrong"})["errorCode"]; got != "ADMIN_INVALID_CREDENTIALS_TO_LOGON" {
		t.Errorf("logon with a wrong password: %v", got)
	}
	s.SetSessionTimeout(time.Millisecond)
	deadline := time.Now().Add(10 * time.Second)
	for c.call("/main/getserverstate", map[string]any{"realm": "TELEPHONY"})["errorCode"] != "APPLICATION_NOT_REGISTERED" {
		if time.Now().After(deadline) {
			t.Fatal("the session never expired")
		}
		time.Sleep(100 * time.Millisecond)
	}
	if got := c.register(s, h)["errorCode"]; got != "NO_ERROR" {
		t.Errorf("registering after the expiry: %v", got)
	}
}

// TestDeliveries: events are POSTed in order, and the loss and duplicate
// faults do what they say.
func TestDeliveries(t *testing.T) {
	cases := []struct {
		name      string
		loss, dup float64
		want      []string
	}{
		{"in order", 0, 0, []string{"USER_MEDIA_STATE", "USER_ROUTING_STATE", "SERVICES_ENABLED_EVENT", "USER_ROUTING_STATE"}},
		{"duplicated", 0, 1, []string{"USER_MEDIA_STATE", "USER_MEDIA_STATE", "USER_ROUTING_STATE", "USER_ROUTING_STATE"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, c, h := start(t)
			c.token, _ = c.register(s, h)["sessionToken"].(string)
			c.call("/main/logon", map[string]any{"agentKey": AgentKey, "password": s.pass})
			c.call("/presence/startlistenforevents", map[string]any{"resource": AgentKey})
			c.call("/telephony/startlistenforevents", map[string]any{"resource": Extension})
			s.SetFaults(tc.loss, tc.dup)
			c.call("/v2/telephony/logon", map[string]any{"agentKey": AgentKey, "extension": Extension})
			c.call("/presence/setroutingstate", map[string]any{"state": "AVAILABLE", "agentId": AgentID, "agentKey": AgentKey, "reason": 0})
			if got := h.wait(t, len(tc.want)); strings.Join(got, ",") != strings.Join(tc.want, ",") {
				t.Errorf("received %v, want %v", got, tc.want)
			}
		})
	}
}

// TestCallModel walks a consultation, conference and transfer through the
// telephony commands and checks the agent's state at each step.
func TestCallModel(t *testing.T) {
	s, c, h := start(t)
	c.token, _ = c.register(s, h)["sessionToken"].(string)
	c.call("/main/logon", map[string]any{"agentKey": AgentKey, "password": s.pass})
	c.call("/v2/telephony/logon", map[string]any{"agentKey": AgentKey, "extension": Extension})
	c.call("/presence/setroutingstate", map[string]any{"state": "AVAILABLE", "agentKey": AgentKey, "reason": "0"})
	want, err := s.Offer()
	if err != nil {
		t.Fatal(err)
	}
	id := want.ID
	steps := []struct {
		path  string
		body  map[string]any
		code  string
		state vendors.State
	}{
		{"/telephony/hold", map[string]any{"from": Extension, "uniqueCallId": id}, "TELEPHONY_STATEERROR", vendors.StateBusy},
		{"/telephony/answer", map[string]any{"from": Extension}, "NO_ERROR", vendors.StateBusy},
		{"/telephony/consult", map[string]any{"from": Extension, "to": "554181015003", "uniqueCallId": id}, "NO_ERROR", vendors.StateBusy},
		{"/telephony/conference", map[string]any{"from": Extension, "uniqueCallId": id}, "NO_ERROR", vendors.StateBusy},
		{"/telephony/consult", map[string]any{"from": Extension, "to": "554181015003", "uniqueCallId": id}, "NO_ERROR", vendors.StateBusy},
		{"/telephony/transfer", map[string]any{"from": Extension, "uniqueCallId": id}, "NO_ERROR", vendors.StateWrapUp},
		{"/presence/setwrapupreason", map[string]any{"agentKey": AgentKey, "uniqueCallId": id, "wrapUpReasons": []int{1}}, "PRESENCE_ACTION_SUCCEED", vendors.StateWrapUp},
		{"/presence/exitpostprocessing", map[string]any{"agentKey": AgentKey, "uniqueCallId": id}, "PRESENCE_ACTION_SUCCEED", vendors.StateReady},
		{"/telephony/dial", map[string]any{"from": "999", "to": "2002"}, "TELEPHONY_INVALID_EXTENSION", vendors.StateReady},
	}
	for _, st := range steps {
		if got := c.call(st.path, st.body)["errorCode"]; got != st.code {
			t.Errorf("%s: %v, want %s", st.path, got, st.code)
		}
		if got := s.State(); got != st.state {
			t.Errorf("after %s the agent is %s, want %s", st.path, got, st.state)
		}
	}
}
