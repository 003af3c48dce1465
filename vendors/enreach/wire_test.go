package enreach

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"tandem/vendors"
)

// samples are the document's JSON examples, copied byte-exact from
// vendor-notes/001-enreach-samples.md.
func samples(t testing.TB) map[string][]byte {
	t.Helper()
	files, err := filepath.Glob("testdata/samples/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no samples: %v", err)
	}
	out := map[string][]byte{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out[strings.TrimSuffix(filepath.Base(f), ".json")] = b
	}
	return out
}

// wrap puts an event example into a MessageReceived envelope.
func wrap(data []byte) []byte {
	return []byte(`{"subscription":{"id":"s","eventType":"","entityType":"User","entityId":"u"},"data":` + string(data) + `}`)
}

func TestDecodeDocumentExamples(t *testing.T) {
	for name, b := range samples(t) {
		if !strings.HasPrefix(name, "E") {
			continue
		}
		t.Run(name, func(t *testing.T) {
			want := name[strings.IndexByte(name, '_')+1:]
			m, err := decodeMessage(wrap(b))
			if err != nil {
				t.Fatalf("decode: %v", err)
			}
			if m.Event != want {
				t.Fatalf("event %q, want %q", m.Event, want)
			}
			if m.At.IsZero() {
				t.Fatal("no timestamp")
			}
			if isCallEvent(want) && (m.Call == nil || m.Call.CallID == "") {
				t.Fatal("call event without its call")
			}
		})
	}
}

func TestDecodeRealEnvelope(t *testing.T) {
	m, err := decodeMessage(samples(t)["S06"])
	if err != nil {
		t.Fatal(err)
	}
	if m.Event != evUserStatus || m.Status == nil || m.Status.Talking == nil || bool(*m.Status.Talking) ||
		m.Status.FetchMode == nil || !bool(*m.Status.FetchMode) || m.Entity != "aa9730c4-ce86-e611-80c9-00505689257e" {
		t.Fatalf("decoded %+v %+v", m, m.Status)
	}
	if want := time.Date(2023, 10, 19, 14, 21, 19, 700915800, time.UTC); !m.At.Equal(want) {
		t.Fatalf("timestamp %v, want %v", m.At, want)
	}
}

func TestDecodeForms(t *testing.T) {
	tests := []struct {
		name, raw, event string
		ok               bool
	}{
		{"camelCase", `{"data":{"eventType":"UserCallInComing","callId":"c1","username":"u","callerNumber":"+1"}}`, evUserCallInComing, true},
		{"lower-case name", `{"data":{"EventType":"usercallinuserallocated","CallId":"c1"}}`, evUserCallInUserAllocated, true},
		{"prose spelling", `{"data":{"EventType":"UserCallIncoming","CallId":"c1"}}`, evUserCallInComing, true},
		{"numeric type", `{"data":{"eventType":141,"talking":true}}`, evUserStatus, true},
		{"name only in subscription", `{"subscription":{"eventType":"QueueStatus","entityId":"q1"},"data":{"nbrOfQueuingRequesters":"3"}}`, evQueueStatus, true},
		{"zone-less dates", `{"data":{"EventType":"UserAvailability","Availability":"BRB","StartTime":"2024-05-01T08:00:00","EndTime":"9999-12-31T23:59:59.9999999"}}`, evUserAvailability, true},
		{"unneeded event", `{"data":{"EventType":"UserAlert"}}`, "UserAlert", true},
		{"unknown event", `{"data":{"EventType":"Nope"}}`, "", false},
		{"data not an object", `{"data":"x"}`, "", false},
		{"no data", `{"subscription":{}}`, "", false},
		{"call without id", `{"data":{"EventType":"UserCallInUserConnected"}}`, "", false},
		{"bad date", `{"data":{"EventType":"UserStatus","WrapUpStart":"soon"}}`, "", false},
		{"not JSON", `{"data":`, "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, err := decodeMessage([]byte(tc.raw))
			if (err == nil) != tc.ok {
				t.Fatalf("err %v, want ok=%v", err, tc.ok)
			}
			if tc.ok && m.Event != tc.event {
				t.Fatalf("event %q, want %q", m.Event, tc.event)
			}
		})
	}
}

func TestParseTime(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"2020-01-01T12:00:00Z", time.Date(2020, 1, 1, 12, 0, 0, 0, time.UTC), true},
		{"2023-10-19T14:21:19.7009158Z", time.Date(2023, 10, 19, 14, 21, 19, 700915800, time.UTC), true},
		{"2024-05-01T08:00:00", time.Date(2024, 5, 1, 8, 0, 0, 0, time.UTC), true},
		{"2024-05-01T10:00:00+02:00", time.Date(2024, 5, 1, 8, 0, 0, 0, time.UTC), true},
		{"2024-05-01 08:00:00", time.Date(2024, 5, 1, 8, 0, 0, 0, time.UTC), true},
		{"0001-01-01T00:00:00", time.Time{}, true},
		{"9999-12-31T23:59:59.9999999", time.Time{}, true},
		{"", time.Time{}, true},
		{"tomorrow", time.Time{}, false},
	}
	for _, tc := range tests {
		got, err := parseTime(tc.in)
		if (err == nil) != tc.ok || !got.Equal(tc.want) {
			t.Errorf("parseTime(%q) = %v, %v; want %v ok=%v", tc.in, got, err, tc.want, tc.ok)
		}
	}
}

