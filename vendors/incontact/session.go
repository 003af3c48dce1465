package incontact

import (
	"context"
	"errors"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"time"

	"tandem/vendors"
)

// session is one logged-in agent: the token client, the newest API session
// ID, the poller and the tracker of what the desk was told.
type session struct {
	cfg  vendors.Config
	log  *slog.Logger
	api  *client
	em   *vendors.Emitter
	tr   *tracker
	caps vendors.Capabilities

	pollTimeout time.Duration
	// pause waits between retries; tests replace it to count the poller's
	// cadence without timing anything.
	pause func(ctx context.Context, d time.Duration) bool

	ctx     context.Context
	cancel  context.CancelFunc
	done    chan struct{}
	started bool
	closing sync.Once

	mu        sync.Mutex
	sid       string
	connected bool
	ended     bool
	loggedOut bool // the agent asked for the end (logout command)
	remoteMsg string
	fatal     error
	synced    chan struct{} // closed after the first resync (or a fatal end)
	syncOnce  sync.Once

	lk lookups
}

func newSession(cfg vendors.Config) *session {
	ctx, cancel := context.WithCancel(context.Background())
	return &session{
		cfg:         cfg,
		log:         cfg.Log(),
		api:         newClient(cfg),
		em:          vendors.NewEmitter(),
		tr:          newTracker(),
		caps:        capabilities(),
		pollTimeout: pollTimeoutOf(cfg),
		pause:       sleepCtx,
		ctx:         ctx,
		cancel:      cancel,
		done:        make(chan struct{}),
		synced:      make(chan struct{}),
	}
}

// pollTimeoutOf is the long-poll timeout. It stays at most 10 s so a
// blackholed link is noticed within 15 s (the poll's deadline is the
// timeout plus pollGrace); the SDK's 60 s would hide a dead link for a minute.
func pollTimeoutOf(cfg vendors.Config) time.Duration {
	n, err := strconv.Atoi(strings.TrimSuffix(cfg.Option("poll-timeout", "10"), "s"))
	if err != nil || n < 1 {
		n = 10
	}
	if n > 10 {
		n = 10
	}
	return time.Duration(n) * time.Second
}

const pollGrace = 4 * time.Second

func sleepCtx(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// capabilities: the Agent API does every command but a one-step blind
// transfer (none found, public-apis §1.7) and login (Open does that).
func capabilities() vendors.Capabilities {
	c := vendors.Caps(map[vendors.CommandKind]string{
		vendors.CmdTransfer: "consult the destination, then complete the transfer",
		vendors.CmdLogin:    "log in by opening the session",
	},
		vendors.CmdLogout, vendors.CmdReady, vendors.CmdNotReady, vendors.CmdAnswer,
		vendors.CmdReject, vendors.CmdHangup, vendors.CmdHold, vendors.CmdRetrieve,
		vendors.CmdConsult, vendors.CmdCompleteTransfer, vendors.CmdConference,
		vendors.CmdDial, vendors.CmdWrapUp, vendors.CmdEndWrapUp)
	c.NotReadyReasons = true
	c.WrapUpNotes = true
	return c
}

func (s *session) Events() <-chan vendors.Event       { return s.em.Events() }
func (s *session) Capabilities() vendors.Capabilities { return s.caps }

func (s *session) emit(evs ...vendors.Event) {
	for _, ev := range evs {
		s.em.Emit(ev)
	}
}

func (s *session) currentSID() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sid
}

// setSID keeps the newest session ID the server returned (public-apis §1.4:
// the SDK overwrites it on every poll).
func (s *session) setSID(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if id != "" && id != s.sid {
		s.sid = id
	}
}

func (s *session) isConnected() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.connected && !s.ended
}

// connectedNow marks the link up and emits Connected; the next poll answer
// ends the resync.
func (s *session) connectedNow() {
	s.tr.beginResync()
	s.mu.Lock()
	s.connected = true
	s.mu.Unlock()
	s.emit(vendors.ConnectionEvent{Status: vendors.Connected})
}

// lost reports a broken link once, at once.
func (s *session) lost(err error) {
	s.mu.Lock()
	was := s.connected
	s.connected = false
	s.mu.Unlock()
	if was {
		if st := statusOf(err); st != 0 {
			kind := vendors.ErrProtocol
			if st >= 500 {
				kind = vendors.ErrUnreachable
			}
			err = &vendors.Error{Kind: kind, Op: "get-next-event", Err: err}
		}
		s.emit(vendors.ConnectionEvent{Status: vendors.Reconnecting, Err: tag(err)})
	}
}

// finish ends the session for good: the platform ended it, the agent
// logged out, or the credentials stopped working. No retry follows.
func (s *session) finish(err error) {
	s.mu.Lock()
	if s.ended {
		s.mu.Unlock()
		return
	}
	s.ended = true
	s.connected = false
	s.fatal = tag(err)
	s.mu.Unlock()
	s.emit(vendors.ConnectionEvent{Status: vendors.Disconnected, Err: tag(err)})
	s.syncOnce.Do(func() { close(s.synced) })
}

func (s *session) markSynced() { s.syncOnce.Do(func() { close(s.synced) }) }

// sessionEnded is the error for an end the agent did not ask for.
func (s *session) sessionEnded(how string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.loggedOut {
		return nil
	}
	msg := how
	if s.remoteMsg != "" {
		msg = "ended by an administrator (" + s.remoteMsg + ")"
	}
	return &vendors.Error{Kind: vendors.ErrSessionEnded, Vendor: Name, Msg: msg}
}

// Close stops polling without ending the agent session on the platform.
func (s *session) Close() error {
	s.closing.Do(func() {
		s.cancel()
		if s.started {
			<-s.done
		}
		s.mu.Lock()
		was := !s.ended
		s.ended = true
		s.connected = false
		s.mu.Unlock()
		if was {
			s.emit(vendors.ConnectionEvent{Status: vendors.Disconnected})
		}
		s.markSynced()
		s.em.Close()
	})
	return nil
}

// tag stamps the vendor name on an *vendors.Error.
func tag(err error) error {
	if err == nil {
		return nil
	}
	var e *vendors.Error
	if errors.As(err, &e) {
		if e.Vendor == "" {
			e.Vendor = Name
		}
		return e
	}
	return &vendors.Error{Kind: vendors.ErrProtocol, Vendor: Name, Err: err}
}
