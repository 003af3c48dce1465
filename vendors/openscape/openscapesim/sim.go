// Package openscapesim simulates an OpenScape Contact Center Application
// Server's REST SDK: registration table, session tokens, keepalive
// timeout, real HTTP POSTs of events to the registered webhook, an agent
// and call model with consult, transfer and conference, reason lists, and
// fault injection (lost and duplicated deliveries, session expiry,
// "already registered", switchover bursts).
package openscapesim

import (
	crand "crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"tandem/vendors"
	"tandem/vendors/simulator"
)

func init() {
	simulator.Register("openscape", func(o simulator.Options) (simulator.Sim, error) { return Start(o) })
}

// The demo site: one tenant, one agent Tandem logs in as, a few colleagues.
const (
	AgentKey   = 3
	AgentID    = "100001"
	Extension  = "554181015002"
	ClientName = "tandem-demo"
	BusUnit    = "Default"
)

// Server is a running simulator.
type Server struct {
	opt     simulator.Options
	log     *slog.Logger
	ln      net.Listener
	srv     *http.Server
	base    string
	callers *simulator.Callers
	token   string // the REST SDK client token
	pass    string // the agent's password
	stop    chan struct{}
	closed  atomic.Bool
	reqs    atomic.Int64
	rndMu   sync.Mutex
	rnd     *rand.Rand

	mu           sync.Mutex
	regs         map[string]*reg // by client name
	conns        map[net.Conn]struct{}
	agent        agent
	calls        map[string]*scall
	order        []string
	seq          int64
	timeout      time.Duration
	loss         float64
	dup          float64
	refuse       time.Time // ALREADY_REGISTERED_ON until then
	down         bool      // a switchover is in progress
	mandatoryAll bool
	unavail      []reasonDef // this tenant's unavailable reasons (trainers add some)

	queryGate sync.RWMutex // write-held while HoldQueries holds QueryCall answers
}

type agent struct {
	voice   bool
	routing string
	reason  int
}

// Start runs a simulator on o.Addr (default a free loopback port).
func Start(o simulator.Options) (*Server, error) {
	ln, err := o.Listen()
	if err != nil {
		return nil, err
	}
	seed := o.Seed
	if seed == 0 {
		seed = rand.Int64()
	}
	s := &Server{
		opt:     o,
		log:     o.Log(),
		ln:      ln,
		callers: simulator.NewCallers(seed),
		rnd:     rand.New(rand.NewPCG(uint64(seed), 0x05cc)),
		token:   randHex(32),
		pass:    "demo-" + randHex(6),
		stop:    make(chan struct{}),
		regs:    map[string]*reg{},
		conns:   map[net.Conn]struct{}{},
		calls:   map[string]*scall{},
		timeout: 90 * time.Second,
		agent:   agent{routing: "LOGGEDOFF"},
		unavail: append([]reasonDef(nil), unavailable...),
	}
	host := ln.Addr().(*net.TCPAddr)
	ip := host.IP.String()
	if host.IP.IsUnspecified() { // bound to every interface: show loopback
		ip = "127.0.0.1"
	}
	s.base = "http://" + net.JoinHostPort(ip, strconv.Itoa(host.Port)) + "/restsdk/webapi"
	s.srv = &http.Server{
		Handler:           http.HandlerFunc(s.serve),
		ReadHeaderTimeout: 5 * time.Second,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelDebug),
		ConnState: func(c net.Conn, st http.ConnState) {
			s.mu.Lock()
			defer s.mu.Unlock()
			switch st {
			case http.StateNew:
				s.conns[c] = struct{}{}
			case http.StateClosed, http.StateHijacked:
				delete(s.conns, c)
			}
		},
	}
	go s.srv.Serve(ln)
	go s.expire()
	if o.Rate > 0 {
		go s.traffic()
	}
	return s, nil
}

func randHex(n int) string {
	b := make([]byte, n)
	crand.Read(b)
	return hex.EncodeToString(b)
}

// URL is the REST SDK base.
func (s *Server) URL() string { return s.base }

func (s *Server) Vendor() string { return "openscape" }

// Config is what the driver needs, demo credentials included.
func (s *Server) Config() vendors.Config {
	return vendors.Config{
		URL:       s.base,
		User:      strconv.Itoa(AgentKey),
		Password:  s.pass,
		Extension: Extension,
		Options: map[string]string{
			"client-name":   ClientName,
			"client-token":  s.token,
			"business-unit": BusUnit,
		},
		Logger: s.opt.Logger,
	}
}

// Describe tells a trainer how to connect.
func (s *Server) Describe() string {
	return fmt.Sprintf(`OpenScape Contact Center REST SDK simulator
  url:           %s
  user (agent):  %d   (agent ID %s)
  password:      %s
  extension:     %s
  client-name:   %s
  client-token:  %s
  business-unit: %s
Try: TANDEM_PASSWORD=%s TANDEM_OPTION_CLIENT_TOKEN=%s tandemctl --vendor openscape --url %s --user %d --extension %s --option client-name=%s --option business-unit=%s`,
		s.base, AgentKey, AgentID, s.pass, Extension, ClientName, s.token, BusUnit,
		s.pass, s.token, s.base, AgentKey, Extension, ClientName, BusUnit)
}

// Requests counts commands from drivers; the KeepAlive and GetServerState
// housekeeping probes are not counted, so a test can tell that a refused
// command never reached the wire.
func (s *Server) Requests() int64 { return s.reqs.Load() }

// Close stops the simulator.
func (s *Server) Close() error {
	if s.closed.Swap(true) {
		return nil
	}
	close(s.stop)
	s.mu.Lock()
	for _, r := range s.regs {
		r.out.close()
	}
	s.regs = map[string]*reg{}
	s.mu.Unlock()
	return s.srv.Close()
}

// Drop is an Application Server failover: every registration and its
// subscriptions are gone and every connection is cut; the agent stays
// logged on and calls go on (notes §7.3).
func (s *Server) Drop() {
	s.mu.Lock()
	for n, r := range s.regs {
		r.out.close()
		delete(s.regs, n)
	}
	conns := make([]net.Conn, 0, len(s.conns))
	for c := range s.conns {
		conns = append(conns, c)
	}
	s.mu.Unlock()
	for _, c := range conns {
		c.Close()
	}
}

// expire unregisters sessions that sent nothing for the timeout.
func (s *Server) expire() {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
		}
		s.mu.Lock()
		for n, r := range s.regs {
			if time.Since(r.seen) > s.timeout {
				s.log.Info("openscapesim: session expired", "client", n)
				r.out.close()
				delete(s.regs, n)
			}
		}
		s.mu.Unlock()
	}
}

func (s *Server) chance(p float64) bool {
	if p <= 0 {
		return false
	}
	s.rndMu.Lock()
	defer s.rndMu.Unlock()
	return s.rnd.Float64() < p
}

func (s *Server) between(lo, hi time.Duration) time.Duration {
	s.rndMu.Lock()
	defer s.rndMu.Unlock()
	return lo + time.Duration(s.rnd.Int64N(int64(hi-lo)+1))
}

// after runs f later unless the simulator stopped.
func (s *Server) after(d time.Duration, f func()) {
	time.AfterFunc(d, func() {
		if !s.closed.Load() {
			f()
		}
	})
}
