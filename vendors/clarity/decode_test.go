package clarity

import (
	"maps"
	"slices"
	"testing"
	"time"

	"tandem/vendors"
)

func TestParseChallenge(t *testing.T) {
	cases := []struct {
		name   string
		values []string
		url    string
		grant  string
		ok     bool
	}{
		{"document form (S04)", []string{challengeS04}, "https://41.ccdev2015.internal/webauth/token", windowsGrant, true},
		{"with a scheme token", []string{`Bearer https://a.example/webauth/token, grant_type="urn:connect.auth:windows"`}, "https://a.example/webauth/token", windowsGrant, true},
		{"url only", []string{" https://a.example/webauth/token "}, "https://a.example/webauth/token", "", true},
		{"second header", []string{"Negotiate", "https://a.example/t,grant_type=x"}, "https://a.example/t", "x", true},
		{"no url", []string{"Negotiate", `Bearer realm="api"`}, "", "", false},
		{"not http", []string{"ftp://a.example/t"}, "", "", false},
		{"none", nil, "", "", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, ok := parseChallenge(tc.values)
			if ok != tc.ok || c.TokenURL != tc.url || c.GrantType != tc.grant {
				t.Errorf("got %+v %v, want %q %q %v", c, ok, tc.url, tc.grant, tc.ok)
			}
		})
	}
}

func TestClaimsAndRenewal(t *testing.T) {
	cases := []struct {
		name      string
		token     string
		expiresIn int64
		agent     string
		ok        bool
		renewIn   time.Duration
	}{
		{"S01 example token, no expires_in", jwtS01, 0, "5", true, 0},
		{"S06 token with expires_in", jwtOf(tokenS06), 35999, "15", true, 35999 * time.Second * 4 / 5},
		{"not a JWT", "abc", 0, "", false, 0},
		{"bad payload", "a.!!!.c", 0, "", false, 0},
	}
	now := time.Unix(1472841978, 0) // the S01 token's nbf: 300s before its exp
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, err := decodeClaims(tc.token)
			if (err == nil) != tc.ok || string(c.AgentID) != tc.agent {
				t.Fatalf("claims %+v err %v, want agent %q ok %v", c, err, tc.agent, tc.ok)
			}
			if !tc.ok {
				return
			}
			renewAt, expires := renewal(now, tc.expiresIn, c)
			want := tc.renewIn
			if want == 0 {
				want = 240 * time.Second // 80% of exp - now
			}
			if renewAt.Sub(now) != want || !expires.After(renewAt) {
				t.Errorf("renew in %v (expires %v), want %v", renewAt.Sub(now), expires.Sub(now), want)
			}
		})
	}
}

func jwtOf(tokenJSON string) string {
	var tr tokenResponse
	if err := decodeObject([]byte(tokenJSON), &tr); err != nil {
		panic(err)
	}
	return string(tr.AccessToken)
}

func TestAgentState(t *testing.T) {
	cases := []struct {
		name   string
		body   string
		state  vendors.State
		reason *vendors.Reason
		raw    string
	}{
		{"S35 away with reason", statusS35, vendors.StateNotReady, &vendors.Reason{Code: "1", Label: "In A Meeting"}, "unavailable"},
		{"S36 unknown status", statusS36Norm, vendors.StateNotReady, &unknownReason, "unknown"},
		{"available", `{"currentStatus":{"agentStatus":"available","agentStatusId":1}}`, vendors.StateReady, nil, "available"},
		{"in call, id as string", `{"currentStatus":{"agentStatus":"inCall","agentStatusId":"2"}}`, vendors.StateBusy, nil, "inCall"},
		{"after call by name only", `{"currentStatus":{"agentStatus":"After Call"}}`, vendors.StateWrapUp, nil, "After Call"},
		{"logged out", `{"currentStatus":{"agentStatusId":6}}`, vendors.StateLoggedOut, nil, "loggedOut"},
		{"be right back", `{"currentStatus":{"agentStatus":"beRightBack","agentStatusId":10}}`, vendors.StateNotReady, &vendors.Reason{Code: "status-10", Label: "Be Right Back"}, "beRightBack"},
		{"ringing", `{"currentStatus":{"agentStatus":"ringing","agentStatusId":20}}`, vendors.StateBusy, nil, "ringing"},
		{"unheard-of status", `{"currentStatus":{"agentStatus":"napping","agentStatusId":42}}`, vendors.StateNotReady, &vendors.Reason{Code: "status-42", Label: "napping"}, "napping"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var as agentStatusResponse
			if err := decodeObject([]byte(tc.body), &as); err != nil {
				t.Fatal(err)
			}
			st := agentState(as.CurrentStatus)
			if st.State != tc.state || st.Raw != tc.raw || (st.Reason == nil) != (tc.reason == nil) || (st.Reason != nil && *st.Reason != *tc.reason) {
				t.Errorf("got %+v reason %+v, want %s %+v %q", st, st.Reason, tc.state, tc.reason, tc.raw)
			}
		})
	}
	var bad agentStatusResponse
	if decodeObject([]byte(statusS36), &bad) == nil {
		t.Errorf("the verbatim S36 (trailing comma) decoded; it must be refused and skipped")
	}
}

