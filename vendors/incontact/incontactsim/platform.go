package incontactsim

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"tandem/vendors/simulator"
)

// The platform side: one agent, its state, its contacts. Everything here
// runs under Sim.mu and queues events for the agent's session.

type skill struct {
	ID       int
	Name     string
	Media    int // 4 phone, 3 chat, 6 work item (inContact media type IDs)
	Outbound bool
	ACW      bool
	Extra    []disposition // on top of the common dispositions
}

type disposition struct {
	ID   int
	Name string
}

type unavailableCode struct {
	Name   string
	ACW    bool
	Active bool
}

var (
	skills = []skill{
		{ID: 1501, Name: "Sales", Media: 4, ACW: true, Extra: []disposition{{3810, "Sale"}, {3811, "No sale"}}},
		{ID: 1502, Name: "Support", Media: 4, ACW: true},
		{ID: 1503, Name: "Billing", Media: 4, ACW: true},
		{ID: 1504, Name: "Priority", Media: 4, ACW: true},
		{ID: 1507, Name: "Outbound", Media: 4, Outbound: true, ACW: true},
		{ID: 1509, Name: "Web Chat", Media: 3},
		{ID: 1528, Name: "Work Items", Media: 6},
	}
	commonDispositions = []disposition{{3801, "Resolved"}, {3802, "Callback requested"}, {3803, "Escalated"}}
	codes              = []unavailableCode{
		{"Break", false, true}, {"Lunch", false, true}, {"Meeting", false, true},
		{"Training", false, true}, {"ACW", true, true}, {"Old Project", false, false},
	}
)

func skillByID(id int) *skill {
	for i := range skills {
		if skills[i].ID == id {
			return &skills[i]
		}
	}
	return nil
}

func skillByName(name string) *skill {
	for i := range skills {
		if strings.EqualFold(skills[i].Name, name) {
			return &skills[i]
		}
	}
	return &skills[1]
}

func (k *skill) dispositions() []disposition {
	return append(append([]disposition(nil), commonDispositions...), k.Extra...)
}

func (k *skill) hasDisposition(id int) bool {
	for _, d := range k.dispositions() {
		if d.ID == id {
			return true
		}
	}
	return false
}

const (
	kindCall     = "call"
	kindChat     = "chat"
	kindWorkItem = "workitem"
)

type contact struct {
	ID       string
	Master   string
	Parent   string
	Kind     string
	Status   string // Incoming, Dialing, Active, Holding, Joined, Disconnected
	Final    bool
	CallType string
	Inbound  bool
	ANI      string
	DNIS     string
	Skill    *skill
	Start    time.Time
	Changed  time.Time
	PopURL   string
	Vars     []map[string]string
	Code     string // DisconnectCode
	Answered bool
	Room     string
	WorkItem string
	Payload  string
	Message  string
	autoEnd  time.Time
}

func (c *contact) live() bool { return !c.Final }
func (c *contact) inACW() bool {
	return c.Status == "Disconnected" && !c.Final
}

// agent is the platform's picture of the agent.
type agent struct {
	State  string // LoggedOut, Available, Unavailable, InboundContact, ...
	Reason string
	ACW    bool
	Since  time.Time
	Base   stateRef // where the agent goes when contacts end
}

func (s *Sim) nextContactID() string {
	s.contactSeq++
	return strconv.FormatInt(s.contactSeq, 10)
}

// b spells a boolean the seed's way, sometimes in the prose's lower case
// (note §7.E #39), so drivers take both.
func (s *Sim) b(v bool) string {
	s.variant++
	out := "False"
	if v {
		out = "True"
	}
	if s.variant%5 == 0 {
		return strings.ToLower(out)
	}
	return out
}

