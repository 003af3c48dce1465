// Package incontactsim simulates the NICE inContact (CXone) Agent API for
// Tandem's incontact driver, its tests, the demo and ccsim: the password
// grant token endpoint, agent sessions (start, join, end), the get-next-event
// long poll with rotating session IDs, state, call control, dispositions,
// and fault injection.
package incontactsim

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"tandem/vendors"
	"tandem/vendors/simulator"
)

func init() {
	simulator.Register("incontact", func(o simulator.Options) (simulator.Sim, error) { return New(o) })
}

// Faults make the simulated platform misbehave on purpose.
type Faults struct {
	// PollDelay holds every poll answer this long (slow polls).
	PollDelay time.Duration
	// ServerErrors answers the next N API requests with 503.
	ServerErrors int
	// DropPolls cuts the connection of the next N polls.
	DropPolls int
	// InstantEmpty answers every poll "304 nothing new" at once.
	InstantEmpty bool
}

// Stats count what drivers did, for tests.
type Stats struct {
	TokenGrants      int // tokens handed out
	ExpiredTokenUses int // requests that came with an expired token
	StalePolls       int // polls with a session ID that was not the newest
	Polls            int
	Joins            int
}

// Sim is a running inContact simulator with one agent.
type Sim struct {
	opts    simulator.Options
	log     *slog.Logger
	ln      net.Listener
	srv     *http.Server
	base    string
	callers *simulator.Callers

	user, pass, app, vendor, bu string
	agentID, teamID, busNo      int
	station, callerID           string

	requests atomic.Int64
	inPoll   atomic.Int64

	connMu sync.Mutex
	conns  map[net.Conn]struct{}

	mu           sync.Mutex
	tokens       map[string]time.Time
	tokenTTL     time.Duration
	stats        Stats
	faults       Faults
	sess         *psession
	endedIDs     map[string]bool
	ag           agent
	contacts     []*contact
	contactSeq   int64
	roomSeq      int
	workSeq      int
	variant      int
	acwSpelling  int
	connectDelay time.Duration
	wake         chan struct{}
	closed       bool
	stop         chan struct{}
}

// psession is the platform's agent session and its event queue. API
// session IDs rotate; every ID issued stays usable as an "old" ID.
type psession struct {
	platformID string
	station    string
	started    time.Time
	ids        map[string]bool
	order      []string
	newest     string
	queue      []json.RawMessage
	ending     bool // AgentSessionEnd is queued: gone once delivered
}

// New starts a simulator on opts.Addr (default a free loopback port).
func New(opts simulator.Options) (*Sim, error) {
	ln, err := opts.Listen()
	if err != nil {
		return nil, err
	}
	s := &Sim{
		opts: opts, log: opts.Log(), ln: ln, callers: simulator.NewCallers(opts.Seed),
		user: "agent@tandem.example", pass: "demo-" + randHex(8),
		app: "TandemSim", vendor: "Tandem", bu: "4500",
		agentID: 12214, teamID: 3050, busNo: 4500,
		station: "8013203420", callerID: "8013203200",
		conns: map[net.Conn]struct{}{}, tokens: map[string]time.Time{}, tokenTTL: time.Hour,
		endedIDs: map[string]bool{}, ag: agent{State: "LoggedOut", Since: time.Now()},
		connectDelay: 300 * time.Millisecond, wake: make(chan struct{}), stop: make(chan struct{}),
	}
	host := ln.Addr().String()
	if h, p, err := net.SplitHostPort(host); err == nil && (h == "::" || h == "0.0.0.0" || h == "") {
		host = net.JoinHostPort("127.0.0.1", p)
	}
	s.base = "http://" + host
	s.srv = &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second, ConnState: s.track,
		ErrorLog: slog.NewLogLogger(s.log.Handler(), slog.LevelDebug)}
	go func() { _ = s.srv.Serve(ln) }()
	if opts.Rate > 0 {
		go s.traffic()
	}
	return s, nil
}

func randHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func (s *Sim) track(c net.Conn, st http.ConnState) {
	s.connMu.Lock()
	defer s.connMu.Unlock()
	switch st {
	case http.StateNew, http.StateActive, http.StateIdle:
		s.conns[c] = struct{}{}
	default:
		delete(s.conns, c)
	}
}

func (s *Sim) Vendor() string { return "incontact" }

// URL is the auth server base a profile names.
func (s *Sim) URL() string { return s.base }

func (s *Sim) Config() vendors.Config {
	return vendors.Config{URL: s.base, User: s.user, Password: s.pass, Extension: s.station,
		Options: map[string]string{"app-name": s.app, "vendor-name": s.vendor, "business-unit": s.bu}}
}

func (s *Sim) Describe() string {
	return fmt.Sprintf(`NICE inContact (CXone) Agent API simulator
  auth server    %s   (token: POST %s/InContactAuthorizationServer/Token)
  API base       %s/inContactAPI/   (from the token's resource_server_base_uri)
  user           %s
  password       %s
  station phone  %s
  options        app-name=%s vendor-name=%s business-unit=%s
  connect with   TANDEM_PASSWORD='%s' tandemctl --vendor incontact --url %s --user %s --extension %s --option app-name=%s --option vendor-name=%s --option business-unit=%s
`, s.base, s.base, s.base, s.user, s.pass, s.station, s.app, s.vendor, s.bu,
		s.pass, s.base, s.user, s.station, s.app, s.vendor, s.bu)
}

// push queues one event for the agent's session and wakes its poll.
func (s *Sim) push(ev any) {
	if s.sess == nil {
		return
	}
	var raw json.RawMessage
	switch v := ev.(type) {
	case json.RawMessage:
		raw = v
	default:
		raw = mustJSON(v)
	}
	s.sess.queue = append(s.sess.queue, raw)
	close(s.wake)
	s.wake = make(chan struct{})
}

// Offer puts an inbound call to the agent.
func (s *Sim) Offer() (vendors.Contact, error) {
	caller := s.callers.Next()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.sess == nil || s.sess.ending {
		return vendors.Contact{}, errors.New("incontactsim: the agent is not logged in")
	}
	c := s.offerCall(caller)
	return vendors.Contact{ID: c.ID, Channel: vendors.ChannelVoice, Direction: vendors.Inbound,
		Status: vendors.ContactOffered, From: c.ANI, To: c.DNIS, Queue: c.Skill.Name,
		Data: varsMap(c.Vars), ScreenPopURL: c.PopURL}, nil
}

// OfferChat and OfferWorkItem put the other media to the agent.
func (s *Sim) OfferChat() (string, error)     { return s.offerOther(kindChat) }
func (s *Sim) OfferWorkItem() (string, error) { return s.offerOther(kindWorkItem) }

func (s *Sim) offerOther(kind string) (string, error) {
	caller := s.callers.Next()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.sess == nil || s.sess.ending {
		return "", errors.New("incontactsim: the agent is not logged in")
	}
	if kind == kindChat {
		return s.offerChat(caller).ID, nil
	}
	return s.offerWorkItem(caller).ID, nil
}

// Phone acts on a contact from the agent's phone.
func (s *Sim) Phone(action vendors.CommandKind, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	var verb string
	switch action {
	case vendors.CmdAnswer:
		verb = "accept"
	case vendors.CmdHangup:
		verb = "end"
	case vendors.CmdHold:
		verb = "hold"
	case vendors.CmdRetrieve:
		verb = "resume"
	default:
		return fmt.Errorf("incontactsim: the phone cannot %s", action)
	}
	if st, msg := s.interaction(id, verb); st != http.StatusAccepted {
		return fmt.Errorf("incontactsim: %s %s: %s", verb, id, msg)
	}
	return nil
}

