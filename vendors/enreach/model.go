package enreach

import (
	"strings"
	"time"

	"tandem/vendors"
	"tandem/vendors/flex"
)

// model is the desk's picture built from RTE events: the agent's
// availability and queue status, the live calls and the queue board. It
// does no I/O; the session feeds it messages and emits what it returns.
type model struct {
	userID string

	avail      string // UserAvailability.Availability, raw
	haveStatus bool
	st         statusFlags
	wrapCalls  map[string]bool // calls whose wrap-up has started and not ended

	calls     map[string]*call
	callOrder []string
	// queueOfCall remembers the queue name queue events gave a call, for the
	// user events that do not carry one.
	queueOfCall map[string]string
	queueKeys   []string // FIFO bound for queueOfCall

	queues     map[string]*vendors.QueueStatus
	queueOrder []string

	state vendors.AgentState
}

type statusFlags struct {
	Talking, Available, Schedule, Serving, FetchMode, CanBeAllocatedTo bool
	ActiveQueueID                                                      string
	WrapUp                                                             bool
}

type call struct {
	c           vendors.Contact
	wrapEnabled bool
	reported    bool // reported since the last Connected
}

const maxRememberedQueues = 512

func newModel(userID string) *model {
	return &model{
		userID:      userID,
		wrapCalls:   map[string]bool{},
		calls:       map[string]*call{},
		queueOfCall: map[string]string{},
		queues:      map[string]*vendors.QueueStatus{},
		// No availability yet: Enreach treats "none" as Available (E9).
		st: statusFlags{Available: true, Schedule: true, Serving: true, CanBeAllocatedTo: true},
	}
}

// setQueues names the user's queues (from REST) for the board.
func (m *model) setQueues(qs []queueRef) {
	for _, q := range qs {
		key := strings.ToLower(q.ID)
		if cur, ok := m.queues[key]; ok {
			if q.Name != "" {
				cur.Name = q.Name
			}
			continue
		}
		m.queues[key] = &vendors.QueueStatus{ID: q.ID, Name: q.Name}
		m.queueOrder = append(m.queueOrder, key)
	}
}

// apply folds one message into the model and returns the events it causes,
// contacts first. State changes are reported by agentState, not here.
func (m *model) apply(msg message) []vendors.Event {
	at := msg.At
	if at.IsZero() {
		at = time.Now().UTC()
	}
	switch {
	case msg.Status != nil:
		m.applyStatus(msg.Status)
	case msg.Avail != nil:
		if a := strings.TrimSpace(string(msg.Avail.Availability)); a != "" {
			m.avail = a
		}
	case msg.Queue != nil:
		return m.applyQueue(msg.Queue)
	case msg.Call != nil:
		return m.applyCall(msg.Event, msg.Call, at)
	}
	return nil
}

func (m *model) applyStatus(s *userStatus) {
	m.haveStatus = true
	set := func(dst *bool, v *flex.Bool) {
		if v != nil {
			*dst = bool(*v)
		}
	}
	set(&m.st.Talking, s.Talking)
	set(&m.st.Available, s.Available)
	set(&m.st.Schedule, s.Schedule)
	set(&m.st.Serving, s.Serving)
	set(&m.st.FetchMode, s.FetchMode)
	set(&m.st.CanBeAllocatedTo, s.CanBeAllocatedTo)
	m.st.ActiveQueueID = string(s.ActiveQueueID)
	m.st.WrapUp = !s.WrapUpStart.IsZero() || !s.WrapUpEnd.IsZero()
	if !m.st.WrapUp {
		// The platform says wrap-up is over: forget what the events said.
		for id := range m.wrapCalls {
			delete(m.wrapCalls, id)
		}
	}
}

