package mitel

import (
	"strconv"
	"strings"
	"time"

	"tandem/vendors"
	"tandem/vendors/flex"
)

// call is one call of our agent as the desk sees it.
type call struct {
	c   vendors.Contact
	acd bool // ACD calls go to wrap-up after they end; others end
}

// me reports whether a device of an event is our agent's: its DN is our
// extension, or it is an Agent device (type 3, L2064) with our agent ID.
func (f *feed) me(dev, id flex.String, typ flex.Int) bool {
	if f.ext != "" && strings.TrimSpace(string(dev)) == f.ext {
		return true
	}
	return typ == 3 && f.agentID != "" && strings.TrimSpace(string(id)) == f.agentID
}

// onCall moves our calls through their life from call activity. Hold,
// transfer and conference done on the phone arrive here as held,
// retrieved, diverted (blind transfer, L2355), transferred (consultative,
// L2791) and conferenced.
func (f *feed) onCall(ev *callEvent, name string) {
	id := strings.TrimSpace(string(ev.CallID))
	cl := f.calls[id]
	at := serverTime(string(ev.GMT), string(ev.Timestamp), f.now())
	switch name {
	case "delivered":
		switch {
		case f.me(ev.AlertingDevice, ev.AlertingDeviceID, ev.AlertingDeviceType):
			cl = f.track(id, ev, vendors.Inbound)
			if cl.c.Status == "" || cl.c.Status == vendors.ContactDialing {
				cl.c.Status = ""
				f.setStatus(cl, vendors.ContactOffered, at)
			}
		case f.me(ev.CallingDevice, ev.CallingDeviceID, ev.CallingDeviceType):
			cl = f.track(id, ev, vendors.Outbound)
			if cl.c.To == "" {
				cl.c.To = strings.TrimSpace(string(ev.AlertingDevice))
			}
			f.setStatus(cl, vendors.ContactDialing, at)
		case cl != nil:
			f.refresh(cl, ev)
		}
	case "established":
		switch {
		case f.me(ev.JoiningDevice, ev.JoiningDeviceID, ev.JoiningDeviceType):
			cl = f.track(id, ev, vendors.Inbound)
			f.setStatus(cl, vendors.ContactConnected, at)
		case f.me(ev.CallingDevice, ev.CallingDeviceID, ev.CallingDeviceType):
			cl = f.track(id, ev, vendors.Outbound)
			f.setStatus(cl, vendors.ContactConnected, at)
		case cl != nil:
			f.refresh(cl, ev)
		}
	case "initiated":
		if f.me(ev.Device, ev.DeviceID, ev.DeviceType) {
			cl = f.track(id, ev, vendors.Outbound)
			f.setStatus(cl, vendors.ContactDialing, at)
		}
	case "held":
		if cl != nil {
			f.setStatus(cl, vendors.ContactHeld, at)
		}
	case "retrieved":
		if cl != nil {
			f.setStatus(cl, vendors.ContactConnected, at)
		}
	case "diverted":
		switch {
		case f.me(ev.DivertTo, ev.DivertToID, ev.DivertToType):
			cl = f.track(id, ev, vendors.Inbound)
			f.setStatus(cl, vendors.ContactOffered, at)
		case cl != nil && f.me(ev.DivertFrom, ev.DivertFromID, ev.DivertFromType):
			if cl.c.Status == vendors.ContactOffered {
				f.setStatus(cl, vendors.ContactEnded, at) // rang elsewhere
			} else {
				f.leave(cl, at) // blind transfer from the phone
			}
		}
	case "transferred":
		f.onTransferred(ev, cl, at)
	case "conferenced":
		f.onConferenced(ev, cl, at)
	case "conn-cleared":
		if cl != nil && f.me(ev.DeviceOut, ev.DeviceOutID, ev.DeviceOutType) {
			f.leave(cl, at)
		}
	case "call-cleared":
		if cl != nil && cl.c.Status != vendors.ContactWrapUp {
			f.leave(cl, at)
		}
	case "wrap-ended", "no-wrap":
		if strings.TrimSpace(string(ev.AgentID)) != f.agentID {
			return
		}
		if cl != nil {
			f.setStatus(cl, vendors.ContactEnded, at)
		} else {
			f.endWrapUps(at)
		}
	case "type-change":
		if cl != nil && ev.NewType != nil {
			cl.acd = *ev.NewType != 0
		}
	default:
		if cl != nil {
			f.refresh(cl, ev)
		}
	}
}

