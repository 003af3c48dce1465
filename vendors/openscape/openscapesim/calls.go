package openscapesim

import (
	"strconv"
	"time"

	"tandem/vendors"
	"tandem/vendors/simulator"
)

// scall is one call at the agent's extension.
type scall struct {
	id                 string
	inbound, routed    bool
	status             string // ringing, dialing, connected, held, pp
	from, to           string // inbound: ANI, DNIS; outbound: extension, destination
	name               string
	queueKey           int
	requeue            int
	ctype              string
	data               []kvp
	consultOf, partner string
	conf, answered     bool
	mandatory, saved   bool
}

type kvp struct{ Key, Value string }

func party(key int, dev, typ string) map[string]any {
	return map[string]any{"agentKey": key, "device": dev, "type": typ}
}

func (s *Server) me() map[string]any { return party(AgentKey, Extension, "AGENT") }

// far is the other party of a call.
func (c *scall) far() map[string]any {
	if c.inbound {
		return party(0, c.from, "EXTERNAL")
	}
	if len(c.to) > 6 {
		return party(0, c.to, "EXTERNAL")
	}
	return party(0, c.to, "INTERNAL")
}

// tel publishes a telephony event about c with the common fields (notes
// §4.3) and extra parties.
func (s *Server) tel(typ string, c *scall, lcs, cause string, extra map[string]any) {
	d := map[string]any{
		"mediaType": "VOICE", "resource": Extension, "uniqueCallId": c.id,
		"sequenceNumber": c.requeue, "lcsType": lcs, "contactType": c.ctype, "normalCause": cause,
		"originalFrom": c.from, "originalTo": c.to,
	}
	for k, v := range extra {
		d[k] = v
	}
	s.publish("TELEPHONY", typ, Extension, d)
}

func (s *Server) newID() string {
	s.seq++
	return strconv.FormatInt(time.Now().Unix()%100000000*100000+s.seq%100000, 10) + "2"
}

func (s *Server) add(c *scall) {
	s.calls[c.id] = c
	s.order = append(s.order, c.id)
}

func (s *Server) remove(id string) {
	delete(s.calls, id)
	for i, x := range s.order {
		if x == id {
			s.order = append(s.order[:i], s.order[i+1:]...)
			break
		}
	}
}

// active is the connected or dialing call (not held), the one Answer-less
// commands like Disconnect act on.
func (s *Server) active() *scall {
	for _, id := range s.order {
		if c := s.calls[id]; c.status == "connected" || c.status == "dialing" {
			return c
		}
	}
	return nil
}

func (s *Server) ringing() *scall {
	for _, id := range s.order {
		if c := s.calls[id]; c.status == "ringing" {
			return c
		}
	}
	return nil
}

func queueKeyOf(name string) int {
	for i, q := range simulator.Queues() {
		if q == name {
			return i + 1
		}
	}
	return 1
}

// offer delivers a routed call from a believable caller (mu held).
func (s *Server) offer() (vendors.Contact, error) {
	if !s.agent.voice || s.agent.routing == "LOGGEDOFF" {
		return vendors.Contact{}, errString("the agent is not logged on")
	}
	if len(s.regs) == 0 {
		return vendors.Contact{}, errString("no application is registered")
	}
	who := s.callers.Next()
	c := &scall{
		id: s.newID(), inbound: true, routed: true, status: "ringing", from: who.Number, to: who.DNIS,
		name: who.Name, queueKey: queueKeyOf(who.Queue), ctype: "ROUTED_VOICE",
		mandatory: who.Queue == "Priority" || s.mandatoryAll,
	}
	data := who.Data()
	c.data = append(c.data, kvp{"CustomerName", who.Name})
	for _, k := range []string{"crm_id", "account", "tier", "topic", "language"} {
		c.data = append(c.data, kvp{k, data[k]})
	}
	url := "https://crm.example.com/customers/" + who.CRMID
	c.data = append(c.data, kvp{"__HPPC_SuppInfoAddress", url})
	s.add(c)
	s.tel("DELIVERED_EVENT", c, "ALERTING", "DISTRIBUTED", map[string]any{
		"deliveredToParty": s.me(), "fromParty": c.far(), "toParty": party(0, c.to, "UNKNOWN"),
		"heldParty": party(0, "", "UNKNOWN"), "redirectParty": party(-1, "", "INTERNAL"), "contactData": []any{},
	})
	s.presence()
	s.services()
	if s.opt.Rate > 0 {
		id := c.id
		s.after(25*time.Second, func() { // nobody answered: the caller gives up
			s.mu.Lock()
			defer s.mu.Unlock()
			if c := s.calls[id]; c != nil && c.status == "ringing" {
				s.farHangup(c)
			}
		})
	}
	return vendors.Contact{
		ID: c.id, Channel: vendors.ChannelVoice, Direction: vendors.Inbound, Status: vendors.ContactOffered,
		From: c.from, To: c.to, Name: who.Name, Queue: who.Queue, Data: data, ScreenPopURL: url,
	}, nil
}

