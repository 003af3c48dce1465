package clarity

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"tandem/vendors"
)

// statusUpdate is the Update Agent Status body: a status (with an away
// reason only for status 3), never together with isSuspended.
type statusUpdate struct {
	AgentStatusID int  `json:"agentStatusId"`
	ReasonCodeID  *int `json:"reasonCodeId,omitempty"`
}

// Do runs one command. Call control is refused at once with where to do it
// instead; everything else returns once the platform answered and the
// session re-read the picture.
func (s *session) Do(ctx context.Context, cmd vendors.Command) error {
	if _, known := vendors.ParseCommandKind(string(cmd.Kind)); known && !s.caps.Has(cmd.Kind) {
		return vendors.Unsupported(vendorName, cmd.Kind, s.caps.Hint(cmd.Kind))
	}
	if err := cmd.Validate(); err != nil {
		return withVendor(err)
	}
	if !s.connected.Load() {
		return &vendors.Error{Kind: vendors.ErrDisconnected, Vendor: vendorName, Op: string(cmd.Kind), Msg: "reconnecting to Clarity Connect"}
	}
	var err error
	switch cmd.Kind {
	case vendors.CmdReady:
		err = s.setStatus(ctx, statusUpdate{AgentStatusID: stAvailable})
	case vendors.CmdNotReady:
		var up statusUpdate
		if up, err = s.notReadyUpdate(cmd.Reason); err == nil {
			err = s.setStatus(ctx, up)
		}
	case vendors.CmdWrapUp:
		err = s.wrapUpCmd(ctx, cmd)
	case vendors.CmdEndWrapUp:
		err = s.endWrapUp(ctx, cmd.Contact, true)
	case vendors.CmdLogout:
		err = s.logout(ctx)
	}
	if err != nil {
		return commandError(cmd.Kind, err)
	}
	if err := s.refresh(ctx); err != nil {
		s.log.Debug("clarity: refresh after command failed", "err", err)
	}
	return nil
}

func (s *session) notReadyUpdate(reason string) (statusUpdate, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return statusUpdate{AgentStatusID: stUnavailable}, nil
	}
	s.pollMu.Lock()
	known := false
	for _, r := range s.notReady {
		known = known || r.Code == reason
	}
	s.pollMu.Unlock()
	if !known {
		return statusUpdate{}, vendors.Errorf(vendors.ErrInvalid, "unknown not-ready reason %q", reason)
	}
	if id, ok := strings.CutPrefix(reason, "status-"); ok {
		n, _ := strconv.Atoi(id)
		return statusUpdate{AgentStatusID: n}, nil
	}
	n, err := strconv.Atoi(reason)
	if err != nil {
		return statusUpdate{}, vendors.Errorf(vendors.ErrInvalid, "unknown not-ready reason %q", reason)
	}
	return statusUpdate{AgentStatusID: stUnavailable, ReasonCodeID: &n}, nil
}

func (s *session) setStatus(ctx context.Context, up statusUpdate) error {
	return s.cl.call(ctx, http.MethodPost, "/agentStatus/update/"+url.PathEscape(s.agentID()), up, nil)
}

func (s *session) agentID() string {
	s.cl.mu.Lock()
	defer s.cl.mu.Unlock()
	return s.cl.agentID
}