func (m *model) applyQueue(q *queueStatus) []vendors.Event {
	id := strings.TrimSpace(string(q.QueueID))
	key := strings.ToLower(id)
	cur, ok := m.queues[key]
	if !ok {
		cur = &vendors.QueueStatus{ID: id}
		m.queues[key] = cur
		m.queueOrder = append(m.queueOrder, key)
	}
	if n := strings.TrimSpace(string(q.QueueName)); n != "" {
		cur.Name = n
	}
	cur.Waiting = nonNeg(int(q.NbrOfQueuingRequesters))
	// MaxWaitTime has no unit in the document (A38): seconds.
	cur.LongestWait = time.Duration(nonNeg(int(q.MaxWaitTime))) * time.Second
	cur.Agents = nonNeg(int(q.NbrOfAgentsCheckedInQueue))
	cur.Available = nonNeg(int(q.NbrOfAgentsImmediatelyFree))
	return []vendors.Event{m.board()}
}

func nonNeg(n int) int {
	if n < 0 {
		return 0
	}
	return n
}

// board is the whole queue board.
func (m *model) board() vendors.QueueEvent {
	out := make([]vendors.QueueStatus, 0, len(m.queueOrder))
	for _, k := range m.queueOrder {
		out = append(out, *m.queues[k])
	}
	return vendors.QueueEvent{Queues: out}
}

func (m *model) queueName(id string) string {
	if q, ok := m.queues[strings.ToLower(strings.TrimSpace(id))]; ok {
		return q.Name
	}
	return ""
}

func (m *model) rememberQueue(callID, name string) {
	if _, ok := m.queueOfCall[callID]; !ok {
		m.queueKeys = append(m.queueKeys, callID)
		if len(m.queueKeys) > maxRememberedQueues {
			delete(m.queueOfCall, m.queueKeys[0])
			m.queueKeys = m.queueKeys[1:]
		}
	}
	m.queueOfCall[callID] = name
}

func (m *model) applyCall(ev string, e *callEvent, at time.Time) []vendors.Event {
	id := strings.TrimSpace(string(e.CallID))
	c := m.calls[id]
	switch ev {
	case evQueueCallInComing, evQueueCallInArrived:
		name := string(e.QueueName)
		if name == "" {
			name = m.queueName(string(e.QueueID))
		}
		if name == "" {
			return nil
		}
		m.rememberQueue(id, name)
		if c != nil && c.c.Queue == "" {
			c.c.Queue = name
			return m.report(c)
		}
		return nil
	case evUserCallInComing, evUserCallInArrived, evUserCallInUserAllocated:
		if c == nil {
			c = m.newCall(id, vendors.Inbound, e, at)
			c.c.Status = vendors.ContactOffered
		} else if c.c.Status != vendors.ContactOffered {
			return nil // a late offer for a call already answered
		}
		m.fill(c, e)
		return m.move(c, vendors.ContactOffered, ev, at)
	case evUserCallInUserConnected:
		if c == nil {
			c = m.newCall(id, vendors.Inbound, e, at)
		}
		m.fill(c, e)
		return m.move(c, vendors.ContactConnected, ev, at)
	case evUserCallOutConnected:
		if c == nil {
			c = m.newCall(id, vendors.Outbound, e, at)
		}
		m.fill(c, e)
		return m.move(c, vendors.ContactConnected, ev, at)
	case evUserWrapUpEnabled:
		if c != nil {
			c.wrapEnabled = true
		}
		return nil
	}
	if c == nil {
		// Endings and transfers of calls the desk never saw (or already
		// closed) say nothing new about a contact.
		if ev == evUserWrapUpStarted {
			m.wrapCalls[id] = true
		}
		if ev == evUserWrapUpTerminated {
			delete(m.wrapCalls, id)
			m.clearWrapIfDone()
		}
		return nil
	}
	switch ev {
	case evUserCallInUserCancelled, evUserCallInOverflow, evUserCallInUserOverflow,
		evUserCallInTransferConnected:
		// The call left the agent: cancelled offer, overflow, transfer away.
		return m.move(c, vendors.ContactEnded, ev, at)
	case evUserCallInTransferStarted, evUserCallInTransferCancelled:
		return m.move(c, c.c.Status, ev, at)
	case evUserCallInDisconnected, evUserCallOutDisconnected:
		if c.wrapEnabled && c.c.Status == vendors.ContactConnected {
			m.wrapCalls[id] = true
			return m.move(c, vendors.ContactWrapUp, ev, at)
		}
		return m.move(c, vendors.ContactEnded, ev, at)
	case evUserWrapUpStarted:
		m.wrapCalls[id] = true
		return m.move(c, vendors.ContactWrapUp, ev, at)
	case evUserWrapUpTerminated:
		delete(m.wrapCalls, id)
		m.clearWrapIfDone()
		return m.move(c, vendors.ContactEnded, ev, at)
	}
	return nil
}

