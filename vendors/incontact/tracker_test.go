package incontact

import (
	"encoding/json"
	"fmt"
	"testing"

	"tandem/vendors"
)

// feed decodes raw events and applies them as the poller does.
func feed(t *testing.T, tr *tracker, raws ...string) []vendors.Event {
	t.Helper()
	var out []vendors.Event
	for _, raw := range raws {
		ev, err := decodeEvent(json.RawMessage(raw))
		if err != nil {
			t.Fatalf("decode %s: %v", raw, err)
		}
		out = append(out, apply(tr, ev)...)
	}
	return out
}

// apply is the poller's dispatch for the events the tracker handles.
func apply(tr *tracker, ev any) []vendors.Event {
	switch e := ev.(type) {
	case *evAgentState:
		return tr.agentState(e)
	case *evContact:
		return tr.contact(e)
	case *evPageOpen:
		return tr.pageOpen(e)
	}
	return nil
}

func call(id, status, final string, extra string) string {
	return fmt.Sprintf(`{"Type":"CallContactEvent","ContactID":"%s","Status":"%s","CallType":"Regular","DNIS":"4000010001","ANI":"8013203200","Skill":"1507","IsInbound":"True","FinalState":"%s"%s}`,
		id, status, final, extra)
}

func contacts(evs []vendors.Event) []vendors.Contact {
	var out []vendors.Contact
	for _, ev := range evs {
		if c, ok := ev.(vendors.ContactEvent); ok {
			out = append(out, c.Contact)
		}
	}
	return out
}

func TestMapState(t *testing.T) {
	tests := []struct {
		raw    string
		state  vendors.State
		reason string
	}{
		{seedFixtures["agent-state-unavailable"], vendors.StateNotReady, ""},
		{`{"Type":"AgentState","CurrentState":"Unavailable","CurrentOutReason":"Lunch","IsAcw":"False"}`, vendors.StateNotReady, "Lunch"},
		{`{"Type":"AgentState","CurrentState":"Unavailable","CurrentOutReason":"ACW","IsAcw":"True"}`, vendors.StateWrapUp, "ACW"},
		{`{"Type":"AgentState","CurrentState":"Unavailable","IsACW":"true"}`, vendors.StateWrapUp, ""},
		{`{"Type":"AgentState","CurrentState":"Unavailable","IsACW":""}`, vendors.StateNotReady, ""},
		{`{"Type":"AgentState","CurrentState":"Available","IsAcw":"False"}`, vendors.StateReady, ""},
		{`{"Type":"AgentState","CurrentState":"LoggedIn"}`, vendors.StateNotReady, ""},
		{`{"Type":"AgentState","CurrentState":"LoggedOut"}`, vendors.StateLoggedOut, ""},
		{`{"Type":"AgentState","CurrentState":"InboundContact"}`, vendors.StateBusy, ""},
		{`{"Type":"AgentState","CurrentState":"OutboundConsult"}`, vendors.StateBusy, ""},
		{`{"Type":"AgentState","CurrentState":"Dialer"}`, vendors.StateBusy, ""},
		{`{"Type":"AgentState","CurrentState":"DialerPending"}`, vendors.StateBusy, ""},
		{`{"Type":"AgentState","CurrentState":"Dancing"}`, vendors.StateNotReady, ""},
	}
	for _, tc := range tests {
		evs := feed(t, newTracker(), tc.raw)
		st := evs[0].(vendors.StateEvent).State
		reason := ""
		if st.Reason != nil {
			reason = st.Reason.Code
		}
		if st.State != tc.state || reason != tc.reason || st.Raw == "" {
			t.Errorf("%s: got %s/%q raw %q, want %s/%q", tc.raw, st.State, reason, st.Raw, tc.state, tc.reason)
		}
	}
}

func TestContactStatus(t *testing.T) {
	tests := []struct {
		status string
		final  bool
		prev   vendors.ContactStatus
		want   vendors.ContactStatus
	}{
		{"Incoming", false, "", vendors.ContactOffered},
		{"Ringing", false, "", vendors.ContactOffered},
		{"Preview", false, "", vendors.ContactOffered},
		{"Dialing", false, "", vendors.ContactDialing},
		{"NaturalCallDialing", false, "", vendors.ContactDialing},
		{"Active", false, "", vendors.ContactConnected},
		{"Joined", false, "", vendors.ContactConnected},
		{"Masking", false, "", vendors.ContactConnected},
		{"Holding", false, "", vendors.ContactHeld},
		{"Disconnected", false, "", vendors.ContactWrapUp},
		{"Disconnected", true, "", vendors.ContactEnded},
		{"CallBackDisconnected", true, "", vendors.ContactEnded},
		{"Incoming", true, "", vendors.ContactEnded},
		{"SomethingNew", false, vendors.ContactHeld, vendors.ContactHeld},
		{"SomethingNew", false, "", vendors.ContactConnected},
	}
	for _, tc := range tests {
		if got := contactStatus(tc.status, tc.final, tc.prev); got != tc.want {
			t.Errorf("%s final=%v: got %s, want %s", tc.status, tc.final, got, tc.want)
		}
	}
}

