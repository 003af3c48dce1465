package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"tandem/app/profile"
	"tandem/app/secrets"
	"tandem/vendors"
)

// loginDriver is a platform for the login tests: its answer depends on
// the password and address typed.
type loginDriver struct{}

const testPassword = "correct-horse"

func (loginDriver) Name() string  { return "uitest" }
func (loginDriver) Title() string { return "UI test platform" }
func (loginDriver) Settings() []vendors.Setting {
	return []vendors.Setting{
		{Field: vendors.FieldURL, Label: "Server", Required: true, Example: "https://cc.example"},
		{Field: vendors.FieldUser, Label: "User", Required: true},
		{Field: vendors.FieldPassword, Label: "Password", Required: true},
		{Field: vendors.FieldOption, Key: "client-token", Label: "Client token", Secret: true},
	}
}

func (loginDriver) Open(_ context.Context, cfg vendors.Config) (vendors.Session, error) {
	switch {
	case strings.Contains(cfg.URL, "down"):
		return nil, &vendors.Error{Kind: vendors.ErrUnreachable, Vendor: "uitest", Msg: "dial tcp: connection refused"}
	case strings.Contains(cfg.URL, "selfsigned"):
		return nil, &vendors.Error{Kind: vendors.ErrTLS, Vendor: "uitest", Msg: "x509: certificate signed by unknown authority"}
	case cfg.Password == "full":
		return nil, &vendors.Error{Kind: vendors.ErrLimit, Vendor: "uitest", Msg: "all 25 seats are in use"}
	case cfg.Password != testPassword:
		return nil, &vendors.Error{Kind: vendors.ErrAuth, Vendor: "uitest", Msg: "invalid credentials"}
	}
	s := newFakeSession(allCaps)
	s.em.Emit(vendors.ConnectionEvent{Status: vendors.Connected})
	return s, nil
}

func init() { vendors.Register(loginDriver{}) }

func TestLoginDemoProfile(t *testing.T) {
	h := newHarness(t, nil)
	h.u.Overrides = map[string]string{"rate": "0"}
	h.u.Start("")
	l := h.u.Login()
	if l.Profiles.Selected != "Demo" {
		t.Fatalf("first start should offer the demo profile, got %q", l.Profiles.Selected)
	}
	if _, ok := l.fields["rate"]; !ok {
		t.Errorf("the demo form should show its rate option, fields %v", l.fields)
	}
	test.Tap(l.LoginBtn)
	h.q.waitFor(t, "the desk", func() bool { return h.u.Desk() != nil })
	d := h.u.Desk()
	h.q.waitFor(t, "the demo agent's state", func() bool { return d.snap.State.State == vendors.StateReady })
	if h.u.Prefs().LastProfile != "Demo" {
		t.Errorf("last profile not remembered")
	}
	h.u.Logout()
	h.q.waitFor(t, "the login window again", func() bool { return h.u.Desk() == nil && d.closed })
}

func TestLoginErrors(t *testing.T) {
	for _, tc := range []struct {
		name, url, password, want string
	}{
		{"wrong password", "https://cc.example", "hunter2", "The user name or password is not accepted."},
		{"no password", "https://cc.example", "", "Enter the password."},
		{"server down", "https://down.example", testPassword, "The server cannot be reached. Check the address and your network."},
		{"certificate", "https://selfsigned.example", testPassword, "The server's certificate is not trusted (certificate problem). Ask your administrator."},
		{"licence", "https://cc.example", "full", "The platform refused the login: licence or connection limit reached."},
		{"bad address", "cc.example", testPassword, "Server must be a full address, e.g. https://cc.example"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, nil)
			h.u.Start("")
			l := h.u.Login()
			l.Profiles.SetSelected(newProfileLabel)
			l.Name.SetText("Office")
			l.Vendor.SetSelected("UI test platform")
			l.fields["url"].SetText(tc.url)
			l.fields["user"].SetText("ada")
			l.Password.SetText(tc.password)
			test.Tap(l.LoginBtn)
			h.q.waitFor(t, "the login to end", func() bool { return !l.busy })
			if l.Status.Text != tc.want {
				t.Errorf("status %q, want %q", l.Status.Text, tc.want)
			}
			if tc.password != "" && (strings.Contains(l.Status.Text, tc.password) || strings.Contains(l.Detail.Text, tc.password)) {
				t.Error("the error shows the password")
			}
			if h.u.Desk() != nil {
				t.Error("a failed login opened the desk")
			}
		})
	}
}

