package mitel

import (
	"testing"

	"tandem/vendors"
)

// feedFor returns a feed for agent 1001 on extension 5556778 (the
// document's example, L1671) and the events it emitted.
func feedFor() (*feed, *[]vendors.Event) {
	var got []vendors.Event
	f := newFeed("1001", "5556778", nil, func(ev vendors.Event) { got = append(got, ev) })
	f.log = discardLog()
	return f, &got
}

func lastContact(evs []vendors.Event) (vendors.Contact, bool) {
	for i := len(evs) - 1; i >= 0; i-- {
		if c, ok := evs[i].(vendors.ContactEvent); ok {
			return c.Contact, true
		}
	}
	return vendors.Contact{}, false
}

func lastState(evs []vendors.Event) (vendors.AgentState, bool) {
	for i := len(evs) - 1; i >= 0; i-- {
		if s, ok := evs[i].(vendors.StateEvent); ok {
			return s.State, true
		}
	}
	return vendors.AgentState{}, false
}

// TestFeed plays document messages into the feed and checks the picture.
func TestFeed(t *testing.T) {
	for _, tc := range []struct {
		name    string
		msgs    []string
		state   vendors.State
		reason  string
		contact vendors.ContactStatus
		check   func(t *testing.T, f *feed, evs []vendors.Event)
	}{
		{name: "idle", msgs: []string{docAgentIdle}, state: vendors.StateReady},
		{name: "idle as printed", msgs: []string{docAgentIdleSpaced}, state: vendors.StateReady},
		{name: "release with label", msgs: []string{docReleaseCodes, docAgentRelease}, state: vendors.StateNotReady, reason: "1",
			check: func(t *testing.T, f *feed, evs []vendors.Event) {
				st, _ := lastState(evs)
				if st.Reason.Label != "Lunch break" {
					t.Errorf("label %q", st.Reason.Label)
				}
			}},
		{name: "snapshot keys as printed", msgs: []string{docReleaseCodesSpaced},
			check: func(t *testing.T, f *feed, evs []vendors.Event) {
				r := f.reasons["release"]
				if len(r) != 1 || r[0].Code != "2" || r[0].Label != "Break" {
					t.Errorf("reasons %+v", r)
				}
			}},
		{name: "code update adds and deletes", msgs: []string{docReleaseCodes,
			`{"message":"entity-update","filter":"release-code","update-type":"add","release-codes":[{"release-code-id":7,"release-code-name":"Coaching"}]}`,
			`{"message":"entity-update","filter":"release-code","update-type":"delete","release-codes":[{"release-code-id":1}]}`},
			check: func(t *testing.T, f *feed, evs []vendors.Event) {
				r := f.reasons["release"]
				if len(r) != 1 || r[0].Code != "7" || r[0].Label != "Coaching" {
					t.Errorf("reasons %+v, want only 7 Coaching", r)
				}
			}},
		{name: "statistics state code", msgs: []string{docReleaseCodes, docDailyStats}, state: vendors.StateNotReady, reason: "1"},
		{name: "screen pop", msgs: []string{docGroups, docAgentReserved, docDelivered}, state: vendors.StateBusy, contact: vendors.ContactOffered,
			check: func(t *testing.T, f *feed, evs []vendors.Event) {
				c, _ := lastContact(evs)
				want := vendors.Contact{ID: "555", From: "4085551212", To: "8005551000", Name: "JOHN Q PUBLIC", Queue: "Sales", Direction: vendors.Inbound, Channel: vendors.ChannelVoice}
				if c.ID != want.ID || c.From != want.From || c.To != want.To || c.Name != want.Name || c.Queue != want.Queue || c.Direction != want.Direction || c.Channel != want.Channel {
					t.Errorf("contact %+v, want %+v", c, want)
				}
				if c.Data["language"] != "German" || c.Data["customer_id"] != "C-77" {
					t.Errorf("data %v", c.Data)
				}
			}},
		{name: "answered", msgs: []string{docDelivered, docEstablished}, contact: vendors.ContactConnected},
		{name: "held on the phone", msgs: []string{docDelivered, docEstablished, docHeld}, contact: vendors.ContactHeld},
		{name: "retrieved", msgs: []string{docDelivered, docEstablished, docHeld, docRetrieved}, contact: vendors.ContactConnected},
		{name: "hung up: wrap-up", msgs: []string{docDelivered, docEstablished, docConnCleared, docCallCleared, docAgentWrap}, state: vendors.StateWrapUp, contact: vendors.ContactWrapUp},
		{name: "wrap-up ended", msgs: []string{docDelivered, docEstablished, docConnCleared, docAgentWrap, docWrapEnded, docAgentIdle}, state: vendors.StateReady, contact: vendors.ContactEnded},
		{name: "other agent's call", msgs: []string{docOtherDelivered},
			check: func(t *testing.T, f *feed, evs []vendors.Event) {
				if len(evs) != 0 || f.skipped != 1 {
					t.Errorf("events %d skipped %d", len(evs), f.skipped)
				}
			}},
		{name: "malformed skipped", msgs: []string{docInvalidSnapshot, docTemplateEstablished, docAgentIdle}, state: vendors.StateReady,
			check: func(t *testing.T, f *feed, evs []vendors.Event) {
				// The template is a call event without our extension: it is
				// skipped unread, as another agent's would be.
				if f.malformed != 1 || f.skipped != 1 {
					t.Errorf("malformed %d skipped %d, want 1 and 1", f.malformed, f.skipped)
				}
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, evs := feedFor()
			for _, m := range tc.msgs {
				f.handle([]byte(m))
			}
			if tc.state != "" {
				st, ok := lastState(*evs)
				if !ok || st.State != tc.state {
					t.Fatalf("state %+v, want %s", st, tc.state)
				}
				if tc.reason != "" && (st.Reason == nil || st.Reason.Code != tc.reason) {
					t.Fatalf("reason %+v, want %s", st.Reason, tc.reason)
				}
			}
			if tc.contact != "" {
				c, ok := lastContact(*evs)
				if !ok || c.Status != tc.contact {
					t.Fatalf("contact %+v, want %s", c, tc.contact)
				}
			}
			if tc.check != nil {
				tc.check(t, f, *evs)
			}
		})
	}
}

// TestNotOursAllocationFree checks the promise of the fast path: another
// agent's call event costs no allocation.
func TestNotOursAllocationFree(t *testing.T) {
	f, _ := feedFor()
	msg := []byte(docOtherDelivered)
	if n := testing.AllocsPerRun(100, func() { f.handle(msg) }); n != 0 {
		t.Fatalf("%v allocations per message of another agent", n)
	}
}

// TestUnsupportedCommands checks every command the feed lacks fails at
// once, with its hint, without a message to the server.
func TestUnsupportedCommands(t *testing.T) {
	sim := startSim(t, simConfigWithTraffic())
	s, ev := openSim(t, sim)
	ev.synced(t)
	for k, hint := range onPhone {
		before := sim.Requests()
		err := doErr(s, vendors.Command{Kind: k, Contact: "1", To: "2002"})
		if !kindIs(err, vendors.ErrUnsupported) || s.Capabilities().Hint(k) != hint {
			t.Errorf("%s: %v (hint %q)", k, err, s.Capabilities().Hint(k))
		}
		if sim.Requests() != before {
			t.Errorf("%s reached the server", k)
		}
	}
}
