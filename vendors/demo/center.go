package demo

import (
	"bufio"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"tandem/vendors"
	"tandem/vendors/simulator"
)

// Reasons and wrap-up codes of the demo contact center.
var (
	notReadyReasons = []vendors.Reason{
		{Code: "10", Label: "Break"}, {Code: "11", Label: "Lunch"}, {Code: "12", Label: "Meeting"},
		{Code: "13", Label: "Training"}, {Code: "14", Label: "Coaching"}, {Code: "15", Label: "Back office"},
	}
	wrapUpCodes = []vendors.Reason{
		{Code: "1", Label: "Sale"}, {Code: "2", Label: "Information given"}, {Code: "3", Label: "Complaint"},
		{Code: "4", Label: "Callback scheduled"}, {Code: "5", Label: "Wrong number"}, {Code: "6", Label: "Escalated"},
	}
	missedReason = vendors.Reason{Code: "missed", Label: "Missed contact"}
)

// allCaps is every command of the model: the demo does them all.
var allCaps = vendors.Caps(nil, vendors.AllCommands...)

// Center is the demo contact center: one agent, its contacts, and a TCP
// listener speaking the demo protocol.
type Center struct {
	opts     simulator.Options
	log      *slog.Logger
	ln       net.Listener
	callers  *simulator.Callers
	user     string
	password string
	agent    string
	ext      string

	// ConnectDelay is how long a dialled or consulted party takes to
	// answer; RingTimeout how long an offer rings before it is missed.
	ConnectDelay time.Duration
	RingTimeout  time.Duration

	requests atomic.Int64

	mu         sync.Mutex
	base       vendors.State // what the agent chose: ready, not_ready, logged_out
	baseReason *vendors.Reason
	last       wireState
	contacts   map[string]*vendors.Contact
	ringing    map[string]*time.Timer // ring timeouts of offered contacts
	order      []string
	nextID     int
	conns      map[*centerConn]struct{}
	offerTimer *time.Timer
	board      *queueBoard
	queues     []vendors.QueueStatus
	boardTimer *time.Timer
	closed     bool
}

type centerConn struct {
	c      net.Conn
	wmu    sync.Mutex
	authed bool
}

// NewCenter starts a demo contact center listening on o.Addr (a free
// loopback port when empty).
func NewCenter(o simulator.Options) (*Center, error) {
	ln, err := o.Listen()
	if err != nil {
		return nil, err
	}
	c := &Center{
		opts:         o,
		log:          o.Log(),
		ln:           ln,
		callers:      simulator.NewCallers(o.Seed),
		user:         "agent",
		password:     randomSecret(),
		agent:        "1001",
		ext:          "2001",
		ConnectDelay: 1500 * time.Millisecond,
		RingTimeout:  30 * time.Second,
		base:         vendors.StateLoggedOut,
		contacts:     map[string]*vendors.Contact{},
		ringing:      map[string]*time.Timer{},
		conns:        map[*centerConn]struct{}{},
	}
	c.last = c.stateLocked()
	c.board = newQueueBoard(o.Seed)
	c.queues = c.board.step(time.Now())
	go c.accept()
	c.mu.Lock()
	c.armOfferLocked()
	c.armBoardLocked()
	c.mu.Unlock()
	return c, nil
}

func randomSecret() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// Addr is the listener's address.
func (c *Center) Addr() string { return c.ln.Addr().String() }

// Close stops the center and drops every connection.
func (c *Center) Close() error {
	c.mu.Lock()
	c.closed = true
	if c.offerTimer != nil {
		c.offerTimer.Stop()
	}
	if c.boardTimer != nil {
		c.boardTimer.Stop()
	}
	conns := c.conns
	c.conns = map[*centerConn]struct{}{}
	c.mu.Unlock()
	err := c.ln.Close()
	for cc := range conns {
		cc.c.Close()
	}
	return err
}

func (c *Center) accept() {
	for {
		nc, err := c.ln.Accept()
		if err != nil {
			return
		}
		cc := &centerConn{c: nc}
		c.mu.Lock()
		if c.closed {
			c.mu.Unlock()
			nc.Close()
			return
		}
		c.conns[cc] = struct{}{}
		c.mu.Unlock()
		go c.serve(cc)
	}
}