// Transfer moves a live contact through the platform and back, as a
// transfer does: the contact gets a new ContactID, the master ID stays
// (seed L235). It returns the new ID.
func (s *Sim) Transfer(id string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	old := s.findContact(id)
	if old == nil || old.Final {
		return "", fmt.Errorf("incontactsim: no live contact %s", id)
	}
	nc := *old
	nc.ID = s.nextContactID()
	nc.Changed = time.Now()
	s.contacts = append(s.contacts, &nc)
	s.push(s.contactEvent(&nc))
	old.Code = "TransferComplete"
	s.setStatus(old, "Disconnected", true)
	return nc.ID, nil
}

// SetState changes the agent's state as a supervisor would.
func (s *Sim) SetState(st vendors.State, reason string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.sess == nil || s.sess.ending {
		return errors.New("incontactsim: the agent is not logged in")
	}
	switch st {
	case vendors.StateReady:
		s.requestState("Available", "")
	case vendors.StateNotReady:
		if st, msg := s.requestState("Unavailable", reason); st != http.StatusAccepted {
			return errors.New("incontactsim: " + msg)
		}
	case vendors.StateLoggedOut:
		s.endSession(true, false)
	default:
		return fmt.Errorf("incontactsim: a supervisor cannot set %s", st)
	}
	return nil
}

// State is the platform's view of the agent.
func (s *Sim) State() vendors.State {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.sess == nil || s.sess.ending {
		return vendors.StateLoggedOut
	}
	switch s.ag.State {
	case "Available":
		return vendors.StateReady
	case "Unavailable", "LoggedIn":
		if s.ag.ACW {
			return vendors.StateWrapUp
		}
		return vendors.StateNotReady
	case "LoggedOut":
		return vendors.StateLoggedOut
	}
	return vendors.StateBusy
}

// EndSession ends the agent's session from the administrator's side:
// RemoteAgentSessionEnd then AgentSessionEnd (seed L59). With lost set the
// queue is cleared at once, as the seed says happens shortly after the
// end (L43), so the driver only sees "409 Session Ended".
func (s *Sim) EndSession(lost bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.endSession(true, lost)
}

// Drop cuts every connection, as a network blip would. When no poll is in
// flight, the next poll is cut instead, so the driver always notices.
func (s *Sim) Drop() {
	if s.inPoll.Load() == 0 {
		s.mu.Lock()
		s.faults.DropPolls++
		s.mu.Unlock()
	}
	s.connMu.Lock()
	for c := range s.conns {
		_ = c.Close()
	}
	s.connMu.Unlock()
}

// Malformed queues events the driver must log and skip: not objects, no
// Type, a contact without ContactID, a state with a broken NextStates.
func (s *Sim) Malformed() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.sess == nil {
		return errors.New("incontactsim: the agent is not logged in")
	}
	for _, raw := range []string{
		`42`, `"AgentState"`, `{"NoType":"True"}`, `{"Type":"AgentState"}`,
		`{"Type":"CallContactEvent","ContactID":"","Status":"Active"}`,
		`{"Type":"AgentState","CurrentState":"Available","NextStates":"soon"}`,
		`{"Type":"SomethingNew","Value":"1"}`,
	} {
		s.push(json.RawMessage(raw))
	}
	return nil
}

// Inject queues raw events as the platform would send them (for tests).
func (s *Sim) Inject(events ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, e := range events {
		s.push(json.RawMessage(e))
	}
}

// SetFaults replaces the fault settings.
func (s *Sim) SetFaults(f Faults) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = f
	close(s.wake) // re-check waiting polls
	s.wake = make(chan struct{})
}

// SetTokenTTL changes the lifetime of tokens granted from now on.
func (s *Sim) SetTokenTTL(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tokenTTL = d
}

// Stats returns the counters.
func (s *Sim) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stats
}

// Requests counts every request but get-next-event polls: the poll runs on
// its own all the time, so only the rest can show a command touched the wire.
func (s *Sim) Requests() int64 { return s.requests.Load() }

func (s *Sim) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	close(s.stop)
	s.mu.Unlock()
	err := s.srv.Close()
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

// bodyString trims for comparisons of IDs.
func norm(s string) string { return strings.TrimSpace(s) }
