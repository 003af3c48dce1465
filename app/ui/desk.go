package ui

import (
	"image/color"
	"math"
	"sync"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tandem/app/agent"
	"tandem/app/profile"
	"tandem/vendors"
	"tandem/widgets"
)

// DeskWindow is the agent's desk: state control, connection banner,
// contact cards, history and queue board.
type DeskWindow struct {
	u       *UI
	win     fyne.Window
	profile profile.Profile
	cfg     vendors.Config
	desk    *agent.Desk
	sub     *agent.Subscription
	snap    agent.Snapshot

	State   *widgets.StateControl
	Banner  *widgets.Banner
	Tabs    *container.AppTabs
	Queues  *widgets.QueueBoard
	History *HistoryView
	DialBtn *widgets.TipButton

	cards      map[string]*widgets.ContactCard
	traced     map[string]fyne.CanvasObject // cards with the pop-trace probe
	order      []string
	cardBox    *fyne.Container
	empty      fyne.CanvasObject
	queueTab   *container.TabItem
	flashLbl   *widget.Label
	footer     *widget.Label
	footerBtns *fyne.Container
	top        *fyne.Container
	menuItems  map[vendors.CommandKind]*fyne.MenuItem
	mainMenu   *fyne.MainMenu
	menuKey    string

	// Event-goroutine state: which offers were announced, last statuses.
	// obsMu guards it and profile, which Settings may replace.
	obsMu      sync.Mutex
	notified   map[string]bool
	lastStatus map[string]vendors.ContactStatus
	held       heldNotices // offers whose notification waits for their screen pop

	lastTransfer *widgets.TransferDialog
	lastWrapUp   *widgets.WrapUpDialog

	pending  atomic.Bool
	raise    atomic.Bool // an offer asks to bring the desk forward
	shown    bool        // the window is shown (not hidden to the tray); UI thread
	stopTick chan struct{}
	// due is when the timers next read differently (unix ns; 0: every
	// tick). The ticker sleeps until then: an idle desk with no contact
	// wakes once a minute, not every second. sooner tells the ticker that
	// due moved earlier (a contact arrived).
	due    atomic.Int64
	sooner chan struct{}
	// trim hands the heap's free pages back to the OS once the last
	// contact has been gone a while (UI thread only).
	trim     *time.Timer
	flashSeq int
	retrying bool
	closed   bool
}

// showDesk opens the desk for a logged-in session.
func (u *UI) showDesk(p profile.Profile, desk *agent.Desk, cfg vendors.Config) *DeskWindow {
	d := NewDeskWindow(u, p, desk, cfg)
	u.desk = d
	if !u.Prefs().StartMinimized || u.tray == nil {
		d.win.Show()
		d.shown = true
	}
	u.updateTray()
	return d
}

// NewDeskWindow builds the desk window around a desk model (tests call it
// with a desk on the demo driver or a hand-made session).
func NewDeskWindow(u *UI, p profile.Profile, desk *agent.Desk, cfg vendors.Config) *DeskWindow {
	d := &DeskWindow{u: u, profile: p, cfg: cfg, cards: map[string]*widgets.ContactCard{},
		notified: map[string]bool{}, lastStatus: map[string]vendors.ContactStatus{}}
	d.win = u.App.NewWindow(lang.L("Tandem — {{.P}}", map[string]any{"P": p.Name}))
	if u.Icon != nil {
		d.win.SetIcon(u.Icon)
	}
	if dw, ok := d.win.(desktop.Window); ok && u.Prefs().AlwaysOnTop {
		dw.RequestAlwaysOnTop()
	}
	d.build()
	d.win.SetCloseIntercept(d.closeRequested)
	d.win.Resize(fyne.NewSize(440, 700))
	d.attach(desk)
	if u.Tick >= 0 {
		every := u.Tick
		if every == 0 {
			every = time.Second
		}
		d.stopTick = make(chan struct{})
		d.sooner = make(chan struct{}, 1)
		go d.ticker(every, d.stopTick)
	}
	return d
}

