package ui

import (
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"

	"tandem/vendors"
	"tandem/widgets"
)

// tray is the system tray: the state at a glance (the icon takes the state
// colour) and a menu to change it, show the desk, log out and quit.
type tray struct {
	app   desktop.App
	key   string
	icons map[vendors.State]fyne.Resource
	soon  bool // an update is scheduled (UI thread only)
}

// traySettle is how long after a desk change the tray follows it.
const traySettle = 100 * time.Millisecond

// updateTraySoon updates the tray shortly after the frame that shows a
// change: its icon and menu travel over D-Bus, a millisecond or more of
// the UI thread each, and a new contact's card must not wait for them.
func (u *UI) updateTraySoon() {
	t := u.tray
	if t == nil || t.soon {
		return
	}
	t.soon = true
	time.AfterFunc(traySettle, func() {
		u.do(func() {
			t.soon = false
			if u.tray == t {
				u.updateTray()
			}
		})
	})
}

func (u *UI) setupTray() {
	da, ok := u.App.(desktop.App)
	if !ok {
		return
	}
	u.tray = &tray{app: da, icons: map[vendors.State]fyne.Resource{}}
	for _, st := range []vendors.State{vendors.StateReady, vendors.StateNotReady, vendors.StateBusy, vendors.StateWrapUp, vendors.StateLoggedOut} {
		u.tray.icons[st] = stateIcon(st)
	}
	u.updateTray()
}

// updateTray rebuilds the tray menu when what it shows changed (never on
// a timer tick: the menu travels over D-Bus).
func (u *UI) updateTray() {
	t := u.tray
	if t == nil {
		return
	}
	var items []*fyne.MenuItem
	st := vendors.AgentState{State: vendors.StateLoggedOut}
	key := "login"
	if d := u.desk; d != nil {
		s := d.snap
		st = s.State
		key = fmt.Sprint(st.State, st.Reason, s.Conn, s.Caps.Commands, len(s.NotReady))
		head := fyne.NewMenuItem(widgets.StateLabel(st.State), nil)
		if st.Reason != nil && st.State == vendors.StateNotReady {
			head.Label += " · " + st.Reason.Label
		}
		if s.Conn != vendors.Connected {
			head.Label += " (" + string(s.Conn) + ")"
		}
		head.Disabled = true
		items = append(items, head, fyne.NewMenuItemSeparator())
		items = append(items, widgets.StateItems(st, widgets.StateChoices{Caps: s.Caps, NotReady: s.NotReady}, d.Run)...)
		items = append(items, fyne.NewMenuItemSeparator(),
			fyne.NewMenuItem(lang.L("Show desk"), d.Show),
			fyne.NewMenuItem(lang.L("Settings…"), func() { u.ShowSettings() }),
			fyne.NewMenuItem(lang.L("Log out"), u.Logout),
		)
	} else {
		items = append(items, fyne.NewMenuItem(lang.L("Log in…"), func() { u.ShowLogin("") }))
	}
	if key == t.key {
		return
	}
	t.key = key
	quit := fyne.NewMenuItem(lang.L("Quit"), u.Quit)
	quit.IsQuit = true
	items = append(items, fyne.NewMenuItemSeparator(), quit)
	t.app.SetSystemTrayMenu(fyne.NewMenu("Tandem", items...))
	t.app.SetSystemTrayIcon(t.icons[st.State])
}
