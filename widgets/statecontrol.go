package widgets

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tandem/vendors"
)

var caretWhite = fyne.NewStaticResource("caret.svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path fill="#ffffff" d="M6 9h12l-6 7z"/></svg>`))

// StateControl is the agent state as a large coloured control: the state
// and reason, the time in state and when the platform last confirmed it.
// One click (or Space when focused) opens the states and reasons.
type StateControl struct {
	widget.BaseWidget
	// OnPick receives the ready / not_ready command the agent chose.
	OnPick func(vendors.Command)

	state    vendors.AgentState
	since    time.Time
	verified time.Time
	choices  StateChoices

	bg     *canvas.Rectangle
	title  *canvas.Text
	detail *canvas.Text
	btn    *widget.Button
	menu   *widget.PopUpMenu
}

// NewStateControl makes the control; pick receives the chosen command.
func NewStateControl(pick func(vendors.Command)) *StateControl {
	s := &StateControl{OnPick: pick}
	s.bg = canvas.NewRectangle(ColorLoggedOut)
	s.bg.CornerRadius = theme.InputRadiusSize() * 2
	s.title = canvas.NewText("", ColorOnColor)
	s.title.TextStyle = fyne.TextStyle{Bold: true}
	s.title.TextSize = theme.TextSize() * 1.7
	s.detail = canvas.NewText("", ColorOnColor)
	s.detail.TextSize = theme.TextSize() * 0.95
	// A label-less low-importance button on top gives hover, focus and
	// keyboard activation for free.
	s.btn = widget.NewButton("", s.Open)
	s.btn.Importance = widget.LowImportance
	s.ExtendBaseWidget(s)
	return s
}

// CreateRenderer lays out the coloured block.
func (s *StateControl) CreateRenderer() fyne.WidgetRenderer {
	// The caret is drawn, not a "▾" glyph: a glyph missing from the
	// bundled font makes Fyne load the system's fallback fonts (~20 MB).
	caret := canvas.NewImageFromResource(caretWhite)
	caret.SetMinSize(fyne.NewSquareSize(theme.IconInlineSize() * 1.3))
	caret.FillMode = canvas.ImageFillContain
	text := container.NewVBox(s.title, s.detail)
	inner := container.NewBorder(nil, nil, nil, container.NewCenter(caret), text)
	body := container.NewPadded(container.NewPadded(inner))
	return widget.NewSimpleRenderer(container.NewStack(s.bg, body, s.btn))
}

// SetState shows a new state; since is when it began, verified when the
// platform last confirmed it (zero: not yet).
func (s *StateControl) SetState(st vendors.AgentState, since, verified, now time.Time) {
	s.state, s.since, s.verified = st, since, verified
	t := StateLabel(st.State)
	if st.State == vendors.StateNotReady && st.Reason != nil && st.Reason.Label != "" {
		t += " · " + st.Reason.Label
	}
	if c := StateColor(st.State); c != s.bg.FillColor {
		s.bg.FillColor = c
		s.bg.Refresh()
	}
	if t != s.title.Text {
		s.title.Text = t
		s.title.Refresh()
	}
	s.Tick(now)
}

// SetVerified moves the "verified" stamp only: a keepalive must not
// repaint more than that.
func (s *StateControl) SetVerified(verified, now time.Time) {
	s.verified = verified
	s.Tick(now)
}

// SetChoices sets what the menu offers.
func (s *StateControl) SetChoices(ch StateChoices) { s.choices = ch }

// Tick refreshes the time in state. It reads in minutes, as does the
// verified stamp, so an idle desk repaints once a minute, not every
// second (software GL makes each repaint cost); call timers keep seconds.
func (s *StateControl) Tick(now time.Time) {
	d := lang.L("{{.Elapsed}} in state", map[string]any{"Elapsed": SinceMinutes(s.since, now)})
	if !s.verified.IsZero() {
		d += " · " + lang.L("verified {{.Time}}", map[string]any{"Time": s.verified.Format("15:04")})
	}
	if d != s.detail.Text {
		s.detail.Text = d
		s.detail.Refresh()
	}
}

// NextChange is when Tick will next have something to show (the time in
// state turns a minute); zero when never.
func (s *StateControl) NextChange(now time.Time) time.Time { return NextMinute(s.since, now) }

// Title is the text of the state line (for tests and the tray).
func (s *StateControl) Title() string { return s.title.Text }

// Detail is the time-in-state line.
func (s *StateControl) Detail() string { return s.detail.Text }

// Menu is the state menu the control opens.
func (s *StateControl) Menu() *fyne.Menu {
	return fyne.NewMenu("", StateItems(s.state, s.choices, func(c vendors.Command) {
		if s.OnPick != nil {
			s.OnPick(c)
		}
	})...)
}

// Open shows the states and reasons under the control.
func (s *StateControl) Open() {
	c := fyne.CurrentApp().Driver().CanvasForObject(s)
	if c == nil {
		return
	}
	m := widget.NewPopUpMenu(s.Menu(), c)
	m.ShowAtRelativePosition(fyne.NewPos(0, s.Size().Height), s)
	if s.Size().Width > m.MinSize().Width {
		m.Resize(fyne.NewSize(s.Size().Width, m.MinSize().Height))
	}
	c.Focus(m)
	s.menu = m
}

// Tapped opens the menu (the overlay button normally takes the tap).
func (s *StateControl) Tapped(*fyne.PointEvent) { s.Open() }

// MinSize keeps the block tall enough to read at a glance.
func (s *StateControl) MinSize() fyne.Size {
	m := s.BaseWidget.MinSize()
	return fyne.NewSize(fyne.Max(m.Width, 220), fyne.Max(m.Height, 72))
}
