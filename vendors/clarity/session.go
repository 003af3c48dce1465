package clarity

import (
	"context"
	"errors"
	"log/slog"
	"math/rand/v2"
	"net/url"
	"sync"
	"sync/atomic"
	"time"

	"tandem/vendors"
	"tandem/vendors/backoff"
)

// session is one logged-in Clarity agent: it polls the agent's status and
// active sessions, and re-logs in after a failure.
type session struct {
	cl       *client
	events   *vendors.Emitter
	caps     vendors.Capabilities
	interval time.Duration
	log      *slog.Logger

	ctx       context.Context
	cancel    context.CancelFunc
	done      chan struct{}
	connected atomic.Bool

	pollMu   sync.Mutex // one poll at a time; guards the fields below
	prof     profile
	notReady []vendors.Reason
	wrapUp   []vendors.Reason
	state    vendors.AgentState
	haveSt   bool
	contacts map[string]*tracked
	ended    map[string]time.Time // recently ended session ids
}

// login runs the whole sign-in: discover the token service, get a token,
// check for API version 2, read the profile and the selectable statuses.
func (s *session) login(ctx context.Context) error {
	if err := s.cl.probe(ctx); err != nil {
		return err
	}
	s.cl.authMu.Lock()
	err := s.cl.authenticate(ctx)
	s.cl.authMu.Unlock()
	if err != nil {
		return err
	}
	var b []byte
	if err := s.cl.call(ctx, "GET", "root:/info", nil, &b); err != nil {
		return loginError("info", err)
	}
	var info infoResponse
	if err := decodeObject(b, &info); err != nil {
		return vendors.Errorf(vendors.ErrProtocol, "info: %v", err)
	}
	rel := ""
	for _, v := range info.APIVersions {
		if ver := string(v.Version); ver == "2" || ver == "2.0" {
			rel = string(v.RelativeURL)
			if rel == "" {
				rel = "/v2"
			}
		}
	}
	if rel == "" {
		return vendors.Errorf(vendors.ErrConfig, "the server (Connect %s) does not offer Web API version 2", info.ConnectVersion)
	}
	if u, err := url.Parse(rel); err != nil || u.IsAbs() || u.Host != "" {
		return vendors.Errorf(vendors.ErrProtocol, "info names a bad relative URL for version 2")
	}
	s.cl.mu.Lock()
	s.cl.v2 = s.cl.root + "/" + trimSlashes(rel)
	agent := s.cl.agentID
	s.cl.mu.Unlock()

	if err := s.cl.call(ctx, "GET", "/profile", nil, &b); err != nil {
		var he *httpError
		if errors.As(err, &he) && he.Code == 404 {
			return vendors.Errorf(vendors.ErrConfig, "no Connect agent profile for %s", s.cl.user)
		}
		return loginError("profile", err)
	}
	var p profile
	if err := decodeObject(b, &p); err != nil {
		return vendors.Errorf(vendors.ErrProtocol, "profile: %v", err)
	}
	if err := s.cl.call(ctx, "GET", "/agentStatus/list/"+url.PathEscape(agent), nil, &b); err != nil {
		return loginError("statuses", err)
	}
	list, bad, err := decodeItems[connectStatus](b)
	logBad(s.cl.log, "agentStatus/list", "", bad, err)
	s.pollMu.Lock()
	s.prof = p
	s.notReady = notReadyReasons(list)
	s.pollMu.Unlock()
	return nil
}

func trimSlashes(s string) string {
	for len(s) > 0 && s[0] == '/' {
		s = s[1:]
	}
	for len(s) > 0 && s[len(s)-1] == '/' {
		s = s[:len(s)-1]
	}
	return s
}

// loginError keeps typed errors and names the step of a bare HTTP one.
func loginError(step string, err error) error {
	var he *httpError
	if errors.As(err, &he) {
		kind := vendors.ErrRejected
		if he.Code >= 500 {
			kind = vendors.ErrUnreachable
		}
		return &vendors.Error{Kind: kind, Op: step, Err: err}
	}
	return err
}

// resync fetches the whole picture and emits it after Connected, ending
// with SyncedEvent.
func (s *session) resync(ctx context.Context) error {
	s.pollMu.Lock()
	defer s.pollMu.Unlock()
	evs, err := s.poll(ctx, true)
	if err != nil {
		return err
	}
	s.connected.Store(true)
	s.events.Emit(vendors.ConnectionEvent{Status: vendors.Connected})
	s.events.Emit(vendors.CapabilitiesEvent{Caps: s.caps})
	s.events.Emit(vendors.ReasonsEvent{NotReady: s.notReady, WrapUp: s.wrapUp})
	for _, ev := range evs {
		s.events.Emit(ev)
	}
	s.events.Emit(vendors.SyncedEvent{})
	return nil
}

// refresh polls now (after a command) and emits what changed.
func (s *session) refresh(ctx context.Context) error {
	s.pollMu.Lock()
	defer s.pollMu.Unlock()
	evs, err := s.poll(ctx, false)
	for _, ev := range evs {
		s.events.Emit(ev)
	}
	return err
}

// run polls until Close; on a failure it reports Reconnecting at once and
// logs in again with backoff and jitter. Authentication and configuration
// failures end the session instead of looping.
func (s *session) run() {
	defer close(s.done)
	bo := backoff.Backoff{Min: 500 * time.Millisecond, Max: 30 * time.Second}
	for {
		wait := s.interval + time.Duration(rand.Int64N(int64(s.interval)/5+1)) - s.interval/10
		if !s.connected.Load() {
			wait = bo.Next()
		}
		t := time.NewTimer(wait)
		select {
		case <-s.ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
		var err error
		if s.connected.Load() {
			if err = s.refresh(s.ctx); err == nil {
				s.events.Emit(vendors.AliveEvent{At: time.Now()})
				continue
			}
		} else if err = s.login(s.ctx); err == nil {
			if err = s.resync(s.ctx); err == nil {
				bo.Reset()
				continue
			}
		}
		if s.ctx.Err() != nil {
			return
		}
		if fatal(err) {
			s.connected.Store(false)
			s.events.Emit(vendors.ConnectionEvent{Status: vendors.Disconnected, Err: withVendor(err)})
			return
		}
		if s.connected.Swap(false) {
			s.log.Info("clarity: connection lost", "err", err)
			s.events.Emit(vendors.ConnectionEvent{Status: vendors.Reconnecting, Err: withVendor(err)})
			bo.Reset()
		} else {
			s.log.Debug("clarity: reconnect failed", "err", err, "attempt", bo.Attempts())
		}
	}
}

// fatal errors need a person: retrying cannot fix them.
func fatal(err error) bool {
	switch vendors.KindOf(err) {
	case vendors.ErrAuth, vendors.ErrConfig, vendors.ErrTLS:
		return true
	}
	return false
}
