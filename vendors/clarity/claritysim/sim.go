// Package claritysim simulates a Clarity Connect Web API v2 server: the
// Windows-authenticated token service (real NTLMv2), JWT bearer tokens, the
// agent's profile and statuses, sessions offered to the agent with their
// screen-pop details, dispositions and call notes, and injectable faults.
// Calls are moved with Phone, as the agent's Skype for Business client would.
package claritysim

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"tandem/vendors"
	"tandem/vendors/simulator"
)

func init() {
	simulator.Register("clarity", func(o simulator.Options) (simulator.Sim, error) {
		return Start(Config{Options: o})
	})
}

// Config configures a simulator beyond the common options.
type Config struct {
	simulator.Options
	// TokenLifetime is how long a JWT is valid; 0 means 10 hours.
	TokenLifetime time.Duration
	// AfterCall is how long after-call lasts before the session completes on
	// its own; 0 keeps it until the agent sets a status (or, with Rate, 20s).
	AfterCall time.Duration
	// ListTerminating keeps ended sessions in the agent's active sessions as
	// "Terminating" (the document's active filter does not exclude it).
	ListTerminating bool
	// Poll is the poll interval Config() hands the driver; 0 means 500ms.
	Poll time.Duration
}

// Sim is a running Clarity Connect simulator.
type Sim struct {
	cfg      Config
	log      *slog.Logger
	ln       net.Listener
	srv      *http.Server
	base     string
	callers  *simulator.Callers
	all      atomic.Int64 // every HTTP request
	commands atomic.Int64 // requests that act for the agent
	unauth   atomic.Int64 // API requests refused for a missing or stale token
	tokens   atomic.Int64
	key      []byte
	stop     chan struct{}
	wg       sync.WaitGroup

	// The configured Windows account and the API client.
	domain, user, password, clientID string

	mu          sync.Mutex
	conns       map[net.Conn]struct{}
	challenges  map[string]challenge // by connection (RemoteAddr)
	issued      map[string]time.Time // live tokens and their expiry
	lifetime    time.Duration
	fail500     int
	failUntil   time.Time
	delay       time.Duration
	killUntil   time.Time
	killAtLeast int
	malformed   bool
	writes      []Write

	agentID   int
	status    int
	reasonID  int
	since     time.Time
	suspended bool
	sessions  map[int]*session
	nextID    int
	nextItem  int
}

// Write records one wrap-up write as the simulator received it.
type Write struct {
	Method  string // the HTTP verb the driver used
	Path    string // e.g. setdispositions
	Session int
	Body    string
}

// Start starts a simulator listening on cfg.Addr (default: a free loopback
// port).
func Start(cfg Config) (*Sim, error) {
	ln, err := cfg.Listen()
	if err != nil {
		return nil, err
	}
	s := &Sim{
		cfg:        cfg,
		log:        cfg.Log(),
		ln:         ln,
		callers:    simulator.NewCallers(cfg.Seed),
		key:        randBytes(32),
		stop:       make(chan struct{}),
		domain:     "CCDEV",
		user:       "pmiller",
		password:   "Demo-" + hex.EncodeToString(randBytes(6)),
		clientID:   guid(),
		conns:      map[net.Conn]struct{}{},
		challenges: map[string]challenge{},
		issued:     map[string]time.Time{},
		lifetime:   cfg.TokenLifetime,
		agentID:    15,
		status:     stUnavailable,
		reasonID:   1,
		since:      time.Now().UTC(),
		sessions:   map[int]*session{},
		nextID:     78600,
		nextItem:   137900,
	}
	if s.lifetime <= 0 {
		s.lifetime = 10 * time.Hour
	}
	if s.cfg.AfterCall == 0 && cfg.Rate > 0 {
		s.cfg.AfterCall = 20 * time.Second
	}
	host, port, _ := net.SplitHostPort(ln.Addr().String())
	if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() {
		host = "127.0.0.1" // listening on every address: name this machine
	}
	s.base = "http://" + net.JoinHostPort(host, port)
	s.srv = &http.Server{
		Handler:           http.HandlerFunc(s.serve),
		ReadHeaderTimeout: 10 * time.Second,
		ConnState:         s.connState,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelDebug),
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		_ = s.srv.Serve(ln)
	}()
	if cfg.Rate > 0 {
		s.wg.Add(1)
		go s.traffic(cfg.Rate)
	}
	s.log.Info("clarity simulator listening", "url", s.apiURL())
	return s, nil
}

func (s *Sim) apiURL() string   { return s.base + "/webapi/api" }
func (s *Sim) tokenURL() string { return s.base + "/webauth/token" }

// Vendor is the driver that speaks to this simulator.
func (s *Sim) Vendor() string { return "clarity" }

