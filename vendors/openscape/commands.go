package openscape

import (
	"context"
	"strconv"
	"strings"
	"time"

	"tandem/vendors"
)

// confirmWait is how long a command waits for its confirming event before
// the session resyncs (a delivery may have been lost) and looks again.
const confirmWait = 5 * time.Second

// Do runs one command; it returns when the event confirming it arrived.
func (s *session) Do(ctx context.Context, cmd vendors.Command) error {
	if !s.caps.Has(cmd.Kind) {
		return vendors.Unsupported(vendorName, cmd.Kind, s.caps.Hint(cmd.Kind))
	}
	if err := cmd.Validate(); err != nil {
		if e, ok := err.(*vendors.Error); ok {
			e.Vendor = vendorName
		}
		return err
	}
	s.mu.Lock()
	connected, loggedOut, failed := s.connected, s.loggedOut, s.failed
	s.mu.Unlock()
	if failed || !connected && !(loggedOut && cmd.Kind == vendors.CmdLogin) {
		return s.fail(cmd, vendors.ErrDisconnected, "not connected to the OpenScape server")
	}
	if loggedOut {
		if cmd.Kind == vendors.CmdLogin {
			return s.login(ctx)
		}
		return s.fail(cmd, vendors.ErrWrongStatus, "logged out: log in first")
	}
	err := s.do(ctx, cmd)
	if err != nil && vendors.KindOf(err) == vendors.ErrDisconnected || linkLost(err) {
		s.lost(err)
	}
	if e, ok := err.(*vendors.Error); ok && e.Op == "" {
		e.Op = string(cmd.Kind)
	}
	return err
}

func (s *session) fail(cmd vendors.Command, k vendors.Kind, msg string) error {
	return &vendors.Error{Kind: k, Vendor: vendorName, Op: string(cmd.Kind), Msg: msg}
}

// status returns a contact's status and its consultation partner, or an
// unknown-contact error.
func (s *session) status(cmd vendors.Command) (vendors.ContactStatus, *call, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	k := s.calls[cmd.Contact]
	if k == nil || !k.c.Status.Live() {
		return "", nil, s.fail(cmd, vendors.ErrUnknownContact, "no such contact: "+cmd.Contact)
	}
	cp := *k
	return k.c.Status, &cp, nil
}