func (s *Sim) contactEvent(c *contact) any {
	switch c.Kind {
	case kindChat:
		ev := chatContactEvent{Type: "ChatContactEvent", ContactID: c.ID, RoomID: c.Room, Status: c.Status,
			Skill: strconv.Itoa(c.Skill.ID), StartTime: stamp(c.Start), LastStateChangeTime: stamp(c.Changed),
			ScreenPopURL: c.PopURL, RefusalTimeout: "45", IsActive: s.b(!c.Final), FinalState: s.b(c.Final)}
		if c.Message != "" {
			ev.Messages = []chatMessage{{Text: c.Message, TimeStamp: stamp(c.Start), PartyType: "Client"}}
		}
		return ev
	case kindWorkItem:
		return workItemEvent{Type: "WorkItemContactEvent", ContactID: c.ID, Status: c.Status, WorkItemID: c.WorkItem,
			WorkItemPayload: c.Payload, WorkItemType: "Case", AgentID: strconv.Itoa(s.agentID),
			SkillID: strconv.Itoa(c.Skill.ID), StartTimeUTC: stamp(c.Start), LastStateChangeTimeUTC: stamp(c.Changed),
			ScreenPopURL: c.PopURL, ScreenPopURLVariables: c.Vars, RefusalTimeout: "45", FinalState: s.b(c.Final)}
	}
	return callContactEvent{Type: "CallContactEvent", ContactID: c.ID, MasterID: c.Master, ParentContactID: c.Parent,
		Status: c.Status, OriginalState: s.b(false), CallType: c.CallType, DNIS: c.DNIS, ANI: c.ANI,
		Skill: strconv.Itoa(c.Skill.ID), IsInbound: s.b(c.Inbound), StartTimeUTC: stamp(c.Start),
		LastStateChangeTimeUTC: stamp(c.Changed), ScreenPopURL: c.PopURL, ScreenPopURLVariables: c.Vars,
		DisconnectCode: firstNonEmpty(c.Code, "NA"), IsLogging: s.b(false), AllowDispositions: s.b(c.Kind == kindCall && c.CallType != "Consult"),
		IsLinked: s.b(false), FinalState: s.b(c.Final)}
}

// afterAccept sends what follows an answer: the customer's chat text, or
// a CRM indicator for a call.
func (s *Sim) afterAccept(c *contact) {
	switch c.Kind {
	case kindChat:
		s.push(chatTextEvent{Type: "ChatText", RoomID: c.Room, Label: "Customer", Message: "Are you there?",
			PartyType: "Client", TimeStamp: stamp(time.Now())})
	case kindCall:
		s.push(indicatorEvent{Type: "Indicator", Name: "CRM", ImageURI: "https://crm.example.com/icon.png",
			ActionType: "OpenURL", ActionURI: c.PopURL, ToolTip: "Open the customer record", IndicatorState: "On"})
	}
}

// setStatus moves a contact and reports it.
func (s *Sim) setStatus(c *contact, status string, final bool) {
	c.Status, c.Final, c.Changed = status, final, time.Now()
	s.push(s.contactEvent(c))
	if final && c.Kind == kindChat {
		s.push(chatTextEvent{Type: "ChatText", RoomID: c.Room, Label: "SystemSaysHello",
			Message: "$Localized:ChatSessionEnded", PartyType: "System", TimeStamp: stamp(c.Changed)})
	}
	if final {
		s.removeContact(c)
	}
}

func (s *Sim) removeContact(c *contact) {
	for i, x := range s.contacts {
		if x == c {
			s.contacts = append(s.contacts[:i], s.contacts[i+1:]...)
			return
		}
	}
}

func (s *Sim) findContact(id string) *contact {
	for _, c := range s.contacts {
		if c.ID == id {
			return c
		}
	}
	return nil
}

// disconnect tears a contact down: an answered call on an ACW skill stays
// open in ACW (FinalState "False"), everything else closes (seed L253).
func (s *Sim) disconnect(c *contact, code string) {
	c.Code = code
	acw := c.Kind == kindCall && c.CallType != "Consult" && c.Answered && c.Skill.ACW
	s.setStatus(c, "Disconnected", !acw)
}

