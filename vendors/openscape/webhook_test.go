package openscape

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"tandem/vendors"
	"tandem/vendors/openscape/openscapesim"
	"tandem/vendors/simulator"
)

// openSim opens a session (the internal type, to reach the receiver)
// against a fresh simulator.
func openSim(t *testing.T, opts map[string]string) (*session, *openscapesim.Server) {
	t.Helper()
	sim, err := openscapesim.Start(simulator.Options{Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	cfg := sim.Config()
	for k, v := range opts {
		cfg.Options[k] = v
	}
	st, err := parseConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	s, err := open(ctx, st, cfg.Log())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, sim
}

// next returns the next event that is not housekeeping (alive).
func next(t *testing.T, s *session) vendors.Event {
	t.Helper()
	for {
		select {
		case ev := <-s.Events():
			if _, ok := ev.(vendors.AliveEvent); !ok {
				return ev
			}
		case <-time.After(20 * time.Second):
			t.Fatal("no event")
		}
	}
}

func drainUntilSynced(t *testing.T, s *session) {
	t.Helper()
	for {
		if _, ok := next(t, s).(vendors.SyncedEvent); ok {
			return
		}
	}
}

func routingEvent(key int, state string, reason int) string {
	return `{"type":"EVENT","data":{"realm":"PRESENCE","type":"USER_ROUTING_STATE","data":{"agentId":"x","agentKey":` +
		itoa(key) + `,"extension":"` + openscapesim.Extension + `","loggedOnMediaTypes":["VOICE"],"presenceState":"AWAY","routingState":"` +
		state + `","routingStateReasonKey":` + itoa(reason) + `}}}`
}

// TestWebhookSecurity posts what an attacker or a broken server could and
// proves none of it changes the picture: a marker event through the real
// path afterwards is the first thing the session reports (events are
// processed in arrival order, so an effect of the bad ones would come
// before it).
func TestWebhookSecurity(t *testing.T) {
	s, _ := openSim(t, nil)
	drainUntilSynced(t, s)
	u, err := url.Parse(s.rx.url)
	if err != nil {
		t.Fatal(err)
	}
	base := u.Scheme + "://" + u.Host
	foreignCall := `{"type":"EVENT","data":{"realm":"TELEPHONY","type":"DELIVERED_EVENT","data":{"resource":"554181015003","uniqueCallId":"77","lcsType":"ALERTING","deliveredToParty":{"device":"554181015003"}}}}`
	ourCallNoID := `{"type":"EVENT","data":{"realm":"TELEPHONY","type":"DELIVERED_EVENT","data":{"resource":"` + openscapesim.Extension + `","lcsType":"ALERTING"}}}`
	loggedOff := routingEvent(openscapesim.AgentKey, "LOGGEDOFF", 0)
	cases := []struct {
		name, method, path, body string
		want                     int
	}{
		{"wrong path", "POST", "/tandem/00000000000000000000000000000000", loggedOff, http.StatusNotFound},
		{"root", "POST", "/", loggedOff, http.StatusNotFound},
		{"path prefix only", "POST", "/tandem/", loggedOff, http.StatusNotFound},
		{"secret with a suffix", "POST", u.Path + "x", loggedOff, http.StatusNotFound},
		{"GET on the secret path", "GET", u.Path, "", http.StatusMethodNotAllowed},
		{"oversized body", "POST", u.Path, `{"type":"EVENT","pad":"` + strings.Repeat("x", maxBody) + `"}`, http.StatusRequestEntityTooLarge},
		{"malformed JSON", "POST", u.Path, `{"type":"EVENT","data":{"realm":"PRESENCE","type":"USER_ROUTING_STATE","data":{"agentKey":3,`, http.StatusOK},
		{"not an event", "POST", u.Path, `[1,2,3]`, http.StatusOK},
		{"envelope without data", "POST", u.Path, `{"type":"EVENT"}`, http.StatusOK},
		{"another agent", "POST", u.Path, routingEvent(4, "LOGGEDOFF", 0), http.StatusOK},
		{"another extension", "POST", u.Path, foreignCall, http.StatusOK},
		{"call event without id", "POST", u.Path, ourCallNoID, http.StatusOK},
		{"routing state without agent", "POST", u.Path, `{"type":"EVENT","data":{"realm":"PRESENCE","type":"USER_ROUTING_STATE","data":{"routingState":"LOGGEDOFF"}}}`, http.StatusOK},
	}
	for _, c := range cases {
		req, _ := http.NewRequest(c.method, base+c.path, strings.NewReader(c.body))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		resp.Body.Close()
		if resp.StatusCode != c.want {
			t.Errorf("%s: status %d, want %d", c.name, resp.StatusCode, c.want)
		}
	}
	// The marker: a well-formed event for us through the secret path.
	resp, err := http.Post(s.rx.url, "application/json", bytes.NewReader([]byte(routingEvent(openscapesim.AgentKey, "WORK", 2))))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	ev := next(t, s)
	st, ok := ev.(vendors.StateEvent)
	if !ok || st.State.State != vendors.StateNotReady || st.State.Reason == nil || st.State.Reason.Code != "W2" {
		t.Fatalf("first event after the bad deliveries = %#v, want the marker's not_ready W2", ev)
	}
}

func TestWebhookURL(t *testing.T) {
	cases := []struct {
		name     string
		opts     map[string]string
		prefix   string
		secretOK bool
	}{
		{"derived from the bound address", nil, "http://127.0.0.1:", true},
		{"announced URL gets the secret appended", map[string]string{"webhook-url": "https://pc-0815.example:8443/hooks/"}, "https://pc-0815.example:8443/hooks/tandem/", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rx, err := newReceiver("127.0.0.1:0", c.opts["webhook-url"], "", "", "http://127.0.0.1:1/", discard(), func([]byte) {})
			if err != nil {
				t.Fatal(err)
			}
			defer rx.close()
			if !strings.HasPrefix(rx.url, c.prefix) {
				t.Errorf("url %q, want prefix %q", rx.url, c.prefix)
			}
			seg := rx.path[strings.LastIndex(rx.path, "/")+1:]
			if len(seg) != 32 {
				t.Errorf("secret segment %q is not 128 bits of hex", seg)
			}
			if strings.Contains(rx.redactedURL(), seg) {
				t.Errorf("redacted URL %q shows the secret", rx.redactedURL())
			}
		})
	}
	a, _ := newReceiver("127.0.0.1:0", "", "", "", "", discard(), func([]byte) {})
	b, _ := newReceiver("127.0.0.1:0", "", "", "", "", discard(), func([]byte) {})
	defer a.close()
	defer b.close()
	if a.path == b.path {
		t.Errorf("two receivers share the secret path %q", a.path)
	}
}