// wrapUpCmd saves the disposition (and sub-disposition) and the call note
// with the document's GET-with-body writes.
func (s *session) wrapUpCmd(ctx context.Context, cmd vendors.Command) error {
	s.pollMu.Lock()
	t := s.contacts[cmd.Contact]
	var allowed map[int]map[int]bool
	if t != nil {
		allowed = t.wrap
	}
	s.pollMu.Unlock()
	if t == nil {
		// After-call may have run out before the agent wrote the notes: the
		// platform still keeps an ended session's wrap-up data.
		if _, err := strconv.Atoi(cmd.Contact); err != nil {
			return vendors.Errorf(vendors.ErrUnknownContact, "no session %q", cmd.Contact)
		}
	}
	path := "/sessions/" + url.PathEscape(cmd.Contact)
	if strings.TrimSpace(cmd.Code) != "" {
		disp, sub, err := parseWrapCode(cmd.Code)
		if err != nil {
			return vendors.Errorf(vendors.ErrInvalid, "%v", err)
		}
		if allowed != nil {
			subs, ok := allowed[disp]
			if !ok || (sub != 0 && !subs[sub]) {
				return vendors.Errorf(vendors.ErrInvalid, "wrap-up code %q is not a disposition of this session", cmd.Code)
			}
		}
		body := map[string]int{"dispositionId": disp}
		if sub != 0 {
			body["subDispositionId"] = sub
		}
		if err := s.sessionWrite(ctx, path+"/setdispositions", body, t == nil); err != nil {
			return err
		}
	}
	if cmd.Notes != "" {
		if err := s.sessionWrite(ctx, path+"/setcallnotes", map[string]string{"note": cmd.Notes}, t == nil); err != nil {
			return err
		}
	}
	if t == nil {
		return nil
	}
	// In the model wrapup ends the wrap-up; notes written during the call
	// leave the call alone.
	return s.endWrapUp(ctx, cmd.Contact, false)
}

// sessionWrite sends one wrap-up write with the document's verb. The API
// answers an unknown session with 500: for a session we do not follow that
// means it does not exist.
func (s *session) sessionWrite(ctx context.Context, path string, body any, untracked bool) error {
	err := s.cl.call(ctx, sessionWriteMethod, path, body, nil)
	var he *httpError
	if untracked && errors.As(err, &he) && he.Code == http.StatusInternalServerError {
		return vendors.Errorf(vendors.ErrUnknownContact, "no session at the platform")
	}
	return err
}

// endWrapUp ends after-call. The API has no call for it (vendor note §5.8):
// after-call ends when its timer runs out or when the agent's status is set
// to Available, which is what this does.
func (s *session) endWrapUp(ctx context.Context, id string, strict bool) error {
	s.pollMu.Lock()
	t := s.contacts[id]
	inWrap := t != nil && t.c.Status == vendors.ContactWrapUp
	s.pollMu.Unlock()
	switch {
	case t == nil:
		return vendors.Errorf(vendors.ErrUnknownContact, "no live session %q", id)
	case !inWrap && strict:
		return vendors.Errorf(vendors.ErrWrongStatus, "session %s is %s, not in after-call", id, t.c.Status)
	case !inWrap:
		return nil
	}
	return s.setStatus(ctx, statusUpdate{AgentStatusID: stAvailable})
}

// logout unregisters the agent's endpoint. The document warns that this
// ends the calls of the sessions it lists: the desk confirms with the agent
// before it sends logout while a call is live.
func (s *session) logout(ctx context.Context) error {
	s.pollMu.Lock()
	p := s.prof
	var sids []string
	for id, t := range s.contacts {
		if t.c.Status.Live() {
			sids = append(sids, id)
		}
	}
	s.pollMu.Unlock()
	sort.Strings(sids)
	sip := strings.TrimSpace(string(p.EmailAddress))
	if sip == "" {
		return vendors.Errorf(vendors.ErrConfig, "the agent profile has no address to unregister")
	}
	q := url.Values{"sip": {sip}, "gruu": {strings.TrimSpace(string(p.AgentGRUU))}, "sids": {strings.Join(sids, ",")}}
	return s.cl.call(ctx, http.MethodPost, "/profile/unregister?"+q.Encode(), nil, nil)
}

// commandError types what the platform answered to a command.
func commandError(k vendors.CommandKind, err error) error {
	var he *httpError
	if errors.As(err, &he) {
		return &vendors.Error{Kind: vendors.ErrRejected, Vendor: vendorName, Op: string(k), Msg: he.Message, Err: err}
	}
	e := withVendor(err).(*vendors.Error)
	if e.Op == "" {
		e.Op = string(k)
	}
	return e
}
