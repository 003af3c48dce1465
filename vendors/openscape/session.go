package openscape

import (
	"context"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"time"

	"tandem/vendors"
	"tandem/vendors/backoff"
)

// session is one agent on one Application Server. Every change to the
// model runs on q, one job at a time, in the order webhook bodies arrived
// and the session's own work was queued.
type session struct {
	st   settings
	log  *slog.Logger
	cl   *client
	rx   *receiver
	em   *vendors.Emitter
	q    *queue
	caps vendors.Capabilities
	kick chan kickKind

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu         sync.Mutex
	connected  bool // commands may go out
	loggedOut  bool // the agent logged out: unregistered until login
	switching  bool // an OSCC/OSV switchover is in progress
	switchedAt time.Time
	failed     bool // gave up (authentication); nothing is retried
	synced     bool // the first resync is done: changes are reported
	key        int  // the controlled agent's key
	logonKey   int  // the Main Logon user's key
	agentID    string
	agentName  string
	routing    string // RoutingStates value
	reasonKey  int
	voiceOn    bool
	sent       *vendors.AgentState // last StateEvent
	calls      map[string]*call
	order      []string
	unavail    []reason
	work       []reason
	wrapups    []reason
	queues     map[int]string
	waiters    []*waiter
	consultOf  string // the call a consult command was sent for
	before     struct {
		routing   string
		reasonKey int
	}
}

type kickKind int

const (
	kickLost    kickKind = iota // the session or the server is gone: run the ladder
	kickRelogon                 // a switchover ended: log the agent on again
)

func open(ctx context.Context, st settings, log *slog.Logger) (*session, error) {
	s := &session{
		st:     st,
		log:    log,
		cl:     newClient(st.url, st.password, st.clientToken),
		em:     vendors.NewEmitter(),
		q:      newQueue(),
		kick:   make(chan kickKind, 4),
		calls:  map[string]*call{},
		queues: map[int]string{},
		caps:   capabilities(),
	}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	rx, err := newReceiver(st.listen, st.announce, st.cert, st.key, st.url, log, func(b []byte) {
		s.q.push(func() { s.apply(b) })
	})
	if err != nil {
		s.em.Close()
		return nil, err
	}
	s.rx = rx
	go s.q.run()
	s.em.Emit(vendors.ConnectionEvent{Status: vendors.Connecting})
	log.Info("openscape: webhook receiver ready", "url", rx.redactedURL())
	// A registration the server still holds (a crash, a failover) is
	// refused for up to alreadyFor: keep trying while ctx allows.
	b := backoff.Backoff{Min: time.Second, Max: 10 * time.Second}
	var already time.Time
	for {
		err := s.establish(ctx, true)
		if err == nil {
			break
		}
		if isAlready(err) {
			if already.IsZero() {
				already = time.Now()
			}
			log.Warn("openscape: client name still registered, retrying", "err", err)
			if time.Since(already) < alreadyFor && b.Sleep(ctx) {
				continue
			}
		}
		s.shutdown()
		return nil, err
	}
	s.wg.Add(2)
	go s.supervise()
	go s.watch()
	return s, nil
}

func capabilities() vendors.Capabilities {
	c := vendors.Caps(map[vendors.CommandKind]string{
		vendors.CmdReject: "the OpenScape REST SDK cannot reject a call: let it ring or decline it on your phone",
	},
		vendors.CmdLogin, vendors.CmdLogout, vendors.CmdReady, vendors.CmdNotReady,
		vendors.CmdAnswer, vendors.CmdHangup, vendors.CmdHold, vendors.CmdRetrieve,
		vendors.CmdTransfer, vendors.CmdConsult, vendors.CmdCompleteTransfer,
		vendors.CmdConference, vendors.CmdDial, vendors.CmdWrapUp, vendors.CmdEndWrapUp)
	c.NotReadyReasons = true
	c.WrapUpNotes = true
	return c
}

func (s *session) Events() <-chan vendors.Event       { return s.em.Events() }
func (s *session) Capabilities() vendors.Capabilities { return s.caps }

// Close stops the session without logging the agent out: no logoff, no
// unregister (which would log the agent off every medium, notes §2.6).
func (s *session) Close() error {
	s.mu.Lock()
	s.connected = false
	idle := !s.voiceOn && !s.failed
	s.mu.Unlock()
	if idle && s.cl.getToken() != "" {
		// Nobody to log off: free the client name, so the next start is
		// not refused as already registered while the server times out.
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		s.cl.call(ctx, "POST", "/v2/main/unregisterApplication", nil, nil)
		cancel()
	}
	s.shutdown()
	s.wg.Wait()
	return nil
}

func (s *session) shutdown() {
	s.cancel()
	if s.rx != nil {
		s.rx.close()
	}
	s.q.close()
	s.cl.http.CloseIdleConnections()
	s.mu.Lock()
	for _, w := range s.waiters {
		w.finish(&vendors.Error{Kind: vendors.ErrSessionEnded, Vendor: vendorName, Msg: "session closed"})
	}
	s.waiters = nil
	s.mu.Unlock()
	s.em.Close()
}

