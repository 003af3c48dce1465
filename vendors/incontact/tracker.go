package incontact

import (
	"encoding/json"
	"strings"
	"sync"

	"tandem/vendors"
)

// tracker turns platform events into the normalized model and remembers
// what the desk was told: the agent state, each live contact and the
// contact IDs a transfer replaced. It is safe for concurrent use: the
// poller writes, commands read.
type tracker struct {
	mu       sync.Mutex
	skills   map[string]string // skill ID -> name, for Queue
	state    vendors.AgentState
	hasState bool
	next     []nextState // the AgentState's NextStates (post-ACW state)
	contacts map[string]*tracked
	order    []string          // contact IDs in arrival order, for resync
	alias    map[string]string // replaced contact ID -> its new ID
	pops     map[string]string // PageOpen that came before its contact
	gone     map[string]string // master ID -> last contact ID that ended with it

	resyncing bool
	seen      map[string]bool
	stateSeen bool
}

type tracked struct {
	c         vendors.Contact
	master    string
	skillID   string
	callType  string
	allowDisp bool
}

func newTracker() *tracker {
	return &tracker{
		skills:   map[string]string{},
		contacts: map[string]*tracked{},
		alias:    map[string]string{},
		pops:     map[string]string{},
		gone:     map[string]string{},
	}
}

func (t *tracker) setSkills(m map[string]string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for k, v := range m {
		t.skills[k] = v
	}
}

// agentStates maps CurrentState (seed L89-L98, plus the SDK's DialerPending).
var agentStates = map[string]vendors.State{
	"loggedout":       vendors.StateLoggedOut,
	"loggedin":        vendors.StateNotReady,
	"available":       vendors.StateReady,
	"unavailable":     vendors.StateNotReady,
	"inboundcontact":  vendors.StateBusy,
	"outboundcontact": vendors.StateBusy,
	"inboundconsult":  vendors.StateBusy,
	"outboundconsult": vendors.StateBusy,
	"dialer":          vendors.StateBusy,
	"dialerpending":   vendors.StateBusy,
}

// mapState: ACW is an Unavailable state with IsAcw "True" (seed L100,
// L104); an unknown state is kept raw as not ready.
func mapState(e *evAgentState) vendors.AgentState {
	raw := strings.TrimSpace(string(e.CurrentState))
	st, ok := agentStates[strings.ToLower(raw)]
	if !ok {
		st = vendors.StateNotReady
	}
	out := vendors.AgentState{State: st, Raw: raw, Since: parseTime(e.StartTimeUTC)}
	if bool(e.IsAcw) && st == vendors.StateNotReady {
		out.State = vendors.StateWrapUp
	}
	if r := strings.TrimSpace(string(e.CurrentOutReason)); r != "" && (out.State == vendors.StateNotReady || out.State == vendors.StateWrapUp) {
		// Unavailable codes are set and reported by name (public-apis §1.5.1).
		out.Reason = &vendors.Reason{Code: r, Label: r}
	}
	return out
}

// agentState records an AgentState event and returns what to emit.
func (t *tracker) agentState(e *evAgentState) []vendors.Event {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.state = mapState(e)
	t.hasState = true
	t.stateSeen = true
	t.next = append(t.next[:0], e.NextStates...)
	return []vendors.Event{vendors.StateEvent{State: t.state}}
}

// State returns the last reported agent state.
func (t *tracker) State() (vendors.AgentState, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.state, t.hasState
}

// afterACW is the state the agent goes to when wrap-up ends: the last of
// NextStates (seed L100: in ACW it holds the state that follows ACW).
func (t *tracker) afterACW() (state, reason string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for i := len(t.next) - 1; i >= 0; i-- {
		s := strings.TrimSpace(string(t.next[i].State))
		if strings.EqualFold(s, "Available") || strings.EqualFold(s, "Unavailable") {
			return s, strings.TrimSpace(string(t.next[i].OutReason))
		}
	}
	return "Available", ""
}

// contactStatus maps a contact's Status and FinalState (seed L257-L271,
// L253). FinalState "True" always means the contact is closed.
func contactStatus(status string, final bool, prev vendors.ContactStatus) vendors.ContactStatus {
	if final {
		return vendors.ContactEnded
	}
	switch strings.ToLower(strings.TrimSpace(status)) {
	case "incoming", "ringing", "preview", "naturalcallringing":
		return vendors.ContactOffered
	case "dialing", "naturalcalldialing", "naturalcallamd":
		return vendors.ContactDialing
	case "active", "joined", "masking":
		return vendors.ContactConnected
	case "holding":
		return vendors.ContactHeld
	case "disconnected", "callbackdisconnected":
		// Voice torn down, contact still open for ACW (seed L253).
		return vendors.ContactWrapUp
	}
	if prev != "" {
		return prev
	}
	return vendors.ContactConnected
}