func (d *DeskWindow) build() {
	d.State = widgets.NewStateControl(d.Run)
	d.Banner = widgets.NewBanner(d.Retry)
	d.cardBox = container.NewVBox()
	d.empty = emptyState()
	contacts := container.NewStack(d.empty, container.NewVScroll(container.NewPadded(d.cardBox)))
	d.History = newHistoryView(d.u)
	d.Queues = widgets.NewQueueBoard()
	d.queueTab = container.NewTabItemWithIcon(lang.L("Queues"), theme.ListIcon(), container.NewVScroll(container.NewPadded(d.Queues)))
	d.Tabs = container.NewAppTabs(
		container.NewTabItemWithIcon(lang.L("Contacts"), widgets.IconPhone, contacts),
		container.NewTabItemWithIcon(lang.L("History"), theme.HistoryIcon(), d.History.list),
	)
	d.flashLbl = widget.NewLabel("")
	d.flashLbl.Wrapping = fyne.TextWrapWord
	d.flashLbl.Hide()
	d.footer = widget.NewLabel("")
	d.footer.Importance = widget.LowImportance
	d.footer.Truncation = fyne.TextTruncateEllipsis
	d.DialBtn = widgets.NewTipButton(lang.L("Dial…"), widgets.IconPhone, lang.L("Dial")+" ("+widgets.ShortcutText(vendors.CmdDial)+")", d.openDial)
	d.DialBtn.Hide()
	settings := widgets.NewTipButton("", theme.SettingsIcon(), lang.L("Settings"), func() { d.u.ShowSettings() })
	settings.Importance = widget.LowImportance
	d.footerBtns = container.NewHBox(d.DialBtn, settings)
	footer := container.NewBorder(nil, nil, nil, d.footerBtns, d.footer)
	d.top = container.NewVBox(d.Banner, d.State)
	top := d.top
	bottom := container.NewVBox(d.flashLbl, footer)
	content := container.NewBorder(container.NewPadded(top), container.NewPadded(bottom), nil, nil, d.Tabs)
	d.win.SetContent(widgets.WithTips(d.win, content))
	d.buildMenu()
}

func emptyState() fyne.CanvasObject {
	icon := canvas.NewImageFromResource(theme.NewColoredResource(widgets.IconPhone, theme.ColorNameDisabled))
	icon.SetMinSize(fyne.NewSquareSize(56))
	icon.FillMode = canvas.ImageFillContain
	msg := widget.NewLabelWithStyle(lang.L("No contacts right now"), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	sub := widget.NewLabelWithStyle(lang.L("A notification will pop up when one is offered."), fyne.TextAlignCenter, fyne.TextStyle{})
	sub.Importance = widget.LowImportance
	sub.Wrapping = fyne.TextWrapWord
	width := canvas.NewRectangle(color.Transparent)
	width.SetMinSize(fyne.NewSize(300, 0))
	return container.NewCenter(container.NewVBox(container.NewCenter(icon), msg, container.NewStack(width, sub)))
}

// Window is the desk's window.
func (d *DeskWindow) Window() fyne.Window { return d.win }

// Desk is the desk model shown.
func (d *DeskWindow) Desk() *agent.Desk { return d.desk }

// Card returns the card of a live contact, or nil.
func (d *DeskWindow) Card(id string) *widgets.ContactCard { return d.cards[id] }

// Show brings the desk forward.
func (d *DeskWindow) Show() {
	if !d.shown {
		// Only when hidden: Fyne repaints a shown window on Show, at once
		// and whole, and on an offer that paint came before the card's.
		d.win.Show()
		d.shown = true
	}
	d.win.RequestFocus() // raises it, and un-minimizes it where the OS does
}

// attach starts showing a desk model (at start and after Retry).
func (d *DeskWindow) attach(desk *agent.Desk) {
	d.desk = desk
	d.sub = desk.Subscribe()
	go d.pump(desk, d.sub)
	d.Refresh()
}

// pump reads the desk's changes off the UI thread: it announces offers at
// once, and coalesces bursts of events into one refresh on the UI thread.
func (d *DeskWindow) pump(desk *agent.Desk, sub *agent.Subscription) {
	var stamp time.Time // the verified minute last shown
	for ev := range sub.Events() {
		d.observe(desk, ev)
		if _, alive := ev.(vendors.AliveEvent); alive {
			// A keepalive moves the verified stamp and nothing else, and
			// the stamp reads in minutes: most keepalives change nothing.
			v := desk.Snapshot().Verified.Truncate(time.Minute)
			if v.Equal(stamp) {
				continue
			}
			stamp = v
			d.u.do(func() {
				if !d.closed {
					d.State.SetVerified(desk.Snapshot().Verified, d.u.Now())
				}
			})
			continue
		}
		d.scheduleRefresh()
	}
	d.scheduleRefresh()
}

func (d *DeskWindow) scheduleRefresh() {
	if d.pending.Swap(true) {
		return
	}
	d.u.do(func() {
		d.pending.Store(false)
		d.Refresh()
		if d.raise.Swap(false) && !d.closed {
			d.Show() // after the card is built: one paint shows both
		}
	})
}

func (d *DeskWindow) ticker(every time.Duration, stop chan struct{}) {
	t := time.NewTimer(every)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-d.sooner:
		case now := <-t.C:
			if now.UnixNano() >= d.due.Load() {
				d.u.do(d.tick)
			}
		}
		t.Reset(d.sleep(every))
	}
}

