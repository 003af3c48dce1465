package mitel

import (
	"context"
	"encoding/json"
	"net"
	"strings"

	"tandem/vendors"
)

// onPhone is where the agent does what the feed has no command for
// (L236-248 list every command; hold, transfer, conference and dial are
// only observed, note §5.12).
var onPhone = map[vendors.CommandKind]string{
	vendors.CmdHold:             "hold on your phone",
	vendors.CmdRetrieve:         "retrieve the call on your phone",
	vendors.CmdTransfer:         "transfer on your phone",
	vendors.CmdConsult:          "consult on your phone",
	vendors.CmdCompleteTransfer: "complete the transfer on your phone",
	vendors.CmdConference:       "conference on your phone",
	vendors.CmdDial:             "dial on your phone",
	vendors.CmdReject:           "decline on your phone",
}

func capabilities() vendors.Capabilities {
	c := vendors.Caps(onPhone,
		vendors.CmdLogin, vendors.CmdLogout, vendors.CmdReady, vendors.CmdNotReady,
		vendors.CmdAnswer, vendors.CmdHangup, vendors.CmdWrapUp, vendors.CmdEndWrapUp)
	c.NotReadyReasons = true
	return c
}

// subRequest names the feed command for a model command. The model's
// wrapup ends the wrap-up, so wrapup with a code is wrapup-code followed
// by end-wrapup (note §8 #48: the code goes first), and wrapup with notes
// only is end-wrapup (the platform keeps no notes). manual-wrapup, which
// extends the wrap-up, is ExtendWrapUp.
func subRequest(cmd vendors.Command) string {
	switch cmd.Kind {
	case vendors.CmdLogin:
		return "login"
	case vendors.CmdLogout:
		return "logout"
	case vendors.CmdReady:
		return "resume"
	case vendors.CmdNotReady:
		return "release"
	case vendors.CmdAnswer:
		return "answer"
	case vendors.CmdHangup:
		return "hangup"
	case vendors.CmdWrapUp:
		if strings.TrimSpace(cmd.Code) == "" {
			return "end-wrapup"
		}
		return "wrapup-code"
	case vendors.CmdEndWrapUp:
		return "end-wrapup"
	}
	return ""
}

// Do implements vendors.Session. It returns once the command response
// arrived; the state and contact changes follow as events (the document
// does not order the response against them, note §5.11).
func (s *session) Do(ctx context.Context, cmd vendors.Command) error {
	if !s.caps.Has(cmd.Kind) {
		return vendors.Unsupported(Name, cmd.Kind, s.caps.Hint(cmd.Kind))
	}
	if err := cmd.Validate(); err != nil {
		if e, ok := err.(*vendors.Error); ok {
			e.Vendor, e.Op = Name, string(cmd.Kind)
		}
		return err
	}
	sub := subRequest(cmd)
	s.mu.Lock()
	conn, ready := s.conn, s.ready
	s.mu.Unlock()
	if conn == nil || (!ready && cmd.Kind != vendors.CmdLogin) {
		return s.vendorErr(vendors.ErrDisconnected, string(cmd.Kind), nil, "not connected to the event feed; try again when it is back")
	}
	if cmd.Kind.NeedsContact() {
		if _, c := s.feed.lookup(cmd.Contact); c == nil {
			return s.vendorErr(vendors.ErrUnknownContact, string(cmd.Kind), nil, "no call %q on this desk", cmd.Contact)
		}
	}
	if cmd.Kind == vendors.CmdWrapUp && cmd.Code != "" && cmd.Notes != "" {
		s.cfg.log.Info("mitel: wrap-up notes stay on the desk; the platform keeps only the code")
	}
	if err := s.send(ctx, conn, cmd, sub); err != nil {
		return err
	}
	if sub == "wrapup-code" {
		if err := s.send(ctx, conn, cmd, "end-wrapup"); err != nil {
			return err
		}
	}
	if cmd.Kind == vendors.CmdLogout {
		s.feed.loggedOut()
	}
	return nil
}

