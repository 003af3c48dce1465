package enreach

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/philippseith/signalr"

	"tandem/vendors"
	"tandem/vendors/backoff"
)

const (
	// settleWait bounds how long a (re)connection waits for the status
	// events that follow Subscribe before it reports what it knows: the
	// document promises no snapshot (A39).
	settleWait  = 3 * time.Second
	attemptWait = 30 * time.Second
	invokeWait  = 15 * time.Second
	aliveEvery  = 15 * time.Second
)

type session struct {
	cfg      vendors.Config
	log      *slog.Logger
	rest     *rest
	http     *http.Client
	em       *vendors.Emitter
	ctx      context.Context
	cancel   context.CancelFunc
	password string

	// Owned by the run goroutine (and Open before it starts).
	secret, userID string
	queues         []queueRef
	m              *model
	capsSent       bool

	mu     sync.Mutex
	closed bool

	firstSync chan error // one result: nil when first synced, or the terminal error
	firstOnce sync.Once
	runDone   chan struct{}
}

// live is one connection with its signalr client.
type live struct {
	hc     *hubConn
	client signalr.Client
	stop   context.CancelFunc
}

func (l *live) close() {
	l.hc.fail(errors.New("closed by the session"))
	l.stop()
}

// receiver satisfies the library; the wire-order tap in hubConn reads the
// events (see hubConn). The *Details methods are what older hubs call back.
type receiver struct{}

func (receiver) MessageReceived(json.RawMessage)        {}
func (receiver) SubscribeDetails(json.RawMessage)       {}
func (receiver) UnsubscribeDetails(json.RawMessage)     {}
func (receiver) UnsubscribeAllDetails(json.RawMessage)  {}
func (receiver) AvailableSubscriptions(json.RawMessage) {}

func (s *session) Events() <-chan vendors.Event { return s.em.Events() }

func (s *session) Capabilities() vendors.Capabilities { return capabilities() }

// Do refuses every command: the RTE only observes (note §5.2) and no
// other Enreach endpoint for these is known (public-apis.md §2.5-2.11).
func (s *session) Do(ctx context.Context, cmd vendors.Command) error {
	if _, ok := vendors.ParseCommandKind(string(cmd.Kind)); !ok {
		return vendors.Errorf(vendors.ErrInvalid, "unknown command %q", cmd.Kind)
	}
	caps := capabilities()
	if !caps.Has(cmd.Kind) {
		return vendors.Unsupported(driverName, cmd.Kind, caps.Hint(cmd.Kind))
	}
	return &vendors.Error{Kind: vendors.ErrUnsupported, Vendor: driverName, Op: string(cmd.Kind)}
}

func (s *session) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	s.mu.Unlock()
	s.cancel()
	select {
	case <-s.runDone:
	case <-time.After(5 * time.Second):
	}
	s.em.Emit(vendors.ConnectionEvent{Status: vendors.Disconnected})
	s.em.Close()
	return nil
}

func (s *session) finishFirst(err error) {
	s.firstOnce.Do(func() { s.firstSync <- err })
}

// connect makes one connection attempt: a fresh token (the hub checks it
// only at connect, L20), the hub, the subscriptions. A token the hub
// refuses is replaced once at once; a second refusal is an auth failure.
func (s *session) connect(ctx context.Context) (*live, error) {
	if qs, err := s.rest.queues(ctx, s.userID, s.secret); err == nil {
		s.queues = qs
		s.m.setQueues(qs)
	} else if vendors.KindOf(err) != vendors.ErrAuth {
		s.log.Warn("enreach: cannot list the user's queues; the queue board stays empty", "err", err)
	}
	var last error
	for try := 0; try < 2; try++ {
		hub, tok, err := s.rest.token(ctx, s.userID, s.secret)
		if vendors.KindOf(err) == vendors.ErrAuth {
			// The secret key may be revoked: authenticate again.
			secret, id, aerr := s.rest.authUser(ctx, s.password)
			if aerr != nil {
				return nil, aerr
			}
			s.secret, s.userID = secret, id
			hub, tok, err = s.rest.token(ctx, s.userID, s.secret)
		}
		if err != nil {
			return nil, err
		}
		hc, err := dialHub(ctx, s.http, hub, tok, s.log)
		if vendors.KindOf(err) == vendors.ErrAuth {
			s.log.Info("enreach: the hub refused the token", "try", try+1)
			last = err
			continue
		}
		if err != nil {
			return nil, err
		}
		l, err := s.start(ctx, hc)
		if err != nil {
			hc.fail(err)
			return nil, err
		}
		if err := s.subscribe(ctx, l); err != nil {
			l.close()
			return nil, err
		}
		go hc.keepAlive()
		return l, nil
	}
	return nil, &vendors.Error{Kind: vendors.ErrAuth, Op: "connect", Msg: "the real-time hub refused fresh tokens", Err: last}
}