func (f *feed) onTransferred(ev *callEvent, cl *call, at time.Time) {
	sec := f.calls[strings.TrimSpace(string(ev.SecondaryCallID))]
	res := strings.TrimSpace(string(ev.ResultantCallID))
	switch {
	case f.me(ev.Transferring, ev.TransferringID, ev.TransferringType):
		// We completed a consultative transfer on the phone: both legs
		// leave us.
		if sec != nil && sec != cl {
			f.setStatus(sec, vendors.ContactEnded, at)
		}
		if cl != nil {
			f.leave(cl, at)
		}
	case f.me(ev.TransferTo, ev.TransferToID, ev.TransferToType):
		// The call was transferred to us: the leg we had becomes the
		// resultant call.
		mine := sec
		if mine == nil {
			mine = cl
		}
		if mine == nil {
			mine = f.track(firstNonEmpty(res, string(ev.CallID)), ev, vendors.Inbound)
		} else if res != "" {
			f.rename(mine, res)
		}
		f.refresh(mine, ev)
		f.setStatus(mine, vendors.ContactConnected, at)
	case cl != nil && res != "" && res != cl.c.ID:
		f.rename(cl, res)
		f.emitContact(cl)
	}
}

func (f *feed) onConferenced(ev *callEvent, cl *call, at time.Time) {
	sec := f.calls[strings.TrimSpace(string(ev.SecondaryCallID))]
	res := strings.TrimSpace(string(ev.ResultantCallID))
	main := cl
	if main == nil {
		main, sec = sec, nil
	}
	if main == nil {
		if f.me(ev.Conferenced, ev.ConferencedID, ev.ConferencedType) {
			main = f.track(firstNonEmpty(res, string(ev.CallID)), ev, vendors.Inbound)
			f.setStatus(main, vendors.ContactConnected, at)
		}
		return
	}
	// The consultation leg merges into the first call (DESIGN: the
	// consult contact ends, the first is connected with everyone on it).
	if sec != nil && sec != main {
		f.setStatus(sec, vendors.ContactEnded, at)
	}
	if res != "" && res != main.c.ID {
		f.rename(main, res)
	}
	main.c.Status = ""
	f.setStatus(main, vendors.ContactConnected, at)
}

// track returns the call, creating it from the event's call table.
func (f *feed) track(id string, ev *callEvent, dir vendors.Direction) *call {
	if cl := f.calls[id]; cl != nil {
		f.refresh(cl, ev)
		return cl
	}
	cl := &call{c: vendors.Contact{ID: id, Channel: vendors.ChannelVoice, Direction: dir}}
	if dir == vendors.Outbound {
		cl.c.From = f.ext
		// A call placed while another is held is a consultation about it
		// (made on the phone; the feed does not link the two).
		for _, other := range f.calls {
			if other.c.Status == vendors.ContactHeld {
				cl.c.Related = other.c.ID
			}
		}
	}
	f.fill(cl, ev)
	f.calls[id] = cl
	return cl
}

func (f *feed) refresh(cl *call, ev *callEvent) {
	before := cl.c.Clone()
	f.fill(cl, ev)
	if cl.c.Status != "" && !sameContact(before, cl.c) {
		f.emitContact(cl)
	}
}