func (m *model) clearWrapIfDone() {
	if len(m.wrapCalls) == 0 {
		m.st.WrapUp = false
	}
}

func (m *model) newCall(id string, dir vendors.Direction, e *callEvent, at time.Time) *call {
	c := &call{c: vendors.Contact{ID: id, Channel: vendors.ChannelVoice, Direction: dir, Since: at}}
	m.calls[id] = c
	m.callOrder = append(m.callOrder, id)
	return c
}

// fill copies what the event knows about the call into fields still empty.
func (m *model) fill(c *call, e *callEvent) {
	setIf := func(dst *string, v string) {
		if v = strings.TrimSpace(v); *dst == "" && v != "" {
			*dst = v
		}
	}
	setIf(&c.c.From, string(e.CallerNumber))
	setIf(&c.c.To, string(e.TargetNumber))
	if c.c.Queue == "" {
		q := m.queueOfCall[c.c.ID]
		if q == "" {
			q = string(e.QueueName)
		}
		if q == "" {
			q = m.queueName(string(e.QueueID))
		}
		if q == "" && c.c.Direction == vendors.Inbound && m.st.ActiveQueueID != "" {
			q = m.queueName(m.st.ActiveQueueID)
		}
		setIf(&c.c.Queue, q)
	}
	if leg := strings.TrimSpace(string(e.LegID)); leg != "" {
		if c.c.Data == nil {
			c.c.Data = map[string]string{}
		}
		if _, ok := c.c.Data["leg_id"]; !ok {
			c.c.Data["leg_id"] = leg
		}
	}
}

// move sets the contact's status and raw event name and reports it.
func (m *model) move(c *call, st vendors.ContactStatus, raw string, at time.Time) []vendors.Event {
	if c.c.Status != st {
		c.c.Since = at
	}
	c.c.Status = st
	c.c.Raw = raw
	return m.report(c)
}

// report emits the whole contact and forgets it once ended.
func (m *model) report(c *call) []vendors.Event {
	c.reported = true
	ev := vendors.ContactEvent{Contact: c.c.Clone()}
	if !c.c.Status.Live() {
		m.forget(c.c.ID)
	}
	return []vendors.Event{ev}
}

func (m *model) forget(id string) {
	delete(m.calls, id)
	for i, x := range m.callOrder {
		if x == id {
			m.callOrder = append(m.callOrder[:i], m.callOrder[i+1:]...)
			break
		}
	}
}

// startResync marks every held contact as not yet re-reported.
func (m *model) startResync() {
	m.haveStatus = false
	for _, c := range m.calls {
		c.reported = false
	}
}

// finishResync re-reports every live contact not reported since the
// reconnection. There is no call snapshot in the RTE (G3): a fresh
// UserStatus that says the agent neither talks nor wraps up proves the
// calls held from before are over; without one they are kept.
func (m *model) finishResync() []vendors.Event {
	var out []vendors.Event
	for _, id := range append([]string(nil), m.callOrder...) {
		c := m.calls[id]
		if c == nil || c.reported {
			continue
		}
		if m.haveStatus {
			gone := (c.c.Status == vendors.ContactWrapUp && !m.st.WrapUp) ||
				(c.c.Status != vendors.ContactWrapUp && !m.st.Talking)
			if gone {
				delete(m.wrapCalls, id)
				out = append(out, m.move(c, vendors.ContactEnded, "gone after reconnect", time.Now().UTC())...)
				continue
			}
		}
		out = append(out, m.report(c)...)
	}
	return out
}

