package openscape

import (
	"context"
	"time"

	"tandem/vendors"
)

// watch sends KeepAlive when idle and probes the server.
func (s *session) watch() {
	defer s.wg.Done()
	t := time.NewTicker(watchEvery)
	defer t.Stop()
	lastKA := time.Now()
	ticks := 0
	for {
		select {
		case <-s.ctx.Done():
			return
		case <-t.C:
		}
		s.mu.Lock()
		switching := s.switching
		skip := !s.connected && !switching || s.loggedOut || s.failed
		s.mu.Unlock()
		if skip {
			continue
		}
		if switching {
			s.probeSwitchover()
			continue
		}
		ticks++
		if ticks%auditEvery == 0 {
			// Deliveries may be lost without a trace (notes §2.8): compare
			// with the server now and then.
			actx, cancel := context.WithTimeout(s.ctx, 2*watchTimeout)
			if err := s.resync(actx, false); err != nil && linkLost(err) {
				s.lost(err)
			}
			cancel()
			continue
		}
		ctx, cancel := context.WithTimeout(s.ctx, watchTimeout)
		var err error
		idle := time.Since(time.Unix(0, s.cl.lastUse.Load()))
		if idle >= s.st.keepalive && time.Since(lastKA) >= s.st.keepalive || time.Since(lastKA) >= 4*s.st.keepalive {
			err = s.cl.call(ctx, "POST", "/main/keepalive", struct{}{}, nil)
			lastKA = time.Now()
		} else {
			var ss serverStateResponse
			err = s.cl.call(ctx, "POST", "/main/getserverstate", map[string]string{"realm": "TELEPHONY"}, &ss)
			if err == nil && norm(string(ss.ServerState)) != "AVAILABLE" {
				s.log.Info("openscape: telephony server state", "state", string(ss.ServerState))
			}
		}
		cancel()
		switch {
		case err == nil:
			s.emit(vendors.AliveEvent{At: time.Now()})
		case s.ctx.Err() != nil:
			return
		case linkLost(err):
			s.log.Warn("openscape: link lost", "err", err)
			s.lost(err)
		default:
			s.log.Warn("openscape: watchdog answer", "err", err)
		}
	}
}

// probeSwitchover watches a switchover: a dead session starts the ladder,
// and a server that reports itself fully available again ends the
// switchover even if its SERVER_CONNECTED_EVENT was lost.
func (s *session) probeSwitchover() {
	ctx, cancel := context.WithTimeout(s.ctx, watchTimeout)
	defer cancel()
	var ss serverStateResponse
	err := s.cl.call(ctx, "POST", "/main/getserverstate", map[string]string{"realm": "TELEPHONY"}, &ss)
	switch {
	case err != nil && linkLost(err):
		s.lost(err)
	case err == nil && norm(string(ss.ServerState)) == "AVAILABLE":
		s.mu.Lock()
		if s.switching && time.Since(s.switchedAt) > 2*watchEvery {
			s.log.Info("openscape: server available again, ending the switchover")
			s.endSwitchover()
		}
		s.mu.Unlock()
	}
}