func TestHubURL(t *testing.T) {
	tests := []struct{ endpoint, base, want string }{
		{"wss://rte-silox.enreachvoice.com/rte", "https://api-silox.enreachvoice.com", "https://rte-silox.enreachvoice.com/rte"},
		{"ws://127.0.0.1:9/rte", "http://127.0.0.1:9", "http://127.0.0.1:9/rte"},
		{"rte-silox.enreachvoice.com/rte", "https://api-silox.enreachvoice.com", "https://rte-silox.enreachvoice.com/rte"},
		{"127.0.0.1:9/rte/", "http://127.0.0.1:9", "http://127.0.0.1:9/rte"},
		{"https://rte.example/rte", "http://x", "https://rte.example/rte"},
		{"", "https://x", ""},
		{"ftp://rte.example/rte", "https://x", ""},
	}
	for _, tc := range tests {
		got, err := hubURL(tc.endpoint, tc.base)
		if got != tc.want || (err == nil) != (tc.want != "") {
			t.Errorf("hubURL(%q) = %q, %v; want %q", tc.endpoint, got, err, tc.want)
		}
	}
}

func TestTokenAnswerForms(t *testing.T) {
	tests := []struct{ body, hub string }{
		{`{"WssEndpoint":"wss://rte-silox.enreachvoice.com/rte","Token":"t"}`, "https://rte-silox.enreachvoice.com/rte"},
		{`{"WSSEndpoint":"rte-silox.enreachvoice.com/rte","Token":"t"}`, "https://rte-silox.enreachvoice.com/rte"},
		{`{"wssEndpoint":"wss://h/rte","token":"t"}`, "https://h/rte"},
		{`{"WssEndpoint":"wss://h/rte"}`, ""},
	}
	for _, tc := range tests {
		var tr tokenResponse
		if err := json.Unmarshal([]byte(tc.body), &tr); err != nil {
			t.Fatal(err)
		}
		hub, _, err := checkToken(tr, "https://api")
		if hub != tc.hub || (err == nil) != (tc.hub != "") {
			t.Errorf("%s: hub %q err %v, want %q", tc.body, hub, err, tc.hub)
		}
	}
}

func TestCheckResults(t *testing.T) {
	user, queue := "a1eeb030-ff4b-ea11-ac9c-00155d4fdcf3", "c9eeb030-ff4b-ea11-ac9c-00155d4fdcf3"
	want := wantedSubscriptions(user, []queueRef{{ID: queue}})
	all := func(mod func(r *subscriptionResult)) []subscriptionResult {
		var out []subscriptionResult
		for _, w := range want {
			r := subscriptionResult{Subscribed: true, EntityID: "", EventName: ""}
			r.EntityID.UnmarshalJSON([]byte(`"` + strings.ToUpper(w.EntityID) + `"`))
			r.EventName.UnmarshalJSON([]byte(`"` + strings.ToLower(w.EventName) + `"`))
			if mod != nil {
				mod(&r)
			}
			out = append(out, r)
		}
		return out
	}
	other := []subscriptionResult{{Subscribed: true, EntityID: "someone-else", EventName: "userstatus"}}
	tests := []struct {
		name     string
		got      []subscriptionResult
		refused  int
		wantKind vendors.Kind // "" = no error
		retried  bool         // the session connects again (not terminal)
	}{
		{"all subscribed, echoed lower-case", all(nil), 0, "", false},
		{"queue refused", all(func(r *subscriptionResult) {
			if strings.EqualFold(string(r.EntityID), queue) {
				r.Subscribed = false
				r.Message = "Unauthorized"
			}
		}), len(queueSubscriptions), "", false},
		{"user status refused", all(func(r *subscriptionResult) {
			if string(r.EventName) == "userstatus" {
				r.Subscribed = false
				r.Message = "Unauthorized"
			}
		}), 1, vendors.ErrRejected, false},
		{"user status refused without a message", all(func(r *subscriptionResult) {
			if string(r.EventName) == "userstatus" {
				r.Subscribed = false
			}
		}), 1, vendors.ErrRejected, false},
		{"only user status missing", all(nil)[1:], 1, vendors.ErrRejected, false},
		{"no results", nil, 0, vendors.ErrTimeout, true},
		{"empty list", []subscriptionResult{}, 0, vendors.ErrTimeout, true},
		{"results for other items only", other, 0, vendors.ErrTimeout, true},
		{"every item refused", all(func(r *subscriptionResult) { r.Subscribed, r.Message = false, "Unauthorized" }),
			len(want), vendors.ErrRejected, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			refused, err := checkResults(want, tc.got, user)
			if len(refused) != tc.refused || vendors.KindOf(err) != tc.wantKind || (err == nil) != (tc.wantKind == "") {
				t.Fatalf("refused %v err %v; want %d refused, kind %q", refused, err, tc.refused, tc.wantKind)
			}
			if err != nil && terminal(err) == tc.retried {
				t.Fatalf("terminal(%v) = %v, want %v", err, terminal(err), !tc.retried)
			}
			if tc.retried != errors.Is(err, errNoResult) {
				t.Fatalf("errors.Is(%v, errNoResult) = %v", err, !tc.retried)
			}
		})
	}
}

func TestDocumentSubscribeResult(t *testing.T) {
	// L299-312: one success, one "Unauthorized".
	got, err := decodeResults(json.RawMessage(samples(t)["S10"]))
	if err != nil || len(got) != 2 || !bool(got[0].Subscribed) || bool(got[1].Subscribed) || got[1].Message != "Unauthorized" {
		t.Fatalf("%+v %v", got, err)
	}
}

func BenchmarkDecodeAndApply(b *testing.B) {
	raw := wrap(samples(b)["E11_UserCallInUserAllocated"])
	m := newModel("u")
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		msg, err := decodeMessage(raw)
		if err != nil {
			b.Fatal(err)
		}
		m.apply(msg)
		m.stateChanged(msg.At)
	}
}
