package mitel

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"tandem/vendors"
	"tandem/vendors/backoff"
)

// Keepalive timers: the protocol has no heartbeat and the server never
// times a connection out (L185), so the OS probes the link. Idle 5 s plus
// 3 probes 2 s apart notices a dead peer within 11 s; TCP_USER_TIMEOUT
// covers a link that dies while a write is unacknowledged.
var keepAlive = net.KeepAliveConfig{Enable: true, Idle: 5 * time.Second, Interval: 2 * time.Second, Count: 3}

const userTimeout = 12 * time.Second

// session is one agent on one event feed.
type session struct {
	cfg    config
	em     *vendors.Emitter
	feed   *feed
	caps   vendors.Capabilities
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu        sync.Mutex
	conn      net.Conn // current connection, nil while down
	ready     bool     // resynced: commands may go out
	pending   map[int64]*pend
	nextID    int64
	outSeq    uint32
	writeMu   sync.Mutex
	statsCh   chan struct{}
	lastRx    atomic.Int64 // unix nanos of the last message read
	closeOnce sync.Once
	opened    atomic.Bool // Open returned the session
}

type pend struct {
	ch   chan response
	conn net.Conn
}

func open(ctx context.Context, c config) (*session, error) {
	sctx, cancel := context.WithCancel(context.Background())
	s := &session{
		cfg: c, em: vendors.NewEmitter(), caps: capabilities(),
		ctx: sctx, cancel: cancel,
		pending: map[int64]*pend{}, statsCh: make(chan struct{}, 1),
	}
	s.feed = newFeed(c.agent, c.ext, c.log, s.em.Emit)
	s.feed.onResponse = s.deliver
	s.feed.onStats = func() {
		select {
		case s.statsCh <- struct{}{}:
		default:
		}
	}
	s.em.Emit(vendors.ConnectionEvent{Status: vendors.Connecting})
	done, err := s.establish(ctx)
	if err != nil {
		s.em.Abandon() // no one will read: the session is not returned
		cancel()
		return nil, err
	}
	if err := s.loginIfNeeded(ctx); err != nil {
		_ = s.Close()
		s.em.Abandon()
		return nil, err
	}
	s.opened.Store(true)
	s.wg.Add(1)
	go s.supervise(done)
	return s, nil
}

// loginIfNeeded sends login when the platform reports the agent logged out
// or said nothing about the agent.
func (s *session) loginIfNeeded(ctx context.Context) error {
	st, _ := s.feed.lookup("")
	if st.State != vendors.StateLoggedOut && st.State != "" {
		return nil
	}
	err := s.Do(ctx, vendors.Command{Kind: vendors.CmdLogin})
	if err != nil && st.State == "" && vendors.KindOf(err) == vendors.ErrRejected {
		s.cfg.log.Info("mitel: login refused; the agent may already be logged in", "err", err)
		return nil
	}
	return err
}

func (s *session) vendorErr(k vendors.Kind, op string, err error, format string, a ...any) *vendors.Error {
	return &vendors.Error{Kind: k, Vendor: Name, Op: op, Msg: fmt.Sprintf(format, a...), Err: err}
}

// establish dials, authenticates, subscribes and resyncs; it returns a
// channel that yields the reader's error when the connection ends.
func (s *session) establish(ctx context.Context) (<-chan error, error) {
	d := net.Dialer{Timeout: s.cfg.dialTimeout, KeepAliveConfig: keepAlive, Control: controlSocket(userTimeout)}
	conn, err := d.DialContext(ctx, "tcp", s.cfg.addr)
	if err != nil {
		return nil, s.vendorErr(vendors.ErrUnreachable, "connect", err, "cannot reach the event feed at %s", s.cfg.addr)
	}
	fr := NewFrameReader(conn)
	s.mu.Lock()
	s.outSeq = 0
	s.mu.Unlock()
	if err := s.authenticate(ctx, conn, fr); err != nil {
		conn.Close()
		return nil, err
	}
	s.feed.beginSync()

	s.mu.Lock()
	s.conn = conn
	s.mu.Unlock()
	select {
	case <-s.statsCh:
	default:
	}
	done := make(chan error, 1)
	s.wg.Add(1)
	go s.read(conn, fr, done)

	sctx, cancel := context.WithTimeout(ctx, s.cfg.cmdTimeout)
	defer cancel()
	r, err := s.request(sctx, conn, func(id int64, seq uint32) any {
		return subscribeRequest{Version: 1, Sequence: seq, Topic: "contact-center", RequestID: id,
			Message: "subscribe-events", Subscribe: s.subscriptions()}
	})
	if err == nil && r.Result != nil && *r.Result < 0 {
		err = s.vendorErr(vendors.ErrRejected, "subscribe", nil, "the server refused the subscription (result %d): %s", int64(*r.Result), strings.TrimSpace(string(r.ErrorMsg)))
	}
	if err != nil {
		conn.Close()
		<-done
		return nil, err
	}
	if r.Result != nil && *r.Result > 0 {
		s.cfg.log.Warn("mitel: subscription partly failed", "result", int64(*r.Result), "error", string(r.ErrorMsg))
	}
	// The agent's statistics carry the state code; wait a little for them,
	// as the server may send none until something changes (note §2.4).
	t := time.NewTimer(s.cfg.syncWait)
	defer t.Stop()
	select {
	case <-s.statsCh:
	case <-t.C:
		s.cfg.log.Info("mitel: no agent statistics after subscribing; state from events only")
	case <-ctx.Done():
	}
	// Connected only once commands can go out; the resync that follows
	// re-reports every call, so an offer that raced the subscription is
	// not lost.
	s.mu.Lock()
	s.ready = true
	s.mu.Unlock()
	s.em.Emit(vendors.ConnectionEvent{Status: vendors.Connected})
	s.em.Emit(vendors.CapabilitiesEvent{Caps: s.caps})
	s.feed.finishSync()
	s.lastRx.Store(time.Now().UnixNano())
	s.wg.Add(1)
	go s.watch(conn)
	return done, nil
}

