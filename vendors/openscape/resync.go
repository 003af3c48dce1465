package openscape

import (
	"context"

	"tandem/vendors"
)

// snapshot is what a resync read from the server.
type snapshot struct {
	rs    routingStateResponse
	calls map[string]*queryCallResponse // nil value: the call is gone
}

// resync reads GetRoutingState, QueryLine and QueryCall for every call
// and applies them on q. Announced (after a (re)connection), it returns
// after Connected, the state, every live contact and Synced were emitted;
// quiet (an audit, a command whose confirmation was lost) it reports only
// what changed.
func (s *session) resync(ctx context.Context, announce bool) error {
	s.mu.Lock()
	key, ext := s.key, s.st.ext
	ids := append([]string(nil), s.order...)
	s.mu.Unlock()
	var snap snapshot
	if err := s.cl.call(ctx, "GET", "/presence/getroutingstate", map[string]any{"agentKey": key}, &snap.rs); err != nil {
		return err
	}
	var ql queryLineResponse
	if err := s.cl.call(ctx, "POST", "/v2/telephony/queryline", map[string]any{"extension": ext}, &ql); err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, id := range append(ids, string(ql.UniqueCallID), string(ql.FirstCallID), string(ql.SecondCallID)) {
		if id != "" {
			seen[id] = true
		}
	}
	snap.calls = map[string]*queryCallResponse{}
	for id := range seen {
		qc := new(queryCallResponse)
		err := s.cl.call(ctx, "POST", "/telephony/querycall", map[string]any{"uniqueCallId": id}, qc)
		switch {
		case err == nil:
			snap.calls[id] = qc
		case linkLost(err):
			return err
		default:
			snap.calls[id] = nil
		}
	}
	done := make(chan struct{})
	s.q.push(func() {
		defer close(done)
		s.applySnapshot(&snap, announce)
	})
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return &vendors.Error{Kind: vendors.ErrTimeout, Vendor: vendorName, Op: "resync", Msg: "resync did not finish", Err: linkErr{ctx.Err()}}
	}
}

// applySnapshot replaces the picture by the server's and announces it
// (on q).
func (s *session) applySnapshot(snap *snapshot, announce bool) {
	var pops []string
	s.mu.Lock()
	s.routing = norm(string(snap.rs.RoutingState))
	s.reasonKey = int(snap.rs.RoutingStateReasonKey)
	s.voiceOn = snap.rs.LoggedOnMediaTypes.has("VOICE") && s.routing != "LOGGEDOFF"
	for id, qc := range snap.calls {
		k, fresh := s.ensure(id)
		if qc == nil {
			if k.c.Status != vendors.ContactWrapUp {
				k.set(vendors.ContactEnded, "NOCALLSTATE")
			}
			continue
		}
		if fresh {
			t := norm(string(qc.Type))
			if t == "INT2EXT" || t == "INT2INT" {
				k.c.Direction, k.c.From = vendors.Outbound, s.st.ext
				k.c.To = first(string(qc.OrigDNIS), partyDevice(qc.TargetParty))
			}
			s.fillFromQuery(k, qc)
			pops = append(pops, id)
		}
		switch norm(string(qc.State)) {
		case "CONNECTED", "CONFERENCING":
			k.set(vendors.ContactConnected, norm(string(qc.State)))
		case "HOLDING", "CONSULTING":
			k.set(vendors.ContactHeld, norm(string(qc.State)))
		case "START", "CALLING", "QUEUED":
			if k.c.Direction == vendors.Outbound {
				k.set(vendors.ContactDialing, norm(string(qc.State)))
			} else {
				k.set(vendors.ContactOffered, norm(string(qc.State)))
			}
		case "FINISHED", "NOCALLSTATE":
			if k.c.Status != vendors.ContactWrapUp {
				s.end(id)
			}
		}
	}
	if announce {
		s.connected, s.synced = true, true
	}
	s.mu.Unlock()
	for _, id := range pops {
		s.screenPop(id)
	}
	if !announce {
		s.flush()
		return
	}
	s.mu.Lock()
	s.sent = nil // report everything again
	for _, k := range s.calls {
		k.sent = nil
	}
	reasons := s.reasonsEvent()
	s.mu.Unlock()
	s.emit(vendors.ConnectionEvent{Status: vendors.Connected})
	s.emit(vendors.CapabilitiesEvent{Caps: s.caps})
	s.emit(reasons)
	s.flush()
	s.emit(vendors.SyncedEvent{})
}
