// Package mitelsim simulates the Mitel Connect Contact Center event feed:
// JSON messages ended by NUL over TCP, MD5 authentication, subscriptions,
// entity snapshots, agent and call activity, commands with their command
// responses and the events that follow, other agents' call traffic, and
// fault injection (dropped connections, writes split at random byte
// boundaries, malformed messages). It registers as "mitel" with
// vendors/simulator.
package mitelsim

import (
	"crypto/md5"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	mrand "math/rand/v2"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"tandem/vendors"
	"tandem/vendors/simulator"
)

func init() {
	simulator.Register("mitel", func(o simulator.Options) (simulator.Sim, error) {
		return Start(o, Config{OtherEvery: 100 * time.Millisecond})
	})
}

// Config holds the Mitel-specific knobs; the zero value is a quiet,
// well-behaved server.
type Config struct {
	// OtherEvery is the time between call events of other agents' calls
	// (the wildcard call feed of a busy site); 0 sends none.
	OtherEvery time.Duration
	// SplitWrites writes every burst of messages in pieces cut at random
	// byte boundaries, so a client must reassemble across reads.
	SplitWrites bool
	// StartSequence is the first sequence number of each connection, to
	// test the wrap at 4294967295.
	StartSequence uint32
	// OmitSequence leaves "sequence" out, as the document's samples do.
	OmitSequence bool
	// StringIDs sends IDs as JSON strings instead of numbers.
	StringIDs bool
	// DocQuirks sends the document's odd forms: "agent- idle ", the auth
	// reply without message (L2910).
	DocQuirks bool
	// SilentAuthFailure closes the connection on bad credentials without
	// a reply (the document allows both, L535).
	SilentAuthFailure bool
	// NoStats sends no daily-agent-stats on subscription.
	NoStats bool
	// User and Password are the feed credentials; empty generates a demo
	// user and a random password.
	User, Password string
}

type code struct{ id, short, name string }

var (
	releaseCodes = []code{{"1", "LUNCH", "Lunch"}, {"2", "BREAK", "Break"}, {"3", "MEET", "Meeting"}, {"4", "TRAIN", "Training"}, {"5", "ADMIN", "Admin work"}}
	wrapupCodes  = []code{{"1", "SALE", "Sale"}, {"2", "INFO", "Information given"}, {"3", "CMPL", "Complaint"}, {"4", "CB", "Callback needed"}}
)

type group struct{ id, name string }

// Server is a running simulated event feed.
type Server struct {
	opts simulator.Options
	cfg  Config
	log  *slog.Logger
	ln   net.Listener

	mu       sync.Mutex
	conns    map[*conn]struct{}
	agents   map[string]*simAgent
	others   []*simAgent
	me       *simAgent
	calls    map[string]*simCall
	nextCall int64
	groups   []group
	callers  *simulator.Callers
	rnd      *mrand.Rand
	failNext map[string]int
	bg       []*bgCall

	reqs      atomic.Int64
	done      chan struct{}
	wg        sync.WaitGroup
	closeOnce sync.Once
}

// Start listens and serves until Close.
func Start(o simulator.Options, cfg Config) (*Server, error) {
	s := newServer(o, cfg)
	ln, err := o.Listen()
	if err != nil {
		return nil, fmt.Errorf("mitelsim: listen %s: %w", o.Addr, err)
	}
	s.ln = ln
	s.wg.Add(1)
	go s.accept()
	if cfg.OtherEvery > 0 {
		s.wg.Add(1)
		go s.otherTraffic(cfg.OtherEvery)
	}
	if o.Rate > 0 {
		s.wg.Add(1)
		go s.trainer(o.Rate)
	}
	return s, nil
}

func newServer(o simulator.Options, cfg Config) *Server {
	seed := o.Seed
	if seed == 0 {
		seed = mrand.Int64()
	}
	if cfg.User == "" {
		cfg.User = "tandem-feed"
	}
	if cfg.Password == "" {
		var b [9]byte
		_, _ = rand.Read(b[:])
		cfg.Password = "demo-" + hex.EncodeToString(b[:])
	}
	s := &Server{
		opts: o, cfg: cfg, log: o.Log(),
		conns: map[*conn]struct{}{}, agents: map[string]*simAgent{},
		calls: map[string]*simCall{}, nextCall: 5000,
		callers:  simulator.NewCallers(seed),
		rnd:      mrand.New(mrand.NewPCG(uint64(seed), 99)),
		failNext: map[string]int{},
		done:     make(chan struct{}),
	}
	for i, q := range simulator.Queues() {
		s.groups = append(s.groups, group{id: fmt.Sprint(2001 + i), name: q})
	}
	names := []string{"Alex Morgan", "Sam Rivera", "Kim Lee", "Jo Novak", "Max Berg", "Ana Silva", "Lou Meyer", "Eli Cohen", "Ida Holm", "Raj Patel", "Mia Wolf", "Tom Kerr"}
	for i := 0; i < len(names); i++ {
		a := &simAgent{id: fmt.Sprint(1001 + i), number: fmt.Sprint(1001 + i), ext: fmt.Sprint(4001 + i), name: names[i], group: s.groups[i%len(s.groups)].id}
		s.agents[a.id] = a
		if i == 0 {
			s.me = a
		} else {
			a.code = 1
			s.others = append(s.others, a)
		}
	}
	return s
}

