package enreach

import (
	"testing"

	"tandem/vendors"
	"tandem/vendors/flex"
)

func fb(v bool) *flex.Bool { b := flex.Bool(v); return &b }

func TestAgentStateMapping(t *testing.T) {
	ready := userStatus{CanBeAllocatedTo: fb(true), Talking: fb(false), Available: fb(true), Schedule: fb(true), Serving: fb(true), FetchMode: fb(false)}
	with := func(f func(s *userStatus)) *userStatus { s := ready; f(&s); return &s }
	tests := []struct {
		name   string
		avail  string
		status *userStatus
		want   vendors.State
		reason string
		raw    string
	}{
		{"available and allocatable", "Available", &ready, vendors.StateReady, "", "Available; serving"},
		{"busy allocates like available", "Busy", &ready, vendors.StateReady, "", "Busy; serving"},
		{"away allocates like available", "Away", &ready, vendors.StateReady, "", "Away; serving"},
		{"brb allocates like available", "BRB", &ready, vendors.StateReady, "", "BRB; serving"},
		{"do not disturb", "DoNotDisturb", with(func(s *userStatus) { s.CanBeAllocatedTo = fb(false); s.Available = fb(false) }), vendors.StateNotReady, "DoNotDisturb", "DoNotDisturb; no calls"},
		{"off work", "OffWork", with(func(s *userStatus) { s.CanBeAllocatedTo = fb(false); s.Schedule = fb(false) }), vendors.StateNotReady, "OffWork", "OffWork; no calls"},
		{"not serving", "Available", with(func(s *userStatus) { s.Serving = fb(false); s.CanBeAllocatedTo = fb(false) }), vendors.StateNotReady, "NotServing", "Available; not serving"},
		{"fetch mode", "Available", with(func(s *userStatus) { s.FetchMode = fb(true) }), vendors.StateNotReady, "FetchMode", "Available; fetch mode"},
		{"talking", "DoNotDisturb", with(func(s *userStatus) { s.Talking = fb(true) }), vendors.StateBusy, "", "DoNotDisturb; talking"},
		{"wrap-up window", "Available", with(func(s *userStatus) { s.WrapUpStart.Time = s.WrapUpStart.Time.AddDate(2024, 0, 0) }), vendors.StateWrapUp, "", "Available; wrap-up"},
		{"not allocatable for another reason", "Available", with(func(s *userStatus) { s.CanBeAllocatedTo = fb(false) }), vendors.StateNotReady, "Unavailable", "Available; not allocatable"},
		{"no availability: status flags decide", "", with(func(s *userStatus) { s.Available = fb(false); s.CanBeAllocatedTo = fb(false) }), vendors.StateNotReady, "DoNotDisturb", "DoNotDisturb; no calls"},
		{"nothing known yet", "", nil, vendors.StateReady, "", "Available; serving"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := newModel("u")
			if tc.avail != "" {
				m.apply(message{Event: evUserAvailability, Avail: &availability{Availability: flex.String(tc.avail)}})
			}
			if tc.status != nil {
				m.apply(message{Event: evUserStatus, Status: tc.status})
			}
			st := m.agentState()
			code := ""
			if st.Reason != nil {
				code = st.Reason.Code
			}
			if st.State != tc.want || code != tc.reason || st.Raw != tc.raw {
				t.Fatalf("got %s/%s %q, want %s/%s %q", st.State, code, st.Raw, tc.want, tc.reason, tc.raw)
			}
		})
	}
}

func callMsg(ev, id string) message {
	return message{Event: ev, Call: &callEvent{CallID: flex.String(id), CallerNumber: "+491", TargetNumber: "+492"}}
}