// The ACW pair (seed L253): Disconnected FinalState "False" keeps the
// contact in wrap-up, "True" closes it.
func TestTrackerFinalStatePair(t *testing.T) {
	tr := newTracker()
	steps := []struct {
		raw  string
		want vendors.ContactStatus
		live bool
	}{
		{call("5", "Incoming", "False", ""), vendors.ContactOffered, true},
		{call("5", "Active", "False", ""), vendors.ContactConnected, true},
		{call("5", "Holding", "false", ""), vendors.ContactHeld, true},
		{call("5", "Active", "False", ""), vendors.ContactConnected, true},
		{call("5", "Disconnected", "False", ""), vendors.ContactWrapUp, true},
		{call("5", "Disconnected", "True", ""), vendors.ContactEnded, false},
	}
	for i, st := range steps {
		cs := contacts(feed(t, tr, st.raw))
		if len(cs) != 1 || cs[0].Status != st.want {
			t.Fatalf("step %d: got %+v, want %s", i, cs, st.want)
		}
		if _, ok := tr.lookup("5"); ok != st.live {
			t.Fatalf("step %d: live %v, want %v", i, ok, st.live)
		}
	}
}

// A transfer gives the call a new ContactID with the same MasterID (seed
// L235): the desk gets the new ID with PreviousID and commands on the old
// ID reach the new one.
func TestTrackerTransferRename(t *testing.T) {
	tr := newTracker()
	feed(t, tr, call("100", "Active", "False", `,"MasterID":"100"`))
	cs := contacts(feed(t, tr, call("200", "Active", "False", `,"MasterID":"100"`)))
	if len(cs) != 1 || cs[0].ID != "200" || cs[0].PreviousID != "100" || cs[0].Status != vendors.ContactConnected {
		t.Fatalf("rename: %+v", cs)
	}
	if cs := contacts(feed(t, tr, call("100", "Disconnected", "True", `,"MasterID":"100","DisconnectCode":"TransferComplete"`))); len(cs) != 0 {
		t.Fatalf("the old leg's end reached the desk: %+v", cs)
	}
	c, ok := tr.lookup("100")
	if !ok || c.c.ID != "200" {
		t.Fatalf("old ID resolves to %+v %v", c.c, ok)
	}
	// A consult leg shares nothing with a rename even with a master ID.
	cs = contacts(feed(t, tr, `{"Type":"CallContactEvent","ContactID":"300","MasterID":"100","CallType":"Consult","Status":"Dialing","ParentContactId":"100"}`))
	if len(cs) != 1 || cs[0].PreviousID != "" || cs[0].Related != "200" {
		t.Fatalf("consult: %+v", cs)
	}
}

// The same rename when the old leg's end comes first.
func TestTrackerTransferRenameAfterEnd(t *testing.T) {
	tr := newTracker()
	feed(t, tr, call("100", "Active", "False", `,"MasterID":"100"`),
		call("100", "Disconnected", "True", `,"MasterID":"100","DisconnectCode":"TransferComplete"`))
	cs := contacts(feed(t, tr, call("200", "Incoming", "False", `,"MasterID":"100"`)))
	if len(cs) != 1 || cs[0].ID != "200" || cs[0].PreviousID != "100" || cs[0].Status != vendors.ContactOffered {
		t.Fatalf("rename after end: %+v", cs)
	}
	// Without a master ID there is nothing to link.
	cs = contacts(feed(t, tr, call("300", "Incoming", "False", "")))
	if cs[0].PreviousID != "" {
		t.Fatalf("linked without a master: %+v", cs[0])
	}
}

func TestTrackerConsultRelated(t *testing.T) {
	tests := []struct {
		name, raw, want string
	}{
		{"parent given", `{"Type":"CallContactEvent","ContactID":"11","CallType":"Consult","Status":"Dialing","ParentContactId":"10"}`, "10"},
		{"only other call", `{"Type":"CallContactEvent","ContactID":"11","CallType":"Consult","Status":"Dialing"}`, "10"},
		{"not a consult", `{"Type":"CallContactEvent","ContactID":"11","CallType":"Regular","Status":"Dialing"}`, ""},
	}
	for _, tc := range tests {
		tr := newTracker()
		feed(t, tr, call("10", "Holding", "False", ""))
		cs := contacts(feed(t, tr, tc.raw))
		if len(cs) != 1 || cs[0].Related != tc.want || cs[0].Status != vendors.ContactDialing {
			t.Errorf("%s: %+v", tc.name, cs)
		}
	}
}