func (s *session) do(ctx context.Context, cmd vendors.Command) error {
	ext := s.st.ext
	s.mu.Lock()
	key, agentID := s.key, s.agentID
	s.mu.Unlock()
	id := cmd.Contact
	wrong := func(msg string) error { return s.fail(cmd, vendors.ErrWrongStatus, msg) }
	// gone: the contact left the agent (wrap-up, ended or forgotten).
	gone := func(id string) func() bool {
		return func() bool {
			k := s.calls[id]
			return k == nil || k.c.Status == vendors.ContactWrapUp || k.c.Status == vendors.ContactEnded
		}
	}
	is := func(id string, st vendors.ContactStatus) func() (bool, error) {
		return func() (bool, error) {
			k := s.calls[id]
			if k == nil || !k.c.Status.Live() {
				return false, s.fail(cmd, vendors.ErrWrongStatus, "the call ended")
			}
			return k.c.Status == st, nil
		}
	}
	presence := func(extra map[string]any) map[string]any {
		m := map[string]any{"agentId": agentID, "agentKey": key}
		for k, v := range extra {
			m[k] = v
		}
		return m
	}

	switch cmd.Kind {
	case vendors.CmdLogin:
		return s.send(ctx, "/v2/telephony/logon", map[string]any{"agentKey": key, "extension": ext}, func() (bool, error) {
			return s.agentState().State != vendors.StateLoggedOut, nil
		})
	case vendors.CmdLogout:
		return s.logout(ctx, key)
	case vendors.CmdReady:
		return s.send(ctx, "/presence/setroutingstate", presence(map[string]any{"state": "AVAILABLE", "reason": 0}), func() (bool, error) {
			return s.routing == "AVAILABLE", nil
		})
	case vendors.CmdNotReady:
		state, rk, err := s.parseReason(cmd)
		if err != nil {
			return err
		}
		return s.send(ctx, "/presence/setroutingstate", presence(map[string]any{"state": state, "reason": rk}), func() (bool, error) {
			return s.routing == state && (rk == 0 || s.reasonKey == rk), nil
		})
	case vendors.CmdDial:
		s.mu.Lock()
		before := map[string]bool{}
		for id := range s.calls {
			before[id] = true
		}
		name := s.agentName
		s.mu.Unlock()
		return s.send(ctx, "/telephony/dial", map[string]any{
			"from": ext, "to": strings.TrimSpace(cmd.To), "numberToDisplay": ext, "nameToDisplay": name,
		}, func() (bool, error) {
			for id, k := range s.calls {
				if !before[id] && k.c.Direction == vendors.Outbound && k.consultOf == "" {
					return true, nil
				}
			}
			return false, nil
		})
	}

	st, k, err := s.status(cmd)
	if err != nil {
		return err
	}
	switch cmd.Kind {
	case vendors.CmdAnswer:
		if st != vendors.ContactOffered {
			return wrong("the call is not ringing")
		}
		return s.send(ctx, "/telephony/answer", map[string]any{"from": ext}, is(id, vendors.ContactConnected))
	case vendors.CmdHangup:
		switch st {
		case vendors.ContactOffered:
			return wrong("answer it first: the OpenScape REST SDK cannot reject a ringing call")
		case vendors.ContactWrapUp:
			return wrong("the call has already ended; use end_wrapup")
		case vendors.ContactHeld:
			if s.activeOther(id) {
				return wrong("retrieve the call first")
			}
			// Disconnect clears the active call only (notes §9 #32).
			if err := s.send(ctx, "/telephony/retrieve", map[string]any{"from": ext, "uniqueCallId": id}, is(id, vendors.ContactConnected)); err != nil {
				return err
			}
		}
		return s.send(ctx, "/telephony/disconnect", map[string]any{"from": ext, "workflowDisconnected": false}, ok(gone(id)))
	case vendors.CmdHold:
		if st != vendors.ContactConnected {
			return wrong("the call is not connected")
		}
		return s.send(ctx, "/telephony/hold", map[string]any{"from": ext, "uniqueCallId": id}, is(id, vendors.ContactHeld))
	case vendors.CmdRetrieve:
		if st != vendors.ContactHeld {
			return wrong("the call is not on hold")
		}
		if p := s.partnerOf(id); p != "" {
			// Give up the consultation and return to the held party.
			return s.send(ctx, "/telephony/reconnect", map[string]any{"from": ext, "uniqueCallId": id}, func() (bool, error) {
				ok, err := is(id, vendors.ContactConnected)()
				return ok && gone(p)(), err
			})
		}
		return s.send(ctx, "/telephony/retrieve", map[string]any{"from": ext, "uniqueCallId": id}, is(id, vendors.ContactConnected))
	case vendors.CmdTransfer:
		if st != vendors.ContactConnected {
			return wrong("the call is not connected")
		}
		return s.send(ctx, "/telephony/singlesteptransfer", map[string]any{
			"from": ext, "to": strings.TrimSpace(cmd.To), "uniqueCallId": id, "workflowTransfer": false, "networkTransfer": false,
		}, ok(gone(id)))
	case vendors.CmdConsult:
		if st != vendors.ContactConnected {
			return wrong("the call is not connected")
		}
		s.mu.Lock()
		s.consultOf = id
		s.mu.Unlock()
		return s.send(ctx, "/telephony/consult", map[string]any{"from": ext, "to": strings.TrimSpace(cmd.To), "uniqueCallId": id}, func() (bool, error) {
			if k := s.calls[id]; k == nil || !k.c.Status.Live() {
				return false, s.fail(cmd, vendors.ErrWrongStatus, "the call ended")
			}
			return s.partner(id) != "" && s.calls[id].c.Status == vendors.ContactHeld, nil
		})
	case vendors.CmdCompleteTransfer, vendors.CmdConference:
		held, leg := id, s.partnerOf(id)
		if k.consultOf != "" {
			held, leg = k.consultOf, id
		}
		if leg == "" {
			return wrong("no consultation in progress")
		}
		if cmd.Kind == vendors.CmdConference {
			return s.send(ctx, "/telephony/conference", map[string]any{"from": ext, "uniqueCallId": held}, func() (bool, error) {
				ok, err := is(held, vendors.ContactConnected)()
				return ok && gone(leg)(), err
			})
		}
		return s.send(ctx, "/telephony/transfer", map[string]any{"from": ext, "uniqueCallId": held}, ok(func() bool {
			return gone(held)() && gone(leg)()
		}))
	case vendors.CmdWrapUp:
		return s.wrapUp(ctx, cmd, st, k, presence)
	case vendors.CmdEndWrapUp:
		if st != vendors.ContactWrapUp {
			return wrong("the call is not in wrap-up")
		}
		return s.exitPP(ctx, id, k.requeue, presence)
	}
	return s.fail(cmd, vendors.ErrInvalid, "unknown command")
}

func ok(f func() bool) func() (bool, error) { return func() (bool, error) { return f(), nil } }

func (s *session) partnerOf(id string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.partner(id)
}

// activeOther reports whether another call is active at the extension.
func (s *session) activeOther(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for cid, k := range s.calls {
		if cid != id && (k.c.Status == vendors.ContactConnected || k.c.Status == vendors.ContactDialing) {
			return true
		}
	}
	return false
}