// subscriptions are what the desk needs (C4 of the samples): our agent's
// activity and statistics, the whole call activity (wildcard is the only
// form, L577) and the entities that name codes and groups.
func (s *session) subscriptions() [][]any {
	return [][]any{
		{"ecc", "entity", []string{"release-code", "wrapup-code", "group"}},
		{"ecc", "agent-activity", []string{s.cfg.agent}},
		{"ecc", "call-activity", []string{"*"}},
		{"ecc", "daily-agent-stats", []string{s.cfg.agent}},
	}
}

// authenticate sends the first request and reads until its reply. The
// server disconnects on wrong credentials (L535), maybe without a reply:
// both are ErrAuth, and neither is retried.
func (s *session) authenticate(ctx context.Context, conn net.Conn, fr *FrameReader) error {
	s.mu.Lock()
	s.nextID++
	id := s.nextID
	s.outSeq++
	s.mu.Unlock()
	b, _ := json.Marshal(authRequest{Version: 1, Sequence: 0, Topic: "contact-center", RequestID: id,
		Message: "authenticate", User: s.cfg.user, Password: s.cfg.digest})
	deadline := time.Now().Add(s.cfg.authTimeout)
	if dl, ok := ctx.Deadline(); ok && dl.Before(deadline) {
		deadline = dl
	}
	_ = conn.SetDeadline(deadline)
	defer conn.SetDeadline(time.Time{})
	stop := context.AfterFunc(ctx, func() { _ = conn.SetDeadline(time.Now()) })
	defer stop()
	if _, err := conn.Write(appendFrame(nil, b)); err != nil {
		return s.vendorErr(vendors.ErrUnreachable, "authenticate", err, "the connection failed while authenticating")
	}
	for {
		msg, err := fr.Next()
		if err != nil {
			var ne net.Error
			switch {
			case ctx.Err() != nil:
				return s.vendorErr(vendors.ErrTimeout, "authenticate", ctx.Err(), "stopped while waiting for the authentication reply")
			case errors.As(err, &ne) && ne.Timeout():
				return s.vendorErr(vendors.ErrTimeout, "authenticate", nil, "no reply to authenticate; check the Windows Application Event Log on the server for a connection accepted entry")
			case errors.Is(err, io.EOF) || errors.Is(err, net.ErrClosed) || isReset(err):
				return s.vendorErr(vendors.ErrAuth, "authenticate", nil, "the server closed the connection after authenticate: wrong feed user or password (or no free event-feed connection)")
			}
			return s.vendorErr(vendors.ErrUnreachable, "authenticate", err, "the connection failed while authenticating")
		}
		var r response
		if json.Unmarshal(msg, &r) != nil || r.Result == nil || r.RequestID == nil {
			continue
		}
		if int64(*r.RequestID) != id && int64(*r.RequestID) != -1 {
			continue
		}
		if *r.Result < 0 {
			return s.vendorErr(vendors.ErrAuth, "authenticate", nil, "the server refused feed user %q (result %d%s)", s.cfg.user, int64(*r.Result), s.serverText(string(r.ErrorMsg)))
		}
		return nil
	}
}

// serverText quotes the server's error text, unless it echoes a secret.
func (s *session) serverText(msg string) string {
	t := strings.TrimSpace(msg)
	if t == "" || strings.Contains(strings.ToLower(t), s.cfg.digest) {
		return ""
	}
	return ": " + t
}

func isReset(err error) bool {
	s := err.Error()
	return strings.Contains(s, "connection reset") || strings.Contains(s, "broken pipe")
}

