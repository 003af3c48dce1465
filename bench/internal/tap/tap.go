// Package tap is a loopback TCP relay that is also a bare reader of the
// stream it relays: it stamps each chunk of the bytes flowing one way with
// the time it read them, forwards them at once, and afterwards finds when
// a marker (a caller's number, say) first went by. The bench harness puts
// it between a client and a simulator so a client's latency can be set
// beside that of a reader that does nothing but read the same bytes.
//
// The tap's own cost on the path is one time.Now per read, and after the
// chunk is forwarded, a copy into a window that is reused from one Mark to
// the next: no allocation per byte or per read once the window has grown.
package tap

import (
	"bytes"
	"errors"
	"net"
	"sync"
	"time"
)

// Dir says which way of a relayed connection the tap reads.
type Dir int

const (
	// ToClient reads what the target sends back to the client that
	// dialled the tap: a server pushing over the client's connection.
	ToClient Dir = iota
	// ToTarget reads what the dialling client sends to the target: a
	// platform POSTing webhooks through the tap to a listener.
	ToTarget
)

// maxWindow bounds one stream's window between two Marks; past it the
// tap stops recording (Find says so) but keeps forwarding.
const maxWindow = 16 << 20

// ErrNotSeen is returned by Find when the marker did not go by in time.
var ErrNotSeen = errors.New("tap: marker not seen")

// Tap relays connections from its own address to a target and records
// one direction of each.
type Tap struct {
	ln     net.Listener
	target string
	dir    Dir

	mu      sync.Mutex
	streams []*stream // recorded since the last Mark, closed ones included
	total   int64     // bytes recorded since Start, for tests
	conns   map[net.Conn]struct{}
	wake    chan struct{}
}

// stream is one connection's recorded direction since the last Mark:
// the bytes, and for each read the offset where it ended and its time.
type stream struct {
	buf    []byte
	ends   []int
	times  []time.Time
	full   bool
	closed bool
}

// Start listens on a free loopback port and relays to target, recording
// the direction dir.
func Start(target string, dir Dir) (*Tap, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	t := &Tap{ln: ln, target: target, dir: dir, conns: map[net.Conn]struct{}{}, wake: make(chan struct{}, 1)}
	go t.accept()
	return t, nil
}

// Addr is the tap's address (host:port).
func (t *Tap) Addr() string { return t.ln.Addr().String() }

// Close stops the tap and every relayed connection.
func (t *Tap) Close() error {
	err := t.ln.Close()
	t.mu.Lock()
	conns := t.conns
	t.conns = map[net.Conn]struct{}{}
	t.mu.Unlock()
	for c := range conns {
		c.Close()
	}
	return err
}

// Mark starts a new window: Find looks only at bytes read after it.
// Windows of closed connections are forgotten, the others reused.
func (t *Tap) Mark() {
	t.mu.Lock()
	defer t.mu.Unlock()
	live := t.streams[:0]
	for _, s := range t.streams {
		if s.closed {
			continue
		}
		s.buf, s.ends, s.times, s.full = s.buf[:0], s.ends[:0], s.times[:0], false
		live = append(live, s)
	}
	clear(t.streams[len(live):])
	t.streams = live
}

// A Marker is what Find looks for: Text (a caller's number, say) and,
// when Anchor is set, only an occurrence of Text inside a message that
// also holds Anchor, a message being the bytes between two Sep bytes (the
// stream's framing: NUL, newline, the SignalR record separator). The
// anchor tells the offer itself from other messages carrying the same
// number, such as a queue's "call waiting".
type Marker struct {
	Text   []byte
	Anchor []byte
	Sep    byte
}

