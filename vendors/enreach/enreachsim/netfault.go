package enreachsim

import (
	"log"
	"log/slog"
	"net"
	"net/http"
	"sync/atomic"
)

// faultListener hands out connections that can be blackholed: while the
// fault is on, bytes in both directions vanish and the TCP stays up, as
// with a dead NAT or a sleeping laptop.
type faultListener struct {
	net.Listener
	blackhole atomic.Bool
}

func (l *faultListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &faultConn{Conn: c, l: l}, nil
}

type faultConn struct {
	net.Conn
	l *faultListener
}

func (c *faultConn) Read(p []byte) (int, error) {
	for {
		n, err := c.Conn.Read(p)
		if err != nil || !c.l.blackhole.Load() {
			return n, err
		}
	}
}

func (c *faultConn) Write(p []byte) (int, error) {
	if c.l.blackhole.Load() {
		return len(p), nil
	}
	return c.Conn.Write(p)
}

// trackConn remembers every live connection, hijacked WebSockets included,
// so Drop can cut them all.
func (s *Sim) trackConn(c net.Conn, st http.ConnState) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch st {
	case http.StateNew:
		s.netConns[c] = true
	case http.StateClosed:
		delete(s.netConns, c)
	}
}

// Drop cuts every connection at once; the simulator accepts new ones.
func (s *Sim) Drop() {
	s.mu.Lock()
	conns := make([]net.Conn, 0, len(s.netConns))
	for c := range s.netConns {
		conns = append(conns, c)
	}
	s.netConns = map[net.Conn]bool{}
	// The hub connections die with their sockets; forget them now rather
	// than when the server notices.
	s.conns = map[string]*rteConn{}
	s.mu.Unlock()
	for _, c := range conns {
		_ = c.Close()
	}
}

// Blackhole makes every connection silently lose all bytes (on) or carry
// them again (off).
func (s *Sim) Blackhole(on bool) { s.ln.blackhole.Store(on) }

func slogErrorLog(l *slog.Logger) *log.Logger {
	return slog.NewLogLogger(l.Handler(), slog.LevelDebug)
}
