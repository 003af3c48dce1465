package openscape

import (
	"context"
	"time"

	"tandem/vendors"
	"tandem/vendors/backoff"
)

const (
	// watchEvery is how often the server is probed (GetServerState, the
	// document's watchdog command): a silent loss shows within 15 s.
	watchEvery   = 5 * time.Second
	watchTimeout = 4 * time.Second
	// auditEvery is how many watch ticks pass between quiet resyncs.
	auditEvery = 12
)

// alreadyFor is how long a refused re-registration is retried: the OSCC
// may hold the old one up to 180 s (notes §7.3). A variable for tests.
var alreadyFor = 180 * time.Second

// lost marks the link down (Reconnecting at once) and starts the ladder.
func (s *session) lost(err error) {
	s.mu.Lock()
	was := s.connected
	s.connected = false
	failed := s.failed || s.loggedOut
	s.mu.Unlock()
	if failed {
		return
	}
	if was {
		s.emit(vendors.ConnectionEvent{Status: vendors.Reconnecting, Err: err})
	}
	select {
	case s.kick <- kickLost:
	default:
	}
}

// supervise runs the recovery ladder and the post-switchover re-logon.
func (s *session) supervise() {
	defer s.wg.Done()
	for {
		select {
		case <-s.ctx.Done():
			return
		case k := <-s.kick:
			switch k {
			case kickLost:
				s.ladder()
			case kickRelogon:
				s.relogon()
			}
		}
	}
}

// ladder: retry the session, check the server, re-register, log on,
// re-subscribe, resync (notes §10). Authentication failures stop it;
// "already registered" is retried for up to alreadyFor.
func (s *session) ladder() {
	b := backoff.Backoff{Min: 500 * time.Millisecond, Max: 10 * time.Second}
	var already time.Time
	for s.ctx.Err() == nil {
		s.mu.Lock()
		if s.connected || s.loggedOut || s.failed {
			s.mu.Unlock()
			return
		}
		s.mu.Unlock()
		err := s.rung()
		if err == nil {
			s.log.Info("openscape: reconnected")
			return
		}
		s.log.Warn("openscape: reconnect attempt failed", "err", err)
		switch {
		case s.ctx.Err() != nil:
			return
		case vendors.KindOf(err) == vendors.ErrAuth || vendors.KindOf(err) == vendors.ErrConfig:
			s.giveUp(err)
			return
		case vendors.KindOf(err) == vendors.ErrLimit:
			if already.IsZero() {
				already = time.Now()
			}
			if time.Since(already) > alreadyFor {
				s.giveUp(err)
				return
			}
		default:
			already = time.Time{}
		}
		s.emit(vendors.ConnectionEvent{Status: vendors.Reconnecting, Err: err})
		if !b.Sleep(s.ctx) {
			return
		}
	}
}

// rung is one climb of the ladder.
func (s *session) rung() error {
	ctx, cancel := context.WithTimeout(s.ctx, 30*time.Second)
	defer cancel()
	if s.cl.getToken() != "" {
		// The session may have survived (a blip): keep it, resync only.
		err := s.cl.call(ctx, "POST", "/main/keepalive", struct{}{}, nil)
		if err == nil {
			return s.resync(ctx, true)
		}
		if vendors.KindOf(err) != vendors.ErrDisconnected {
			return err // server unreachable: try again later
		}
		s.cl.setToken("")
	}
	return s.establish(ctx, false)
}

func (s *session) giveUp(err error) {
	s.mu.Lock()
	s.failed, s.connected = true, false
	s.mu.Unlock()
	s.emit(vendors.ConnectionEvent{Status: vendors.Disconnected, Err: err})
}

// beginSwitchover: during an OSCC or OSV switchover the session stays but
// the agent is logged off (notes §7.1–7.2). Calls mu held.
func (s *session) beginSwitchover(why string) {
	if s.switching || !s.connected || s.loggedOut {
		return
	}
	s.switching, s.connected, s.switchedAt = true, false, time.Now()
	s.before.routing, s.before.reasonKey = s.routing, s.reasonKey
	s.log.Warn("openscape: switchover", "why", why)
	s.emit(vendors.ConnectionEvent{Status: vendors.Reconnecting, Err: &vendors.Error{Kind: vendors.ErrDisconnected, Vendor: vendorName, Msg: why}})
}

// endSwitchover: the presence server is back, log the agent on again.
// Calls mu held.
func (s *session) endSwitchover() {
	if !s.switching {
		return
	}
	s.switching = false
	select {
	case s.kick <- kickRelogon:
	default:
	}
}

// relogon logs the agent on to voice again and restores the routing state
// it had before the switchover, then resyncs.
func (s *session) relogon() {
	ctx, cancel := context.WithTimeout(s.ctx, 30*time.Second)
	defer cancel()
	s.mu.Lock()
	key, ext, routing, reasonKey, agentID := s.key, s.st.ext, s.before.routing, s.before.reasonKey, s.agentID
	s.mu.Unlock()
	var rs routingStateResponse
	err := s.cl.call(ctx, "GET", "/presence/getroutingstate", map[string]any{"agentKey": key}, &rs)
	if err == nil && (!rs.LoggedOnMediaTypes.has("VOICE") || norm(string(rs.RoutingState)) == "LOGGEDOFF") {
		err = s.cl.call(ctx, "POST", "/v2/telephony/logon", map[string]any{"agentKey": key, "extension": ext}, nil)
		if err == nil && routing != "" && routing != "LOGGEDOFF" {
			err = s.cl.call(ctx, "POST", "/presence/setroutingstate", map[string]any{"state": routing, "agentId": agentID, "agentKey": key, "reason": reasonKey}, nil)
		}
	}
	if err == nil {
		err = s.resync(ctx, true)
	}
	if err != nil {
		s.log.Warn("openscape: re-logon after switchover failed", "err", err)
		s.lost(err)
	}
}