// sleep is how long the ticker may wait: a tick while timers run in
// seconds (or while the tick just asked for has not yet set due), else
// until the time in state turns a minute.
func (d *DeskWindow) sleep(every time.Duration) time.Duration {
	until := time.Until(time.Unix(0, d.due.Load()))
	if until < every {
		return every
	}
	return until
}

// tick moves the timers; nothing is relaid out.
func (d *DeskWindow) tick() {
	if d.closed {
		return
	}
	now := d.u.Now()
	d.State.Tick(now)
	for _, c := range d.cards {
		c.Tick(now)
	}
	d.scheduleTick(now)
}

// scheduleTick notes when the timers next need the UI thread: every tick
// while a contact's timer runs in seconds, else when the time in state
// turns a minute.
func (d *DeskWindow) scheduleTick(now time.Time) {
	var due int64
	next := d.State.NextChange(now)
	switch {
	case len(d.cards) > 0:
		due = 0
	case next.IsZero():
		due = math.MaxInt64
	default:
		// The UI clock (u.Now) may be a test's; the ticker reads the real one.
		due = time.Now().Add(next.Sub(now)).UnixNano()
	}
	if old := d.due.Swap(due); due < old && d.sooner != nil {
		select {
		case d.sooner <- struct{}{}:
		default:
		}
	}
}

const (
	// trimAfter: Fyne keeps what left the window for a minute
	// (cache.ValidDuration) before it may free it.
	trimAfter = 61 * time.Second
	// trimSettle: Fyne cleans its caches at most every 10 s.
	trimSettle = 12 * time.Second
)

// scheduleTrim returns memory to the OS when the desk falls quiet: the Go
// runtime keeps the pages its heap grew to while contacts came (52-61 MB
// held for a 24 MB heap after 500 contacts), glibc the C heap's (29 MB),
// and an agent's desk then sits idle for long stretches. Only with the
// ticker on (not in tests).
func (d *DeskWindow) scheduleTrim() {
	switch {
	case d.sooner == nil:
	case len(d.cards) > 0:
		if d.trim != nil {
			d.trim.Stop()
			d.trim = nil
		}
	case d.trim == nil:
		d.trim = time.AfterFunc(trimAfter, func() {
			d.u.do(func() {
				if d.quiet() {
					time.AfterFunc(trimSettle, d.u.Trim)
				}
			})
		})
	}
}

// quiet has Fyne free what it kept of the gone cards, once they have been
// gone a minute: it frees expired textures (the GL driver's C heap) and
// renderers only on a frame that refreshes an object, and an idle desk
// may paint none for another minute (when the time in state turns), so
// the trim could run before. One refresh of the empty-desk message asks
// for that frame. It reports whether the desk is still quiet.
func (d *DeskWindow) quiet() bool {
	if d.closed || len(d.cards) > 0 {
		return false
	}
	d.win.Canvas().Refresh(d.empty)
	return true
}

// Profile is the profile the desk logged in with.
func (d *DeskWindow) Profile() profile.Profile {
	d.obsMu.Lock()
	defer d.obsMu.Unlock()
	return d.profile
}

func (d *DeskWindow) setProfile(p profile.Profile) {
	d.obsMu.Lock()
	d.profile = p
	d.obsMu.Unlock()
}
