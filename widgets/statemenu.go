package widgets

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"tandem/vendors"
)

// StateChoices is what the agent may switch to: the platform's commands
// and not-ready reasons.
type StateChoices struct {
	Caps     vendors.Capabilities
	NotReady []vendors.Reason
}

// StateItems lists the menu items that change the agent's state, marking
// the current one; the state control and the tray share them. A state the
// platform cannot set shows disabled with its hint.
func StateItems(cur vendors.AgentState, ch StateChoices, pick func(vendors.Command)) []*fyne.MenuItem {
	var items []*fyne.MenuItem
	ready := fyne.NewMenuItem(lang.L("Ready"), func() { pick(vendors.Command{Kind: vendors.CmdReady}) })
	ready.Checked = cur.State == vendors.StateReady
	ready.Shortcut = ShortcutFor(vendors.CmdReady)
	if !ch.Caps.Has(vendors.CmdReady) {
		ready.Disabled = true
		if h := ch.Caps.Hint(vendors.CmdReady); h != "" {
			ready.Label += " — " + h
		}
	}
	items = append(items, ready)
	curReason := ""
	if cur.Reason != nil {
		curReason = cur.Reason.Code
	}
	if !ch.Caps.Has(vendors.CmdNotReady) {
		nr := fyne.NewMenuItem(lang.L("Not ready"), nil)
		nr.Disabled = true
		if h := ch.Caps.Hint(vendors.CmdNotReady); h != "" {
			nr.Label += " — " + h
		}
		return append(items, nr)
	}
	if len(ch.NotReady) == 0 {
		nr := fyne.NewMenuItem(lang.L("Not ready"), func() { pick(vendors.Command{Kind: vendors.CmdNotReady}) })
		nr.Checked = cur.State == vendors.StateNotReady
		nr.Shortcut = ShortcutFor(vendors.CmdNotReady)
		return append(items, nr)
	}
	items = append(items, fyne.NewMenuItemSeparator())
	for _, r := range ch.NotReady {
		r := r
		it := fyne.NewMenuItem(lang.L("Not ready")+" — "+r.Label, func() {
			pick(vendors.Command{Kind: vendors.CmdNotReady, Reason: r.Code})
		})
		it.Checked = cur.State == vendors.StateNotReady && curReason == r.Code
		items = append(items, it)
	}
	return items
}
