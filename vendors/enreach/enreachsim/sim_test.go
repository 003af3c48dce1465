package enreachsim

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"tandem/vendors"
	"tandem/vendors/simulator"
)

func start(t *testing.T, o simulator.Options) *Sim {
	t.Helper()
	s, err := Start(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func TestREST(t *testing.T) {
	s := start(t, simulator.Options{})
	cfg := s.Config()
	type req struct {
		name, method, path, body string
		basic                    *[2]string
		bearer                   string
		want                     int
	}
	good := &[2]string{cfg.User, s.secret}
	tests := []req{
		{"authuser", "POST", "/authuser/" + cfg.User, `{"UserName":"` + cfg.User + `","Password":"` + cfg.Password + `"}`, nil, "", 200},
		{"authuser with slash", "POST", "/authuser/" + cfg.User + "/", `{"UserName":"` + cfg.User + `","Password":"` + cfg.Password + `"}`, nil, "", 200},
		{"authuser wrong password", "POST", "/authuser/" + cfg.User, `{"UserName":"` + cfg.User + `","Password":"x"}`, nil, "", 401},
		{"token by id", "GET", "/token/" + s.userID + "/rte/", "", good, "", 200},
		{"token me, no slash", "GET", "/token/me/rte", "", good, "", 200},
		{"token without auth", "GET", "/token/me/rte/", "", nil, "", 401},
		{"token for another user", "GET", "/token/00000000-0000-0000-0000-000000000000/rte/", "", good, "", 403},
		{"queues", "GET", "/queues/?OnlyForUser=" + s.userID, "", good, "", 200},
		{"negotiate without token", "POST", "/rte/negotiate?negotiateVersion=1", "", nil, "", 401},
		{"negotiate with a made-up token", "POST", "/rte/negotiate?negotiateVersion=1", "", nil, "forged", 401},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, _ := http.NewRequest(tc.method, s.URL()+tc.path, strings.NewReader(tc.body))
			if tc.basic != nil {
				r.SetBasicAuth(tc.basic[0], tc.basic[1])
			}
			if tc.bearer != "" {
				r.Header.Set("Authorization", "Bearer "+tc.bearer)
			}
			resp, err := http.DefaultClient.Do(r)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tc.want {
				t.Fatalf("%s %s: %d, want %d", tc.method, tc.path, resp.StatusCode, tc.want)
			}
		})
	}
}

func TestTokenAnswerForms(t *testing.T) {
	tests := []struct {
		form EndpointForm
		key  string
		pre  string
	}{{EndpointDocument, "WssEndpoint", "ws://"}, {EndpointNoScheme, "WSSEndpoint", "127.0.0.1:"}}
	for _, tc := range tests {
		s := start(t, simulator.Options{})
		s.SetEndpointForm(tc.form)
		r, _ := http.NewRequest("GET", s.URL()+"/token/me/rte/", nil)
		r.SetBasicAuth(s.userName, s.secret)
		resp, err := http.DefaultClient.Do(r)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]string
		_ = json.NewDecoder(resp.Body).Decode(&m)
		resp.Body.Close()
		if !strings.HasPrefix(m[tc.key], tc.pre) || m["Token"] == "" {
			t.Fatalf("answer %v, want %s starting %q", m, tc.key, tc.pre)
		}
	}
}

func TestStateRules(t *testing.T) {
	tests := []struct {
		st     vendors.State
		reason string
		want   vendors.State
		ok     bool
	}{
		{vendors.StateNotReady, "", vendors.StateNotReady, true},
		{vendors.StateNotReady, "NotServing", vendors.StateNotReady, true},
		{vendors.StateNotReady, "FetchMode", vendors.StateNotReady, true},
		{vendors.StateNotReady, "OffWork", vendors.StateNotReady, true},
		{vendors.StateReady, "", vendors.StateReady, true},
		{vendors.StateLoggedOut, "", vendors.StateReady, false},
		{vendors.StateBusy, "", vendors.StateReady, false},
	}
	for _, tc := range tests {
		s := start(t, simulator.Options{})
		err := s.SetState(tc.st, tc.reason)
		if (err == nil) != tc.ok || s.State() != tc.want {
			t.Errorf("SetState(%s, %q): err %v state %s; want %s ok=%v", tc.st, tc.reason, err, s.State(), tc.want, tc.ok)
		}
	}
}

func TestPhone(t *testing.T) {
	s := start(t, simulator.Options{})
	c, err := s.Offer()
	if err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		action vendors.CommandKind
		want   vendors.State
		ok     bool
	}{
		{vendors.CmdHold, vendors.StateBusy, false},
		{vendors.CmdAnswer, vendors.StateBusy, true},
		{vendors.CmdAnswer, vendors.StateBusy, false},
		{vendors.CmdHangup, vendors.StateWrapUp, true},
		{vendors.CmdEndWrapUp, vendors.StateReady, true},
		{vendors.CmdHangup, vendors.StateReady, false},
	}
	for _, st := range steps {
		err := s.Phone(st.action, c.ID)
		if (err == nil) != st.ok || s.State() != st.want {
			t.Fatalf("%s: err %v state %s; want %s ok=%v", st.action, err, s.State(), st.want, st.ok)
		}
	}
}

// TestTrainerMode: with a rate the simulator offers calls on its own.
func TestTrainerMode(t *testing.T) {
	s := start(t, simulator.Options{Rate: 20 * time.Millisecond, Seed: 3})
	if d := s.Describe(); !strings.Contains(d, s.URL()) || !strings.Contains(d, "tandemctl --vendor enreach") {
		t.Fatalf("Describe does not say how to connect:\n%s", d)
	}
	deadline := time.After(10 * time.Second)
	for s.State() != vendors.StateBusy {
		select {
		case <-deadline:
			t.Fatal("no call offered on its own")
		case <-time.After(10 * time.Millisecond):
		}
	}
}