// Vendor implements simulator.Sim.
func (s *Server) Vendor() string { return "mitel" }

// Addr is where the feed listens.
func (s *Server) Addr() string { return s.ln.Addr().String() }

// Config implements simulator.Sim: the demo credentials and our agent.
func (s *Server) Config() vendors.Config {
	s.mu.Lock()
	pw := s.cfg.Password
	s.mu.Unlock()
	return vendors.Config{
		URL: "tcp://" + s.Addr(), User: s.cfg.User, Password: pw,
		Agent: s.me.id, Extension: s.me.ext,
		Options: map[string]string{"agent-number": s.me.number, "group-id": "0"},
		Logger:  s.opts.Logger,
	}
}

// Describe implements simulator.Sim.
func (s *Server) Describe() string {
	s.mu.Lock()
	pw := s.cfg.Password
	s.mu.Unlock()
	var b strings.Builder
	fmt.Fprintf(&b, "Mitel Connect Contact Center event feed simulator on tcp://%s\n", s.Addr())
	fmt.Fprintf(&b, "  feed user:  %s\n  password:   %s (sent as MD5 %s)\n", s.cfg.User, pw, md5hex(pw))
	fmt.Fprintf(&b, "  agent:      %s (%s), extension %s\n", s.me.id, s.me.name, s.me.ext)
	fmt.Fprintf(&b, "  connect:    TANDEM_PASSWORD='%s' tandemctl --vendor mitel --url tcp://%s --user %s --agent %s --extension %s\n",
		pw, s.Addr(), s.cfg.User, s.me.id, s.me.ext)
	if s.opts.Rate > 0 {
		fmt.Fprintf(&b, "  a call is offered every %s while the agent is ready\n", s.opts.Rate)
	}
	if s.cfg.OtherEvery > 0 {
		fmt.Fprintf(&b, "  other agents' call events every %s\n", s.cfg.OtherEvery)
	}
	return b.String()
}

func md5hex(p string) string {
	sum := md5.Sum([]byte(p))
	return hex.EncodeToString(sum[:])
}

// Requests implements simulator.Sim: messages received from clients.
func (s *Server) Requests() int64 { return s.reqs.Load() }

// Drop implements simulator.Sim: every client connection is cut.
func (s *Server) Drop() {
	s.mu.Lock()
	cs := make([]*conn, 0, len(s.conns))
	for c := range s.conns {
		cs = append(cs, c)
	}
	s.mu.Unlock()
	for _, c := range cs {
		c.close()
	}
}

// SetPassword changes the feed password, as an administrator would;
// clients authenticate with it from their next connection.
func (s *Server) SetPassword(p string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cfg.Password = p
}

// Connections is how many clients are connected.
func (s *Server) Connections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.conns)
}

// FailNext makes the next command of that sub-request-type fail with the
// given (negative) result.
func (s *Server) FailNext(subRequest string, result int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failNext[subRequest] = result
}

// Malformed implements simulator.Sim: it sends messages a client must log
// and skip: truncated JSON about our agent, the document's invalid sample
// (L2915), a broken call event on our extension and plain garbage.
func (s *Server) Malformed() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	bad := [][]byte{
		[]byte(`{"version":1,"topic":"contact-center","message":"agent-idle","agent-id":` + s.me.id + `,"cause":`),
		[]byte(`{   "version":1,   "timestamp":"2009-01-01 11:00:02",   "topic":"contact-center",   "message":"entity-snapshot",   "sub-topic":"entity",   "filter":"agent",   "agents":[ {"1001", "john doe"}, {"1002", "jane doe"}] }`),
		[]byte(`{"version":1,"message":"delivered","call-id":1,"alerting-device":"` + s.me.ext + `",,"call-table":[}`),
		[]byte(`{"version":1,"message":"agent-release","agent-id":` + s.me.id + `,"release-code":{"x":[1,2}}`),
		[]byte("\x01\xffnot json at all"),
	}
	for c := range s.conns {
		if !c.authed {
			continue
		}
		for _, b := range bad {
			c.enqueue(append(append([]byte(nil), b...), 0))
		}
	}
	return nil
}

// Close implements simulator.Sim.
func (s *Server) Close() error {
	s.closeOnce.Do(func() {
		close(s.done)
		if s.ln != nil {
			s.ln.Close()
		}
		s.Drop()
		s.wg.Wait()
	})
	return nil
}

func (s *Server) accept() {
	defer s.wg.Done()
	for {
		nc, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.mu.Lock()
		c := newConn(s, nc) // uses s.rnd
		s.conns[c] = struct{}{}
		s.mu.Unlock()
		s.wg.Add(2)
		go c.readLoop()
		go c.writeLoop()
	}
}

func (s *Server) removeConn(c *conn) {
	s.mu.Lock()
	delete(s.conns, c)
	s.mu.Unlock()
}