// start runs the signalr client on the connection and waits for the
// handshake. Reconnection is ours: the client gets one connection only.
func (s *session) start(ctx context.Context, hc *hubConn) (*live, error) {
	cctx, stop := context.WithCancel(s.ctx)
	client, err := signalr.NewClient(cctx,
		signalr.WithConnection(hc),
		signalr.WithReceiver(receiver{}),
		signalr.Logger(kitLogger{s.log}, false),
		signalr.MaximumReceiveMessageSize(2*maxMessage),
		signalr.TimeoutInterval(30*time.Second),
		signalr.KeepAliveInterval(10*time.Second),
	)
	if err != nil {
		stop()
		return nil, &vendors.Error{Kind: vendors.ErrProtocol, Op: "connect", Err: err}
	}
	client.Start()
	wctx, cancel := context.WithTimeout(ctx, dialWait)
	defer cancel()
	if err := <-client.WaitForState(wctx, signalr.ClientConnected); err != nil {
		stop()
		return nil, &vendors.Error{Kind: vendors.ErrUnreachable, Op: "handshake", Err: err}
	}
	// The client ends when its loop does (timeout, close message): end
	// the connection with it.
	go func() {
		<-client.WaitForState(hc.ctx, signalr.ClientClosed)
		hc.fail(errors.New("the hub connection closed"))
	}()
	return &live{hc: hc, client: client, stop: stop}, nil
}

// subscribe subscribes to everything and checks each item's result.
func (s *session) subscribe(ctx context.Context, l *live) error {
	want := wantedSubscriptions(s.userID, s.queues)
	ctx, cancel := context.WithTimeout(ctx, invokeWait)
	defer cancel()
	value, err := l.invoke(ctx, "subscribe", "Subscribe", want)
	if err != nil {
		return err
	}
	got, err := decodeResults(value)
	if err != nil {
		return &vendors.Error{Kind: vendors.ErrProtocol, Op: "subscribe", Err: err}
	}
	refused, err := checkResults(want, got, s.userID)
	if len(refused) > 0 {
		s.log.Warn("enreach: subscriptions refused", "items", strings.Join(refused, "; "))
	}
	return err
}

// invokeResults is the identity; tests replace it to hand the library's
// results over in the other order the library may use (see invoke).
var invokeResults = func(ch <-chan signalr.InvokeResult) <-chan signalr.InvokeResult { return ch }

// errLoopEnded is the error the library gives every pending invocation
// when its message loop ends (the connection is gone): no hub answer.
const errLoopEnded = "message loop ended"

// invoke calls a hub method and returns the completion's result. The
// library hands a completion over as two InvokeResults, the value and
// then the error (nil on success), each from its own channel through a
// select, so either may come first; then it closes the channel. The
// first InvokeResult alone can therefore be {nil, nil} with the value
// still to come: read until the channel closes.
func (l *live) invoke(ctx context.Context, op, method string, args ...any) (any, error) {
	ch := invokeResults(l.client.Invoke(method, args...))
	var value any
	var hubErr error
	for {
		select {
		case r, ok := <-ch:
			if ok {
				if r.Value != nil && value == nil {
					value = r.Value
				}
				if r.Error != nil && hubErr == nil {
					hubErr = r.Error
				}
				continue
			}
			gone := l.hc.ctx.Err() != nil
			switch {
			case hubErr == nil && (value != nil || !gone):
				return value, nil
			case hubErr == nil || hubErr.Error() == errLoopEnded || gone:
				return nil, &vendors.Error{Kind: vendors.ErrUnreachable, Op: op, Msg: "the hub connection ended", Err: hubErr}
			}
			return nil, &vendors.Error{Kind: vendors.ErrRejected, Op: op, Err: hubErr}
		case <-ctx.Done():
			return nil, &vendors.Error{Kind: vendors.ErrTimeout, Op: op}
		case <-l.hc.done:
			return nil, &vendors.Error{Kind: vendors.ErrUnreachable, Op: op, Err: l.hc.err}
		}
	}
}

// run keeps the session connected until Close.
func (s *session) run(l *live) {
	defer close(s.runDone)
	for {
		err := s.serve(l)
		l.close()
		if s.ctx.Err() != nil {
			return
		}
		s.log.Info("enreach: connection lost", "err", err)
		s.http.CloseIdleConnections() // pooled REST connections may be dead too
		s.em.Emit(vendors.ConnectionEvent{Status: vendors.Reconnecting, Err: err})
		if l = s.reconnect(); l == nil {
			return
		}
	}
}

