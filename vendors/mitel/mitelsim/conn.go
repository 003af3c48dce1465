package mitelsim

import (
	"bufio"
	"bytes"
	"encoding/json"
	mrand "math/rand/v2"
	"net"
	"strings"
	"sync"
	"time"

	"tandem/vendors/flex"
)

// conn is one client connection with its own subscriptions and sequence
// space (L464).
type conn struct {
	s      *Server
	nc     net.Conn
	out    chan []byte
	sink   *bytes.Buffer // set for recordings: no socket
	seq    uint32
	authed bool
	agents map[string]bool // agent-activity IDs, "*" for all
	calls  bool            // call-activity
	stats  map[string]bool // daily-agent-stats IDs
	rnd    *mrand.Rand
	closed chan struct{}
	once   sync.Once
}

func newConn(s *Server, nc net.Conn) *conn {
	return &conn{s: s, nc: nc, out: make(chan []byte, 8192), seq: s.cfg.StartSequence,
		agents: map[string]bool{}, stats: map[string]bool{},
		rnd: mrand.New(mrand.NewPCG(s.rnd.Uint64(), 7)), closed: make(chan struct{})}
}

func (c *conn) close() {
	c.once.Do(func() {
		close(c.closed)
		if c.nc != nil {
			c.nc.Close()
		}
	})
}

// send numbers and queues one message; called with s.mu held so every
// client sees events in platform order.
func (c *conn) send(o obj) {
	if !c.s.cfg.OmitSequence {
		o = o.withSeq(c.seq)
		c.seq++ // wraps 4294967295 -> 0 as the document says
	}
	b, err := json.Marshal(o)
	if err != nil {
		c.s.log.Error("mitelsim: encode", "err", err)
		return
	}
	c.enqueue(append(b, 0))
}

func (c *conn) enqueue(frame []byte) {
	if c.sink != nil {
		c.sink.Write(frame)
		return
	}
	select {
	case c.out <- frame:
	case <-c.closed:
	default:
		c.s.log.Warn("mitelsim: client too slow; dropping it")
		c.close()
	}
}

func (c *conn) writeLoop() {
	defer c.s.wg.Done()
	var buf []byte
	for {
		last := false
		select {
		case f := <-c.out:
			buf = append(buf[:0], f...)
			last = f == nil
		case <-c.closed:
			return
		}
		// Coalesce what is queued: several messages may share one write.
	more:
		for len(buf) < 64<<10 && !last {
			select {
			case f := <-c.out:
				buf = append(buf, f...)
				last = f == nil
			default:
				break more
			}
		}
		if err := c.write(buf); err != nil || last {
			c.close()
			return
		}
	}
}

// write sends a burst, cut at random byte boundaries in SplitWrites mode.
func (c *conn) write(b []byte) error {
	_ = c.nc.SetWriteDeadline(time.Now().Add(10 * time.Second))
	if !c.s.cfg.SplitWrites {
		_, err := c.nc.Write(b)
		return err
	}
	for len(b) > 0 {
		n := 1 + c.rnd.IntN(min(len(b), 97))
		if _, err := c.nc.Write(b[:n]); err != nil {
			return err
		}
		b = b[n:]
		if c.rnd.IntN(64) == 0 {
			time.Sleep(100 * time.Microsecond) // let the piece leave alone
		}
	}
	return nil
}

func (c *conn) readLoop() {
	defer c.s.wg.Done()
	defer c.s.removeConn(c)
	defer c.close()
	r := bufio.NewReaderSize(c.nc, 64<<10)
	for {
		msg, err := r.ReadBytes(0)
		if err != nil {
			return
		}
		msg = bytes.TrimSpace(msg[:len(msg)-1])
		if len(msg) == 0 {
			continue
		}
		c.s.reqs.Add(1)
		if !c.handle(msg) {
			// Close once the reply has left (L535).
			select {
			case c.out <- nil:
			case <-c.closed:
			}
			<-c.closed
			return
		}
	}
}

// request is every client message, decoded tolerantly.
type request struct {
	Message        flex.String     `json:"message"`
	RequestID      *flex.Int       `json:"request-id"`
	User           flex.String     `json:"user"`
	Password       flex.String     `json:"password"`
	Subscribe      json.RawMessage `json:"subscribe"`
	Unsubscribe    json.RawMessage `json:"unsubscribe"`
	SubRequestType flex.String     `json:"sub-request-type"`
	AgentID        flex.String     `json:"agent-id"`
	AgentNumber    flex.String     `json:"agent-number"`
	AgentExtension flex.String     `json:"agent-extension"`
	GroupID        flex.String     `json:"group-id"`
	GroupType      flex.String     `json:"group-type"`
	ReleaseCode    flex.String     `json:"release-code"`
	WrapupCodeID   flex.String     `json:"wrapup-code-id"`
	CallID         flex.String     `json:"call-id"`
}

