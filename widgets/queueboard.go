package widgets

import (
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"tandem/vendors"
)

// QueueBoard shows the load of the agent's queues: waiting contacts, the
// longest wait, and available agents.
type QueueBoard struct {
	widget.BaseWidget
	grid  *fyne.Container
	empty *widget.Label
	rows  int
}

// NewQueueBoard makes an empty board.
func NewQueueBoard() *QueueBoard {
	q := &QueueBoard{grid: container.NewGridWithColumns(4)}
	q.empty = widget.NewLabel(lang.L("No queue figures yet."))
	q.ExtendBaseWidget(q)
	return q
}

// CreateRenderer lays the board out.
func (q *QueueBoard) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewVBox(q.empty, q.grid))
}

// Update shows the queues.
func (q *QueueBoard) Update(qs []vendors.QueueStatus) {
	q.grid.RemoveAll()
	q.rows = len(qs)
	if len(qs) == 0 {
		q.empty.Show()
		q.grid.Refresh()
		return
	}
	q.empty.Hide()
	head := func(s string) *widget.Label {
		return widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	q.grid.Add(head(lang.L("Queue")))
	q.grid.Add(head(lang.L("Waiting")))
	q.grid.Add(head(lang.L("Longest")))
	q.grid.Add(head(lang.L("Available")))
	for _, s := range qs {
		name := s.Name
		if name == "" {
			name = s.ID
		}
		n := widget.NewLabel(name)
		n.Truncation = fyne.TextTruncateEllipsis
		w := widget.NewLabel(fmt.Sprint(s.Waiting))
		if s.Waiting > 0 {
			w.Importance = widget.WarningImportance
			w.TextStyle.Bold = true
		}
		q.grid.Add(n)
		q.grid.Add(w)
		q.grid.Add(widget.NewLabel(Elapsed(s.LongestWait.Round(time.Second))))
		q.grid.Add(widget.NewLabel(fmt.Sprintf("%d / %d", s.Available, s.Agents)))
	}
	q.grid.Refresh()
}

// Rows is the number of queues shown.
func (q *QueueBoard) Rows() int { return q.rows }
