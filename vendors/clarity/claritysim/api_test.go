package claritysim

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	ntlmssp "github.com/Azure/go-ntlmssp"

	"tandem/vendors"
)

// token gets a JWT the way a client must: NTLM with the account's
// credentials, the Windows grant and the client id.
func token(t *testing.T, s *Sim, user, password, clientID string) (int, string) {
	t.Helper()
	c := &http.Client{Transport: ntlmssp.Negotiator{RoundTripper: http.DefaultTransport.(*http.Transport).Clone()}}
	form := url.Values{"grant_type": {windowsGrant}, "client_id": {clientID}}.Encode()
	req, _ := http.NewRequest(http.MethodPost, s.tokenURL(), strings.NewReader(form))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(user, password)
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var v struct {
		AccessToken string `json:"access_token"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&v)
	return resp.StatusCode, v.AccessToken
}

func startTest(t *testing.T) (*Sim, string) {
	t.Helper()
	s, err := Start(Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	code, tok := token(t, s, s.domain+`\`+s.user, s.password, s.clientID)
	if code != 200 || tok == "" {
		t.Fatalf("token: %d", code)
	}
	return s, tok
}

func call(t *testing.T, s *Sim, tok, method, path, body string) (int, http.Header, string) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, _ := http.NewRequest(method, s.apiURL()+path, rd)
	if tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(b)
}

func TestTokenService(t *testing.T) {
	s, _ := startTest(t)
	cases := []struct {
		name, user, password, client string
		code                         int
	}{
		{"right account", `CCDEV\pmiller`, s.password, s.clientID, 200},
		{"wrong password", `CCDEV\pmiller`, s.password + "x", s.clientID, 401},
		{"unknown user", `CCDEV\jdoe`, s.password, s.clientID, 401},
		{"unknown client id", `CCDEV\pmiller`, s.password, "0224C392-3845-4AC0-B1A0-D63706181BA7", 400},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if code, _ := token(t, s, tc.user, tc.password, tc.client); code != tc.code {
				t.Errorf("got %d, want %d", code, tc.code)
			}
		})
	}
}

func TestChallengeNamesTokenService(t *testing.T) {
	s, tok := startTest(t)
	code, h, _ := call(t, s, "", "GET", "/info", "")
	want := s.tokenURL() + `,grant_type="urn:connect.auth:windows"`
	if code != 401 || h.Get("WWW-Authenticate") != want {
		t.Errorf("anonymous info: %d %q, want 401 %q", code, h.Get("WWW-Authenticate"), want)
	}
	s.ExpireTokens()
	if code, h, _ := call(t, s, tok, "GET", "/v2/profile", ""); code != 401 || h.Get("WWW-Authenticate") != want {
		t.Errorf("expired token: %d %q", code, h.Get("WWW-Authenticate"))
	}
}

// TestStatusUpdateRules follows vendor note §4.3.
func TestStatusUpdateRules(t *testing.T) {
	s, tok := startTest(t)
	cases := []struct {
		name, body string
		code       int
		state      vendors.State
	}{
		{"available", `{"agentStatusId":1}`, 204, vendors.StateReady},
		{"away with reason (S37)", `{ "agentStatusId": 3, "reasonCodeId": 1 }`, 204, vendors.StateNotReady},
		{"reason alone defaults to away", `{"reasonCodeId":"2"}`, 204, vendors.StateNotReady},
		{"available again", `{"agentStatusId":"1"}`, 204, vendors.StateReady},
		{"un-suspend (S38)", `{"isSuspended": false}`, 204, vendors.StateReady},
		{"empty body", ``, 400, vendors.StateReady},
		{"status and suspension", `{"agentStatusId":3,"isSuspended":true}`, 400, vendors.StateReady},
		{"reason with another status", `{"agentStatusId":1,"reasonCodeId":1}`, 400, vendors.StateReady},
		{"unknown reason", `{"agentStatusId":3,"reasonCodeId":77}`, 400, vendors.StateReady},
		{"system status", `{"agentStatusId":20}`, 400, vendors.StateReady},
		{"curly quotes (S38 verbatim)", "{\n\"isSuspended\u201d: false\n}", 400, vendors.StateReady},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, _, body := call(t, s, tok, "POST", "/v2/agentstatus/update/15", tc.body)
			if code != tc.code || s.State() != tc.state {
				t.Errorf("got %d %s (%s), want %d %s", code, s.State(), body, tc.code, tc.state)
			}
		})
	}
	if code, _, _ := call(t, s, tok, "POST", "/v2/agentStatus/update/16", `{"agentStatusId":1}`); code != 401 {
		t.Errorf("another agent's status: %d, want 401", code)
	}
}

// TestSessionWrites: GET with a body is what the document says; POST is
// accepted too, the example's singular setextraitem as well, and an
// unknown session is a 500 as the document has it.
func TestSessionWrites(t *testing.T) {
	s, tok := startTest(t)
	c, _ := s.Offer()
	cases := []struct {
		method, op, body string
		code             int
	}{
		{"GET", "setdispositions", `{"dispositionId": 4, "subDispositionId": 8}`, 204},
		{"POST", "setcallnotes", `{"note": "test"}`, 204},
		{"GET", "setextraitem", `{"extraItemId": 12, "extraItemName": "Subject", "extraItemValue": "test"}`, 204},
		{"GET", "setdispositions", `{"dispositionId": 4, "subDispositionId": 10}`, 400},
		{"GET", "setcallnotes", ``, 400},
	}
	for _, tc := range cases {
		if code, _, body := call(t, s, tok, tc.method, "/v2/sessions/"+c.ID+"/"+tc.op, tc.body); code != tc.code {
			t.Errorf("%s %s %s: %d %s, want %d", tc.method, tc.op, tc.body, code, body, tc.code)
		}
	}
	if d, sub, note, _ := s.SessionWrapUp(c.ID); d != 4 || sub != 8 || note != "test" {
		t.Errorf("session holds %d/%d %q", d, sub, note)
	}
	if code, _, _ := call(t, s, tok, "GET", "/v2/sessions/1/setcallnotes", `{"note":"x"}`); code != 500 {
		t.Errorf("unknown session: %d, want 500", code)
	}
	if code, _, body := call(t, s, tok, "GET", "/v2/sessions/"+c.ID+"?includeExtraItems=true", ""); code != 200 || !strings.Contains(body, `"key":"Subject"`) {
		t.Errorf("the extra item is not on the session: %d %s", code, body)
	}
}