// liveContacts is how many contacts the model holds.
func (m *model) liveContacts() int { return len(m.calls) }

// Not-ready reasons the desk can show; Enreach has no reason codes, these
// name why calls are not allocated.
var notReadyReasons = []vendors.Reason{
	{Code: "DoNotDisturb", Label: "Do not disturb"},
	{Code: "OffWork", Label: "Off work"},
	{Code: "NotServing", Label: "Not serving in queues"},
	{Code: "FetchMode", Label: "Fetch mode (no automatic calls)"},
	{Code: "Unavailable", Label: "Cannot take calls"},
}

func reasonFor(code string) *vendors.Reason {
	for _, r := range notReadyReasons {
		if r.Code == code {
			r := r
			return &r
		}
	}
	return &vendors.Reason{Code: code, Label: code}
}

// agentState derives the normalized state (note §4.2, in this order):
// talking (or a live call) is busy; a wrap-up window is wrap_up; DND or
// OffWork, not serving, fetch mode are not_ready with that reason; a user
// the platform can allocate to is ready. Busy, Away and BRB allocate calls
// like Available (E9), so they are ready with the raw value kept.
func (m *model) agentState() vendors.AgentState {
	avail := m.avail
	if avail == "" {
		switch {
		case m.haveStatus && !m.st.Schedule:
			avail = "OffWork"
		case m.haveStatus && !m.st.Available:
			avail = "DoNotDisturb"
		default:
			avail = "Available"
		}
	}
	busy, wrap := m.st.Talking, m.st.WrapUp || len(m.wrapCalls) > 0
	for _, c := range m.calls {
		switch c.c.Status {
		case vendors.ContactWrapUp:
			wrap = true
		case vendors.ContactOffered, vendors.ContactDialing, vendors.ContactConnected, vendors.ContactHeld:
			busy = true
		}
	}
	var st vendors.AgentState
	var word string
	switch {
	case busy:
		st.State, word = vendors.StateBusy, "talking"
	case wrap:
		st.State, word = vendors.StateWrapUp, "wrap-up"
	case strings.EqualFold(avail, "DoNotDisturb"), strings.EqualFold(avail, "DND"):
		st.State, st.Reason, word = vendors.StateNotReady, reasonFor("DoNotDisturb"), "no calls"
	case strings.EqualFold(avail, "OffWork"):
		st.State, st.Reason, word = vendors.StateNotReady, reasonFor("OffWork"), "no calls"
	case !m.st.Serving:
		st.State, st.Reason, word = vendors.StateNotReady, reasonFor("NotServing"), "not serving"
	case m.st.FetchMode:
		st.State, st.Reason, word = vendors.StateNotReady, reasonFor("FetchMode"), "fetch mode"
	case m.st.CanBeAllocatedTo:
		st.State, word = vendors.StateReady, "serving"
	default:
		st.State, st.Reason, word = vendors.StateNotReady, reasonFor("Unavailable"), "not allocatable"
	}
	st.Raw = avail + "; " + word
	return st
}

// stateChanged updates the remembered state and reports whether it differs.
func (m *model) stateChanged(at time.Time) (vendors.AgentState, bool) {
	st := m.agentState()
	same := st.State == m.state.State && st.Raw == m.state.Raw && sameReason(st.Reason, m.state.Reason)
	if same {
		return m.state, false
	}
	if at.IsZero() {
		at = time.Now().UTC()
	}
	st.Since = at
	m.state = st
	return st, true
}

func sameReason(a, b *vendors.Reason) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}