type errString string

func (e errString) Error() string { return string(e) }

func (s *Server) answer() string {
	c := s.ringing()
	if c == nil {
		return "TELEPHONY_STATEERROR"
	}
	if a := s.active(); a != nil {
		s.hold(a.id)
	}
	c.status, c.answered = "connected", true
	s.tel("ESTABLISHED_EVENT", c, "CONNECTED", "NORMAL", map[string]any{
		"fromParty": c.far(), "toParty": s.me(), "redirectParty": party(-1, "", "INTERNAL"),
	})
	s.presence()
	s.services()
	if s.opt.Rate > 0 && c.inbound {
		id := c.id
		s.after(s.between(40*time.Second, 150*time.Second), func() { // the customer is done
			s.mu.Lock()
			defer s.mu.Unlock()
			if c := s.calls[id]; c != nil && (c.status == "connected" || c.status == "held") && c.partner == "" {
				s.farHangup(c)
			}
		})
	}
	return ""
}

// finish takes c off the line: into post-processing for an answered routed
// call, else gone.
func (s *Server) finish(c *scall) {
	if p := s.calls[c.partner]; p != nil {
		p.consultOf = ""
	}
	c.partner = ""
	if c.routed && c.answered && c.consultOf == "" {
		c.status = "pp"
	} else {
		if o := s.calls[c.consultOf]; o != nil {
			o.partner = ""
		}
		s.remove(c.id)
	}
	s.presence()
	s.services()
}

func (s *Server) disconnect() string {
	c := s.active()
	if c == nil {
		return "TELEPHONY_STATEERROR"
	}
	s.tel("DISCONNECTED_EVENT", c, "NULL", "NORMAL_CLEARING", map[string]any{"disconnectedParty": s.me(), "reason": "NORMAL"})
	s.finish(c)
	return ""
}

// farHangup: the other party hung up.
func (s *Server) farHangup(c *scall) {
	s.tel("DISCONNECTED_EVENT", c, "NULL", "NORMAL_CLEARING", map[string]any{"disconnectedParty": c.far(), "reason": "NORMAL"})
	s.finish(c)
}

func (s *Server) hold(id string) string {
	c := s.calls[id]
	if c == nil || c.status != "connected" {
		return "TELEPHONY_STATEERROR"
	}
	c.status = "held"
	s.tel("HELD_EVENT", c, "HOLD", "CSTA_HARD_HOLD", map[string]any{"heldParty": c.far(), "holdingParty": s.me()})
	s.presence()
	s.services()
	return ""
}

func (s *Server) retrieve(id string) string {
	c := s.calls[id]
	if c == nil || c.status != "held" || s.active() != nil {
		return "TELEPHONY_STATEERROR"
	}
	c.status = "connected"
	s.tel("RETRIEVED_EVENT", c, "CONNECTED", "NORMAL", map[string]any{"heldParty": c.far(), "retrievingParty": s.me()})
	s.presence()
	s.services()
	return ""
}

// reconnect gives up the consultation and returns to the held call.
func (s *Server) reconnect(id string) string {
	c := s.calls[id]
	if c == nil || c.status != "held" {
		return "TELEPHONY_STATEERROR"
	}
	if p := s.calls[c.partner]; p != nil {
		s.tel("DISCONNECTED_EVENT", p, "NULL", "NORMAL_CLEARING", map[string]any{"disconnectedParty": s.me(), "reason": "NORMAL"})
		s.remove(p.id)
	}
	c.partner = ""
	return s.retrieve(id)
}

