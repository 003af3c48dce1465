package widgets

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// TransferDialog asks where to transfer a contact and how: blind, or
// consult first. The destination field offers recent destinations.
type TransferDialog struct {
	Dest   *widget.SelectEntry
	Mode   *widget.RadioGroup
	Submit *widget.Button
	Dialog *dialog.CustomDialog

	blind, consult string
}

// ShowTransfer opens the dialog; ok receives the destination and whether
// to consult first. canBlind/canConsult say what the platform does.
func ShowTransfer(win fyne.Window, who string, recent []string, canBlind, canConsult bool, ok func(to string, consult bool)) *TransferDialog {
	t := &TransferDialog{blind: lang.L("Blind transfer"), consult: lang.L("Consult first")}
	t.Dest = widget.NewSelectEntry(recent)
	t.Dest.SetPlaceHolder(lang.L("Number or extension"))
	var modes []string
	if canBlind {
		modes = append(modes, t.blind)
	}
	if canConsult {
		modes = append(modes, t.consult)
	}
	t.Mode = widget.NewRadioGroup(modes, nil)
	t.Mode.Horizontal = true
	t.Mode.Required = true
	if len(modes) > 0 {
		t.Mode.SetSelected(modes[0])
	}
	send := func() {
		to := strings.TrimSpace(t.Dest.Text)
		if to == "" {
			return
		}
		t.Dialog.Hide()
		ok(to, t.Mode.Selected == t.consult)
	}
	t.Submit = widget.NewButton(lang.L("Transfer"), send)
	t.Submit.Importance = widget.HighImportance
	t.Submit.Disable()
	t.Dest.OnChanged = func(s string) {
		if strings.TrimSpace(s) == "" {
			t.Submit.Disable()
		} else {
			t.Submit.Enable()
		}
	}
	t.Dest.OnSubmitted = func(string) { send() }
	form := container.NewVBox(
		widget.NewLabel(lang.L("Transfer {{.Who}} to:", map[string]any{"Who": who})),
		t.Dest,
		t.Mode,
	)
	t.Dialog = dialog.NewCustomWithoutButtons(lang.L("Transfer"), form, win)
	cancel := widget.NewButton(lang.L("Cancel"), t.Dialog.Hide)
	t.Dialog.SetButtons([]fyne.CanvasObject{cancel, t.Submit})
	t.Dialog.Resize(fyne.NewSize(360, t.Dialog.MinSize().Height))
	t.Dialog.Show()
	win.Canvas().Focus(t.Dest)
	return t
}

// ShowDial asks for a number to call.
func ShowDial(win fyne.Window, recent []string, ok func(to string)) *TransferDialog {
	t := &TransferDialog{}
	t.Dest = widget.NewSelectEntry(recent)
	t.Dest.SetPlaceHolder(lang.L("Number or extension"))
	send := func() {
		to := strings.TrimSpace(t.Dest.Text)
		if to == "" {
			return
		}
		t.Dialog.Hide()
		ok(to)
	}
	t.Submit = widget.NewButton(lang.L("Call"), send)
	t.Submit.Importance = widget.SuccessImportance
	t.Dest.OnSubmitted = func(string) { send() }
	t.Dialog = dialog.NewCustomWithoutButtons(lang.L("Dial"), t.Dest, win)
	t.Dialog.SetButtons([]fyne.CanvasObject{widget.NewButton(lang.L("Cancel"), t.Dialog.Hide), t.Submit})
	t.Dialog.Resize(fyne.NewSize(320, t.Dialog.MinSize().Height))
	t.Dialog.Show()
	win.Canvas().Focus(t.Dest)
	return t
}

// MinDialogSize is the window size the dialogs are designed for.
var MinDialogSize = fyne.NewSize(420, 520)