// reconcile derives the agent state from the contacts and reports it when
// it changed (or always, when force is set, to confirm a request).
func (s *Sim) reconcile(force bool) {
	if s.sess == nil {
		return
	}
	st, reason, acw := s.ag.Base.State, s.ag.Base.OutReason, false
	var next []stateRef
	busy, consult, inbound, inACW := false, false, false, false
	for _, c := range s.contacts {
		switch {
		case c.inACW():
			inACW = true
		default:
			if !busy {
				inbound = c.Inbound
			}
			busy = true
			if c.CallType == "Consult" {
				consult = true
			}
		}
	}
	switch {
	case busy:
		switch {
		case consult && inbound:
			st = "InboundConsult"
		case consult:
			st = "OutboundConsult"
		case inbound:
			st = "InboundContact"
		default:
			st = "OutboundContact"
		}
		reason = ""
		if s.anyACWSkill() {
			next = append(next, stateRef{"Unavailable", "ACW"})
		}
		next = append(next, s.ag.Base)
	case inACW:
		st, reason, acw = "Unavailable", "ACW", true
		next = []stateRef{s.ag.Base}
	case st == "Unavailable":
		next = []stateRef{s.ag.Base}
	}
	if !force && st == s.ag.State && reason == s.ag.Reason && acw == s.ag.ACW {
		return
	}
	if st != s.ag.State || reason != s.ag.Reason || acw != s.ag.ACW {
		s.ag.Since = time.Now()
	}
	s.ag.State, s.ag.Reason, s.ag.ACW = st, reason, acw
	s.push(s.stateEvent(next))
}

func (s *Sim) anyACWSkill() bool {
	for _, c := range s.contacts {
		if c.Kind == kindCall && c.CallType != "Consult" && c.Skill.ACW && c.live() {
			return true
		}
	}
	return false
}

func (s *Sim) stateEvent(next []stateRef) agentStateEvent {
	if next == nil {
		next = []stateRef{}
	}
	ev := agentStateEvent{Type: "AgentState", CurrentState: s.ag.State, CurrentOutReason: s.ag.Reason,
		NextStates: next, StartTimeUTC: stamp(s.ag.Since), AcwTimeout: "0"}
	s.acwSpelling++
	if s.acwSpelling%2 == 0 {
		ev.IsACW = s.b(s.ag.ACW)
	} else {
		ev.IsAcw = s.b(s.ag.ACW)
	}
	return ev
}

// snapshotEvents describe the session as a join or an old session ID
// gets it (seed L7): AgentSessionStart, the state, every open contact.
func (s *Sim) snapshotEvents() []any {
	out := []any{s.sessionStart(), s.stateEvent(s.currentNext())}
	for _, c := range s.contacts {
		out = append(out, s.contactEvent(c))
	}
	return out
}

func (s *Sim) currentNext() []stateRef {
	if s.ag.State == "Available" {
		return nil
	}
	return []stateRef{s.ag.Base}
}

func (s *Sim) sessionStart() sessionStartEvent {
	return sessionStartEvent{Type: "AgentSessionStart", BusNo: strconv.Itoa(s.busNo), AgentID: strconv.Itoa(s.agentID),
		SessionID: s.sess.platformID, StationPhoneNumber: s.sess.station, StationCallerID: s.callerID,
		DialerCampaign: "", DialerCampaignStartTime: stamp(s.sess.started), SupervisorPermissionLevel: "0",
		CanMask: s.b(true), AgentSchedulePermission: s.b(true), ScoreRecordingsPermission: s.b(false),
		HideAgentStatePermission: "", CanMultiPartyConference: s.b(true)}
}

// offerCall puts a new inbound call to the agent (status Incoming while the
// agent leg is called, seed L205) and opens its screen pop page.
func (s *Sim) offerCall(caller simulator.Caller) *contact {
	now := time.Now()
	c := &contact{ID: s.nextContactID(), Kind: kindCall, Status: "Incoming", CallType: "Regular", Inbound: true,
		ANI: caller.Number, DNIS: caller.DNIS, Skill: skillByName(caller.Queue), Start: now, Changed: now}
	c.Master = c.ID
	c.Vars = popVars(caller)
	c.PopURL = fmt.Sprintf("https://crm.example.com/contacts/%s?contact=%s", caller.CRMID, c.ID)
	s.contacts = append(s.contacts, c)
	s.push(s.contactEvent(c))
	s.push(pageOpenEvent{Type: "PageOpen", ContactID: c.ID, Action: "OPEN", PageURI: c.PopURL})
	s.reconcile(false)
	return c
}