func (c *Center) serve(cc *centerConn) {
	defer func() {
		c.mu.Lock()
		delete(c.conns, cc)
		c.mu.Unlock()
		cc.c.Close()
	}()
	sc := bufio.NewScanner(cc.c)
	sc.Buffer(make([]byte, 4096), maxLineLen)
	for sc.Scan() {
		f, err := decodeFrame(sc.Bytes())
		if err != nil {
			c.log.Warn("demo center: skipping malformed frame", "err", err)
			continue
		}
		switch f.Op {
		case opPing:
			c.send(cc, frame{Op: opPong})
		case opAuth:
			if f.User != c.user || f.Password != c.password {
				c.send(cc, frame{Op: opResult, Kind: "auth", Error: "wrong user name or password"})
				return
			}
			c.mu.Lock()
			c.send(cc, frame{Op: opAuthOK})
			cc.authed = true
			// Logging in to the desk logs the agent in to routing, ready.
			if c.base == vendors.StateLoggedOut {
				c.base, c.baseReason = vendors.StateReady, nil
				c.publishStateLocked(false)
			}
			c.snapshotLocked(cc)
			c.mu.Unlock()
		case opCmd:
			c.requests.Add(1)
			if !cc.authed {
				c.send(cc, frame{Op: opResult, Seq: f.Seq, Kind: "auth", Error: "log in first"})
				continue
			}
			err := c.do(*f.Cmd)
			res := frame{Op: opResult, Seq: f.Seq, OK: err == nil}
			if err != nil {
				res.Kind = string(vendors.KindOf(err))
				res.Error = err.(*vendors.Error).Msg
			}
			c.send(cc, res)
		}
	}
}

func (c *Center) send(cc *centerConn, f frame) {
	b, _ := json.Marshal(f)
	cc.wmu.Lock()
	defer cc.wmu.Unlock()
	_ = cc.c.SetWriteDeadline(time.Now().Add(5 * time.Second))
	if _, err := cc.c.Write(append(b, '\n')); err != nil {
		cc.c.Close()
	}
}

// broadcastLocked sends f to every logged-in connection.
func (c *Center) broadcastLocked(f frame) {
	for cc := range c.conns {
		if cc.authed {
			c.send(cc, f)
		}
	}
}

func (c *Center) snapshotLocked(cc *centerConn) {
	c.send(cc, frame{Op: opCaps, Commands: allCaps.Commands})
	c.send(cc, frame{Op: opReasons, NotReady: notReadyReasons, WrapUp: wrapUpCodes})
	st := c.last
	c.send(cc, frame{Op: opState, State: &st})
	c.send(cc, frame{Op: opQueues, Queues: c.queues})
	for _, id := range c.order {
		ct := c.contacts[id]
		c.send(cc, frame{Op: opContact, Contact: &wireContact{Contact: ct.Clone(), Since: ct.Since}})
	}
	c.send(cc, frame{Op: opSynced})
}

// stateLocked derives the agent's state from its choice and its contacts.
func (c *Center) stateLocked() wireState {
	if c.base == vendors.StateLoggedOut {
		return wireState{State: vendors.StateLoggedOut, Raw: "LoggedOut"}
	}
	wrap := false
	for _, ct := range c.contacts {
		switch ct.Status {
		case vendors.ContactConnected, vendors.ContactDialing:
			return wireState{State: vendors.StateBusy, Raw: "Talking"}
		case vendors.ContactHeld:
			return wireState{State: vendors.StateBusy, Raw: "OnHold"}
		case vendors.ContactWrapUp:
			wrap = true
		}
	}
	if wrap {
		return wireState{State: vendors.StateWrapUp, Raw: "AfterCallWork"}
	}
	if c.base == vendors.StateNotReady {
		r := *c.baseReason
		return wireState{State: vendors.StateNotReady, Reason: &r, Raw: "NotReady:" + r.Label}
	}
	return wireState{State: vendors.StateReady, Raw: "Ready"}
}

// publishStateLocked sends the state when it changed, or always when
// confirm is set (a command's confirmation).
func (c *Center) publishStateLocked(confirm bool) {
	st := c.stateLocked()
	changed := st.State != c.last.State || st.Raw != c.last.Raw
	if changed {
		st.Since = time.Now()
	} else {
		st.Since = c.last.Since
	}
	c.last = st
	if changed || confirm {
		c.broadcastLocked(frame{Op: opState, State: &st})
	}
}

