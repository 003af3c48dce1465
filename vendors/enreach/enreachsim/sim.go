// Package enreachsim simulates Enreach Voice for Tandem: the REST calls a
// client needs (authuser, the RTE token, the user's queues) and the
// Real-Time Engine, the library's own SignalR server over real HTTP and
// WebSockets, with one agent, queues, calls and fault injection. It
// registers as "enreach" with vendors/simulator.
package enreachsim

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/philippseith/signalr"

	"tandem/vendors"
	"tandem/vendors/simulator"
)

func init() {
	simulator.Register("enreach", func(o simulator.Options) (simulator.Sim, error) { return Start(o) })
}

type queue struct {
	ID, Name, Number string
	Waiting          int
	MaxWait          int // seconds
	Agents, Free     int
}

// Sim is a running Enreach simulator.
type Sim struct {
	opts    simulator.Options
	log     *slog.Logger
	ln      *faultListener
	srv     *http.Server
	hub     signalr.Server
	base    string
	ctx     context.Context
	cancel  context.CancelFunc
	callers *simulator.Callers

	requests atomic.Int64

	mu       sync.Mutex
	userID   string
	orgID    string
	userName string
	password string
	secret   string
	number   string
	queues   []*queue
	avail    string
	serving  bool
	fetch    bool
	note     string
	calls    map[string]*simCall
	order    []string
	tokens   map[string]bool // issued and not refused
	used     []string        // tokens presented at connect, in order
	conns    map[string]*rteConn
	netConns map[net.Conn]bool
	// subscribeCalls counts Subscribe invocations.
	subscribeCalls int

	// faults
	refuseTokens    int
	blankSubscribes int             // Subscribe calls answered with an empty list
	deny            map[string]bool // event names answered "Unauthorized"
	pascal          bool
	endpointForm    EndpointForm
	wrapUpSec       int
}

// EndpointForm chooses how the token answer names the hub.
type EndpointForm int

const (
	// EndpointDocument is the document's literal: "WssEndpoint":"ws://host/rte".
	EndpointDocument EndpointForm = iota
	// EndpointNoScheme is the unofficial client's: "WSSEndpoint":"host/rte".
	EndpointNoScheme
)

// Start starts a simulator on o.Addr (a free loopback port by default).
func Start(o simulator.Options) (*Sim, error) {
	l, err := o.Listen()
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &Sim{
		opts: o, log: o.Log(), ctx: ctx, cancel: cancel,
		callers: simulator.NewCallers(o.Seed),
		userID:  guid(), orgID: guid(),
		userName: "agent@demo.enreach.test", password: "demo-" + randHex(6),
		number: "+4930555100", avail: "Available", serving: true,
		calls: map[string]*simCall{}, tokens: map[string]bool{},
		conns: map[string]*rteConn{}, netConns: map[net.Conn]bool{},
		deny: map[string]bool{}, wrapUpSec: 60,
	}
	if o.Rate <= 0 {
		// Tests: a short wrap-up window, so observe-only flows end on the
		// platform's own timer without a long wait.
		s.wrapUpSec = 3
	}
	s.secret = randHex(16)
	for i, name := range simulator.Queues() {
		s.queues = append(s.queues, &queue{ID: guid(), Name: name, Number: fmt.Sprintf("+493055501%d", i),
			Agents: 4 + i, Free: 1})
	}
	s.ln = &faultListener{Listener: l}
	s.base = "http://" + l.Addr().String()

	s.hub, err = signalr.NewServer(ctx,
		signalr.HubFactory(func() signalr.HubInterface { return &rteHub{sim: s} }),
		signalr.HTTPTransports(signalr.TransportWebSockets),
		signalr.WithHubLifetimeManager(func(signalr.Server) (signalr.HubLifetimeManager, error) { return &lifetime{sim: s}, nil }),
		signalr.Logger(kitLogger{s.log}, false),
		signalr.MaximumReceiveMessageSize(1<<20),
	)
	if err != nil {
		cancel()
		l.Close()
		return nil, err
	}
	mux := http.NewServeMux()
	hubMux := http.NewServeMux()
	s.hub.MapHTTP(signalr.WithHTTPServeMux(hubMux), "/rte")
	mux.Handle("/rte", s.hubAuth(hubMux))
	mux.Handle("/rte/", s.hubAuth(hubMux))
	mux.HandleFunc("/authuser/", s.handleAuthUser)
	mux.HandleFunc("/token/", s.handleToken)
	mux.HandleFunc("/queues", s.handleQueues)
	mux.HandleFunc("/queues/", s.handleQueues)
	s.srv = &http.Server{Handler: mux, ConnState: s.trackConn, ErrorLog: slogErrorLog(s.log),
		ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = s.srv.Serve(s.ln) }()
	if o.Rate > 0 {
		go s.traffic(o.Rate)
	}
	go s.queueTicker()
	return s, nil
}

func (s *Sim) Vendor() string { return "enreach" }

// Config is what the driver needs: the REST base, the demo user and its
// generated password.
func (s *Sim) Config() vendors.Config {
	return vendors.Config{URL: s.base, User: s.userName, Password: s.password, Logger: s.opts.Logger}
}

// URL is the REST API base.
func (s *Sim) URL() string { return s.base }

// UserID is the agent's Enreach user ID.
func (s *Sim) UserID() string { return s.userID }

func (s *Sim) Describe() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Enreach Voice simulator (REST + RTE SignalR hub)\n")
	fmt.Fprintf(&b, "  REST API:  %s   (hub: %s/rte, WebSockets only)\n", s.base, s.base)
	fmt.Fprintf(&b, "  user:      %s\n  password:  %s   (generated for this run)\n", s.userName, s.password)
	fmt.Fprintf(&b, "  queues:    %s\n", strings.Join(simulator.Queues(), ", "))
	fmt.Fprintf(&b, "  connect:   TANDEM_PASSWORD=%s tandemctl --vendor enreach --url %s --user %s\n", s.password, s.base, s.userName)
	fmt.Fprintf(&b, "  The RTE only observes: calls are answered and ended on the phone.\n")
	return b.String()
}

// Requests counts REST requests and hub invocations from drivers
// (keepalive pings are not requests).
func (s *Sim) Requests() int64 { return s.requests.Load() }

func (s *Sim) Close() error {
	s.cancel()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	s.Drop()
	err := s.srv.Shutdown(ctx)
	if err != nil {
		_ = s.srv.Close()
	}
	return nil
}

func guid() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b)
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

func randHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

type kitLogger struct{ l *slog.Logger }

func (k kitLogger) Log(keyvals ...any) error {
	k.l.Debug("signalr", keyvals...)
	return nil
}

var _ simulator.Sim = (*Sim)(nil)
