package demo

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"sync"
	"time"

	"tandem/vendors"
	"tandem/vendors/backoff"
)

// Keepalive timing: a ping every pingEvery, and a connection that said
// nothing for deadAfter is dead (laptop sleep, NAT timeout), which keeps
// a silent loss under 15 s.
const (
	pingEvery = 4 * time.Second
	deadAfter = 11 * time.Second
)

type session struct {
	cfg    vendors.Config
	log    *slog.Logger
	addr   string
	owned  *Center
	em     *vendors.Emitter
	ctx    context.Context
	cancel context.CancelFunc
	done   chan struct{}

	mu      sync.Mutex
	conn    net.Conn
	caps    vendors.Capabilities
	seq     uint64
	pending map[uint64]chan frame
	wmu     sync.Mutex
}

func hostPort(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "tcp" || u.Host == "" {
		return "", &vendors.Error{Kind: vendors.ErrConfig, Vendor: "demo", Msg: "the URL must look like tcp://127.0.0.1:4700"}
	}
	return u.Host, nil
}

func dial(ctx context.Context, cfg vendors.Config, owned *Center) (vendors.Session, error) {
	addr, err := hostPort(cfg.URL)
	if err != nil {
		return nil, err
	}
	s := &session{cfg: cfg, log: cfg.Log(), addr: addr, owned: owned, em: vendors.NewEmitter(), done: make(chan struct{}), pending: map[uint64]chan frame{}}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	s.em.Emit(vendors.ConnectionEvent{Status: vendors.Connecting})
	conn, rd, err := s.connect(ctx)
	if err != nil {
		s.cancel()
		s.em.Abandon()
		return nil, err
	}
	s.caps = demoCaps(allCaps.Commands)
	go s.run(conn, rd)
	return s, nil
}

// connect dials and logs in; the reader is returned so frames that
// arrived with the login answer are not lost.
func (s *session) connect(ctx context.Context) (net.Conn, *bufio.Reader, error) {
	d := net.Dialer{Timeout: 5 * time.Second, KeepAlive: 5 * time.Second}
	conn, err := d.DialContext(ctx, "tcp", s.addr)
	if err != nil {
		return nil, nil, &vendors.Error{Kind: vendors.ErrUnreachable, Vendor: "demo", Op: "login", Msg: "cannot reach " + s.addr, Err: err}
	}
	b, _ := json.Marshal(frame{Op: opAuth, User: s.cfg.User, Password: s.cfg.Password, Agent: s.cfg.Agent})
	_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := conn.Write(append(b, '\n')); err != nil {
		conn.Close()
		return nil, nil, &vendors.Error{Kind: vendors.ErrUnreachable, Vendor: "demo", Op: "login", Msg: "connection lost during login", Err: err}
	}
	rd := bufio.NewReaderSize(conn, 16<<10)
	line, err := readLine(rd)
	if err != nil {
		conn.Close()
		return nil, nil, &vendors.Error{Kind: vendors.ErrUnreachable, Vendor: "demo", Op: "login", Msg: "no answer to the login", Err: err}
	}
	f, err := decodeFrame(line)
	if err != nil || f.Op != opAuthOK {
		conn.Close()
		if f.Kind == "auth" {
			return nil, nil, &vendors.Error{Kind: vendors.ErrAuth, Vendor: "demo", Op: "login", Msg: "wrong user name or password"}
		}
		return nil, nil, &vendors.Error{Kind: vendors.ErrProtocol, Vendor: "demo", Op: "login", Msg: "unexpected answer to the login"}
	}
	_ = conn.SetDeadline(time.Time{})
	s.mu.Lock()
	s.conn = conn
	s.mu.Unlock()
	s.em.Emit(vendors.ConnectionEvent{Status: vendors.Connected})
	return conn, rd, nil
}

func readLine(rd *bufio.Reader) ([]byte, error) {
	line, err := rd.ReadSlice('\n')
	if errors.Is(err, bufio.ErrBufferFull) {
		// Oversized line: gather it to skip it whole.
		buf := append([]byte(nil), line...)
		for errors.Is(err, bufio.ErrBufferFull) && len(buf) <= maxLineLen {
			line, err = rd.ReadSlice('\n')
			buf = append(buf, line...)
		}
		return buf, err
	}
	return line, err
}

// run reads until the connection dies, then reconnects with backoff until
// Close or a refused login.
func (s *session) run(conn net.Conn, rd *bufio.Reader) {
	defer close(s.done)
	defer s.em.Close()
	var bo backoff.Backoff
	bo.Min, bo.Max = 300*time.Millisecond, 15*time.Second
	for {
		err := s.read(conn, rd)
		s.mu.Lock()
		s.conn = nil
		s.failPendingLocked()
		s.mu.Unlock()
		conn.Close()
		if s.ctx.Err() != nil {
			s.em.Emit(vendors.ConnectionEvent{Status: vendors.Disconnected})
			return
		}
		s.log.Warn("demo: connection lost", "err", err)
		s.em.Emit(vendors.ConnectionEvent{Status: vendors.Reconnecting, Err: &vendors.Error{Kind: vendors.ErrUnreachable, Vendor: "demo", Msg: "connection lost; reconnecting"}})
		for {
			if !bo.Sleep(s.ctx) {
				s.em.Emit(vendors.ConnectionEvent{Status: vendors.Disconnected})
				return
			}
			ctx, cancel := context.WithTimeout(s.ctx, 10*time.Second)
			c, r, err := s.connect(ctx)
			cancel()
			if err == nil {
				conn, rd = c, r
				bo.Reset()
				break
			}
			if vendors.KindOf(err) == vendors.ErrAuth {
				s.em.Emit(vendors.ConnectionEvent{Status: vendors.Disconnected, Err: err})
				return
			}
			s.log.Warn("demo: reconnect failed", "err", err)
		}
	}
}