func TestNotReadyReasons(t *testing.T) {
	list, bad, err := decodeItems[connectStatus]([]byte(statusListS41Norm))
	if err != nil || bad != 0 {
		t.Fatalf("S41: bad %d err %v", bad, err)
	}
	got := notReadyReasons(append(list, connectStatus{AgentStatus: "OffWork", AgentStatusID: 18}, connectStatus{AgentStatusID: 1}))
	want := []vendors.Reason{{Code: "1", Label: "On Break"}, {Code: "2", Label: "At Lunch"}, {Code: "status-18", Label: "Off Work"}}
	if !slices.Equal(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
	if _, err := decodeList([]byte(statusListS41)); err == nil {
		t.Errorf("the verbatim S41 (bare keys, curly quotes) decoded")
	}
}

func TestContactsFromExamples(t *testing.T) {
	items, bad, err := decodeItems[sessionItem]([]byte(sessionsS18))
	if err != nil || bad != 0 || len(items) != 2 {
		t.Fatalf("S18: %d items, bad %d, err %v", len(items), bad, err)
	}
	now := time.Now()
	cases := []struct {
		it      sessionItem
		status  vendors.ContactStatus
		channel vendors.Channel
		from    string
	}{
		{items[0], vendors.ContactConnected, vendors.ChannelChat, "sip:dg@claritycon.com"},
		{items[1], vendors.ContactWrapUp, vendors.ChannelChat, "sip:dq@claritycon.com"}, // "After Call"
	}
	for _, tc := range cases {
		var tr tracked
		if !tr.update(tc.it, now) {
			t.Errorf("a new session reported no change")
		}
		if tr.c.Status != tc.status || tr.c.Channel != tc.channel || tr.c.From != tc.from || tr.c.Direction != vendors.Inbound {
			t.Errorf("session %d: %+v", tc.it.SessionID, tr.c)
		}
		if tr.update(tc.it, now) {
			t.Errorf("the same item twice reported a change")
		}
	}

	var d sessionDetail
	if err := decodeObject([]byte(sessionS22Norm), &d); err != nil {
		t.Fatal(err)
	}
	var tr tracked
	tr.update(d.sessionItem, now)
	tr.applyDetail(d, discard())
	if tr.c.Status != vendors.ContactEnded || tr.c.Channel != vendors.ChannelVoice || tr.c.Queue != "Jonah Queue" {
		t.Errorf("S22 contact %+v", tr.c)
	}
	wantData := map[string]string{
		"CallerPhoneNumber": "13128633465;EXT=3465", "IsCallAfterHours": "False",
		"customer_id": "Jonah Ruffer", "call_flow": "Starter Quick Ivr", "ivr_path": "Jonah Empty Queue",
		"history": "2016-12-20 Jonah Queue (Jonah)",
	}
	if !maps.Equal(tr.c.Data, wantData) {
		t.Errorf("S22 data %v\nwant %v", tr.c.Data, wantData)
	}
	wantWrap := []vendors.Reason{{Code: "4", Label: "Accounts"}, {Code: "4/8", Label: "Accounts / Pasword Change"}}
	if got := wrapReasons(d); !slices.Equal(got, wantWrap) {
		t.Errorf("S22 wrap-up codes %+v", got)
	}
	if !tr.wrap[4][8] || tr.wrap[4][9] {
		t.Errorf("S22 allowed dispositions %v", tr.wrap)
	}
	if decodeObject([]byte(sessionS22), &d) == nil {
		t.Errorf("the verbatim S22 (trailing comma) decoded")
	}
}

func TestContactStatus(t *testing.T) {
	cases := []struct {
		status string
		hold   bool
		ended  bool
		want   vendors.ContactStatus
		known  bool
	}{
		{"NotifyingAgent", false, false, vendors.ContactOffered, true},
		{"Queued", false, false, vendors.ContactOffered, true},
		{"Active", false, false, vendors.ContactConnected, true},
		{"Active", true, false, vendors.ContactHeld, true},
		{"CallingCustomer", false, false, vendors.ContactDialing, true},
		{"After Call", false, false, vendors.ContactWrapUp, true},
		{"aftercall", false, false, vendors.ContactWrapUp, true},
		{"Transferred", false, false, vendors.ContactEnded, true},
		{"Active", false, true, vendors.ContactEnded, true},
		{"Mystery", false, false, "", false},
	}
	for _, tc := range cases {
		got, ok := contactStatus(sessionItem{SessionStatus: flexS(tc.status), IsOnHold: flexB(tc.hold), SessionHasEnded: flexB(tc.ended)})
		if got != tc.want || ok != tc.known {
			t.Errorf("%q hold=%v ended=%v: %q %v, want %q %v", tc.status, tc.hold, tc.ended, got, ok, tc.want, tc.known)
		}
	}
}

func TestParseWrapCode(t *testing.T) {
	cases := []struct {
		code      string
		disp, sub int
		ok        bool
	}{
		{"4", 4, 0, true}, {"4/8", 4, 8, true}, {" 5.10 ", 5, 10, true}, {"5:11", 5, 11, true},
		{"", 0, 0, false}, {"x", 0, 0, false}, {"4/", 0, 0, false}, {"4/y", 0, 0, false},
	}
	for _, tc := range cases {
		d, s, err := parseWrapCode(tc.code)
		if (err == nil) != tc.ok || (tc.ok && (d != tc.disp || s != tc.sub)) {
			t.Errorf("%q: %d/%d %v", tc.code, d, s, err)
		}
	}
}

func TestParseTime(t *testing.T) {
	cases := []struct {
		in   string
		want time.Time
	}{
		{"2016-08-31T17:40:45.9Z", time.Date(2016, 8, 31, 17, 40, 45, 900e6, time.UTC)},
		{"2016-08-31T17:41:16.967Z", time.Date(2016, 8, 31, 17, 41, 16, 967e6, time.UTC)},
		{"2016-6-15 5:30:00.15", time.Date(2016, 6, 15, 5, 30, 0, 150e6, time.UTC)},
		{"2016-1-1 05:00", time.Date(2016, 1, 1, 5, 0, 0, 0, time.UTC)},
		{"2016-11-15", time.Date(2016, 11, 15, 0, 0, 0, 0, time.UTC)},
		{"01-01-2006", time.Time{}},
		{"", time.Time{}},
	}
	for _, tc := range cases {
		if got := parseTime(tc.in); !got.Equal(tc.want) {
			t.Errorf("%q: %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestAPIRoot(t *testing.T) {
	cases := []struct {
		in, want string
		ok       bool
	}{
		{"https://connect.example.com/webapi/api/", "https://connect.example.com/webapi/api", true},
		{"http://127.0.0.1:8080/webapi/api", "http://127.0.0.1:8080/webapi/api", true},
		{"http://localhost/webapi/api", "http://localhost/webapi/api", true},
		{"http://connect.example.com/webapi/api", "", false},
		{"connect.example.com", "", false},
		{"ftp://connect.example.com", "", false},
	}
	for _, tc := range cases {
		got, err := apiRoot(tc.in)
		if got != tc.want || (err == nil) != tc.ok {
			t.Errorf("%q: %q %v", tc.in, got, err)
		}
	}
}
