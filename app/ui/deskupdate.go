package ui

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"tandem/app/agent"
	"tandem/vendors"
	"tandem/widgets"
)

// observe reacts to one change off the UI thread: a new offer is
// announced (notification, desk raised) and an answered contact may open
// the CRM page.
func (d *DeskWindow) observe(desk *agent.Desk, ev vendors.Event) {
	d.obsMu.Lock()
	defer d.obsMu.Unlock()
	switch e := ev.(type) {
	case vendors.StateEvent:
		d.u.Log.Info("state", "state", e.State.State, "raw", e.State.Raw)
	case vendors.ConnectionEvent:
		d.u.Log.Info("connection", "status", e.Status)
	}
	ce, ok := ev.(vendors.ContactEvent)
	if !ok {
		return
	}
	c := ce.Contact
	prev := d.lastStatus[c.ID]
	if prev != c.Status {
		d.u.Log.Info("contact", "id", c.ID, "status", c.Status)
	}
	if c.Status.Live() {
		d.lastStatus[c.ID] = c.Status
	} else {
		delete(d.lastStatus, c.ID)
		delete(d.notified, c.ID)
	}
	switch {
	case c.Status == vendors.ContactOffered && !d.notified[c.ID]:
		d.notified[c.ID] = true
		d.u.Log.Info("contact offered", "id", c.ID, "channel", c.Channel)
		d.announce(c)
	case c.Status == vendors.ContactOffered && !c.Pending:
		if d.held.release(c.ID) { // its screen pop is complete
			d.notify(c)
		}
	case c.Status != vendors.ContactOffered:
		d.held.release(c.ID) // answered or gone first: nothing to announce
	}
	if c.Status == vendors.ContactConnected && prev == vendors.ContactOffered && d.profile.CRMAutoOpen {
		full := c
		if dc, ok := desk.Snapshot().Contact(c.ID); ok {
			full = dc.Contact
		}
		if u := d.profile.ScreenPopURL(full); u != "" {
			if err := d.u.OpenURL(u); err != nil {
				d.u.Log.Warn("cannot open the CRM page", "err", err)
			}
		}
	}
}

// notifyGrace bounds how long an offer's notification waits for the rest
// of its screen pop (Contact.Pending): the card is on the desk at once,
// and the agent hears of the call within this time, with or without the
// caller's name.
const notifyGrace = time.Second

// heldNotices are offers whose notification waits for their screen pop
// (obsMu held for every call).
type heldNotices struct {
	timers map[string]*time.Timer
	grace  time.Duration // notifyGrace; tests shorten it
}

// hold waits for id's screen pop; after the grace, fire runs unless the
// offer was released first.
func (h *heldNotices) hold(id string, fire func()) {
	if h.timers == nil {
		h.timers = map[string]*time.Timer{}
	}
	if h.grace == 0 {
		h.grace = notifyGrace
	}
	h.timers[id] = time.AfterFunc(h.grace, fire)
}

// release ends id's wait and reports whether it was waiting.
func (h *heldNotices) release(id string) bool {
	t, ok := h.timers[id]
	if ok {
		t.Stop()
		delete(h.timers, id)
	}
	return ok
}

// announce brings the desk forward, since toasts have no buttons
// everywhere, and shows the offer's notification (also while the desk is
// hidden) once its screen pop is complete or the grace has passed.
func (d *DeskWindow) announce(c vendors.Contact) {
	prefs := d.u.Prefs()
	notify := prefs.Notifications && d.u.Notify != nil
	d.u.trace.offered(c.ID, c.From, notify)
	switch {
	case notify && c.Pending:
		id := c.ID
		d.held.hold(id, func() {
			d.obsMu.Lock()
			defer d.obsMu.Unlock()
			if !d.held.release(id) {
				return
			}
			if dc, ok := d.desk.Snapshot().Contact(id); ok && dc.Status == vendors.ContactOffered {
				d.notify(dc.Contact)
			}
		})
	case notify:
		d.notify(c)
	}
	if prefs.RaiseOnOffer {
		d.raise.Store(true) // the refresh this offer schedules raises the desk
	}
}

// notify sends the offer's notification off the event goroutine.
func (d *DeskWindow) notify(c vendors.Contact) {
	sound := d.u.Prefs().Sound
	go func() {
		err := d.u.Notify(c, sound)
		d.u.trace.notified(c.ID)
		if err != nil {
			d.u.Log.Warn("notification failed", "err", err)
		} else {
			d.u.Log.Info("notification sent", "id", c.ID)
		}
	}()
}