// parseReason maps a not-ready code: "5" is unavailable reason 5, "W6" is
// work reason 6 (both lists number from 1, so work carries a prefix).
func (s *session) parseReason(cmd vendors.Command) (string, int, error) {
	code := strings.TrimSpace(cmd.Reason)
	if code == "" {
		return "UNAVAILABLE", 0, nil
	}
	state := "UNAVAILABLE"
	s.mu.Lock()
	list := s.unavail
	switch {
	case strings.HasPrefix(code, "W"), strings.HasPrefix(code, "w"):
		state, code, list = "WORK", code[1:], s.work
	case strings.HasPrefix(code, "U"), strings.HasPrefix(code, "u"):
		code = code[1:]
	}
	s.mu.Unlock()
	n, err := strconv.Atoi(code)
	if err != nil || n < 0 {
		return "", 0, s.fail(cmd, vendors.ErrInvalid, "unknown reason "+strconv.Quote(cmd.Reason))
	}
	if len(list) > 0 && n != 0 {
		found := false
		for _, r := range list {
			found = found || int(r.ReasonKey) == n
		}
		if !found {
			return "", 0, s.fail(cmd, vendors.ErrInvalid, "unknown reason "+strconv.Quote(cmd.Reason))
		}
	}
	return state, n, nil
}

// wrapUp saves the wrap-up reason (and notes as contact data), then ends
// post-processing if the call is in it.
func (s *session) wrapUp(ctx context.Context, cmd vendors.Command, st vendors.ContactStatus, k *call, presence func(map[string]any) map[string]any) error {
	if cmd.Code != "" {
		n, err := strconv.Atoi(strings.TrimSpace(cmd.Code))
		if err != nil {
			return s.fail(cmd, vendors.ErrInvalid, "unknown wrap-up code "+strconv.Quote(cmd.Code))
		}
		if err := s.cl.call(ctx, "POST", "/presence/setwrapupreason", presence(map[string]any{
			"wrapUpReasons": []int{n}, "queueKey": k.queueKey, "uniqueCallId": cmd.Contact, "requeueCount": k.requeue,
		}), nil); err != nil {
			return err
		}
	}
	if cmd.Notes != "" {
		if err := s.cl.call(ctx, "POST", "/telephony/updatecontactdata", map[string]any{
			"uniqueCallId": cmd.Contact, "contactData": []map[string]string{{"key": "Notes", "value": cmd.Notes}},
		}, nil); err != nil {
			return err
		}
	}
	if st != vendors.ContactWrapUp {
		return nil // saved for the live call; post-processing comes later
	}
	return s.exitPP(ctx, cmd.Contact, k.requeue, presence)
}

// exitPP leaves post-processing; a mandatory wrap-up is cancelled first
// when the platform insists on it.
func (s *session) exitPP(ctx context.Context, id string, requeue int, presence func(map[string]any) map[string]any) error {
	body := presence(map[string]any{"uniqueCallId": id, "requeueCount": requeue})
	done := func() (bool, error) {
		k := s.calls[id]
		return k == nil || k.c.Status == vendors.ContactEnded, nil
	}
	err := s.send(ctx, "/presence/exitpostprocessing", body, done)
	if vendors.KindOf(err) != vendors.ErrRejected || !strings.Contains(err.Error(), "PRESENCE_ACTION_FAILED") {
		return err
	}
	if err := s.cl.call(ctx, "POST", "/presence/cancelmandatorywrappingup", body, nil); err != nil {
		return err
	}
	return s.send(ctx, "/presence/exitpostprocessing", body, done)
}

// logout logs the extension off voice and unregisters: only an explicit
// logout does this (Close does not).
func (s *session) logout(ctx context.Context, key int) error {
	err := s.send(ctx, "/v2/telephony/logoff", map[string]any{"agentKey": key}, func() (bool, error) {
		return s.agentState().State == vendors.StateLoggedOut, nil
	})
	if err != nil {
		return err
	}
	if err := s.cl.call(ctx, "POST", "/v2/main/unregisterApplication", nil, nil); err != nil {
		s.log.Warn("openscape: unregister failed", "err", err)
	}
	s.cl.setToken("")
	s.mu.Lock()
	s.loggedOut = true
	s.mu.Unlock()
	return nil
}

// login after a logout registers again and logs the agent on.
func (s *session) login(ctx context.Context) error {
	s.mu.Lock()
	s.loggedOut = false
	s.mu.Unlock()
	if err := s.establish(ctx, true); err != nil {
		s.mu.Lock()
		s.loggedOut = true
		s.mu.Unlock()
		return err
	}
	return nil
}