func TestTrackerPageOpen(t *testing.T) {
	tr := newTracker()
	// Before its contact: kept for it.
	if evs := feed(t, tr, seedFixtures["page-open"]); len(evs) != 0 {
		t.Fatalf("page for no contact emitted %+v", evs)
	}
	cs := contacts(feed(t, tr, seedFixtures["workitem-contact-incoming"]))
	want := "http://eng-ngpcl07/WebScripting/Default.aspx?id=1218&__ContactID=1569819&__bus_no=199&__type=OPEN"
	if len(cs) != 1 || cs[0].ScreenPopURL != want {
		t.Fatalf("work item pop %+v", cs)
	}
	// After: a new pop is a contact change; the same one is not.
	cs = contacts(feed(t, tr, `{"Type":"PageOpen","ContactID":"1569819","Action":"OPEN","PageUri":"https://crm.example.com/x"}`))
	if len(cs) != 1 || cs[0].ScreenPopURL != "https://crm.example.com/x" {
		t.Fatalf("second pop %+v", cs)
	}
	if evs := feed(t, tr, `{"Type":"PageOpen","ContactID":"1569819","PageUri":"https://crm.example.com/x"}`); len(evs) != 0 {
		t.Fatalf("same pop emitted %+v", evs)
	}
}

func TestTrackerMedia(t *testing.T) {
	tests := []struct {
		fixture string
		channel vendors.Channel
		dir     vendors.Direction
		status  vendors.ContactStatus
		data    map[string]string
		from    string
	}{
		{"workitem-contact-incoming", vendors.ChannelWorkItem, vendors.Inbound, vendors.ContactOffered,
			map[string]string{"variable2": "Jose", "variable3": "90", "work_item_id": "3920", "work_item_type": "Testing",
				"payload": `{"queries":[{"query":"SELECT ID FROM case WHERE Priority='Low'"}]}`}, ""},
		{"chat-contact-incoming", vendors.ChannelChat, vendors.Inbound, vendors.ContactOffered,
			map[string]string{"room_id": "2", "message": "asdf"}, ""},
		{"call-contact-outbound-dialing", vendors.ChannelVoice, vendors.Outbound, vendors.ContactDialing, nil, "8013203200"},
		{"call-contact-takeover-active", vendors.ChannelVoice, vendors.Inbound, vendors.ContactConnected, nil, "011748596215382"},
	}
	for _, tc := range tests {
		cs := contacts(feed(t, newTracker(), seedFixtures[tc.fixture]))
		if len(cs) != 1 {
			t.Fatalf("%s: %d contacts", tc.fixture, len(cs))
		}
		c := cs[0]
		if c.Channel != tc.channel || c.Direction != tc.dir || c.Status != tc.status || c.From != tc.from {
			t.Errorf("%s: got %+v", tc.fixture, c)
		}
		if fmt.Sprint(c.Data) != fmt.Sprint(tc.data) {
			t.Errorf("%s: data %v, want %v", tc.fixture, c.Data, tc.data)
		}
	}
}

func TestTrackerSkillNames(t *testing.T) {
	tr := newTracker()
	tr.setSkills(map[string]string{"1507": "Outbound"})
	cs := contacts(feed(t, tr, seedFixtures["call-contact-outbound-dialing"], seedFixtures["call-contact-takeover-active"]))
	if cs[0].Queue != "Outbound" || cs[1].Queue != "50883" {
		t.Fatalf("queues %q %q", cs[0].Queue, cs[1].Queue)
	}
}

// A resync with a snapshot forgets contacts the platform did not re-report;
// without one the driver re-reports what it holds.
func TestTrackerResync(t *testing.T) {
	for _, snapshot := range []bool{true, false} {
		tr := newTracker()
		feed(t, tr, call("1", "Active", "False", ""), call("2", "Holding", "False", ""))
		tr.beginResync()
		feed(t, tr, call("1", "Active", "False", ""))
		evs := tr.endResync(snapshot)
		if _, ok := evs[len(evs)-1].(vendors.SyncedEvent); !ok {
			t.Fatalf("snapshot=%v: no SyncedEvent last: %+v", snapshot, evs)
		}
		_, live := tr.lookup("2")
		reported := len(contacts(evs)) == 1
		if live == snapshot || reported == snapshot {
			t.Errorf("snapshot=%v: contact 2 live=%v re-reported=%v", snapshot, live, reported)
		}
	}
}