// resolve follows the IDs a transfer replaced.
func (t *tracker) resolve(id string) string {
	for i := 0; i < 16; i++ {
		n, ok := t.alias[id]
		if !ok {
			return id
		}
		id = n
	}
	return id
}

// contact records a contact event and returns what to emit.
func (t *tracker) contact(e *evContact) []vendors.Event {
	t.mu.Lock()
	defer t.mu.Unlock()
	id := strings.TrimSpace(string(e.ContactID))
	master := strings.TrimSpace(string(e.MasterID))
	callType := strings.TrimSpace(string(e.CallType))
	cur := t.contacts[id]
	if cur == nil {
		if _, replaced := t.alias[id]; replaced {
			// The old leg of a transferred contact closing: the desk
			// already follows the new ID.
			return nil
		}
	}
	prevID := ""
	if cur == nil && master != "" && master != id && !strings.EqualFold(callType, "Consult") {
		// The ContactID changes on a transfer while the master ID stays
		// (seed L235, SDK MasterID): the same conversation.
		for _, oid := range t.order {
			if o := t.contacts[oid]; o != nil && o.master == master {
				cur, prevID = o, oid
				break
			}
		}
		if cur != nil {
			delete(t.contacts, prevID)
			t.alias[prevID] = id
			t.dropOrder(prevID)
		}
	}
	if cur == nil && master != "" && master != id && !strings.EqualFold(callType, "Consult") {
		// The old leg closed before the new one came: still the same
		// conversation, though the desk saw the old one end.
		if old, ok := t.gone[master]; ok && old != id {
			prevID = old
			t.alias[old] = id
			delete(t.gone, master)
		}
	}
	if cur == nil {
		cur = &tracked{}
	}
	if master == "" {
		master = firstNonEmpty(cur.master, id)
	}
	cur.master = master
	cur.callType = callType
	cur.allowDisp = e.AllowDispositions == "" || truthy(e.AllowDispositions)
	c := cur.c.Clone()
	c.ID = id
	if prevID != "" {
		c.PreviousID = prevID
	}
	switch e.Kind {
	case tChat:
		c.Channel = vendors.ChannelChat
		c.Direction = vendors.Inbound
	case tWorkItem:
		c.Channel = vendors.ChannelWorkItem
		c.Direction = vendors.Inbound
	default:
		c.Channel = vendors.ChannelVoice
		c.Direction = vendors.Outbound
		if truthy(e.IsInbound) {
			c.Direction = vendors.Inbound
		}
	}
	c.Status = contactStatus(string(e.Status), bool(e.FinalState), cur.c.Status)
	c.Raw = strings.TrimSpace(string(e.Status))
	if v := strings.TrimSpace(string(e.ANI)); v != "" {
		c.From = v
	}
	if v := strings.TrimSpace(string(e.DNIS)); v != "" {
		c.To = v
	}
	skill := firstNonEmpty(string(e.SkillID), string(e.Skill))
	if skill = strings.TrimSpace(skill); skill != "" {
		cur.skillID = skill
		c.Queue = skill
		if name, ok := t.skills[skill]; ok {
			c.Queue = name
		}
	}
	if v := strings.TrimSpace(string(e.BlendingToSkillName)); v != "" {
		c.Queue = v
	}
	if c.Data == nil {
		c.Data = map[string]string{}
	}
	for k, v := range e.ScreenPopURLVariables {
		c.Data[k] = v
	}
	addContactData(c.Data, e)
	if len(c.Data) == 0 {
		c.Data = nil
	}
	if v := strings.TrimSpace(string(e.ScreenPopURL)); v != "" {
		c.ScreenPopURL = v
	}
	if v, ok := t.pops[id]; ok {
		c.ScreenPopURL = v
		delete(t.pops, id)
	}
	if p := strings.TrimSpace(string(e.ParentContactID)); p != "" && p != id {
		c.Related = t.resolve(p)
	} else if c.Related == "" && strings.EqualFold(callType, "Consult") {
		c.Related = t.onlyOtherLive(id)
	}
	if ts := parseTime(firstNonEmptyFlex(e.LastStateChangeTimeUTC, e.LastStateChangeTime)); !ts.IsZero() {
		c.Since = ts
	}
	cur.c = c
	if t.resyncing {
		t.seen[id] = true
	}
	if c.Status == vendors.ContactEnded {
		delete(t.contacts, id)
		t.dropOrder(id)
		delete(t.pops, id)
		if len(t.gone) >= 64 {
			clear(t.gone)
		}
		t.gone[cur.master] = id
	} else {
		if _, ok := t.contacts[id]; !ok {
			t.order = append(t.order, id)
		}
		t.contacts[id] = cur
	}
	return []vendors.Event{vendors.ContactEvent{Contact: c.Clone()}}
}