func (c *Center) publishContactLocked(ct *vendors.Contact) {
	if t, ok := c.ringing[ct.ID]; ok && ct.Status != vendors.ContactOffered {
		// Answered, rejected or gone: the ring timeout has nothing to do,
		// and a busy center must not keep thousands of them alive.
		t.Stop()
		delete(c.ringing, ct.ID)
	}
	ct.Since = time.Now()
	c.broadcastLocked(frame{Op: opContact, Contact: &wireContact{Contact: ct.Clone(), Since: ct.Since}})
	if !ct.Status.Live() {
		delete(c.contacts, ct.ID)
		for i, id := range c.order {
			if id == ct.ID {
				c.order = append(c.order[:i], c.order[i+1:]...)
				break
			}
		}
	}
}

func (c *Center) newContactLocked(ct vendors.Contact) *vendors.Contact {
	c.nextID++
	ct.ID = fmt.Sprintf("C%d", c.nextID)
	if ct.Data == nil {
		ct.Data = map[string]string{}
	}
	p := &ct
	c.contacts[ct.ID] = p
	c.order = append(c.order, ct.ID)
	return p
}

// armOfferLocked schedules the next automatic offer.
func (c *Center) armOfferLocked() {
	if c.opts.Rate <= 0 || c.closed {
		return
	}
	c.offerTimer = time.AfterFunc(c.opts.Rate, func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		if c.closed {
			return
		}
		// A real ACD routes only to an idle, ready agent.
		if c.base == vendors.StateReady && len(c.contacts) == 0 && len(c.conns) > 0 {
			c.offerLocked()
		}
		c.armOfferLocked()
	})
}

// armBoardLocked moves the queue board every boardEvery while traffic
// runs (only with a Rate: tests and idle trainers get a still board).
func (c *Center) armBoardLocked() {
	const boardEvery = 10 * time.Second
	if c.opts.Rate <= 0 || c.closed {
		return
	}
	c.boardTimer = time.AfterFunc(boardEvery, func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		if c.closed {
			return
		}
		c.queues = c.board.step(time.Now())
		c.broadcastLocked(frame{Op: opQueues, Queues: c.queues})
		c.armBoardLocked()
	})
}

func (c *Center) offerLocked() vendors.Contact {
	cl := c.callers.Next()
	ct := c.newContactLocked(vendors.Contact{
		Channel: vendors.ChannelVoice, Direction: vendors.Inbound, Status: vendors.ContactOffered,
		From: cl.Number, To: cl.DNIS, Name: cl.Name, Queue: cl.Queue, Data: cl.Data(), Raw: "Alerting",
	})
	c.publishContactLocked(ct)
	c.publishStateLocked(false)
	id := ct.ID
	c.ringing[id] = time.AfterFunc(c.RingTimeout, func() { c.ringTimeout(id) })
	return ct.Clone()
}

// ringTimeout ends an unanswered offer and, as real ACDs do, takes the
// agent out of routing so the next caller is not sent to an empty desk.
func (c *Center) ringTimeout(id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	ct, ok := c.contacts[id]
	if !ok || ct.Status != vendors.ContactOffered {
		return
	}
	ct.Status, ct.Raw = vendors.ContactEnded, "Missed"
	c.publishContactLocked(ct)
	if c.base == vendors.StateReady {
		c.base, c.baseReason = vendors.StateNotReady, &missedReason
	}
	c.publishStateLocked(false)
}

// connectLater moves a dialling contact to connected after ConnectDelay.
func (c *Center) connectLater(id string) {
	time.AfterFunc(c.ConnectDelay, func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		ct, ok := c.contacts[id]
		if !ok || ct.Status != vendors.ContactDialing {
			return
		}
		ct.Status, ct.Raw = vendors.ContactConnected, "Connected"
		c.publishContactLocked(ct)
		c.publishStateLocked(false)
	})
}

// consultOf returns the first call and the consult call of id's
// consultation.
func (c *Center) consultOf(id string) (first, consult *vendors.Contact) {
	ct := c.contacts[id]
	if ct == nil {
		return nil, nil
	}
	if ct.Related != "" {
		return c.contacts[ct.Related], ct
	}
	for _, o := range c.contacts {
		if o.Related == id {
			return ct, o
		}
	}
	return ct, nil
}

func fail(k vendors.Kind, format string, args ...any) error {
	return vendors.Errorf(k, format, args...)
}