func TestLoginFormFollowsVendor(t *testing.T) {
	h := newHarness(t, nil)
	h.u.Start("")
	l := h.u.Login()
	l.Profiles.SetSelected(newProfileLabel)
	for _, tc := range []struct {
		title string
		want  []string
	}{
		{"UI test platform", []string{"client-token", "url", "user"}},
		{"Demo contact center (built in)", []string{"rate", "vendor"}},
	} {
		l.Vendor.SetSelected(tc.title)
		var got []string
		for k := range l.fields {
			got = append(got, k)
		}
		if strings.Join(sorted(got), ",") != strings.Join(tc.want, ",") {
			t.Errorf("%s: fields %v, want %v", tc.title, sorted(got), tc.want)
		}
	}
}

func sorted(s []string) []string {
	for i := range s {
		for j := i + 1; j < len(s); j++ {
			if s[j] < s[i] {
				s[i], s[j] = s[j], s[i]
			}
		}
	}
	return s
}

func TestRememberPassword(t *testing.T) {
	h := newHarness(t, nil)
	h.u.Start("")
	l := h.u.Login()
	l.Profiles.SetSelected(newProfileLabel)
	l.Name.SetText("Office")
	l.Vendor.SetSelected("UI test platform")
	l.fields["url"].SetText("https://cc.example")
	l.fields["user"].SetText("ada")
	l.fields["client-token"].SetText("tok-123")
	l.Password.SetText(testPassword)
	l.Remember.SetChecked(true)
	test.Tap(l.LoginBtn)
	h.q.waitFor(t, "the desk", func() bool { return h.u.Desk() != nil })
	if pw, _ := h.secrets.Load("Office", secrets.Password); pw != testPassword {
		t.Fatalf("remembered password %q", pw)
	}
	if tok, _ := h.secrets.Load("Office", "client-token"); tok != "tok-123" {
		t.Fatalf("remembered token %q", tok)
	}
	p, err := h.u.Store.Load("Office")
	if err != nil || p.Options["client-token"] != "" || !p.RememberPassword {
		t.Fatalf("profile on disk: %+v, %v (it must not hold the token)", p, err)
	}
	h.u.Logout()
	h.q.waitFor(t, "logout", func() bool { return h.u.Desk() == nil })

	// Next time the keyring supplies the password.
	l.Profiles.SetSelected("Office")
	if l.Password.Text != "" {
		t.Fatal("the password must not be filled into the form")
	}
	test.Tap(l.LoginBtn)
	h.q.waitFor(t, "the desk from the keyring", func() bool { return h.u.Desk() != nil })
	h.u.Logout()
	h.q.waitFor(t, "logout", func() bool { return h.u.Desk() == nil })

	// Unticking forgets it.
	l.Profiles.SetSelected("Office")
	l.Remember.SetChecked(false)
	l.Password.SetText(testPassword)
	test.Tap(l.LoginBtn)
	h.q.waitFor(t, "the desk", func() bool { return h.u.Desk() != nil })
	if _, err := h.secrets.Load("Office", secrets.Password); err == nil {
		t.Error("the password is still kept after unticking remember")
	}
}

func TestStartWithProfile(t *testing.T) {
	h := newHarness(t, nil)
	if err := h.u.Store.Save(profile.Profile{Name: "Office", Vendor: "uitest", URL: "https://cc.example", User: "ada", RememberPassword: true}); err != nil {
		t.Fatal(err)
	}
	h.u.Start("Office")
	if h.u.Login().Status.Text != "Enter the password to log in." {
		t.Fatalf("without a saved password the login window should ask, got %q", h.u.Login().Status.Text)
	}
	_ = h.secrets.Save("Office", secrets.Password, testPassword)
	h.u.Start("Office")
	h.q.waitFor(t, "the desk", func() bool { return h.u.Desk() != nil })
}

func TestExplain(t *testing.T) {
	for _, tc := range []struct {
		err        error
		head, rest string
	}{
		{&vendors.Error{Kind: vendors.ErrAuth, Msg: "bad"}, "The user name or password is not accepted.", "bad"},
		{vendors.Unsupported("mitel", vendors.CmdHold, "hold on your phone"), "This platform cannot do that here.", "hold on your phone"},
		{vendors.Errorf(vendors.ErrDisconnected, "the connection is reconnecting"), "Not connected to the platform right now.", "the connection is reconnecting"},
	} {
		h, d := Explain(tc.err)
		if h != tc.head || d != tc.rest {
			t.Errorf("Explain(%v) = %q, %q", tc.err, h, d)
		}
	}
}
