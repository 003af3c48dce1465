package widgets

import (
	"image/color"

	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"tandem/vendors"
)

// WrapUpDialog is the after-contact work form: searchable codes, notes,
// submit, and end wrap-up.
type WrapUpDialog struct {
	Search *widget.Entry
	Codes  *widget.List
	Notes  *widget.Entry
	Submit *widget.Button
	End    *widget.Button
	Dialog *dialog.CustomDialog

	all      []vendors.Reason
	shown    []vendors.Reason
	selected string
}

// WrapUpOptions say what the platform takes.
type WrapUpOptions struct {
	Who   string
	Codes []vendors.Reason
	// Notes shows the notes field.
	Notes bool
	// CanSubmit is false when the platform takes no wrap-up data (then
	// only End shows).
	CanSubmit bool
	// CanEnd shows "End wrap-up".
	CanEnd bool
}

// ShowWrapUp opens the dialog. submit receives the code and notes; end is
// called for "End wrap-up".
func ShowWrapUp(win fyne.Window, o WrapUpOptions, submit func(code, notes string), end func()) *WrapUpDialog {
	w := &WrapUpDialog{all: o.Codes, shown: o.Codes}
	w.Search = widget.NewEntry()
	w.Search.SetPlaceHolder(lang.L("Search codes"))
	w.Codes = widget.NewList(
		func() int { return len(w.shown) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(i widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(w.shown[i].Label) },
	)
	w.Codes.OnSelected = func(i widget.ListItemID) {
		if i < len(w.shown) {
			w.selected = w.shown[i].Code
		}
		w.updateSubmit()
	}
	w.Search.OnChanged = func(s string) { w.filter(s) }
	// Keyboard path: type to filter, Enter takes the only match and moves
	// to the notes, Shift+Enter in the notes submits.
	w.Search.OnSubmitted = func(string) {
		if len(w.shown) == 1 {
			w.Codes.Select(0)
		}
		if w.selected == "" {
			return
		}
		if o.Notes {
			win.Canvas().Focus(w.Notes)
		} else {
			w.Submit.OnTapped()
		}
	}
	w.Notes = widget.NewMultiLineEntry()
	w.Notes.SetPlaceHolder(lang.L("Notes"))
	w.Notes.SetMinRowsVisible(3)
	w.Notes.Wrapping = fyne.TextWrapWord
	w.Notes.OnChanged = func(string) { w.updateSubmit() }
	w.Notes.OnSubmitted = func(string) {
		if !w.Submit.Disabled() {
			w.Submit.OnTapped()
		}
	}

	w.Submit = widget.NewButton(lang.L("Submit"), func() {
		w.Dialog.Hide()
		submit(w.selected, strings.TrimSpace(w.Notes.Text))
	})
	w.Submit.Importance = widget.HighImportance
	w.End = widget.NewButton(lang.L("End wrap-up"), func() {
		w.Dialog.Hide()
		end()
	})

	var parts []fyne.CanvasObject
	parts = append(parts, widget.NewLabel(lang.L("Wrap up {{.Who}}", map[string]any{"Who": o.Who})))
	if o.CanSubmit && len(o.Codes) > 0 {
		space := canvas.NewRectangle(color.Transparent)
		space.SetMinSize(fyne.NewSize(320, 170))
		parts = append(parts, w.Search, container.NewStack(space, w.Codes))
	}
	if o.CanSubmit && o.Notes {
		parts = append(parts, w.Notes)
	}
	w.Dialog = dialog.NewCustomWithoutButtons(lang.L("Wrap-up"), container.NewVBox(parts...), win)
	buttons := []fyne.CanvasObject{widget.NewButton(lang.L("Cancel"), w.Dialog.Hide)}
	if o.CanEnd {
		buttons = append(buttons, w.End)
	}
	if o.CanSubmit {
		buttons = append(buttons, w.Submit)
	}
	w.Dialog.SetButtons(buttons)
	w.updateSubmit()
	w.Dialog.Show()
	if o.CanSubmit && len(o.Codes) > 0 {
		win.Canvas().Focus(w.Search)
	}
	return w
}

// Selected is the chosen code ("" when none).
func (w *WrapUpDialog) Selected() string { return w.selected }

// Shown lists the codes the search leaves.
func (w *WrapUpDialog) Shown() []vendors.Reason { return w.shown }

func (w *WrapUpDialog) filter(q string) {
	q = strings.ToLower(strings.TrimSpace(q))
	w.shown = nil
	for _, r := range w.all {
		if q == "" || strings.Contains(strings.ToLower(r.Label), q) || strings.Contains(strings.ToLower(r.Code), q) {
			w.shown = append(w.shown, r)
		}
	}
	// Keep the chosen code selected while it still matches.
	prev := w.selected
	w.Codes.UnselectAll()
	w.selected = ""
	for i, r := range w.shown {
		if r.Code == prev {
			w.Codes.Select(i)
		}
	}
	w.Codes.Refresh()
	w.updateSubmit()
}

func (w *WrapUpDialog) updateSubmit() {
	if w.selected != "" || strings.TrimSpace(w.Notes.Text) != "" {
		w.Submit.Enable()
	} else {
		w.Submit.Disable()
	}
}
