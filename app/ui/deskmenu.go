package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"tandem/app/agent"
	"tandem/vendors"
	"tandem/widgets"
)

// buildMenu sets the desk's menu bar, which also carries the keyboard
// shortcuts (Fyne triggers main-menu shortcuts from any focused widget).
func (d *DeskWindow) buildMenu() {
	d.menuItems = map[vendors.CommandKind]*fyne.MenuItem{}
	item := func(label string, k vendors.CommandKind) *fyne.MenuItem {
		it := fyne.NewMenuItem(label, func() { d.Shortcut(k) })
		it.Shortcut = widgets.ShortcutFor(k)
		d.menuItems[k] = it
		return it
	}
	settings := fyne.NewMenuItem(lang.L("Settings…"), func() { d.u.ShowSettings() })
	history := fyne.NewMenuItem(lang.L("History"), func() { d.Tabs.SelectIndex(1) })
	logout := fyne.NewMenuItem(lang.L("Log out"), func() { d.u.Logout() })
	quit := fyne.NewMenuItem(lang.L("Quit"), func() { d.u.Quit() })
	quit.IsQuit = true
	app := fyne.NewMenu("Tandem", settings, history, fyne.NewMenuItemSeparator(), logout, quit)
	contact := fyne.NewMenu(lang.L("Contact"),
		item(lang.L("Answer"), vendors.CmdAnswer),
		item(lang.L("Hang up"), vendors.CmdHangup),
		item(lang.L("Hold / retrieve"), vendors.CmdHold),
		item(lang.L("Transfer…"), vendors.CmdTransfer),
		item(lang.L("Wrap-up…"), vendors.CmdWrapUp),
		fyne.NewMenuItemSeparator(),
		item(lang.L("Dial…"), vendors.CmdDial),
	)
	state := fyne.NewMenu(lang.L("State"),
		item(lang.L("Ready"), vendors.CmdReady),
		item(lang.L("Not ready…"), vendors.CmdNotReady),
	)
	d.mainMenu = fyne.NewMainMenu(app, contact, state)
	d.win.SetMainMenu(d.mainMenu)
}

// refreshMenu disables what the platform cannot do, naming where it is
// done instead.
func (d *DeskWindow) refreshMenu(s agent.Snapshot) {
	key := fmt.Sprint(s.Caps.Commands)
	if key == d.menuKey {
		return
	}
	d.menuKey = key
	for k, it := range d.menuItems {
		can := s.Caps.Has(k)
		switch k {
		case vendors.CmdHold:
			can = can || s.Caps.Has(vendors.CmdRetrieve)
		case vendors.CmdTransfer:
			can = can || s.Caps.Has(vendors.CmdConsult)
		case vendors.CmdWrapUp:
			can = can || s.Caps.Has(vendors.CmdEndWrapUp)
		}
		it.Disabled = !can
	}
	d.mainMenu.Refresh()
}
