package ui

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"tandem/vendors"
)

func TestSettingsSaveAndNotificationsOff(t *testing.T) {
	h, d, _, center := deskOnDemo(t)
	s := h.u.ShowSettings()
	s.Notifications.SetChecked(false)
	s.CRM.SetText("https://crm.example/find?tel={from}&acct={data.account}")
	s.CRMAuto.SetChecked(true)
	test.Tap(s.Save)
	if h.u.Store.LoadPrefs().Notifications {
		t.Fatal("prefs on disk still notify")
	}
	p, err := h.u.Store.Load("Demo")
	if err != nil || !p.CRMAutoOpen || p.CRMTemplate == "" {
		t.Fatalf("profile not saved: %+v %v", p, err)
	}
	c, err := center.Offer()
	if err != nil {
		t.Fatal(err)
	}
	h.q.waitFor(t, "the offer", func() bool { return d.Card(c.ID) != nil })
	if h.notifications() != 0 {
		t.Error("notified although notifications are off")
	}
	test.Tap(d.Card(c.ID).Button(vendors.CmdAnswer))
	h.q.waitFor(t, "the CRM page to open on answer", func() bool {
		h.mu.Lock()
		defer h.mu.Unlock()
		return len(h.opened) == 1
	})
	h.mu.Lock()
	got := h.opened[0]
	h.mu.Unlock()
	if want := d.Profile().ScreenPopURL(c); got != want || want == "" {
		t.Errorf("opened %q, want %q", got, want)
	}
}
