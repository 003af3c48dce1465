package ui

import (
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"tandem/app/agent"
	"tandem/widgets"
)

// HistoryView lists this session's ended contacts, newest first.
type HistoryView struct {
	u     *UI
	items []agent.Contact
	list  *widget.List
	key   string
}

func newHistoryView(u *UI) *HistoryView {
	h := &HistoryView{u: u}
	h.list = widget.NewList(
		func() int { return max(len(h.items), 1) },
		func() fyne.CanvasObject {
			title := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
			title.Truncation = fyne.TextTruncateEllipsis
			sub := widget.NewLabel("")
			sub.Importance = widget.LowImportance
			sub.Truncation = fyne.TextTruncateEllipsis
			return container.NewVBox(title, sub)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			box := o.(*fyne.Container)
			title, sub := box.Objects[0].(*widget.Label), box.Objects[1].(*widget.Label)
			if len(h.items) == 0 {
				title.SetText(lang.L("No contacts yet in this session."))
				sub.SetText("")
				return
			}
			title.SetText(h.title(h.items[i]))
			sub.SetText(h.detail(h.items[i]))
		},
	)
	return h
}

func (h *HistoryView) title(c agent.Contact) string {
	return c.Started.Format("15:04") + "  " + displayName(c.Contact)
}

func (h *HistoryView) detail(c agent.Contact) string {
	var parts []string
	if c.Name != "" && c.From != "" {
		parts = append(parts, c.From)
	}
	if c.Queue != "" {
		parts = append(parts, c.Queue)
	}
	if !c.Ended.IsZero() && !c.Started.IsZero() {
		parts = append(parts, widgets.Elapsed(c.Ended.Sub(c.Started)))
	}
	parts = append(parts, string(c.Channel))
	return strings.Join(parts, " · ")
}

// update shows a new history when it changed.
func (h *HistoryView) update(items []agent.Contact) {
	key := strconv.Itoa(len(items))
	if len(items) > 0 {
		key += items[0].ID + items[0].Ended.String()
	}
	if key == h.key {
		return
	}
	h.key = key
	h.items = items
	h.list.Refresh()
}

// Len is the number of contacts shown.
func (h *HistoryView) Len() int { return len(h.items) }