// Config is what the driver needs to log in as the simulated agent.
func (s *Sim) Config() vendors.Config {
	poll := s.cfg.Poll
	if poll <= 0 {
		poll = 500 * time.Millisecond
	}
	return vendors.Config{
		URL:      s.apiURL(),
		User:     s.domain + `\` + s.user,
		Password: s.password,
		Options:  map[string]string{"client-id": s.clientID, "poll": poll.String()},
		Logger:   s.cfg.Logger,
	}
}

// Describe tells a trainer how to connect.
func (s *Sim) Describe() string {
	return fmt.Sprintf(`Clarity Connect Web API v2 simulator
  API root:      %[1]s
  token service: %[2]s (Windows authentication: NTLM)
  Windows user:  %[3]s\%[4]s
  password:      %[5]s
  client id:     %[6]s
Connect with:
  TANDEM_PASSWORD='%[5]s' tandemctl --vendor clarity --url %[1]s --user '%[3]s\%[4]s' --option client-id=%[6]s
Calls are answered and hung up in Skype for Business; with --rate the
simulator does that on its own (or use: phone answer|hangup|hold|retrieve ID).
Faults, with curl -X POST:
  %[7]s/_sim/expire-tokens      every token stops working (401, re-login)
  %[7]s/_sim/fail500?for=30s    the API answers 500 for a while (or ?count=N)
  %[7]s/_sim/delay?d=3s         slow answers (d=0 ends it)
  %[7]s/_sim/drop               cut every connection`,
		s.apiURL(), s.tokenURL(), s.domain, s.user, s.password, s.clientID, s.base)
}

// Requests counts the command requests received (status updates, session
// writes, unregister): polls are not counted, so a test can prove a refused
// command never reached the platform while the driver keeps polling.
func (s *Sim) Requests() int64 { return s.commands.Load() }

// AllRequests counts every HTTP request, polls and token service included.
func (s *Sim) AllRequests() int64 { return s.all.Load() }

// Unauthorized counts API requests answered 401 for a missing, expired or
// revoked token (the driver's discovery probe included).
func (s *Sim) Unauthorized() int64 { return s.unauth.Load() }

// TokensIssued counts the JWTs the token service handed out.
func (s *Sim) TokensIssued() int64 { return s.tokens.Load() }

// Close stops the simulator.
func (s *Sim) Close() error {
	select {
	case <-s.stop:
		return nil
	default:
	}
	close(s.stop)
	err := s.srv.Close()
	s.mu.Lock()
	for _, ss := range s.sessions {
		if ss.afterCallTimer != nil {
			ss.afterCallTimer.Stop()
		}
	}
	s.mu.Unlock()
	s.wg.Wait()
	return err
}

// State is the platform's view of the agent.
func (s *Sim) State() vendors.State {
	s.mu.Lock()
	defer s.mu.Unlock()
	return stateOf(s.status)
}

// SetState changes the agent's status as a supervisor or the phone would.
// reason is a reason code id for not_ready, or "status-<id>" for another
// away status.
func (s *Sim) SetState(st vendors.State, reason string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch st {
	case vendors.StateReady:
		s.setStatus(stAvailable, 0)
	case vendors.StateBusy:
		s.setStatus(stInCall, 0)
	case vendors.StateWrapUp:
		s.setStatus(stAfterCall, 0)
	case vendors.StateLoggedOut:
		s.setStatus(stLoggedOut, 0)
	case vendors.StateNotReady:
		if id, ok := strings.CutPrefix(reason, "status-"); ok {
			n, err := strconv.Atoi(id)
			if err != nil || statusNames[n] == "" {
				return fmt.Errorf("claritysim: unknown status %q", reason)
			}
			s.setStatus(n, 0)
			return nil
		}
		rc := 0
		if reason != "" {
			n, err := strconv.Atoi(reason)
			if err != nil || reasonName(n) == "" {
				return fmt.Errorf("claritysim: unknown reason code %q", reason)
			}
			rc = n
		}
		s.setStatus(stUnavailable, rc)
	default:
		return fmt.Errorf("claritysim: cannot set state %q", st)
	}
	return nil
}

// SetUnknownStatus puts the agent in the "unknown" status Connect reports
// when the agent's SIP address is invalid.
func (s *Sim) SetUnknownStatus() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.setStatus(stUnknown, 0)
}

func (s *Sim) setStatus(id, reason int) {
	if s.status != id || s.reasonID != reason {
		s.since = time.Now().UTC()
	}
	s.status, s.reasonID = id, reason
}

func reasonName(id int) string {
	for _, r := range reasonCodes {
		if r.ID == id {
			return r.Name
		}
	}
	return ""
}

// Writes returns the wrap-up writes received so far.
func (s *Sim) Writes() []Write {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Write(nil), s.writes...)
}

// SessionWrapUp reports what a session holds: disposition, sub-disposition
// and call note.
func (s *Sim) SessionWrapUp(id string) (disp, sub int, note string, ok bool) {
	n, err := strconv.Atoi(id)
	if err != nil {
		return 0, 0, "", false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ss := s.sessions[n]
	if ss == nil {
		return 0, 0, "", false
	}
	return ss.DispID, ss.SubID, ss.Note, true
}

func randBytes(n int) []byte {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return b
}

func guid() string {
	b := randBytes(16)
	return strings.ToUpper(fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16]))
}