// fill copies what the call table says into the contact: caller ID
// (profile 2), caller name (48, else customer name 6), DNIS, channel,
// queue (group name from the group snapshot) and the screen-pop data.
func (f *feed) fill(cl *call, ev *callEvent) {
	c := &cl.c
	if len(ev.CallTable) == 0 {
		if c.Direction == vendors.Inbound && c.From == "" {
			c.From = strings.TrimSpace(string(ev.CallingDevice))
		}
		return
	}
	t := ev.CallTable[0]
	cl.acd = t.CallType != 0
	switch {
	case t.CallType >= 4 && t.CallType <= 6:
		c.Channel = vendors.ChannelCallback
	case t.Media == 2:
		c.Channel = vendors.ChannelChat
	case t.Media == 3:
		c.Channel = vendors.ChannelEmail
	default:
		c.Channel = vendors.ChannelVoice
	}
	prof := map[int64]string{}
	for _, p := range t.CallProfile {
		if v := strings.TrimSpace(string(p.Value)); v != "" {
			prof[int64(p.ID)] = v
		}
	}
	if c.Direction != vendors.Outbound {
		c.From = firstNonEmpty(prof[2], c.From, strings.TrimSpace(string(ev.CallingDevice)))
		c.To = firstNonEmpty(strings.TrimSpace(string(t.DNIS)), prof[1], c.To)
	}
	c.Name = firstNonEmpty(prof[48], prof[6], c.Name)
	if gid := strings.TrimSpace(string(t.Group.ID)); gid != "" && gid != "0" {
		c.Queue = firstNonEmpty(f.groups[gid], c.Queue, "group "+gid)
	}
	data := map[string]string{}
	for id, key := range profileData {
		if v := prof[id]; v != "" {
			if id == 14 {
				v = firstNonEmpty(languages[v], v)
			}
			data[key] = v
		}
	}
	for id, v := range prof {
		if id >= 101 {
			data["profile_"+strconv.FormatInt(id, 10)] = v
		}
	}
	if len(data) > 0 {
		c.Data = data
	}
}

// profileData names the call-profile fields (L1961-2011) a screen pop
// shows; identifiers, internal-use and deprecated fields are left out.
var profileData = map[int64]string{
	3: "priority", 4: "service_id", 5: "customer_id", 6: "customer_name",
	9: "queue_position", 11: "callback_time", 12: "callback_destination",
	14: "language", 17: "dial_list_id", 23: "trunk", 24: "email_to",
	26: "email_subject", 27: "email_from", 28: "email_reply_to",
	39: "outgoing_caller_id", 45: "dnis_name", 46: "site_id",
}

// leave is the end of a call for the agent: ACD calls go to wrap-up (the
// agent-wrap event follows), others end.
func (f *feed) leave(cl *call, at time.Time) {
	if cl.acd {
		f.setStatus(cl, vendors.ContactWrapUp, at)
		return
	}
	f.setStatus(cl, vendors.ContactEnded, at)
}

// endWrapUps ends every contact in wrap-up, when the agent leaves it.
func (f *feed) endWrapUps(at time.Time) {
	for _, cl := range f.calls {
		if cl.c.Status == vendors.ContactWrapUp {
			f.setStatus(cl, vendors.ContactEnded, at)
		}
	}
}

func (f *feed) setStatus(cl *call, st vendors.ContactStatus, at time.Time) {
	if cl.c.Status == st {
		return
	}
	cl.c.Status, cl.c.Since = st, at
	f.emitContact(cl)
}

func (f *feed) emitContact(cl *call) {
	if cl.c.Status == vendors.ContactEnded {
		delete(f.calls, cl.c.ID)
	}
	if f.syncing && cl.c.Status == "" {
		return
	}
	f.emit(vendors.ContactEvent{Contact: cl.c.Clone()})
}

func (f *feed) rename(cl *call, id string) {
	delete(f.calls, cl.c.ID)
	cl.c.PreviousID, cl.c.ID = cl.c.ID, id
	f.calls[id] = cl
}

func sameContact(a, b vendors.Contact) bool {
	if a.From != b.From || a.To != b.To || a.Name != b.Name || a.Queue != b.Queue || a.Channel != b.Channel || len(a.Data) != len(b.Data) {
		return false
	}
	for k, v := range a.Data {
		if b.Data[k] != v {
			return false
		}
	}
	return true
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if strings.TrimSpace(v) != "" {
			return v
		}
	}
	return ""
}