// reconnect retries with jittered backoff until it succeeds, the session
// closes, or the platform refuses the credentials (not retried).
func (s *session) reconnect() *live {
	b := backoff.Backoff{Min: 500 * time.Millisecond, Max: 30 * time.Second}
	for {
		if !b.Sleep(s.ctx) {
			return nil
		}
		ctx, cancel := context.WithTimeout(s.ctx, attemptWait)
		l, err := s.connect(ctx)
		cancel()
		if err == nil {
			return l
		}
		if s.ctx.Err() != nil {
			return nil
		}
		if terminal(err) {
			e := withVendor(err)
			s.log.Warn("enreach: giving up", "err", e)
			s.em.Emit(vendors.ConnectionEvent{Status: vendors.Disconnected, Err: e})
			s.finishFirst(e)
			return nil
		}
		s.log.Info("enreach: reconnect failed", "attempt", b.Attempts(), "err", err)
	}
}

// terminal reports whether a failed connection attempt is final: the
// platform refused the credentials or the agent's events. Everything
// else (network, timeouts, a Subscribe answer without results) is
// retried with backoff.
func terminal(err error) bool {
	k := vendors.KindOf(err)
	return k == vendors.ErrAuth || k == vendors.ErrRejected
}

// serve reports the connection, resyncs, and applies events until the
// connection ends.
func (s *session) serve(l *live) error {
	s.m.startResync()
	s.em.Emit(vendors.ConnectionEvent{Status: vendors.Connected})
	if !s.capsSent {
		s.capsSent = true
		s.em.Emit(vendors.CapabilitiesEvent{Caps: capabilities()})
		s.em.Emit(vendors.ReasonsEvent{NotReady: append([]vendors.Reason(nil), notReadyReasons...)})
	}
	syncing, gotStatus, gotAvail := true, false, false
	settle := time.NewTimer(settleWait)
	defer settle.Stop()
	alive := time.NewTicker(aliveEvery)
	defer alive.Stop()
	var lastAlive int64
	for {
		select {
		case <-s.ctx.Done():
			return nil
		case <-l.hc.done:
			return l.hc.err
		case <-l.hc.inbox.wake:
			for _, raw := range l.hc.inbox.drain() {
				switch s.handle(raw, syncing) {
				case evUserStatus:
					gotStatus = true
				case evUserAvailability:
					gotAvail = true
				}
			}
			if syncing && gotStatus && gotAvail {
				syncing = false
				s.finishSync()
			}
		case <-settle.C:
			if syncing {
				syncing = false
				s.finishSync()
			}
		case <-alive.C:
			if p := l.hc.lastPong.Load(); p != lastAlive && !syncing {
				lastAlive = p
				s.em.Emit(vendors.AliveEvent{At: time.Unix(0, p).UTC()})
			}
		}
	}
}

// handle decodes and applies one message; it returns the event name.
func (s *session) handle(raw []byte, syncing bool) string {
	msg, err := decodeMessage(raw)
	if err != nil {
		s.log.Warn("enreach: skipped a malformed message", "err", err, "bytes", len(raw))
		return ""
	}
	if msg.Unneeded {
		s.log.Debug("enreach: event not used", "event", msg.Event)
		return ""
	}
	if EventNames[msg.Event] == "User" && msg.Entity != "" && !strings.EqualFold(msg.Entity, s.userID) {
		s.log.Debug("enreach: event for another user skipped", "event", msg.Event)
		return ""
	}
	for _, ev := range s.m.apply(msg) {
		s.em.Emit(ev)
	}
	if !syncing {
		if st, changed := s.m.stateChanged(msg.At); changed {
			s.em.Emit(vendors.StateEvent{State: st})
		}
	}
	return msg.Event
}

// finishSync ends a (re)connection's resync: contacts, state, queues, then
// SyncedEvent.
func (s *session) finishSync() {
	for _, ev := range s.m.finishResync() {
		s.em.Emit(ev)
	}
	st, _ := s.m.stateChanged(time.Now().UTC())
	s.em.Emit(vendors.StateEvent{State: st})
	if len(s.m.queueOrder) > 0 {
		s.em.Emit(s.m.board())
	}
	s.em.Emit(vendors.SyncedEvent{})
	s.finishFirst(nil)
}

func withVendor(err error) error {
	var e *vendors.Error
	if errors.As(err, &e) {
		c := *e
		c.Vendor = driverName
		return &c
	}
	return &vendors.Error{Kind: vendors.ErrUnreachable, Vendor: driverName, Err: err}
}
