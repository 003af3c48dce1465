package ui

import (
	"context"
	"time"

	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"

	"tandem/app/agent"
	"tandem/vendors"
	"tandem/widgets"
)

// cmdTimeout bounds how long the desk waits for the platform to confirm.
const cmdTimeout = 20 * time.Second

// Run sends a command: the desk model checks it at once (an impossible
// command never reaches the platform), then the platform's answer comes
// back on the UI thread; a failure is explained in words.
func (d *DeskWindow) Run(cmd vendors.Command) {
	desk := d.desk
	if err := desk.Check(cmd); err != nil {
		d.flash(explainLine(err))
		return
	}
	d.u.Log.Info("command", "cmd", cmd.Kind, "contact", cmd.Contact)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), cmdTimeout)
		defer cancel()
		err := desk.Do(ctx, cmd)
		if err != nil {
			d.u.Log.Warn("command failed", "cmd", cmd.Kind, "err", err)
			d.u.do(func() { d.flash(explainLine(err)) })
		}
	}()
}

func (d *DeskWindow) contact(id string) (agent.Contact, bool) { return d.snap.Contact(id) }

func (d *DeskWindow) addRecent(to string) {
	p := d.u.Prefs()
	p.AddRecent(to)
	_ = d.u.SetPrefs(p)
}

// openTransfer asks where to and how, then transfers or consults.
func (d *DeskWindow) openTransfer(id string) {
	c, ok := d.contact(id)
	if !ok {
		return
	}
	caps := d.snap.Caps
	d.lastTransfer = widgets.ShowTransfer(d.win, displayName(c.Contact), d.u.Prefs().Recent,
		caps.Has(vendors.CmdTransfer), caps.Has(vendors.CmdConsult),
		func(to string, consult bool) {
			d.addRecent(to)
			k := vendors.CmdTransfer
			if consult {
				k = vendors.CmdConsult
			}
			d.Run(vendors.Command{Kind: k, Contact: id, To: to})
		})
}

// openWrapUp shows the wrap-up form of a contact.
func (d *DeskWindow) openWrapUp(id string) {
	c, ok := d.contact(id)
	if !ok {
		return
	}
	caps := d.snap.Caps
	d.lastWrapUp = widgets.ShowWrapUp(d.win, widgets.WrapUpOptions{
		Who:       displayName(c.Contact),
		Codes:     d.snap.WrapUp,
		Notes:     caps.WrapUpNotes || len(d.snap.WrapUp) == 0,
		CanSubmit: caps.Has(vendors.CmdWrapUp),
		CanEnd:    caps.Has(vendors.CmdEndWrapUp) && c.Status == vendors.ContactWrapUp,
	}, func(code, notes string) {
		d.Run(vendors.Command{Kind: vendors.CmdWrapUp, Contact: id, Code: code, Notes: notes})
	}, func() {
		d.Run(vendors.Command{Kind: vendors.CmdEndWrapUp, Contact: id})
	})
}

func (d *DeskWindow) openDial() {
	d.lastTransfer = widgets.ShowDial(d.win, d.u.Prefs().Recent, func(to string) {
		d.addRecent(to)
		d.Run(vendors.Command{Kind: vendors.CmdDial, To: to})
	})
}

// LastTransfer is the transfer or dial dialog opened last (tests).
func (d *DeskWindow) LastTransfer() *widgets.TransferDialog { return d.lastTransfer }

// LastWrapUp is the wrap-up dialog opened last (tests).
func (d *DeskWindow) LastWrapUp() *widgets.WrapUpDialog { return d.lastWrapUp }

// target picks the contact a keyboard shortcut acts on: the newest one
// the command is possible for (a consult call before the held original).
func (d *DeskWindow) target(kinds ...vendors.CommandKind) (string, vendors.CommandKind) {
	cs := d.snap.Contacts
	for i := len(cs) - 1; i >= 0; i-- {
		for _, k := range kinds {
			if d.desk.Check(vendors.Command{Kind: k, Contact: cs[i].ID, To: "x", Notes: "x"}) == nil {
				return cs[i].ID, k
			}
		}
	}
	return "", ""
}

// Shortcut performs a keyboard shortcut's action.
func (d *DeskWindow) Shortcut(k vendors.CommandKind) {
	switch k {
	case vendors.CmdReady:
		d.Run(vendors.Command{Kind: vendors.CmdReady})
		return
	case vendors.CmdNotReady:
		d.State.Open()
		return
	case vendors.CmdDial:
		if d.snap.Caps.Has(vendors.CmdDial) {
			d.openDial()
		}
		return
	}
	var id string
	var kind vendors.CommandKind
	switch k {
	case vendors.CmdHold, vendors.CmdRetrieve:
		id, kind = d.target(vendors.CmdHold, vendors.CmdRetrieve)
	case vendors.CmdTransfer:
		id, kind = d.target(vendors.CmdTransfer, vendors.CmdConsult)
	case vendors.CmdWrapUp:
		id, kind = d.target(vendors.CmdWrapUp, vendors.CmdEndWrapUp)
	default:
		id, kind = d.target(k)
	}
	if id == "" {
		d.flash(lang.L("No contact to do that on right now."))
		return
	}
	switch kind {
	case vendors.CmdTransfer, vendors.CmdConsult:
		d.openTransfer(id)
	case vendors.CmdWrapUp:
		d.openWrapUp(id)
	default:
		d.Run(vendors.Command{Kind: kind, Contact: id})
	}
}

// Retry drops the session and logs in again with the same settings.
func (d *DeskWindow) Retry() {
	if d.retrying || d.closed {
		return
	}
	drv, ok := vendors.Lookup(d.snap.Vendor)
	if !ok {
		return
	}
	d.retrying = true
	d.flash(lang.L("Logging in again…"))
	old, sub := d.desk, d.sub
	sub.Close()
	go old.Close()
	d.u.openCfg(drv, d.snap.Vendor, d.cfg, func(desk *agent.Desk, _ vendors.Config, err error) {
		d.retrying = false
		if err != nil {
			d.flash(explainLine(err))
			// Keep showing the old (ended) desk with its banner.
			d.sub = old.Subscribe()
			d.Refresh()
			return
		}
		if d.closed {
			go desk.Close()
			return
		}
		d.attach(desk)
		d.flash(lang.L("Logged in again."))
	})
}

// closeRequested hides the desk to the tray while logged in; without a
// tray it asks whether to log out and quit.
func (d *DeskWindow) closeRequested() {
	if d.u.tray != nil {
		d.win.Hide()
		d.shown = false
		return
	}
	dialog.ShowConfirm(lang.L("Quit Tandem?"), lang.L("Log out and quit?"), func(ok bool) {
		if ok {
			d.u.Quit()
		}
	}, d.win)
}

// close ends the desk: logout (where possible) then close the session, off
// the UI thread; then runs after on the UI thread.
func (d *DeskWindow) close(logout bool, after func()) {
	if d.closed {
		return
	}
	d.closed = true
	if d.stopTick != nil {
		close(d.stopTick)
	}
	d.sub.Close()
	desk := d.desk
	d.win.Hide()
	d.shown = false
	go func() {
		if logout {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			if err := desk.Logout(ctx); err != nil {
				d.u.Log.Warn("logout", "err", err)
			}
			cancel()
		} else {
			_ = desk.Close()
		}
		d.u.do(func() {
			d.win.Close()
			if after != nil {
				after()
			}
		})
	}()
}
