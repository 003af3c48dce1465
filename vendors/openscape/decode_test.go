package openscape

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func fixture(t testing.TB, id string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", id+".json"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestDecodeDocumentEvents decodes the document's event examples verbatim
// (testdata/S-*.json, copied from the vendor notes' samples), defects
// included.
func TestDecodeDocumentEvents(t *testing.T) {
	cases := []struct {
		id, realm, typ string
		ok             bool
		check          func(t *testing.T, ev event)
	}{
		{"S-0127", "TELEPHONY", "DELIVERED_EVENT", true, func(t *testing.T, ev event) {
			c := ev.Call
			if c.requeue() != 0 || c.RequeueCount == nil || string(c.Resource) != "554183021932" || partyDevice(c.FromParty) != "554181021779" || string(c.OriginalTo) != "554183022930" {
				t.Errorf("delivered = %+v", c)
			}
		}},
		{"S-0128", "", "", false, nil}, // the label swallows the brace and one brace is missing
		{"S-0129", "TELEPHONY", "QUEUED_EVENT", true, nil},
		{"S-0130", "TELEPHONY", "ESTABLISHED_EVENT", true, nil},
		{"S-0131", "TELEPHONY", "DIVERTED_EVENT", true, func(t *testing.T, ev event) {
			if partyDevice(ev.Call.DestinationParty) != "554181021113" {
				t.Errorf("diverted destination %+v", ev.Call.DestinationParty)
			}
		}},
		{"S-0132", "TELEPHONY", "HELD_EVENT", true, nil},
		{"S-0133", "TELEPHONY", "RETRIEVED_EVENT", true, nil},
		{"S-0134", "TELEPHONY", "CONFERENCED_EVENT", true, nil},
		{"S-0135", "TELEPHONY", "FAILED_EVENT", true, func(t *testing.T, ev event) {
			if ev.Call.requeue() != -1 {
				t.Errorf("sequenceNumber %d", ev.Call.requeue())
			}
		}},
		{"S-0136", "TELEPHONY", "ORIGINATED_EVENT", true, nil},
		{"S-0137", "TELEPHONY", "SERVICE_INITIATED_EVENT", true, func(t *testing.T, ev event) {
			if ev.Call.Consult {
				t.Errorf("consult true")
			}
		}},
		{"S-0138", "TELEPHONY", "TRANSFERRED_EVENT", true, nil},
		{"S-0139", "TELEPHONY", "NETWORKREACHED_EVENT", true, nil},
		{"S-0140", "TELEPHONY", "SERVICES_ENABLED_EVENT", true, nil}, // printed SERVICE_ENABLED_EVENT
		{"S-0141", "TELEPHONY", "SERVER_CONNECTED_EVENT", true, nil},
		{"S-0142", "TELEPHONY", "SERVER_DISCONNECTED_EVENT", true, nil}, // realm "TELEPHONY "
		{"S-0143", "TELEPHONY", "HOTSTANDBY_EVENT", true, func(t *testing.T, ev event) { // " HOTSTANDBY_EVENT "
			if norm(string(ev.Call.State)) != "ACTIVE" {
				t.Errorf("state %q", ev.Call.State)
			}
		}},
		{"S-0077", "PRESENCE", "USER_MEDIA_STATE", true, func(t *testing.T, ev event) {
			if !ev.Presence.MediaType.has("VOICE") || norm(string(ev.Presence.MediaState)) != "LOGON" {
				t.Errorf("media %+v", ev.Presence)
			}
		}},
		{"S-0078", "PRESENCE", "USER_ROUTING_STATE", true, func(t *testing.T, ev event) {
			p := ev.Presence
			if *p.AgentKey != 3 || norm(string(p.RoutingState)) != "UNAVAILABLE" || !p.LoggedOnMediaTypes.has("VOICE") || len(p.HandlingStates) != 1 {
				t.Errorf("routing %+v", p)
			}
		}},
		{"S-0079", "PRESENCE", "USER_HANDLING_STATE", true, func(t *testing.T, ev event) {
			if len(ev.Presence.HandlingStates) != 1 || norm(string(ev.Presence.HandlingStates[0].HandlingState)) != "RINGING" {
				t.Errorf("handling %+v", ev.Presence.HandlingStates)
			}
		}},
		{"S-0080", "PRESENCE", "USER_MEDIA_READY", true, nil},
		{"S-0081", "PRESENCE", "USER_MEDIA_NOTREADY", true, nil},
		{"S-0082", "PRESENCE", "SERVER_CONNECTED_EVENT", true, nil},
		{"S-0083", "PRESENCE", "SERVER_DISCONNECTED_EVENT", true, nil},
		{"S-0040", "ADMINISTRATION", "UNAVAILABLEREASON_UPDATED_EVENT", true, nil},
		{"S-0041", "ADMINISTRATION", "WRAPUPREASON_UPDATED_EVENT", true, nil},
		{"S-0045", "ADMINISTRATION", "USER_DELETED_EVENT", true, nil},
		{"S-0046", "ADMINISTRATION", "SERVER_CONNECTED_EVENT", true, nil},
		{"S-0048", "ADMINISTRATION", "USER_UPDATED_EVENT", true, nil}, // v1 shape, trailing comma
		{"S-0058", "ADMINISTRATION", "USER_DELETED_EVENT", true, nil}, // v1: data is a list of strings
	}
	for _, c := range cases {
		t.Run(c.id, func(t *testing.T) {
			ev, err := decodeEvent(fixture(t, c.id))
			if (err == nil) != c.ok {
				t.Fatalf("err = %v, want ok=%v", err, c.ok)
			}
			if !c.ok {
				return
			}
			if ev.Realm != c.realm || ev.Type != c.typ {
				t.Errorf("decoded %s/%s, want %s/%s", ev.Realm, ev.Type, c.realm, c.typ)
			}
			if c.check != nil {
				c.check(t, ev)
			}
		})
	}
}

func TestDecodeLenientForms(t *testing.T) {
	cases := []struct {
		name, body string
		check      func(ev event) bool
	}{
		{"numbers as strings", `{"type":"EVENT","data":{"realm":"PRESENCE","type":"USER_ROUTING_STATE","data":{"agentKey":"3","routingState":"AVAILABLE","routingStateReasonKey":"0","loggedOnMediaTypes":"VOICE"}}}`,
			func(ev event) bool { return *ev.Presence.AgentKey == 3 && ev.Presence.LoggedOnMediaTypes.has("VOICE") }},
		{"keys in any case", `{"TYPE":"EVENT","Data":{"Realm":"telephony","Type":"held_event","Data":{"Resource":"1","UniqueCallID":"9","Consult":"True"}}}`,
			func(ev event) bool {
				return ev.Type == "HELD_EVENT" && string(ev.Call.UniqueCallID) == "9" && bool(ev.Call.Consult)
			}},
		{"comments and trailing commas", "{\"type\":\"EVENT\", // c\n\"data\":{\"realm\":\"TELEPHONY\",\"type\":\"HELD_EVENT\",\"data\":{\"resource\":\"1\",},},}",
			func(ev event) bool { return ev.Type == "HELD_EVENT" }},
		{"string with // and ,} inside", `{"type":"EVENT","data":{"realm":"TELEPHONY","type":"X","data":{"resource":"http://a,}"}}}`,
			func(ev event) bool { return string(ev.Call.Resource) == "http://a,}" }},
		{"unknown realm", `{"type":"EVENT","data":{"realm":"REALTIME","type":"USER_REALTIME_EVENT","data":{"queryId":1}}}`,
			func(ev event) bool { return ev.Call == nil && ev.Presence == nil }},
	}
	for _, c := range cases {
		ev, err := decodeEvent([]byte(c.body))
		if err != nil || !c.check(ev) {
			t.Errorf("%s: %+v, %v", c.name, ev, err)
		}
	}
	for _, bad := range []string{``, `null`, `[]`, `{}`, `{"type":"REQUEST","data":{"realm":"A","type":"B"}}`, `{"type":"EVENT","data":{"realm":"TELEPHONY","type":"HELD_EVENT"}}`, `{"type":"EVENT","data":{"realm":"PRESENCE","type":"X","data":[1]}}`} {
		if _, err := decodeEvent([]byte(bad)); err == nil {
			t.Errorf("%q decoded", bad)
		}
	}
}

func TestDecodeDocumentAnswers(t *testing.T) {
	cases := []struct {
		id  string
		out answer
		ok  bool
	}{
		{"S-0002", &registerResponse{}, true}, // errorText instead of errorDetails
		{"S-0005", &registerResponse{}, true},
		{"S-0006", &result{}, true}, // trailing comma
		{"S-0010", &result{}, true}, // numeric errorCode 0
		{"S-0012", &serverStateResponse{}, true},
		{"S-0015", &usersResponse{}, true}, // inline comments
		{"S-0017", &queuesResponse{}, true},
		{"S-0024", &reasonsResponse{}, true},
		{"S-0025", &reasonsResponse{}, false}, // missing comma: unreadable
		{"S-0060", &result{}, true},           // PRESENCE_ACTION_SUCCEED
		{"S-0062", &routingStateResponse{}, true},
		{"S-0122", &queryLineResponse{}, true},
		{"S-0124", &queryCallResponse{}, false}, // missing quote
		{"S-0085", &routingCallResponse{}, true},
	}
	for _, c := range cases {
		err := decodeAnswer(fixture(t, c.id), c.out)
		if (err == nil) != c.ok {
			t.Errorf("%s: %v, want ok=%v", c.id, err, c.ok)
			continue
		}
		if c.ok && !succeeded(string(c.out.res().ErrorCode)) {
			t.Errorf("%s: errorCode %q is not success", c.id, c.out.res().ErrorCode)
		}
	}
	var u usersResponse
	decodeAnswer(fixture(t, "S-0015"), &u)
	if len(u.Users) != 2 || u.Users[0].AgentKey != 3 || u.Users[0].AgentID != "100005" || u.Users[0].UserName != "UserA" {
		t.Errorf("users %+v", u.Users)
	}
	var r registerResponse
	decodeAnswer(fixture(t, "S-0002"), &r)
	if r.details() != "NO_ERROR" || r.SessionToken == "" {
		t.Errorf("register %+v", r)
	}
}

func TestCodeErrors(t *testing.T) {
	cases := []struct {
		code string
		ok   bool
		kind string
	}{
		{"NO_ERROR", true, ""}, {"0", true, ""}, {"PRESENCE_ACTION_SUCCEED", true, ""}, {"", true, ""}, {"no error", true, ""},
		{"ALREADY_REGISTERED_ON", false, "licence or connection limit reached"},
		{"2", false, "licence or connection limit reached"},
		{"CLIENT_TOKEN_NOT_FOUND", false, "authentication failed"},
		{"ADMIN_INVALID_CREDENTIALS_TO_LOGON", false, "authentication failed"},
		{"APPLICATION_NOT_REGISTERED", false, "not connected"},
		{"TELEPHONY_STATEERROR", false, "not possible now"},
		{"TELEPHONY_INVALID_EXTENSION", false, "configuration problem"},
		{"SOMETHING_NEW", false, "refused by the platform"},
	}
	for _, c := range cases {
		if succeeded(c.code) != c.ok {
			t.Errorf("succeeded(%q) = %v", c.code, !c.ok)
		}
		if !c.ok {
			if e := codeError("op", c.code, "details"); string(e.Kind) != c.kind {
				t.Errorf("%s: kind %q, want %q", c.code, e.Kind, c.kind)
			}
		}
	}
}

func FuzzDecodeEvent(f *testing.F) {
	files, _ := filepath.Glob("testdata/S-*.json")
	for _, p := range files {
		b, _ := os.ReadFile(p)
		f.Add(b)
	}
	f.Add([]byte(`{"type":"EVENT","data":{"realm":"PRESENCE","type":"USER_ROUTING_STATE","data":{"agentKey":"3","loggedOnMediaTypes":"VOICE"}}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		ev, err := decodeEvent(b)
		if err == nil && (ev.Realm == "" || ev.Type == "") {
			t.Errorf("decoded an event without realm or type: %+v", ev)
		}
	})
}

func FuzzDecodeAnswer(f *testing.F) {
	files, _ := filepath.Glob("testdata/S-*.json")
	for _, p := range files {
		b, _ := os.ReadFile(p)
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, out := range []answer{&registerResponse{}, &usersResponse{}, &reasonsResponse{}, &queuesResponse{},
			&routingStateResponse{}, &queryLineResponse{}, &queryCallResponse{}, &routingCallResponse{}, &serverStateResponse{}} {
			if decodeAnswer(b, out) == nil {
				succeeded(string(out.res().ErrorCode))
				codeError("fuzz", string(out.res().ErrorCode), out.res().details())
			}
		}
	})
}

// FuzzClean: valid JSON means the same after clean.
func FuzzClean(f *testing.F) {
	f.Add([]byte(`{"a":"//x","b":[1,2],"c":{"d":",}"}}`))
	f.Add([]byte(`"\\"`))
	f.Add([]byte(`["a\"//",{}]`))
	f.Fuzz(func(t *testing.T, b []byte) {
		out := clean(b)
		if !json.Valid(b) {
			return
		}
		// Numbers stay text (UseNumber): valid JSON such as 1E1000 does
		// not fit a float64, and that is no change made by clean.
		decode := func(b []byte) (v any, err error) {
			d := json.NewDecoder(bytes.NewReader(b))
			d.UseNumber()
			err = d.Decode(&v)
			return v, err
		}
		x, _ := decode(b)
		if y, err := decode(out); err != nil || !reflect.DeepEqual(x, y) {
			t.Errorf("clean changed %q into %q (%v)", b, out, err)
		}
	})
}

// FuzzApply runs arbitrary deliveries through the whole model (decode,
// filter, apply, report): malformed input is skipped, never a panic.
func FuzzApply(f *testing.F) {
	files, _ := filepath.Glob("testdata/S-*.json")
	for _, p := range files {
		b, _ := os.ReadFile(p)
		f.Add(b)
	}
	ext := `"resource":"554181015002"`
	for _, typ := range []string{"DELIVERED_EVENT", "ESTABLISHED_EVENT", "HELD_EVENT", "CONFERENCED_EVENT", "TRANSFERRED_EVENT", "DISCONNECTED_EVENT", "SERVICE_INITIATED_EVENT"} {
		f.Add([]byte(`{"type":"EVENT","data":{"realm":"TELEPHONY","type":"` + typ + `","data":{` + ext + `,"uniqueCallId":"1","consult":true,"contactType":"ROUTED_VOICE"}}}`))
	}
	f.Add([]byte(`{"type":"EVENT","data":{"realm":"PRESENCE","type":"USER_HANDLING_STATE","data":{"agentKey":3,"handlingStates":[{"uniqueCallId":"1","handlingState":"POSTPROCESSING"}]}}}`))
	s := fuzzSession()
	f.Fuzz(func(t *testing.T, b []byte) {
		s.apply(b)
		// The same delivery again must change nothing (duplicates).
		s.apply(b)
	})
}
