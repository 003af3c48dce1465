package ui

import (
	"testing"

	"fyne.io/fyne/v2"

	"tandem/vendors"
)

// trayApp is the test app with a system tray, as desktop drivers have.
type trayApp struct {
	fyne.App
	menu *fyne.Menu
	icon fyne.Resource
}

func (a *trayApp) SetSystemTrayMenu(m *fyne.Menu)    { a.menu = m }
func (a *trayApp) SetSystemTrayIcon(r fyne.Resource) { a.icon = r }
func (a *trayApp) SetSystemTrayWindow(fyne.Window)   {}
func (a *trayApp) item(t *testing.T, label string) *fyne.MenuItem {
	t.Helper()
	for _, it := range a.menu.Items {
		if it.Label == label {
			return it
		}
	}
	t.Fatalf("tray menu has no %q", label)
	return nil
}

func TestTray(t *testing.T) {
	h, d, rec, center := deskOnDemo(t)
	ta := &trayApp{App: h.u.App}
	h.u.App = ta
	h.u.setupTray()
	if ta.menu == nil {
		t.Fatal("no tray menu")
	}
	if got := ta.menu.Items[0].Label; got != "Ready" || !ta.menu.Items[0].Disabled {
		t.Errorf("the tray's first line should show the state, got %q", got)
	}
	if ta.icon == nil || ta.icon.Name() != "tandem-ready.png" {
		t.Errorf("tray icon %v, want the ready colour", ta.icon)
	}
	_, before := rec.last()
	ta.item(t, "Not ready — Break").Action()
	h.q.waitFor(t, "not ready from the tray", func() bool { _, n := rec.last(); return n > before })
	if got, _ := rec.last(); got != (vendors.Command{Kind: vendors.CmdNotReady, Reason: "10"}) {
		t.Fatalf("tray sent %+v", got)
	}
	h.q.waitFor(t, "the tray to follow the state", func() bool {
		return ta.menu.Items[0].Label == "Not ready · Break" && ta.icon.Name() == "tandem-not_ready.png"
	})
	// Closing the desk hides it to the tray rather than quitting.
	d.closeRequested()
	if h.u.Desk() != d || d.closed || d.shown {
		t.Fatal("closing the desk window must hide it and keep the session")
	}
	// An offer brings the hidden desk back, with its card.
	if _, err := center.Offer(); err != nil {
		t.Fatal(err)
	}
	h.q.waitFor(t, "the desk back for the offer", func() bool { return d.shown && len(d.cards) == 1 })
	d.closeRequested()
	ta.item(t, "Log out").Action()
	h.q.waitFor(t, "logout from the tray", func() bool { return h.u.Desk() == nil && ta.menu.Items[0].Label == "Log in…" })
}
