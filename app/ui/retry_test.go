package ui

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"tandem/app/profile"
	"tandem/vendors"
)

// TestRetryAfterLoss: when the session ends, the banner says so and Retry
// logs in again with the same settings.
func TestRetryAfterLoss(t *testing.T) {
	h := newHarness(t, nil)
	if err := h.u.Store.Save(profile.Profile{Name: "Office", Vendor: "uitest", URL: "https://cc.example", User: "ada"}); err != nil {
		t.Fatal(err)
	}
	h.u.Start("")
	l := h.u.Login()
	l.Profiles.SetSelected("Office")
	l.Password.SetText(testPassword)
	test.Tap(l.LoginBtn)
	h.q.waitFor(t, "the desk", func() bool { return h.u.Desk() != nil })
	d := h.u.Desk()
	first := d.Desk()
	h.q.waitFor(t, "connected", func() bool { return d.snap.Conn == vendors.Connected && !d.Banner.Visible() })

	first.Close() // the platform went away
	h.q.waitFor(t, "the lost banner", func() bool {
		return d.Banner.Visible() && d.Banner.Message() == "Disconnected from the platform"
	})
	test.Tap(d.Banner.Retry)
	h.q.waitFor(t, "a new session", func() bool {
		return d.Desk() != first && d.snap.Conn == vendors.Connected && !d.Banner.Visible()
	})
}
