package agent

import (
	"context"
	"fmt"

	"tandem/vendors"
)

// allowed lists, per command acting on a contact, the statuses it makes
// sense in. The platform may still refuse; this catches what never works.
var allowed = map[vendors.CommandKind][]vendors.ContactStatus{
	vendors.CmdAnswer:           {vendors.ContactOffered},
	vendors.CmdReject:           {vendors.ContactOffered},
	vendors.CmdHangup:           {vendors.ContactOffered, vendors.ContactDialing, vendors.ContactConnected, vendors.ContactHeld},
	vendors.CmdHold:             {vendors.ContactConnected},
	vendors.CmdRetrieve:         {vendors.ContactHeld},
	vendors.CmdTransfer:         {vendors.ContactConnected, vendors.ContactHeld},
	vendors.CmdConsult:          {vendors.ContactConnected, vendors.ContactHeld},
	vendors.CmdCompleteTransfer: {vendors.ContactConnected, vendors.ContactHeld, vendors.ContactDialing},
	vendors.CmdConference:       {vendors.ContactConnected, vendors.ContactHeld, vendors.ContactDialing},
	vendors.CmdWrapUp:           {vendors.ContactConnected, vendors.ContactHeld, vendors.ContactWrapUp},
	vendors.CmdEndWrapUp:        {vendors.ContactWrapUp},
}

// Check reports why cmd cannot run now, or nil. It never touches the
// platform.
func (d *Desk) Check(cmd vendors.Command) error {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return d.checkLocked(cmd)
}

func (d *Desk) checkLocked(cmd vendors.Command) error {
	vendor := d.opts.Vendor
	wrap := func(e *vendors.Error) error {
		e.Vendor, e.Op = vendor, string(cmd.Kind)
		return e
	}
	if err := cmd.Validate(); err != nil {
		return wrap(err.(*vendors.Error))
	}
	if !d.snap.Caps.Has(cmd.Kind) {
		return vendors.Unsupported(vendor, cmd.Kind, d.snap.Caps.Hint(cmd.Kind))
	}
	if d.snap.Conn != vendors.Connected {
		msg := fmt.Sprintf("the connection is %s; try again when it is back", d.snap.Conn)
		return wrap(vendors.Errorf(vendors.ErrDisconnected, "%s", msg))
	}
	if cmd.Kind.NeedsContact() {
		i, ok := d.index[cmd.Contact]
		if !ok {
			return wrap(vendors.Errorf(vendors.ErrUnknownContact, "no live contact %q", cmd.Contact))
		}
		c := d.snap.Contacts[i]
		if !statusIn(c.Status, allowed[cmd.Kind]) {
			return wrap(vendors.Errorf(vendors.ErrWrongStatus, "contact %s is %s", c.ID, c.Status))
		}
		if (cmd.Kind == vendors.CmdCompleteTransfer || cmd.Kind == vendors.CmdConference) && d.partnerLocked(c) == "" {
			return wrap(vendors.Errorf(vendors.ErrWrongStatus, "contact %s has no consultation to %s", c.ID, cmd.Kind))
		}
	}
	switch cmd.Kind {
	case vendors.CmdNotReady:
		if cmd.Reason != "" && len(d.snap.NotReady) > 0 && !hasCode(d.snap.NotReady, cmd.Reason) {
			return wrap(vendors.Errorf(vendors.ErrInvalid, "unknown not-ready reason %q", cmd.Reason))
		}
	case vendors.CmdWrapUp:
		if cmd.Code != "" && len(d.snap.WrapUp) > 0 && !hasCode(d.snap.WrapUp, cmd.Code) {
			return wrap(vendors.Errorf(vendors.ErrInvalid, "unknown wrap-up code %q", cmd.Code))
		}
	}
	return nil
}

// partnerLocked returns the other contact of c's consultation, or "".
func (d *Desk) partnerLocked(c Contact) string {
	if c.Related != "" {
		if _, ok := d.index[c.Related]; ok {
			return c.Related
		}
	}
	for _, o := range d.snap.Contacts {
		if o.Related == c.ID {
			return o.ID
		}
	}
	return ""
}

func statusIn(s vendors.ContactStatus, list []vendors.ContactStatus) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func hasCode(rs []vendors.Reason, code string) bool {
	for _, r := range rs {
		if r.Code == code {
			return true
		}
	}
	return false
}

// Do checks cmd and sends it to the platform; it returns when the platform
// confirmed it or with an error that says what went wrong.
func (d *Desk) Do(ctx context.Context, cmd vendors.Command) error {
	if err := d.Check(cmd); err != nil {
		return err
	}
	return d.sess.Do(ctx, cmd)
}

// Partner returns the other contact of id's consultation, or "".
func (d *Desk) Partner(id string) string {
	d.mu.RLock()
	defer d.mu.RUnlock()
	i, ok := d.index[id]
	if !ok {
		return ""
	}
	return d.partnerLocked(d.snap.Contacts[i])
}