// handle answers one message; false closes the connection.
func (c *conn) handle(msg []byte) bool {
	s := c.s
	var r request
	if err := json.Unmarshal(msg, &r); err != nil {
		s.log.Info("mitelsim: unreadable request", "err", err)
		s.mu.Lock()
		defer s.mu.Unlock()
		if !c.authed {
			return false // the first message must be authenticate (L529)
		}
		c.send(s.response("command", -1, -1)) // request-id unknown (L521)
		return true
	}
	id := int64(-1)
	if r.RequestID != nil {
		id = int64(*r.RequestID)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	name := strings.TrimSpace(string(r.Message))
	if !c.authed {
		if name != "authenticate" {
			return false
		}
		ok := string(r.User) == s.cfg.User && strings.EqualFold(strings.TrimSpace(string(r.Password)), md5hex(s.cfg.Password))
		if !ok {
			s.log.Info("mitelsim: authentication failed", "user", string(r.User))
			if !s.cfg.SilentAuthFailure {
				c.send(s.response("authenticate", id, -1, kv{"error-msg", "authentication failed"}))
			}
			return false
		}
		c.authed = true
		if s.cfg.DocQuirks {
			c.send(obj{{"version", 1}, {"topic", topic}, {"request-id", id}, {"result", 0}}) // L2910
		} else {
			c.send(s.response("authenticate", id, 0))
		}
		return true
	}
	switch name {
	case "subscribe-events":
		c.subscribe(id, r.Subscribe, true)
	case "unsubscribe-events":
		recs := r.Unsubscribe
		if len(recs) == 0 {
			recs = r.Subscribe
		}
		c.subscribe(id, recs, false)
	case "command":
		s.command(c, id, &r)
	case "authenticate":
		c.send(s.response("authenticate", id, 0))
	default:
		c.send(s.response(name, id, -1, kv{"error-msg", "unknown request"}))
	}
	return true
}

// subscribe applies subscription records [topic, type, entities]
// (L2913) and sends the snapshots and current statistics they ask for.
func (c *conn) subscribe(id int64, raw json.RawMessage, on bool) {
	s := c.s
	var recs [][]json.RawMessage
	if err := json.Unmarshal(raw, &recs); err != nil {
		msg := "subscribe-events"
		if !on {
			msg = "unsubscribe-events"
		}
		c.send(s.response(msg, id, -1, kv{"error-msg", "bad subscription record"}))
		return
	}
	result := 0
	var snapshots []string
	var statsFor []string
	for _, rec := range recs {
		if len(rec) < 2 {
			result = 1
			continue
		}
		var typ flex.String
		_ = json.Unmarshal(rec[1], &typ)
		var ents []flex.String
		if len(rec) > 2 {
			_ = json.Unmarshal(rec[2], &ents)
		}
		switch string(typ) {
		case "entity":
			for _, e := range ents {
				snapshots = append(snapshots, string(e))
			}
		case "agent-activity":
			for _, e := range ents {
				c.agents[string(e)] = on
			}
		case "call-activity":
			c.calls = on
		case "daily-agent-stats":
			for _, e := range ents {
				c.stats[string(e)] = on
				statsFor = append(statsFor, string(e))
			}
		default:
			result = 1 // partial failure: not simulated (L623)
		}
	}
	local, _ := s.times()
	if !on {
		c.send(obj{{"version", 1}, {"timestamp", local}, {"topic", topic}, {"message", "unsubscribe-events"}, {"request-id", id}, {"result", result}})
		return
	}
	c.send(obj{{"request", "Subscribe"}, {"version", 1}, {"timestamp", local}, {"topic", topic},
		{"message", "subscribe-events"}, {"request-id", id}, {"result", result}, {"subscriptions", json.RawMessage(raw)}})
	for _, e := range snapshots {
		if o := s.snapshot(e); o != nil {
			c.send(o)
		}
	}
	if s.cfg.NoStats {
		return
	}
	for _, id := range statsFor {
		if id == "*" {
			for _, a := range s.allAgents() {
				c.send(s.statsMsg(a))
			}
		} else if a := s.agents[id]; a != nil {
			c.send(s.statsMsg(a))
		}
	}
}

// snapshot is one entity type's entity-snapshot (note §8 #54: one message
// per entity type, named by "filter").
func (s *Server) snapshot(entity string) obj {
	local, _ := s.times()
	o := obj{{"version", 1}, {"timestamp", local}, {"topic", topic}, {"message", "entity-snapshot"},
		{"sub-topic", "entity"}, {"filter", entity}}
	switch entity {
	case "agent":
		var items []obj
		for _, a := range s.allAgents() {
			items = append(items, obj{{"agent-id", s.idv(a.id)}, {"agent-number", a.number}, {"agent-name", a.name}})
		}
		return append(o, kv{"agents", items})
	case "group":
		var items []obj
		for _, g := range s.groups {
			items = append(items, obj{{"group-id", s.idv(g.id)}, {"group-name", g.name}, {"short-call-threshold", 10}})
		}
		return append(o, kv{"groups", items})
	case "release-code":
		var items []obj
		for _, r := range releaseCodes {
			items = append(items, obj{{"release-code-id", s.idv(r.id)}, {"release-code-short-name", r.short}, {"release-code-name", r.name}})
		}
		return append(o, kv{"release-codes", items})
	case "wrapup-code":
		var items []obj
		for _, r := range wrapupCodes {
			items = append(items, obj{{"wrapup-id", s.idv(r.id)}, {"wrapup-code", r.short}, {"wrapup-name", r.name}})
		}
		return append(o, kv{"wrapup-codes", items})
	case "dnis", "agent-queue", "email agent queue", "email-agent-queue":
		return append(o, kv{strings.ReplaceAll(entity, " ", "-") + "s", []obj{}})
	}
	return nil
}
