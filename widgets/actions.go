package widgets

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tandem/app/agent"
	"tandem/vendors"
)

// Action is one control a contact card shows.
type Action struct {
	Kind       vendors.CommandKind
	Label      string
	Icon       fyne.Resource
	Importance widget.Importance
	// Dialog is set when the control opens a dialog (transfer, wrap-up)
	// rather than sending the command at once.
	Dialog bool
}

// Tip is the action's tooltip: what it does and its shortcut.
func (a Action) Tip() string {
	if s := ShortcutText(a.Kind); s != "" {
		return a.Label + " (" + s + ")"
	}
	return a.Label
}

// relevant lists, per contact status, the commands that make sense, in the
// order the buttons appear.
var relevant = map[vendors.ContactStatus][]vendors.CommandKind{
	vendors.ContactOffered:   {vendors.CmdAnswer, vendors.CmdReject},
	vendors.ContactDialing:   {vendors.CmdCompleteTransfer, vendors.CmdConference, vendors.CmdHangup},
	vendors.ContactConnected: {vendors.CmdHold, vendors.CmdTransfer, vendors.CmdCompleteTransfer, vendors.CmdConference, vendors.CmdHangup, vendors.CmdWrapUp},
	vendors.ContactHeld:      {vendors.CmdRetrieve, vendors.CmdTransfer, vendors.CmdCompleteTransfer, vendors.CmdConference, vendors.CmdHangup, vendors.CmdWrapUp},
	vendors.ContactWrapUp:    {vendors.CmdWrapUp, vendors.CmdEndWrapUp},
}

// Actions returns the controls a contact gets on this platform, and the
// hints saying where the unsupported ones are done instead. partner is the
// other contact of a consultation ("" when none): complete transfer and
// conference need one.
func Actions(c agent.Contact, caps vendors.Capabilities, partner string) ([]Action, []string) {
	var acts []Action
	var hints []string
	addHint := func(h string) {
		if h == "" {
			return
		}
		for _, x := range hints {
			if x == h {
				return
			}
		}
		hints = append(hints, h)
	}
	for _, k := range relevant[c.Status] {
		if (k == vendors.CmdCompleteTransfer || k == vendors.CmdConference) && partner == "" {
			continue
		}
		supported := caps.Has(k)
		if k == vendors.CmdTransfer {
			supported = caps.Has(vendors.CmdTransfer) || caps.Has(vendors.CmdConsult)
			// A consult call is itself not transferred again from here.
			if c.Related != "" {
				continue
			}
		}
		if !supported {
			h := caps.Hint(k)
			if k == vendors.CmdTransfer && h == "" {
				h = caps.Hint(vendors.CmdConsult)
			}
			addHint(h)
			continue
		}
		acts = append(acts, action(k))
	}
	return acts, hints
}

func action(k vendors.CommandKind) Action {
	a := Action{Kind: k, Importance: widget.MediumImportance}
	switch k {
	case vendors.CmdAnswer:
		a.Label, a.Icon, a.Importance = lang.L("Answer"), IconPhone, widget.SuccessImportance
	case vendors.CmdReject:
		a.Label, a.Icon = lang.L("Reject"), theme.CancelIcon()
	case vendors.CmdHangup:
		a.Label, a.Icon, a.Importance = lang.L("Hang up"), IconHangup, widget.DangerImportance
	case vendors.CmdHold:
		a.Label, a.Icon = lang.L("Hold"), IconHold
	case vendors.CmdRetrieve:
		a.Label, a.Icon, a.Importance = lang.L("Retrieve"), IconPhone, widget.HighImportance
	case vendors.CmdTransfer:
		a.Label, a.Icon, a.Dialog = lang.L("Transfer…"), IconTransfer, true
	case vendors.CmdCompleteTransfer:
		a.Label, a.Icon, a.Importance = lang.L("Complete transfer"), IconTransfer, widget.HighImportance
	case vendors.CmdConference:
		a.Label, a.Icon = lang.L("Conference"), IconConference
	case vendors.CmdWrapUp:
		a.Label, a.Icon, a.Dialog = lang.L("Wrap-up…"), theme.DocumentCreateIcon(), true
	case vendors.CmdEndWrapUp:
		a.Label, a.Icon, a.Importance = lang.L("End wrap-up"), theme.ConfirmIcon(), widget.HighImportance
	default:
		a.Label = string(k)
	}
	return a
}
