package widgets

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	"tandem/vendors"
)

// The desk's keyboard shortcuts: Ctrl+Shift plus a letter, so they never
// clash with text editing (Ctrl+A, Ctrl+C...) in the wrap-up notes.
var shortcuts = map[vendors.CommandKind]fyne.KeyName{
	vendors.CmdAnswer:   fyne.KeyA,
	vendors.CmdHangup:   fyne.KeyE,
	vendors.CmdHold:     fyne.KeyH,
	vendors.CmdRetrieve: fyne.KeyH,
	vendors.CmdTransfer: fyne.KeyT,
	vendors.CmdWrapUp:   fyne.KeyW,
	vendors.CmdReady:    fyne.KeyR,
	vendors.CmdNotReady: fyne.KeyN,
	vendors.CmdDial:     fyne.KeyD,
}

// ShortcutFor is the shortcut of a command, or nil.
func ShortcutFor(k vendors.CommandKind) fyne.Shortcut {
	key, ok := shortcuts[k]
	if !ok {
		return nil
	}
	return &desktop.CustomShortcut{KeyName: key, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift}
}

// ShortcutText is how the shortcut reads in a tooltip ("Ctrl+Shift+A").
func ShortcutText(k vendors.CommandKind) string {
	key, ok := shortcuts[k]
	if !ok {
		return ""
	}
	return "Ctrl+Shift+" + string(key)
}