// addContactData keeps what a screen pop shows for chats and work items.
func addContactData(d map[string]string, e *evContact) {
	set := func(k, v string) {
		if v = strings.TrimSpace(v); v != "" {
			d[k] = v
		}
	}
	switch e.Kind {
	case tChat:
		set("room_id", string(e.RoomID))
		for _, m := range e.Messages {
			if strings.EqualFold(string(m.PartyType), "Client") {
				set("message", firstNonEmpty(string(m.Text), string(m.Message)))
				break
			}
		}
	case tWorkItem:
		set("work_item_id", string(e.WorkItemID))
		set("work_item_type", string(e.WorkItemType))
		p := strings.TrimSpace(string(e.WorkItemPayload))
		set("payload", p)
		// The payload is JSON inside a string (note §7.E #43): show its
		// top-level scalars too.
		var obj map[string]any
		if json.Unmarshal([]byte(p), &obj) == nil {
			for k, v := range obj {
				switch x := v.(type) {
				case string:
					set("payload."+k, x)
				case float64, bool:
					b, _ := json.Marshal(x)
					set("payload."+k, string(b))
				}
			}
		}
	}
}

func firstNonEmptyFlex[S ~string](ss ...S) S {
	for _, s := range ss {
		if strings.TrimSpace(string(s)) != "" {
			return s
		}
	}
	return ""
}

// onlyOtherLive names the one other live voice contact, for a consult leg
// that does not carry ParentContactId.
func (t *tracker) onlyOtherLive(id string) string {
	found := ""
	for _, oid := range t.order {
		o := t.contacts[oid]
		if oid == id || o == nil || o.c.Channel != vendors.ChannelVoice || strings.EqualFold(o.callType, "Consult") {
			continue
		}
		if found != "" {
			return ""
		}
		found = oid
	}
	return found
}

func (t *tracker) dropOrder(id string) {
	for i, x := range t.order {
		if x == id {
			t.order = append(t.order[:i], t.order[i+1:]...)
			return
		}
	}
}

// pageOpen sets a contact's screen pop (seed L374-L381); one that arrives
// before its contact waits for it.
func (t *tracker) pageOpen(e *evPageOpen) []vendors.Event {
	t.mu.Lock()
	defer t.mu.Unlock()
	uri := strings.TrimSpace(string(e.PageURI))
	id := t.resolve(strings.TrimSpace(string(e.ContactID)))
	if uri == "" || id == "" {
		return nil
	}
	cur := t.contacts[id]
	if cur == nil {
		if len(t.pops) < 64 {
			t.pops[id] = uri
		}
		return nil
	}
	if cur.c.ScreenPopURL == uri {
		return nil
	}
	cur.c.ScreenPopURL = uri
	return []vendors.Event{vendors.ContactEvent{Contact: cur.c.Clone()}}
}

// lookup returns a live contact by the ID the desk knows (old IDs follow
// their transfer).
func (t *tracker) lookup(id string) (tracked, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	c, ok := t.contacts[t.resolve(id)]
	if !ok {
		return tracked{}, false
	}
	cc := *c
	cc.c = c.c.Clone()
	return cc, true
}

// live lists the live contacts in arrival order.
func (t *tracker) live() []tracked {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := make([]tracked, 0, len(t.order))
	for _, id := range t.order {
		if c := t.contacts[id]; c != nil {
			cc := *c
			cc.c = c.c.Clone()
			out = append(out, cc)
		}
	}
	return out
}

// beginResync starts counting which contacts the platform re-reports.
func (t *tracker) beginResync() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.resyncing = true
	t.seen = map[string]bool{}
	t.stateSeen = false
}

// endResync closes a resync. With a snapshot (AgentSessionStart came), a
// contact the platform did not re-report is gone; without one the driver
// re-reports what it holds, so the desk keeps it.
func (t *tracker) endResync(snapshot bool) []vendors.Event {
	t.mu.Lock()
	defer t.mu.Unlock()
	if !t.resyncing {
		return nil
	}
	t.resyncing = false
	var out []vendors.Event
	if !t.stateSeen && t.hasState {
		out = append(out, vendors.StateEvent{State: t.state})
	}
	for _, id := range append([]string(nil), t.order...) {
		c := t.contacts[id]
		switch {
		case c == nil:
		case t.seen[id]:
		case snapshot:
			delete(t.contacts, id)
			t.dropOrder(id)
		default:
			out = append(out, vendors.ContactEvent{Contact: c.c.Clone()})
		}
	}
	return append(out, vendors.SyncedEvent{})
}