// read is the connection's only reader: it drains the socket as fast as
// it can (L185) and hands each message to the feed.
func (s *session) read(conn net.Conn, fr *FrameReader, done chan<- error) {
	defer s.wg.Done()
	var err error
	for {
		var msg []byte
		msg, err = fr.Next()
		if errors.Is(err, errFrameTooLarge) {
			s.cfg.log.Warn("mitel: skipped an over-long message")
			continue
		}
		if err != nil {
			break
		}
		s.lastRx.Store(time.Now().UnixNano())
		s.feed.handle(msg)
	}
	conn.Close()
	s.mu.Lock()
	if s.conn == conn {
		s.conn, s.ready = nil, false
	}
	for id, p := range s.pending {
		if p.conn == conn {
			close(p.ch)
			delete(s.pending, id)
		}
	}
	s.mu.Unlock()
	done <- err
}

// supervise reconnects after each loss until Close, except after an
// authentication failure.
func (s *session) supervise(done <-chan error) {
	defer s.wg.Done()
	for {
		var err error
		select {
		case err = <-done:
		case <-s.ctx.Done():
			return
		}
		if s.ctx.Err() != nil {
			return
		}
		lost := s.vendorErr(vendors.ErrDisconnected, "", err, "the event-feed connection was lost")
		s.em.Emit(vendors.ConnectionEvent{Status: vendors.Reconnecting, Err: lost})
		s.cfg.log.Info("mitel: connection lost; reconnecting", "err", err)
		bo := backoff.Backoff{Min: 250 * time.Millisecond, Max: 30 * time.Second}
		for {
			if !bo.Sleep(s.ctx) {
				return
			}
			done, err = s.establish(s.ctx)
			if err == nil {
				break
			}
			if s.ctx.Err() != nil {
				return
			}
			if vendors.KindOf(err) == vendors.ErrAuth {
				s.em.Emit(vendors.ConnectionEvent{Status: vendors.Disconnected, Err: err})
				return
			}
			s.cfg.log.Info("mitel: reconnect failed", "attempt", bo.Attempts(), "err", err)
		}
	}
}

// deliver hands a reply to the request waiting for it.
func (s *session) deliver(r response) {
	id := int64(*r.RequestID)
	s.mu.Lock()
	p := s.pending[id]
	delete(s.pending, id)
	s.mu.Unlock()
	if p == nil {
		s.cfg.log.Debug("mitel: reply to no pending request", "request-id", id, "result", int64(*r.Result))
		return
	}
	p.ch <- r
}

// request sends one message built with a fresh request-id and sequence and
// waits for its reply. A reply that never comes means the link is dead
// even if TCP has not noticed: the connection is closed to reconnect.
func (s *session) request(ctx context.Context, conn net.Conn, build func(id int64, seq uint32) any) (response, error) {
	s.mu.Lock()
	if s.conn != conn || conn == nil {
		s.mu.Unlock()
		return response{}, s.vendorErr(vendors.ErrDisconnected, "", nil, "not connected to the event feed")
	}
	s.nextID++
	id, seq := s.nextID, s.outSeq
	s.outSeq++
	p := &pend{ch: make(chan response, 1), conn: conn}
	s.pending[id] = p
	s.mu.Unlock()
	forget := func() {
		s.mu.Lock()
		delete(s.pending, id)
		s.mu.Unlock()
	}
	b, err := json.Marshal(build(id, seq))
	if err != nil {
		forget()
		return response{}, err
	}
	s.writeMu.Lock()
	_ = conn.SetWriteDeadline(time.Now().Add(s.cfg.cmdTimeout))
	_, err = conn.Write(appendFrame(make([]byte, 0, len(b)+1), b))
	s.writeMu.Unlock()
	if err != nil {
		forget()
		conn.Close()
		return response{}, s.vendorErr(vendors.ErrDisconnected, "", err, "the event-feed connection failed")
	}
	t := time.NewTimer(s.cfg.cmdTimeout)
	defer t.Stop()
	select {
	case r, ok := <-p.ch:
		if !ok {
			return response{}, s.vendorErr(vendors.ErrDisconnected, "", nil, "the connection was lost before the platform answered")
		}
		return r, nil
	case <-ctx.Done():
		forget()
		return response{}, s.vendorErr(vendors.ErrTimeout, "", ctx.Err(), "gave up waiting for the platform")
	case <-t.C:
		forget()
		s.cfg.log.Warn("mitel: no reply within the command timeout; reconnecting", "request-id", id)
		conn.Close()
		return response{}, s.vendorErr(vendors.ErrTimeout, "", nil, "no reply from the event feed within %s", s.cfg.cmdTimeout)
	}
}

// Events implements vendors.Session.
func (s *session) Events() <-chan vendors.Event { return s.em.Events() }

// Capabilities implements vendors.Session.
func (s *session) Capabilities() vendors.Capabilities { return s.caps }

// Close implements vendors.Session: it disconnects without logging out.
func (s *session) Close() error {
	s.closeOnce.Do(func() {
		s.cancel()
		s.mu.Lock()
		conn := s.conn
		s.mu.Unlock()
		if conn != nil {
			conn.Close()
		}
		s.wg.Wait()
		s.em.Emit(vendors.ConnectionEvent{Status: vendors.Disconnected})
		s.em.Close()
	})
	return nil
}
