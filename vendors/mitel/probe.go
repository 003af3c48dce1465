package mitel

import (
	"context"
	"net"
	"time"

	"tandem/vendors"
)

// The feed has no heartbeat (note §2.6) and TCP keepalive only proves the
// peer's kernel is there: a proxy, a NAT or a hung server still answers
// it. So after probeIdle of silence the driver asks for something that
// needs the server itself — the agent's daily statistics, which also
// confirm the state — and a connection that does not answer within
// probeWait is dead. A silent loss is noticed within probeIdle+probeWait
// plus one tick.
const (
	probeIdle = 5 * time.Second
	probeWait = 5 * time.Second
	probeTick = time.Second
)

// watch probes conn while it is the session's connection.
func (s *session) watch(conn net.Conn) {
	defer s.wg.Done()
	t := time.NewTicker(probeTick)
	defer t.Stop()
	for {
		select {
		case <-s.ctx.Done():
			return
		case <-t.C:
		}
		s.mu.Lock()
		current := s.conn == conn
		s.mu.Unlock()
		if !current {
			return
		}
		if time.Since(time.Unix(0, s.lastRx.Load())) < probeIdle {
			continue
		}
		ctx, cancel := context.WithTimeout(s.ctx, probeWait)
		r, err := s.request(ctx, conn, func(id int64, seq uint32) any {
			return subscribeRequest{Version: 1, Sequence: seq, Topic: "contact-center", RequestID: id,
				Message: "subscribe-events", Subscribe: [][]any{{"ecc", "daily-agent-stats", []string{s.cfg.agent}}}}
		})
		cancel()
		if err != nil {
			if s.ctx.Err() != nil {
				return
			}
			s.cfg.log.Warn("mitel: the event feed did not answer a probe; reconnecting", "err", err)
			conn.Close()
			return
		}
		if r.Result != nil && *r.Result >= 0 {
			s.em.Emit(vendors.AliveEvent{At: time.Now()})
		}
	}
}