// do runs one agent command as the platform would.
func (c *Center) do(cmd vendors.Command) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if cmd.Kind != vendors.CmdLogin && c.base == vendors.StateLoggedOut {
		return fail(vendors.ErrWrongStatus, "the agent is logged out")
	}
	var ct *vendors.Contact
	if cmd.Kind.NeedsContact() {
		ct = c.contacts[cmd.Contact]
		if ct == nil {
			return fail(vendors.ErrUnknownContact, "no contact %q", cmd.Contact)
		}
	}
	want := func(s ...vendors.ContactStatus) error {
		for _, x := range s {
			if ct.Status == x {
				return nil
			}
		}
		return fail(vendors.ErrWrongStatus, "contact %s is %s", ct.ID, ct.Status)
	}
	switch cmd.Kind {
	case vendors.CmdLogin:
		if c.base == vendors.StateLoggedOut {
			c.base, c.baseReason = vendors.StateReady, nil
		}
	case vendors.CmdLogout:
		if len(c.contacts) > 0 {
			return fail(vendors.ErrWrongStatus, "finish your contacts before logging out")
		}
		c.base, c.baseReason = vendors.StateLoggedOut, nil
	case vendors.CmdReady:
		c.base, c.baseReason = vendors.StateReady, nil
	case vendors.CmdNotReady:
		r := notReadyReasons[0]
		if cmd.Reason != "" {
			found := false
			for _, x := range notReadyReasons {
				if x.Code == cmd.Reason {
					r, found = x, true
				}
			}
			if !found {
				return fail(vendors.ErrInvalid, "unknown not-ready reason %q", cmd.Reason)
			}
		}
		c.base, c.baseReason = vendors.StateNotReady, &r
	case vendors.CmdAnswer:
		if err := want(vendors.ContactOffered); err != nil {
			return err
		}
		ct.Status, ct.Raw = vendors.ContactConnected, "Connected"
		c.publishContactLocked(ct)
	case vendors.CmdReject:
		if err := want(vendors.ContactOffered); err != nil {
			return err
		}
		ct.Status, ct.Raw = vendors.ContactEnded, "Rejected"
		c.publishContactLocked(ct)
	case vendors.CmdHangup:
		if err := want(vendors.ContactOffered, vendors.ContactDialing, vendors.ContactConnected, vendors.ContactHeld); err != nil {
			return err
		}
		c.hangupLocked(ct)
	case vendors.CmdHold:
		if err := want(vendors.ContactConnected); err != nil {
			return err
		}
		ct.Status, ct.Raw = vendors.ContactHeld, "Held"
		c.publishContactLocked(ct)
	case vendors.CmdRetrieve:
		if err := want(vendors.ContactHeld); err != nil {
			return err
		}
		// Retrieving the first call cancels a consultation in progress.
		if first, consult := c.consultOf(ct.ID); consult != nil && first == ct {
			consult.Status, consult.Raw = vendors.ContactEnded, "ConsultCancelled"
			c.publishContactLocked(consult)
		}
		ct.Status, ct.Raw = vendors.ContactConnected, "Connected"
		c.publishContactLocked(ct)
	case vendors.CmdTransfer:
		if err := want(vendors.ContactConnected, vendors.ContactHeld); err != nil {
			return err
		}
		ct.Data["transferred_to"] = cmd.To
		ct.Status, ct.Raw = vendors.ContactWrapUp, "Transferred"
		c.publishContactLocked(ct)
	case vendors.CmdConsult:
		if err := want(vendors.ContactConnected, vendors.ContactHeld); err != nil {
			return err
		}
		if _, consult := c.consultOf(ct.ID); consult != nil {
			return fail(vendors.ErrWrongStatus, "contact %s already has a consultation", ct.ID)
		}
		ct.Status, ct.Raw = vendors.ContactHeld, "Held"
		c.publishContactLocked(ct)
		cs := c.newContactLocked(vendors.Contact{
			Channel: vendors.ChannelVoice, Direction: vendors.Outbound, Status: vendors.ContactDialing,
			From: c.ext, To: cmd.To, Name: "Consultation " + cmd.To, Related: ct.ID, Raw: "Dialing",
		})
		c.publishContactLocked(cs)
		c.connectLater(cs.ID)
	case vendors.CmdCompleteTransfer, vendors.CmdConference:
		first, consult := c.consultOf(ct.ID)
		if consult == nil || first == nil {
			return fail(vendors.ErrWrongStatus, "contact %s has no consultation", ct.ID)
		}
		consult.Status, consult.Raw = vendors.ContactEnded, "Joined"
		c.publishContactLocked(consult)
		if cmd.Kind == vendors.CmdConference {
			first.Data["conference_with"] = consult.To
			first.Status, first.Raw = vendors.ContactConnected, "Conferenced"
		} else {
			first.Data["transferred_to"] = consult.To
			first.Status, first.Raw = vendors.ContactWrapUp, "Transferred"
		}
		c.publishContactLocked(first)
	case vendors.CmdDial:
		d := c.newContactLocked(vendors.Contact{
			Channel: vendors.ChannelVoice, Direction: vendors.Outbound, Status: vendors.ContactDialing,
			From: c.ext, To: cmd.To, Raw: "Dialing",
		})
		c.publishContactLocked(d)
		c.connectLater(d.ID)
	case vendors.CmdWrapUp:
		if err := want(vendors.ContactConnected, vendors.ContactHeld, vendors.ContactWrapUp); err != nil {
			return err
		}
		if cmd.Code != "" {
			label := ""
			for _, w := range wrapUpCodes {
				if w.Code == cmd.Code {
					label = w.Label
				}
			}
			if label == "" {
				return fail(vendors.ErrInvalid, "unknown wrap-up code %q", cmd.Code)
			}
			ct.Data["wrapup_code"] = cmd.Code
			ct.Data["wrapup"] = label
		}
		if cmd.Notes != "" {
			ct.Data["notes"] = cmd.Notes
		}
		if ct.Status == vendors.ContactWrapUp {
			ct.Status, ct.Raw = vendors.ContactEnded, "WrappedUp"
		}
		c.publishContactLocked(ct)
	case vendors.CmdEndWrapUp:
		if err := want(vendors.ContactWrapUp); err != nil {
			return err
		}
		ct.Status, ct.Raw = vendors.ContactEnded, "WrapUpEnded"
		c.publishContactLocked(ct)
	default:
		return fail(vendors.ErrUnsupported, "unknown command %q", cmd.Kind)
	}
	c.publishStateLocked(true)
	return nil
}