func popVars(caller simulator.Caller) []map[string]string {
	out := []map[string]string{{"customer_name": caller.Name}}
	for _, k := range []string{"crm_id", "account", "tier", "topic", "language"} {
		out = append(out, map[string]string{k: caller.Data()[k]})
	}
	return out
}

func varsMap(v []map[string]string) map[string]string {
	out := map[string]string{}
	for _, m := range v {
		for k, x := range m {
			out[k] = x
		}
	}
	return out
}

func (s *Sim) offerChat(caller simulator.Caller) *contact {
	now := time.Now()
	s.roomSeq++
	c := &contact{ID: s.nextContactID(), Kind: kindChat, Status: "Incoming", Inbound: true, Skill: skillByID(1509),
		Start: now, Changed: now, Room: strconv.Itoa(s.roomSeq), Message: "Hi, " + strings.ToLower(caller.Topic) + "?"}
	c.Master = c.ID
	s.contacts = append(s.contacts, c)
	s.push(s.contactEvent(c))
	s.push(pageOpenEvent{Type: "PageOpen", ContactID: c.ID, Action: "OPEN",
		PageURI: fmt.Sprintf("https://crm.example.com/chats/%s?customer=%s", c.Room, caller.CRMID)})
	s.reconcile(false)
	return c
}

func (s *Sim) offerWorkItem(caller simulator.Caller) *contact {
	now := time.Now()
	s.workSeq++
	c := &contact{ID: s.nextContactID(), Kind: kindWorkItem, Status: "Incoming", Inbound: true, Skill: skillByID(1528),
		Start: now, Changed: now, WorkItem: strconv.Itoa(3900 + s.workSeq),
		Payload: fmt.Sprintf(`{"case":"%s","subject":%q,"priority":"%s"}`, caller.CRMID, caller.Topic, caller.Tier)}
	c.Master = c.ID
	c.Vars = []map[string]string{{"crm_id": caller.CRMID}, {"customer_name": caller.Name}}
	c.PopURL = fmt.Sprintf("https://crm.example.com/cases/%s?crm_id=%s", c.WorkItem, caller.CRMID)
	s.contacts = append(s.contacts, c)
	s.push(s.contactEvent(c))
	s.reconcile(false)
	return c
}

// dial places an outbound call or, with a parent, a consult leg; the far
// end answers a moment later.
func (s *Sim) dial(dest string, sk *skill, parent *contact, dnisLabel string) *contact {
	now := time.Now()
	c := &contact{ID: s.nextContactID(), Kind: kindCall, Status: "Dialing", CallType: "Regular", ANI: s.callerID,
		DNIS: dest, Skill: sk, Start: now, Changed: now, Answered: true}
	if dnisLabel != "" {
		c.DNIS = dnisLabel
	}
	c.Master = c.ID
	if parent != nil {
		c.CallType, c.Parent = "Consult", parent.ID
		if parent.Status == "Active" || parent.Status == "Joined" {
			s.setStatus(parent, "Holding", false)
		}
	}
	s.contacts = append(s.contacts, c)
	s.push(s.contactEvent(c))
	s.reconcile(false)
	id := c.ID
	time.AfterFunc(s.connectDelay, func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		if c := s.findContact(id); c != nil && c.Status == "Dialing" && s.sess != nil {
			s.setStatus(c, "Active", false)
			s.reconcile(false)
		}
	})
	return c
}

// consultOf finds a held contact with a live consult leg.
func (s *Sim) consultPair() (parent, leg *contact) {
	for _, c := range s.contacts {
		if c.CallType == "Consult" && c.live() && c.Status != "Disconnected" {
			if p := s.findContact(c.Parent); p != nil && p.live() {
				return p, c
			}
		}
	}
	return nil, nil
}

// endACW closes every contact in ACW (FinalState "True").
func (s *Sim) endACW() {
	for _, c := range append([]*contact(nil), s.contacts...) {
		if c.inACW() {
			s.setStatus(c, "Disconnected", true)
		}
	}
}

func codeByName(name string) (unavailableCode, bool) {
	for _, c := range codes {
		if strings.EqualFold(c.Name, name) {
			return c, true
		}
	}
	return unavailableCode{}, false
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