// Refresh redraws the desk from the model's snapshot.
func (d *DeskWindow) Refresh() {
	if d.closed || d.desk == nil {
		return
	}
	s := d.desk.Snapshot()
	d.snap = s
	now := d.u.Now()
	d.State.SetChoices(widgets.StateChoices{Caps: s.Caps, NotReady: s.NotReady})
	d.State.SetState(s.State, s.StateSince, s.Verified, now)
	defer d.scheduleTick(now)
	was := d.Banner.Visible()
	d.Banner.Set(s.Conn, connWhy(s))
	relayout := d.Banner.Visible() != was
	d.refreshCards(s, now)
	d.History.update(s.History)
	d.refreshQueues(s)
	if canDial := s.Caps.Has(vendors.CmdDial); canDial != d.DialBtn.Visible() {
		d.DialBtn.Hidden = !canDial
		relayout = true
	}
	if relayout {
		// A block appeared or went: lay the whole window out again.
		d.win.Content().Refresh()
	}
	d.footer.SetText(d.footerText(s))
	d.refreshMenu(s)
	d.u.updateTraySoon()
}

func connWhy(s agent.Snapshot) string {
	if s.ConnErr == nil {
		if s.Conn == vendors.Disconnected {
			return lang.L("The session ended. Retry to log in again.")
		}
		return ""
	}
	return explainLine(s.ConnErr)
}

func (d *DeskWindow) footerText(s agent.Snapshot) string {
	title := s.Vendor
	if drv, ok := vendors.Lookup(s.Vendor); ok {
		title = drv.Title()
	}
	parts := []string{title}
	if s.Handled > 0 {
		parts = append(parts, lang.L("handled: {{.Count}}", map[string]any{"Count": s.Handled}))
	}
	return strings.Join(parts, " · ")
}

func (d *DeskWindow) refreshCards(s agent.Snapshot, now time.Time) {
	prof := d.Profile()
	var ids []string
	names := map[string]string{}
	for _, c := range s.Contacts {
		names[c.ID] = displayName(c.Contact)
	}
	for _, c := range s.Contacts {
		ids = append(ids, c.ID)
		card := d.cards[c.ID]
		fresh := card == nil
		if fresh {
			card = widgets.NewContactCard(widgets.CardHandlers{
				Command:  d.Run,
				Transfer: d.openTransfer,
				WrapUp:   d.openWrapUp,
				OpenCRM: func(u string) {
					if err := d.u.OpenURL(u); err != nil {
						d.flash(explainLine(err))
					}
				},
			})
			d.cards[c.ID] = card
			if d.u.trace != nil {
				if d.traced == nil {
					d.traced = map[string]fyne.CanvasObject{}
				}
				d.traced[c.ID] = d.u.trace.wrap(c.ID, card)
			}
		}
		partner := d.desk.Partner(c.ID)
		card.Update(widgets.CardView{
			Contact: c, Caps: s.Caps, Partner: partner, PartnerName: names[c.Related],
			CRMURL: prof.ScreenPopURL(c.Contact), Now: now,
		})
		if fresh {
			d.u.trace.built(c.ID)
		}
	}
	for id := range d.cards {
		if _, ok := s.Contact(id); !ok {
			delete(d.cards, id)
			delete(d.traced, id)
			d.u.trace.gone(id)
		}
	}
	d.scheduleTrim()
	if fmt.Sprint(ids) != fmt.Sprint(d.order) {
		d.order = ids
		objs := make([]fyne.CanvasObject, 0, len(ids))
		for _, id := range ids {
			if o := d.traced[id]; o != nil {
				objs = append(objs, o)
				continue
			}
			objs = append(objs, d.cards[id])
		}
		d.cardBox.Objects = objs
		d.cardBox.Refresh()
	}
	if len(ids) == 0 {
		d.empty.Show()
	} else {
		d.empty.Hide()
	}
}

func displayName(c vendors.Contact) string {
	switch {
	case c.Name != "":
		return c.Name
	case c.From != "":
		return c.From
	}
	return lang.L("the caller")
}

func (d *DeskWindow) refreshQueues(s agent.Snapshot) {
	has := false
	for _, t := range d.Tabs.Items {
		if t == d.queueTab {
			has = true
		}
	}
	if s.Caps.QueueBoard && !has {
		d.Tabs.Append(d.queueTab)
	} else if !s.Caps.QueueBoard && has {
		d.Tabs.Remove(d.queueTab)
	}
	if s.Caps.QueueBoard {
		d.Queues.Update(s.Queues)
	}
}

// flash shows a short message (a refused command, a keyring note) under
// the contacts for a few seconds.
func (d *DeskWindow) flash(msg string) {
	d.flashSeq++
	seq := d.flashSeq
	d.flashLbl.Importance = widget.DangerImportance
	d.flashLbl.SetText(msg)
	d.flashLbl.Show()
	time.AfterFunc(8*time.Second, func() {
		d.u.do(func() {
			if d.flashSeq == seq {
				d.flashLbl.Hide()
			}
		})
	})
}

// Flash is the message shown, "" when none (for tests).
func (d *DeskWindow) Flash() string {
	if !d.flashLbl.Visible() {
		return ""
	}
	return d.flashLbl.Text
}