// establish registers, logs on, looks up, subscribes and resyncs (notes
// §2.9). voice logs the agent on to voice too: at Open and login, not
// after an Application Server failover (the agent stays logged on, §7.3).
func (s *session) establish(ctx context.Context, voice bool) error {
	var reg registerResponse
	err := s.cl.call(ctx, "POST", "/main/registerApplication", registerRequest{
		WebhookURL:        s.rx.url,
		WebhookAPIVersion: "V2",
		Application:       application{Name: s.st.clientName, Token: s.st.clientToken, BusUnitName: s.st.busUnit},
	}, &reg)
	if err != nil {
		return err
	}
	if reg.SessionToken == "" {
		return &vendors.Error{Kind: vendors.ErrProtocol, Vendor: vendorName, Op: "registerApplication", Msg: "no session token in the answer"}
	}
	s.cl.setToken(string(reg.SessionToken))
	err = s.bootstrap(ctx, voice)
	if err != nil && !linkLost(err) {
		// Free the client name, or the next try is refused as already
		// registered for minutes.
		uctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		s.cl.call(uctx, "POST", "/v2/main/unregisterApplication", nil, nil)
		cancel()
		s.cl.setToken("")
	}
	return err
}

func (s *session) bootstrap(ctx context.Context, voice bool) error {
	logonKey, err := s.resolveUser(ctx)
	if err != nil {
		return err
	}
	if err := s.cl.call(ctx, "POST", "/main/logon", map[string]any{"agentKey": logonKey, "password": s.st.password}, nil); err != nil {
		return err
	}
	if err := s.lookups(ctx); err != nil {
		return err
	}
	s.mu.Lock()
	key, ext := s.key, s.st.ext
	s.mu.Unlock()
	if err := s.cl.call(ctx, "POST", "/telephony/startlistenforevents", map[string]any{"resource": ext}, nil); err != nil {
		return err
	}
	if err := s.cl.call(ctx, "POST", "/presence/startlistenforevents", map[string]any{"resource": key}, nil); err != nil {
		return err
	}
	// Admin events keep the reason lists current; not vital.
	if err := s.cl.call(ctx, "POST", "/admin/startlistenforevents", nil, nil); err != nil && linkLost(err) {
		return err
	}
	if voice {
		if err := s.cl.call(ctx, "POST", "/v2/telephony/logon", map[string]any{"agentKey": key, "extension": ext}, nil); err != nil {
			return err
		}
	}
	return s.resync(ctx, true)
}

// resolveUser finds the logon key and the controlled agent's ID through
// GetUsers (which needs no logon): user may be a key, a user name or an ID.
func (s *session) resolveUser(ctx context.Context) (int, error) {
	var ur usersResponse
	if err := s.cl.call(ctx, "GET", "/admin/users", nil, &ur); err != nil {
		return 0, err
	}
	find := func(v string) *user {
		for i := range ur.Users {
			u := &ur.Users[i]
			if strconv.Itoa(int(u.AgentKey)) == v || string(u.AgentID) == v || (u.UserName != "" && string(u.UserName) == v) {
				return u
			}
		}
		return nil
	}
	lu := find(s.st.user)
	var logonKey int
	switch {
	case lu != nil:
		logonKey = int(lu.AgentKey)
	default:
		n, err := strconv.Atoi(s.st.user)
		if err != nil {
			return 0, &vendors.Error{Kind: vendors.ErrAuth, Vendor: vendorName, Op: "logon", Msg: "unknown user " + strconv.Quote(s.st.user)}
		}
		logonKey = n
	}
	agent := s.st.agent
	if agent == "" {
		agent = strconv.Itoa(logonKey)
	}
	au := find(agent)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.logonKey = logonKey
	s.key, _ = strconv.Atoi(agent)
	s.agentID = agent
	if au != nil {
		s.key = int(au.AgentKey)
		if au.AgentID != "" {
			s.agentID = string(au.AgentID)
		}
		s.agentName = string(au.FirstName + " " + au.LastName)
	}
	return logonKey, nil
}

// lookups reads the reason lists and queue names.
func (s *session) lookups(ctx context.Context) error {
	var un, wk, wu reasonsResponse
	var qs queuesResponse
	for _, l := range []struct {
		path string
		out  answer
	}{
		{"/admin/unavailablereasons", &un}, {"/admin/workreasons", &wk},
		{"/admin/wrapupreasons", &wu}, {"/v2/admin/queues", &qs},
	} {
		if err := s.cl.call(ctx, "GET", l.path, nil, l.out); err != nil {
			if linkLost(err) || vendors.KindOf(err) == vendors.ErrAuth {
				return err
			}
			s.log.Warn("openscape: look-up failed", "path", l.path, "err", err)
		}
	}
	s.mu.Lock()
	s.unavail, s.work, s.wrapups = un.Reasons, wk.Reasons, wu.Reasons
	for _, q := range qs.Queues {
		s.queues[int(q.Key)] = string(q.Name)
	}
	s.mu.Unlock()
	return nil
}

func (s *session) reasonsEvent() vendors.ReasonsEvent {
	var ev vendors.ReasonsEvent
	for _, r := range s.unavail {
		ev.NotReady = append(ev.NotReady, vendors.Reason{Code: strconv.Itoa(int(r.ReasonKey)), Label: string(r.Name)})
	}
	for _, r := range s.work {
		ev.NotReady = append(ev.NotReady, vendors.Reason{Code: "W" + strconv.Itoa(int(r.ReasonKey)), Label: string(r.Name) + " (work)"})
	}
	for _, r := range s.wrapups {
		ev.WrapUp = append(ev.WrapUp, vendors.Reason{Code: strconv.Itoa(int(r.ReasonKey)), Label: string(r.Name)})
	}
	return ev
}

// emitf emits unless the session is closed.
func (s *session) emit(ev vendors.Event) { s.em.Emit(ev) }

// isAlready reports a registration refused because the client name is
// still registered.
func isAlready(err error) bool {
	return vendors.KindOf(err) == vendors.ErrLimit && strings.Contains(err.Error(), "ALREADY_REGISTERED_ON")
}
