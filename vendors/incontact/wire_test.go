package incontact

import (
	"encoding/json"
	"fmt"
	"testing"
)

func TestDecodeSeedFixtures(t *testing.T) {
	want := map[string]string{
		"agent-session-start":              "*incontact.evSessionStart",
		"agent-session-end":                "*incontact.evSessionEnd",
		"remote-agent-session-end":         "*incontact.evSessionEnd",
		"agent-state-unavailable":          "*incontact.evAgentState",
		"agent-leg-dialing":                "*incontact.evAgentLeg",
		"agent-leg-active":                 "*incontact.evAgentLeg",
		"agent-leg-disconnected":           "*incontact.evAgentLeg",
		"agent-error-badnumber":            "*incontact.evAgentError",
		"natural-calling-skill-list-empty": "incontact.evOther",
		"call-contact-outbound-dialing":    "*incontact.evContact",
		"workitem-contact-incoming":        "*incontact.evContact",
		"indicator-on":                     "incontact.evOther",
		"page-open":                        "*incontact.evPageOpen",
		"chat-contact-incoming":            "*incontact.evContact",
		"chat-text-agent":                  "incontact.evOther",
		"chat-text-client":                 "incontact.evOther",
		"chat-text-system":                 "incontact.evOther",
		"takeover":                         "incontact.evOther",
		"supervisor-contact":               "incontact.evOther",
		"supervisor-monitor":               "incontact.evOther",
		"call-contact-takeover-active":     "*incontact.evContact",
		"hours-of-operation":               "incontact.evOther",
	}
	if len(want) != len(seedFixtures) {
		t.Fatalf("table has %d rows for %d fixtures", len(want), len(seedFixtures))
	}
	for id, raw := range seedFixtures {
		t.Run(id, func(t *testing.T) {
			ev, err := decodeEvent(json.RawMessage(raw))
			if err != nil {
				t.Fatalf("decode: %v", err)
			}
			if got := fmt.Sprintf("%T", ev); got != want[id] {
				t.Fatalf("decoded as %s, want %s", got, want[id])
			}
		})
	}
}

func TestDecodeSeedMalformed(t *testing.T) {
	for i, raw := range seedMalformed {
		if ev, err := decodeEvent(json.RawMessage(raw)); err == nil {
			t.Errorf("block %d decoded as %T, want an error", i, ev)
		}
	}
}

func TestDecodeEventFields(t *testing.T) {
	tests := []struct {
		name  string
		raw   string
		check func(any) error
	}{
		{"IsAcw key", `{"Type":"AgentState","CurrentState":"Unavailable","IsAcw":"True"}`, func(v any) error {
			if !bool(v.(*evAgentState).IsAcw) {
				return fmt.Errorf("IsAcw not read")
			}
			return nil
		}},
		{"IsACW key", `{"Type":"AgentState","CurrentState":"Unavailable","IsACW":"true"}`, func(v any) error {
			if !bool(v.(*evAgentState).IsAcw) {
				return fmt.Errorf("IsACW not read")
			}
			return nil
		}},
		{"lower-case type key", `{"type":"agentstate","currentState":"Available"}`, func(v any) error {
			if v.(*evAgentState).CurrentState != "Available" {
				return fmt.Errorf("state not read")
			}
			return nil
		}},
		{"bare values", `{"Type":"CallContactEvent","ContactID":6550071591,"FinalState":true,"IsInbound":true}`, func(v any) error {
			c := v.(*evContact)
			if c.ContactID != "6550071591" || !bool(c.FinalState) || !truthy(c.IsInbound) {
				return fmt.Errorf("got %+v", c)
			}
			return nil
		}},
		{"NextStates as object", `{"Type":"AgentState","CurrentState":"Unavailable","NextStates":{"State":"Available","OutReason":""}}`, func(v any) error {
			if n := v.(*evAgentState).NextStates; len(n) != 1 || n[0].State != "Available" {
				return fmt.Errorf("next %+v", n)
			}
			return nil
		}},
		{"pop variables as object", `{"Type":"WorkItemContactEvent","ContactID":"1","ScreenPopUrlVariables":{"a":"1"}}`, func(v any) error {
			if v.(*evContact).ScreenPopURLVariables["a"] != "1" {
				return fmt.Errorf("vars not read")
			}
			return nil
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v, err := decodeEvent(json.RawMessage(tc.raw))
			if err != nil {
				t.Fatal(err)
			}
			if err := tc.check(v); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestDecodeEventRefuses(t *testing.T) {
	for _, raw := range []string{
		``, `42`, `"AgentState"`, `[]`, `{"NoType":"1"}`, `{"Type":""}`, `{"Type":"AgentState"}`,
		`{"Type":"CallContactEvent","ContactID":""}`, `{"Type":"AgentState","CurrentState":"x","NextStates":"soon"}`,
		`{"Type":"ChatContactEvent","ContactID":"1","Messages":7}`, `{"Type":`,
	} {
		if v, err := decodeEvent(json.RawMessage(raw)); err == nil {
			t.Errorf("%q decoded as %T", raw, v)
		}
	}
}

func TestDecodePoll(t *testing.T) {
	tests := []struct {
		body    string
		sid     string
		events  int
		wantErr bool
	}{
		{`{"sessionId":"aUF6WkZJ","events":[{"Type":"AgentState"},{"Type":"PageOpen"}]}`, "aUF6WkZJ", 2, false},
		{`{"sessionID":"x1","events":{"Type":"AgentState"}}`, "x1", 1, false},
		{`{"sessionId":"x2","events":null}`, "x2", 0, false},
		{`{"sessionId":12345}`, "12345", 0, false},
		{`[{"Type":"AgentState"},{"Type":"AgentLeg"}]`, "", 2, false},
		{`{"Type":"AgentSessionEnd","Success":"True"}`, "", 1, false},
		{``, "", 0, false},
		{`<html>busy</html>`, "", 0, true},
		{`{"sessionId":"x","events":"nope"}`, "x", 0, true},
		{`{"sessionId":"x","events":[1,`, "", 0, true},
	}
	for _, tc := range tests {
		got, err := decodePoll([]byte(tc.body))
		if (err != nil) != tc.wantErr {
			t.Errorf("%q: err %v, want error %v", tc.body, err, tc.wantErr)
			continue
		}
		if err == nil && (got.SessionID != tc.sid || len(got.Events) != tc.events) {
			t.Errorf("%q: got sid %q and %d events, want %q and %d", tc.body, got.SessionID, len(got.Events), tc.sid, tc.events)
		}
	}
}