// Find waits up to d for m to have gone by since the last Mark, on any
// connection, and returns the time the tap read the chunk that completed
// its first occurrence, the anchor included (a marker split across reads
// counts when its last byte came). Where several connections carried it,
// the earliest wins.
func (t *Tap) Find(m Marker, d time.Duration) (time.Time, error) {
	if len(m.Text) == 0 {
		return time.Time{}, errors.New("tap: empty marker")
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	for {
		at, full := t.find(m)
		if !at.IsZero() {
			return at, nil
		}
		select {
		case <-t.wake:
		case <-timer.C:
			if full {
				return time.Time{}, errors.New("tap: marker not seen and the window overflowed")
			}
			return time.Time{}, ErrNotSeen
		}
	}
}

func (t *Tap) find(m Marker) (at time.Time, full bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, s := range t.streams {
		full = full || s.full
		last := m.last(s.buf)
		if last < 0 {
			continue
		}
		for k, end := range s.ends {
			if last < end {
				if at.IsZero() || s.times[k].Before(at) {
					at = s.times[k]
				}
				break
			}
		}
	}
	return at, full
}

// last is the offset of the last byte of m's first occurrence in b (the
// text's or the anchor's, whichever comes later), or -1.
func (m Marker) last(b []byte) int {
	for off := 0; ; {
		i := bytes.Index(b[off:], m.Text)
		if i < 0 {
			return -1
		}
		i += off
		end := i + len(m.Text)
		if m.Anchor == nil {
			return end - 1
		}
		lo := bytes.LastIndexByte(b[:i], m.Sep) + 1
		hi := bytes.IndexByte(b[end:], m.Sep)
		if hi < 0 {
			hi = len(b)
		} else {
			hi += end
		}
		if j := bytes.Index(b[lo:hi], m.Anchor); j >= 0 {
			return max(end, lo+j+len(m.Anchor)) - 1
		}
		off = i + 1
	}
}

// record appends one forwarded chunk to its stream's window.
func (t *Tap) record(s *stream, b []byte, at time.Time) {
	t.mu.Lock()
	t.total += int64(len(b))
	if !s.full {
		if len(s.buf)+len(b) > maxWindow {
			s.full = true
		} else {
			s.buf = append(s.buf, b...)
			s.ends = append(s.ends, len(s.buf))
			s.times = append(s.times, at)
		}
	}
	t.mu.Unlock()
	select {
	case t.wake <- struct{}{}:
	default:
	}
}

func (t *Tap) accept() {
	for {
		c, err := t.ln.Accept()
		if err != nil {
			return
		}
		go t.relay(c)
	}
}

func (t *Tap) relay(client net.Conn) {
	server, err := net.DialTimeout("tcp", t.target, 5*time.Second)
	if err != nil {
		client.Close()
		return
	}
	s := &stream{buf: make([]byte, 0, 64<<10), ends: make([]int, 0, 256), times: make([]time.Time, 0, 256)}
	t.mu.Lock()
	t.conns[client] = struct{}{}
	t.conns[server] = struct{}{}
	t.streams = append(t.streams, s)
	t.mu.Unlock()
	var once sync.Once
	done := func() {
		once.Do(func() {
			client.Close()
			server.Close()
			t.mu.Lock()
			delete(t.conns, client)
			delete(t.conns, server)
			s.closed = true
			t.mu.Unlock()
		})
	}
	down, up := (*stream)(nil), (*stream)(nil)
	if t.dir == ToClient {
		down = s
	} else {
		up = s
	}
	go func() { t.pipe(client, server, down); done() }()
	t.pipe(server, client, up)
	done()
}

// pipe copies src to dst; when s is set it stamps each read before
// forwarding it and records it after.
func (t *Tap) pipe(dst, src net.Conn, s *stream) {
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			var at time.Time
			if s != nil {
				at = time.Now()
			}
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return
			}
			if s != nil {
				t.record(s, buf[:n], at)
			}
		}
		if err != nil {
			return
		}
	}
}

// Around returns a copy of up to n bytes before the last byte of m's
// first occurrence since the last Mark, to show what carried it; nil if
// unseen.
func (t *Tap) Around(m Marker, n int) []byte {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, s := range t.streams {
		if last := m.last(s.buf); last >= 0 {
			return bytes.Clone(s.buf[max(0, last+1-n) : last+1])
		}
	}
	return nil
}
