package incontact

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"tandem/vendors"
)

// Do runs one command. The platform answers a command with 2xx once it
// took it (202 in the sources); what follows shows up as events.
func (s *session) Do(ctx context.Context, cmd vendors.Command) error {
	if _, ok := vendors.ParseCommandKind(string(cmd.Kind)); !ok {
		return tag(vendors.Errorf(vendors.ErrInvalid, "unknown command %q", cmd.Kind))
	}
	if !s.caps.Has(cmd.Kind) {
		return vendors.Unsupported(Name, cmd.Kind, s.caps.Hint(cmd.Kind))
	}
	if err := cmd.Validate(); err != nil {
		return tag(err)
	}
	if !s.isConnected() {
		msg := "not connected to inContact; retrying"
		if s.stopped() {
			msg = "the agent session is over; log in again"
		}
		return &vendors.Error{Kind: vendors.ErrDisconnected, Vendor: Name, Op: string(cmd.Kind), Msg: msg}
	}
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, 20*time.Second)
		defer cancel()
	}
	err := s.do(ctx, cmd)
	return commandError(cmd.Kind, err)
}

func (s *session) do(ctx context.Context, cmd vendors.Command) error {
	sid := s.currentSID()
	// A contact the driver has not seen yet (its event may still be on the
	// way) goes to the platform as named; the platform knows it or says 404.
	c, known := s.tr.lookup(cmd.Contact)
	id := cmd.Contact
	if known {
		id = c.c.ID
	}
	post := func(ep endpoint, ids []string, body any) error {
		_, _, err := s.api.call(ctx, string(cmd.Kind), ep, ids, nil, body, nil)
		return err
	}
	switch cmd.Kind {
	case vendors.CmdReady:
		return post(epSetState, []string{sid}, setStateReq{State: "Available"})
	case vendors.CmdNotReady:
		return post(epSetState, []string{sid}, setStateReq{State: "Unavailable", Reason: s.notReadyCode(cmd.Reason)})
	case vendors.CmdAnswer:
		return post(epAccept, []string{sid, id}, nil)
	case vendors.CmdReject:
		return post(epReject, []string{sid, id}, nil)
	case vendors.CmdHold:
		return post(epHold, []string{sid, id}, nil)
	case vendors.CmdRetrieve:
		return post(epResume, []string{sid, id}, nil)
	case vendors.CmdHangup:
		return post(epEnd, []string{sid, id}, nil)
	case vendors.CmdCompleteTransfer:
		return post(epTransfer, []string{sid}, nil)
	case vendors.CmdConference:
		return post(epConference, []string{sid}, nil)
	case vendors.CmdDial:
		return s.dial(ctx, sid, cmd.To, "", post)
	case vendors.CmdConsult:
		if c.c.Status == vendors.ContactConnected {
			// Consulting holds the customer first (public-apis §1.7 flow).
			if err := post(epHold, []string{sid, id}, nil); err != nil {
				return err
			}
		}
		return s.dial(ctx, sid, cmd.To, id, post)
	case vendors.CmdWrapUp:
		if known && !c.allowDisp {
			return &vendors.Error{Kind: vendors.ErrWrongStatus, Msg: "the platform allows no disposition for this contact"}
		}
		if strings.TrimSpace(cmd.Code) == "" {
			return &vendors.Error{Kind: vendors.ErrInvalid, Msg: "inContact needs a disposition code with the notes"}
		}
		n, ok := s.dispositionID(cmd.Code, c.skillID)
		if !ok {
			return &vendors.Error{Kind: vendors.ErrInvalid, Msg: "unknown disposition " + strconv.Quote(cmd.Code)}
		}
		return post(epDisposition, []string{sid, id}, dispositionReq{PrimaryDispositionID: n, PrimaryDispositionNotes: cmd.Notes})
	case vendors.CmdEndWrapUp:
		if known && c.c.Status != vendors.ContactWrapUp {
			return &vendors.Error{Kind: vendors.ErrWrongStatus, Msg: "the contact is not in wrap-up"}
		}
		// ACW ends when the agent picks the state that follows it (seed
		// L100: in ACW, NextStates holds the state after ACW).
		st, reason := s.tr.afterACW()
		return post(epSetState, []string{sid}, setStateReq{State: st, Reason: reason})
	case vendors.CmdLogout:
		s.mu.Lock()
		s.loggedOut = true
		s.mu.Unlock()
		q := url.Values{"forceLogoff": {"false"}, "endContacts": {"false"}, "ignorePersonalQueue": {"false"}}
		_, _, err := s.api.call(ctx, "logout", epEndSession, []string{sid}, q, nil, nil)
		if err != nil {
			s.mu.Lock()
			s.loggedOut = false
			s.mu.Unlock()
		}
		return err
	}
	return vendors.Unsupported(Name, cmd.Kind, "")
}

// dial calls a destination: "agent:ID" dials an agent, "skill:ID" a skill,
// anything else is a phone number on the outbound skill. With parent set it
// is a consult leg of that contact.
func (s *session) dial(ctx context.Context, sid, to, parent string, post func(endpoint, []string, any) error) error {
	to = strings.TrimSpace(to)
	lower := strings.ToLower(to)
	switch {
	case strings.HasPrefix(lower, "agent:"):
		n, err := strconv.Atoi(strings.TrimSpace(to[len("agent:"):]))
		if err != nil {
			return &vendors.Error{Kind: vendors.ErrInvalid, Msg: "agent:ID needs a numeric agent ID"}
		}
		return post(epDialAgent, []string{sid}, dialAgentReq{TargetAgentID: n, ParentContactID: parent})
	case strings.HasPrefix(lower, "skill:"):
		n, err := strconv.Atoi(strings.TrimSpace(to[len("skill:"):]))
		if err != nil {
			return &vendors.Error{Kind: vendors.ErrInvalid, Msg: "skill:ID needs a numeric skill ID"}
		}
		return post(epDialSkill, []string{sid}, dialSkillReq{SkillID: n, ParentContactID: parent})
	}
	skill := s.outboundSkill()
	if skill == 0 {
		return &vendors.Error{Kind: vendors.ErrConfig, Msg: "no outbound phone skill: set option outbound-skill"}
	}
	return post(epDialPhone, []string{sid}, dialPhoneReq{PhoneNumber: to, SkillID: skill, ParentContactID: parent})
}

// commandError names the command and classifies what the platform said.
func commandError(k vendors.CommandKind, err error) error {
	if err == nil {
		return nil
	}
	if e, ok := err.(*vendors.Error); ok {
		if e.Op == "" {
			e.Op = string(k)
		}
		e.Vendor = Name
		return e
	}
	kind := vendors.ErrRejected
	switch st := statusOf(err); {
	case st == http.StatusNotFound && k.NeedsContact():
		kind = vendors.ErrUnknownContact
	case st == http.StatusConflict:
		kind = vendors.ErrWrongStatus
	case st == http.StatusUnauthorized:
		kind = vendors.ErrAuth
	case st >= 500:
		kind = vendors.ErrUnreachable
	}
	return &vendors.Error{Kind: kind, Vendor: Name, Op: string(k), Err: err}
}