// read handles frames until the connection fails.
func (s *session) read(conn net.Conn, rd *bufio.Reader) error {
	stop := make(chan struct{})
	defer close(stop)
	go s.pinger(conn, stop)
	for {
		_ = conn.SetReadDeadline(time.Now().Add(deadAfter))
		line, err := readLine(rd)
		if err != nil {
			return err
		}
		f, err := decodeFrame(line)
		if err != nil {
			s.log.Warn("demo: skipping malformed frame", "err", err, "len", len(line))
			continue
		}
		s.handle(f)
	}
}

func (s *session) pinger(conn net.Conn, stop chan struct{}) {
	t := time.NewTicker(pingEvery)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			if err := s.write(conn, frame{Op: opPing}); err != nil {
				conn.Close()
				return
			}
		}
	}
}

func (s *session) handle(f frame) {
	switch f.Op {
	case opPong:
		s.em.Emit(vendors.AliveEvent{At: time.Now()})
	case opCaps:
		caps := demoCaps(f.Commands)
		s.mu.Lock()
		s.caps = caps
		s.mu.Unlock()
		s.em.Emit(vendors.CapabilitiesEvent{Caps: caps})
	case opReasons:
		s.em.Emit(vendors.ReasonsEvent{NotReady: f.NotReady, WrapUp: f.WrapUp})
	case opState:
		s.em.Emit(vendors.StateEvent{State: vendors.AgentState{State: f.State.State, Reason: f.State.Reason, Raw: f.State.Raw, Since: f.State.Since}})
	case opContact:
		c := f.Contact.Contact
		c.Since = f.Contact.Since
		s.em.Emit(vendors.ContactEvent{Contact: c})
	case opQueues:
		s.em.Emit(vendors.QueueEvent{Queues: f.Queues})
	case opSynced:
		s.em.Emit(vendors.SyncedEvent{})
	case opResult:
		s.mu.Lock()
		ch := s.pending[f.Seq]
		delete(s.pending, f.Seq)
		s.mu.Unlock()
		if ch != nil {
			ch <- f
		}
	default:
		s.log.Debug("demo: ignoring frame", "op", f.Op)
	}
}

func (s *session) write(conn net.Conn, f frame) error {
	b, err := json.Marshal(f)
	if err != nil {
		return err
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	_ = conn.SetWriteDeadline(time.Now().Add(5 * time.Second))
	_, err = conn.Write(append(b, '\n'))
	return err
}

func (s *session) failPendingLocked() {
	for seq, ch := range s.pending {
		ch <- frame{Op: opResult, Seq: seq, Kind: string(vendors.ErrDisconnected), Error: "the connection was lost before the platform answered"}
		delete(s.pending, seq)
	}
}

// Events implements vendors.Session.
func (s *session) Events() <-chan vendors.Event { return s.em.Events() }

// Capabilities implements vendors.Session.
func (s *session) Capabilities() vendors.Capabilities {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.caps
}

// Do implements vendors.Session.
func (s *session) Do(ctx context.Context, cmd vendors.Command) error {
	s.mu.Lock()
	if !s.caps.Has(cmd.Kind) {
		s.mu.Unlock()
		return vendors.Unsupported("demo", cmd.Kind, s.caps.Hint(cmd.Kind))
	}
	conn := s.conn
	if conn == nil {
		s.mu.Unlock()
		return &vendors.Error{Kind: vendors.ErrDisconnected, Vendor: "demo", Op: string(cmd.Kind), Msg: "not connected; try again when the connection is back"}
	}
	s.seq++
	seq := s.seq
	ch := make(chan frame, 1)
	s.pending[seq] = ch
	s.mu.Unlock()
	if err := s.write(conn, frame{Op: opCmd, Seq: seq, Cmd: &cmd}); err != nil {
		s.mu.Lock()
		delete(s.pending, seq)
		s.mu.Unlock()
		conn.Close()
		return &vendors.Error{Kind: vendors.ErrDisconnected, Vendor: "demo", Op: string(cmd.Kind), Msg: "the connection failed while sending", Err: err}
	}
	select {
	case f := <-ch:
		if f.OK {
			return nil
		}
		k := vendors.Kind(f.Kind)
		if k == "" || k == "auth" {
			k = vendors.ErrRejected
		}
		return &vendors.Error{Kind: k, Vendor: "demo", Op: string(cmd.Kind), Msg: f.Error}
	case <-ctx.Done():
		s.mu.Lock()
		delete(s.pending, seq)
		s.mu.Unlock()
		return &vendors.Error{Kind: vendors.ErrTimeout, Vendor: "demo", Op: string(cmd.Kind), Msg: fmt.Sprintf("no confirmation: %v", ctx.Err())}
	}
}

// Close implements vendors.Session: it disconnects without logging out.
func (s *session) Close() error {
	s.cancel()
	s.mu.Lock()
	if s.conn != nil {
		s.conn.Close()
	}
	s.mu.Unlock()
	<-s.done
	if s.owned != nil {
		s.owned.Close()
	}
	return nil
}

// demoCaps adds what the wire does not carry: the demo takes reasons and
// wrap-up notes, and publishes its queues.
func demoCaps(cmds []vendors.CommandKind) vendors.Capabilities {
	c := vendors.Caps(nil, cmds...)
	c.NotReadyReasons, c.WrapUpNotes, c.QueueBoard = true, true, true
	return c
}