// send runs one feed command and turns a negative result into an error
// (the response has no error text, only the number, L1237).
func (s *session) send(ctx context.Context, conn net.Conn, cmd vendors.Command, sub string) error {
	r, err := s.request(ctx, conn, func(id int64, seq uint32) any { return s.command(cmd, sub, id, seq) })
	if err != nil {
		if e, ok := err.(*vendors.Error); ok {
			e.Op = string(cmd.Kind)
		}
		return err
	}
	if *r.Result < 0 {
		return s.vendorErr(vendors.ErrRejected, string(cmd.Kind), nil, "the platform refused %s (result %d)%s", sub, int64(*r.Result), s.serverText(string(r.ErrorMsg)))
	}
	return nil
}

// WrapUpExtender is implemented by Mitel sessions: the feed's
// manual-wrapup command keeps the agent in wrap-up with no time limit
// (L1086-1117), which the model has no command for.
type WrapUpExtender interface {
	ExtendWrapUp(ctx context.Context, contact string) error
}

// ExtendWrapUp sends manual-wrapup for the contact.
func (s *session) ExtendWrapUp(ctx context.Context, contact string) error {
	s.mu.Lock()
	conn, ready := s.conn, s.ready
	s.mu.Unlock()
	if conn == nil || !ready {
		return s.vendorErr(vendors.ErrDisconnected, "manual-wrapup", nil, "not connected to the event feed")
	}
	if _, c := s.feed.lookup(contact); c == nil {
		return s.vendorErr(vendors.ErrUnknownContact, "manual-wrapup", nil, "no call %q on this desk", contact)
	}
	return s.send(ctx, conn, vendors.Command{Kind: vendors.CmdWrapUp, Contact: contact}, "manual-wrapup")
}

// command builds the request as its template prints it (L910-1211).
func (s *session) command(cmd vendors.Command, sub string, id int64, seq uint32) commandRequest {
	r := commandRequest{RequestID: id, Version: 1, Sequence: seq, Topic: "contact-center",
		Message: "command", SubRequestType: sub, AgentID: idValue(s.cfg.agent)}
	switch cmd.Kind {
	case vendors.CmdLogin:
		// Only login prints agent-id quoted (L927).
		r.AgentID = idString(s.cfg.agent)
		num, ext := s.cfg.agentNumber, s.cfg.ext
		r.AgentNumber, r.AgentExtension = &num, &ext
		s.group(&r)
	case vendors.CmdLogout:
		s.group(&r)
	case vendors.CmdNotReady:
		r.ReleaseCode = idValue(cmd.Reason)
	case vendors.CmdWrapUp:
		r.WrapupCodeID = idValue(cmd.Code)
		r.CallID = idValue(cmd.Contact)
	case vendors.CmdAnswer, vendors.CmdHangup, vendors.CmdEndWrapUp:
		r.CallID = idValue(cmd.Contact)
	}
	switch sub {
	case "end-wrapup", "manual-wrapup":
		r.WrapupCodeID, r.CallID = nil, idValue(cmd.Contact)
	}
	return r
}

// group sets group-id (0 = primary group) and, for another group, its
// type (note §8 #43).
func (s *session) group(r *commandRequest) {
	r.GroupID = idValue(s.cfg.groupID)
	if s.cfg.groupID != "0" && s.cfg.groupType != "" {
		r.GroupType = idValue(s.cfg.groupType)
	}
	if r.GroupID == nil {
		r.GroupID = json.RawMessage("0")
	}
}

// loggedOut records a confirmed logout: the feed has no logout event
// (note §3.2c), so the command response is the evidence.
func (f *feed) loggedOut() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.endWrapUps(f.now())
	f.setState(vendors.StateLoggedOut, "Logged Out", nil, f.now(), false)
}