// originate starts an outbound call: a consultation leg when of != nil.
func (s *Server) originate(to string, of *scall) *scall {
	c := &scall{id: s.newID(), status: "dialing", from: Extension, to: to, requeue: -1, ctype: "DIRECT_INTERNAL_VOICE"}
	if len(to) > 6 {
		c.ctype = "DIRECT_OUTGOING_VOICE"
	}
	if of != nil {
		c.consultOf, of.partner = of.id, c.id
		c.requeue = of.requeue
	}
	s.add(c)
	s.tel("SERVICE_INITIATED_EVENT", c, "INITIATE", "NEW_CALL", map[string]any{"consult": of != nil, "initiatedParty": s.me()})
	cause := "MAKE_CALL"
	if of != nil {
		cause = "CONSULTATION"
	}
	s.tel("ORIGINATED_EVENT", c, "CONNECTED", cause, map[string]any{"referenceCallId": "", "fromParty": s.me(), "toParty": c.far()})
	if c.ctype == "DIRECT_OUTGOING_VOICE" {
		s.tel("NETWORKREACHED_EVENT", c, "CONNECTED", "NETWORK_DIALLING", map[string]any{"fromParty": s.me(), "toParty": c.far()})
	}
	s.tel("DELIVERED_EVENT", c, "CONNECTED", "NEW_CALL", map[string]any{"deliveredToParty": c.far(), "fromParty": s.me(), "toParty": c.far()})
	s.presence()
	s.services()
	id := c.id
	s.after(s.between(400*time.Millisecond, 1500*time.Millisecond), func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		c := s.calls[id]
		if c == nil || c.status != "dialing" {
			return
		}
		if len(c.to) >= 4 && c.to[len(c.to)-4:] == "0000" { // trainers' busy number
			s.tel("FAILED_EVENT", c, "FAIL", "BUSY", map[string]any{"fromParty": s.me(), "toParty": c.far(), "failedParty": c.far()})
			s.finish(c)
			return
		}
		c.status, c.answered = "connected", true
		s.tel("ESTABLISHED_EVENT", c, "CONNECTED", "NORMAL", map[string]any{"fromParty": s.me(), "toParty": c.far(), "redirectParty": party(-1, "", "INTERNAL")})
		s.presence()
		s.services()
	})
	return c
}

func (s *Server) consult(id, to string) string {
	c := s.calls[id]
	if c == nil || c.status != "connected" || c.partner != "" || to == "" {
		return "TELEPHONY_STATEERROR"
	}
	if r := s.hold(id); r != "" {
		return r
	}
	s.originate(to, c)
	return ""
}

func (s *Server) dial(to string) string {
	if to == "" {
		return "EMPTY_PARAMETER"
	}
	if s.active() != nil || s.ringing() != nil {
		return "TELEPHONY_STATEERROR"
	}
	s.originate(to, nil)
	return ""
}

// transfer joins the held call and its consultation and leaves.
func (s *Server) transfer(id string) string {
	c := s.calls[id]
	if c != nil && c.consultOf != "" {
		c = s.calls[c.consultOf]
	}
	if c == nil || c.status != "held" || s.calls[c.partner] == nil {
		return "TELEPHONY_STATEERROR"
	}
	p := s.calls[c.partner]
	extra := map[string]any{"fromParty": s.me(), "toParty": p.far(), "transferredParty": c.far(), "redirectParty": party(-1, "", "INTERNAL")}
	s.tel("TRANSFERRED_EVENT", c, "NULL", "TRANSFER", extra)
	s.tel("TRANSFERRED_EVENT", p, "NULL", "TRANSFER", extra)
	s.remove(p.id)
	c.partner = ""
	s.finish(c)
	return ""
}

func (s *Server) conference(id string) string {
	c := s.calls[id]
	if c != nil && c.consultOf != "" {
		c = s.calls[c.consultOf]
	}
	if c == nil || c.status != "held" || s.calls[c.partner] == nil {
		return "TELEPHONY_STATEERROR"
	}
	p := s.calls[c.partner]
	s.remove(p.id)
	c.partner, c.status, c.conf = "", "connected", true
	s.tel("CONFERENCED_EVENT", c, "CONNECTED", "CONFERENCE", map[string]any{
		"invitedParty": p.far(), "invitingParty": s.me(), "conferenceParties": []any{c.far(), p.far(), s.me()},
	})
	s.presence()
	s.services()
	return ""
}

func (s *Server) singleStep(id, to string) string {
	c := s.calls[id]
	if c == nil || c.status != "connected" || to == "" {
		return "TELEPHONY_STATEERROR"
	}
	s.tel("TRANSFERRED_EVENT", c, "NULL", "CSTA_SINGLE_STEP_TRANSFER", map[string]any{
		"fromParty": s.me(), "toParty": party(0, to, "INTERNAL"), "transferredParty": c.far(), "redirectParty": party(-1, "", "INTERNAL"),
	})
	s.finish(c)
	return ""
}

func (s *Server) exitPP(id string) string {
	c := s.calls[id]
	if c == nil || c.status != "pp" {
		return "PRESENCE_ACTION_FAILED"
	}
	if c.mandatory && !c.saved {
		return "MANDATORY"
	}
	s.remove(id)
	s.presence()
	return ""
}