// hangupLocked ends ct for the agent: a consultation just ends, any other
// call goes to after-call work.
func (c *Center) hangupLocked(ct *vendors.Contact) {
	switch {
	case ct.Status == vendors.ContactOffered:
		ct.Status, ct.Raw = vendors.ContactEnded, "Rejected"
	case ct.Related != "":
		ct.Status, ct.Raw = vendors.ContactEnded, "ConsultEnded"
	default:
		ct.Status, ct.Raw = vendors.ContactWrapUp, "AfterCallWork"
	}
	c.publishContactLocked(ct)
}

// phone acts on a contact as the agent's phone would.
func (c *Center) phone(action vendors.CommandKind, id string) error {
	return c.do(vendors.Command{Kind: action, Contact: id})
}

// setState changes the agent's state from the platform side.
func (c *Center) setState(st vendors.State, reason string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch st {
	case vendors.StateReady, vendors.StateLoggedOut:
		c.base, c.baseReason = st, nil
	case vendors.StateNotReady:
		r := notReadyReasons[0]
		for _, x := range notReadyReasons {
			if strings.EqualFold(x.Code, reason) {
				r = x
			}
		}
		c.base, c.baseReason = st, &r
	default:
		return fmt.Errorf("demo: the platform side cannot set %s", st)
	}
	c.publishStateLocked(true)
	return nil
}

// drop closes every connection, as a network blip would.
func (c *Center) drop() {
	c.mu.Lock()
	conns := c.conns
	c.conns = map[*centerConn]struct{}{}
	c.mu.Unlock()
	for cc := range conns {
		cc.c.Close()
	}
}

// malformed sends lines the driver must skip.
func (c *Center) malformed() {
	lines := []string{
		`{"op":"contact","contact":{"id":`,
		`not json at all`,
		`{"op":"state"}`,
		`{"op":"contact","contact":{"id":"X9","status":42}}`,
		`{"op":"unknown-op","x":1}`,
		"\x00\xff\xfe",
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for cc := range c.conns {
		cc.wmu.Lock()
		for _, l := range lines {
			_, _ = cc.c.Write([]byte(l + "\n"))
		}
		cc.wmu.Unlock()
	}
}
