package tap

import (
	"bytes"
	"errors"
	"io"
	"net"
	"testing"
	"time"
)

// chunk is one write through the tap: on connection conn, by the server
// (toward the client) or by the client, after a Mark when mark is set.
type chunk struct {
	conn     int
	byClient bool
	mark     bool
	data     string
}

func TestFind(t *testing.T) {
	const m = "+491511234567"
	cases := []struct {
		name   string
		dir    Dir
		conns  int
		chunks []chunk
		want   int // index of the chunk whose read completes the marker; -1: not seen
		anchor string
		sep    byte
	}{
		{"whole in one read", ToClient, 1, []chunk{{data: `{"x":1}`}, {data: `{"from":"` + m + `"}`}, {data: `{"y":2}`}}, 1, "", 0},
		{"split across two reads", ToClient, 1, []chunk{{data: `{"from":"+49151`}, {data: `1234567"}`}, {data: `{}`}}, 1, "", 0},
		{"split across three reads", ToClient, 1, []chunk{{data: `"+4915`}, {data: `11234`}, {data: `567" and more`}}, 2, "", 0},
		{"only its first byte in a read", ToClient, 1, []chunk{{data: `xx+`}, {data: `491511234567`}}, 1, "", 0},
		{"only its last byte in a read", ToClient, 1, []chunk{{data: `+49151123456`}, {data: `7`}, {data: m}}, 1, "", 0},
		{"twice: the first counts", ToClient, 1, []chunk{{data: "a"}, {data: m}, {data: m}}, 1, "", 0},
		{"before the mark only", ToClient, 1, []chunk{{data: m}, {mark: true, data: "after"}}, -1, "", 0},
		{"split by the mark", ToClient, 1, []chunk{{data: "+49151"}, {mark: true, data: "1234567"}}, -1, "", 0},
		{"after the mark", ToClient, 1, []chunk{{data: m}, {mark: true, data: "x"}, {data: m}}, 2, "", 0},
		{"the other way only", ToClient, 1, []chunk{{byClient: true, data: m}, {data: "nothing"}}, -1, "", 0},
		{"webhook way", ToTarget, 1, []chunk{{data: m}, {byClient: true, data: "POST / HTTP/1.1\r\n\r\n{\"from\":\"+4915"}, {byClient: true, data: "11234567\"}"}}, 2, "", 0},
		{"not split across connections", ToClient, 2, []chunk{{conn: 0, data: "+49151"}, {conn: 1, data: "1234567"}, {conn: 1, data: "x"}}, -1, "", 0},
		{"earliest connection wins", ToClient, 2, []chunk{{conn: 1, data: "x"}, {conn: 1, data: m}, {conn: 0, data: m}}, 1, "", 0},
		{"absent", ToClient, 1, []chunk{{data: "+49151123456"}, {data: "8"}}, -1, "", 0},
		{"anchor in the same message", ToClient, 1, []chunk{{data: `{"m":"queued","n":"` + m + `"}` + "\x00"}, {data: `{"m":"delivered","n":"` + m + `"}` + "\x00"}}, 1, `"delivered"`, 0},
		{"anchor only in another message", ToClient, 1, []chunk{{data: `{"m":"queued","n":"` + m + `"}` + "\x00"}, {data: `{"m":"delivered"}` + "\x00"}}, -1, `"delivered"`, 0},
		{"anchor after the text, in a later read", ToClient, 1, []chunk{{data: "\x1e{\"n\":\"" + m + `",`}, {data: `"e":"Allocated"}` + "\x1e"}, {data: "x"}}, 1, "Allocated", 0x1e},
		{"anchor split, before the text", ToClient, 1, []chunk{{data: "q " + m + "\nAllo"}, {data: "cated " + m[:5]}, {data: m[5:] + "\n"}}, 2, "Allocated", '\n'},
		{"message cut by the mark", ToClient, 1, []chunk{{data: "Allocated "}, {mark: true, data: m + "\n"}}, -1, "Allocated", '\n'},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tp, clients, servers := setup(t, tc.dir, tc.conns)
			tp.Mark()
			written := make([]time.Time, len(tc.chunks))
			recorded := 0
			for i, c := range tc.chunks {
				if c.mark {
					tp.Mark()
				}
				w, r := servers[c.conn], clients[c.conn]
				if c.byClient {
					w, r = r, w
				}
				written[i] = time.Now()
				if _, err := w.Write([]byte(c.data)); err != nil {
					t.Fatal(err)
				}
				// The far end has the chunk only after the tap read and
				// forwarded it: the next write is a separate read.
				got := make([]byte, len(c.data))
				if _, err := io.ReadFull(r, got); err != nil {
					t.Fatal(err)
				}
				if string(got) != c.data {
					t.Fatalf("chunk %d arrived as %q", i, got)
				}
				// It is recorded just after it is forwarded: a Mark
				// must come after that.
				if c.byClient == (tc.dir == ToTarget) {
					recorded += len(c.data)
				}
				waitRecorded(t, tp, recorded)
			}
			wait := 5 * time.Second
			if tc.want < 0 {
				wait = 300 * time.Millisecond
			}
			mk := Marker{Text: []byte(m)}
			if tc.anchor != "" {
				mk.Anchor, mk.Sep = []byte(tc.anchor), tc.sep
			}
			at, err := tp.Find(mk, wait)
			if tc.want < 0 {
				if !errors.Is(err, ErrNotSeen) {
					t.Fatalf("Find = %v, %v; want ErrNotSeen", at, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Find: %v", err)
			}
			if a := tp.Around(mk, 1<<10); !bytes.Contains(a, []byte(m)) {
				t.Errorf("Around = %q, without the marker", a)
			}
			if at.Before(written[tc.want]) {
				t.Errorf("seen at %v, before chunk %d was written (%v)", at, tc.want, written[tc.want])
			}
			if tc.want+1 < len(written) && !at.Before(written[tc.want+1]) {
				t.Errorf("seen at %v, not before chunk %d was written (%v)", at, tc.want+1, written[tc.want+1])
			}
		})
	}
}