func TestContactTransitions(t *testing.T) {
	tests := []struct {
		name   string
		events []string
		want   []vendors.ContactStatus // statuses reported, in order
	}{
		{"queue call answered with wrap-up", []string{evUserCallInUserAllocated, evUserCallInUserConnected, evUserWrapUpEnabled, evUserCallInDisconnected, evUserWrapUpStarted, evUserWrapUpTerminated},
			[]vendors.ContactStatus{"offered", "connected", "wrap_up", "wrap_up", "ended"}},
		{"direct call without wrap-up", []string{evUserCallInComing, evUserCallInArrived, evUserCallInUserConnected, evUserCallInDisconnected},
			[]vendors.ContactStatus{"offered", "offered", "connected", "ended"}},
		{"offer withdrawn", []string{evUserCallInUserAllocated, evUserCallInUserCancelled, evUserCallInDisconnected},
			[]vendors.ContactStatus{"offered", "ended"}},
		{"overflow", []string{evUserCallInComing, evUserCallInUserOverflow}, []vendors.ContactStatus{"offered", "ended"}},
		{"transferred away", []string{evUserCallInUserConnected, evUserCallInTransferStarted, evUserCallInTransferConnected},
			[]vendors.ContactStatus{"connected", "connected", "ended"}},
		{"transfer cancelled", []string{evUserCallInUserConnected, evUserCallInTransferStarted, evUserCallInTransferCancelled},
			[]vendors.ContactStatus{"connected", "connected", "connected"}},
		{"late offer ignored", []string{evUserCallInUserConnected, evUserCallInUserAllocated}, []vendors.ContactStatus{"connected"}},
		{"outgoing", []string{evUserCallOutConnected, evUserCallOutDisconnected}, []vendors.ContactStatus{"connected", "ended"}},
		{"unknown call ending", []string{evUserCallInDisconnected, evUserWrapUpTerminated}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := newModel("u")
			var got []vendors.ContactStatus
			for _, ev := range tc.events {
				for _, out := range m.apply(callMsg(ev, "C1")) {
					got = append(got, out.(vendors.ContactEvent).Contact.Status)
				}
			}
			if len(got) != len(tc.want) {
				t.Fatalf("reported %v, want %v", got, tc.want)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Fatalf("reported %v, want %v", got, tc.want)
				}
			}
			if len(tc.want) > 0 && !tc.want[len(tc.want)-1].Live() && m.liveContacts() != 0 {
				t.Fatal("an ended contact is still held")
			}
		})
	}
}

func TestQueueNameFromQueueEvents(t *testing.T) {
	tests := []struct {
		name  string
		first string // which event arrives first
	}{{"queue event first", evQueueCallInArrived}, {"user event first", evUserCallInUserAllocated}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := newModel("u")
			q := message{Event: evQueueCallInArrived, Call: &callEvent{CallID: "C1", QueueID: "Q1", QueueName: "Support"}}
			u := callMsg(evUserCallInUserAllocated, "C1")
			order := []message{q, u}
			if tc.first == evUserCallInUserAllocated {
				order = []message{u, q}
			}
			var last vendors.Contact
			for _, msg := range order {
				for _, ev := range m.apply(msg) {
					last = ev.(vendors.ContactEvent).Contact
				}
			}
			if last.Queue != "Support" || last.From != "+491" || last.To != "+492" {
				t.Fatalf("contact %+v", last)
			}
		})
	}
}

func TestResyncReconcile(t *testing.T) {
	tests := []struct {
		name    string
		talking *bool
		want    vendors.ContactStatus
	}{
		{"still talking: re-reported", ptr(true), vendors.ContactConnected},
		{"not talking: ended", ptr(false), vendors.ContactEnded},
		{"no status after reconnect: kept", nil, vendors.ContactConnected},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := newModel("u")
			m.apply(callMsg(evUserCallInUserConnected, "C1"))
			m.startResync()
			if tc.talking != nil {
				m.apply(message{Event: evUserStatus, Status: &userStatus{Talking: fb(*tc.talking)}})
			}
			out := m.finishResync()
			if len(out) != 1 || out[0].(vendors.ContactEvent).Contact.Status != tc.want {
				t.Fatalf("resync reported %+v, want one %s", out, tc.want)
			}
		})
	}
}

func ptr(b bool) *bool { return &b }

func TestQueueBoardModel(t *testing.T) {
	m := newModel("u")
	m.setQueues([]queueRef{{ID: "Q1", Name: "Sales"}, {ID: "Q2", Name: "Support"}})
	out := m.apply(message{Event: evQueueStatus, Queue: &queueStatus{QueueID: "q2", NbrOfQueuingRequesters: 3, MaxWaitTime: 95, NbrOfAgentsCheckedInQueue: 5, NbrOfAgentsImmediatelyFree: -1}})
	b := out[0].(vendors.QueueEvent).Queues
	if len(b) != 2 || b[1].Name != "Support" || b[1].Waiting != 3 || b[1].LongestWait.Seconds() != 95 || b[1].Agents != 5 || b[1].Available != 0 {
		t.Fatalf("board %+v", b)
	}
}