func TestFindWaitsForLateBytes(t *testing.T) {
	tp, clients, servers := setup(t, ToClient, 1)
	tp.Mark()
	type res struct {
		at  time.Time
		err error
	}
	done := make(chan res)
	go func() {
		at, err := tp.Find(Marker{Text: []byte("MARK")}, 10*time.Second)
		done <- res{at, err}
	}()
	before := time.Now()
	servers[0].Write([]byte("..MA"))
	servers[0].Write([]byte("RK.."))
	io.ReadFull(clients[0], make([]byte, 8))
	r := <-done
	if r.err != nil {
		t.Fatal(r.err)
	}
	if r.at.Before(before) {
		t.Errorf("seen at %v, before it was written (%v)", r.at, before)
	}
}

func TestRecordDoesNotAllocate(t *testing.T) {
	tp := &Tap{wake: make(chan struct{}, 1)}
	s := &stream{buf: make([]byte, 0, 64<<10), ends: make([]int, 0, 256), times: make([]time.Time, 0, 256)}
	tp.streams = []*stream{s}
	b := make([]byte, 200)
	now := time.Now()
	allocs := testing.AllocsPerRun(100, func() {
		tp.Mark()
		for range 100 {
			tp.record(s, b, now)
		}
	})
	if allocs != 0 {
		t.Errorf("record allocates %v times per window", allocs)
	}
}

// waitRecorded waits until the tap has recorded n bytes in all.
func waitRecorded(t *testing.T, tp *Tap, n int) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(time.Millisecond) {
		tp.mu.Lock()
		got := tp.total
		tp.mu.Unlock()
		if got == int64(n) {
			return
		}
		if got > int64(n) || time.Now().After(deadline) {
			t.Fatalf("the tap recorded %d bytes, want %d", got, n)
		}
	}
}

// setup starts an echo-less target and n connections through a tap; it
// returns the client ends and the matching server ends.
func setup(t *testing.T, dir Dir, n int) (*Tap, []net.Conn, []net.Conn) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	tp, err := Start(ln.Addr().String(), dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tp.Close() })
	var clients, servers []net.Conn
	for range n {
		c, err := net.Dial("tcp", tp.Addr())
		if err != nil {
			t.Fatal(err)
		}
		s, err := ln.Accept()
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close(); s.Close() })
		clients = append(clients, c)
		servers = append(servers, s)
	}
	return tp, clients, servers
}

func BenchmarkRelay(b *testing.B) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	defer ln.Close()
	tp, err := Start(ln.Addr().String(), ToClient)
	if err != nil {
		b.Fatal(err)
	}
	defer tp.Close()
	c, err := net.Dial("tcp", tp.Addr())
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	s, err := ln.Accept()
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	msg := make([]byte, 512)
	got := make([]byte, 512)
	b.SetBytes(512)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if i%1000 == 0 {
			tp.Mark()
		}
		s.Write(msg)
		io.ReadFull(c, got)
	}
}
