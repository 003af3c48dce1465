package openscapesim

import (
	"strings"

	"tandem/vendors/simulator"
)

// command runs a logged-on command (mu held).
func (s *Server) command(rg *reg, path string, b body) answer {
	key, keyOK := b.num("agentKey")
	mine := keyOK && key == AgentKey
	from := b.str("from")
	id := b.str("uniqueCallId")
	if strings.HasPrefix(path, "telephony/") && from != "" && from != Extension {
		return fail("TELEPHONY_INVALID_EXTENSION", "")
	}
	switch path {
	case "admin/unavailablereasons":
		return reasons(s.unavail)
	case "admin/workreasons":
		return reasons(workReasons)
	case "admin/wrapupreasons":
		return reasons(wrapUps)
	case "admin/postprocessingreasons":
		return reasons(postProc)
	case "admin/queues", "v2/admin/queues":
		qs := []any{}
		for i, q := range simulator.Queues() {
			qs = append(qs, map[string]any{"key": i + 1, "name": q, "description": q + " queue", "mediaType": "VOICE"})
		}
		return answer{"queues": qs, "errorCode": "NO_ERROR", "errorDetails": "NO_ERROR"}
	case "admin/startlistenforevents":
		rg.admin = true
		return ok()
	case "admin/stoplistenforevents":
		rg.admin = false
		return ok()
	case "routing/startlistenforevents":
		rg.routing = true
		return ok()
	case "routing/stoplistenforevents":
		rg.routing = false
		return ok()
	case "telephony/startlistenforevents", "presence/startlistenforevents", "telephony/stoplistenforevents", "presence/stoplistenforevents":
		res := b.str("resource")
		if res == "" {
			return fail("EMPTY_PARAMETER", "resource")
		}
		set := rg.tel
		if strings.HasPrefix(path, "presence") {
			set = rg.pres
		}
		set[res] = strings.HasSuffix(path, "/startlistenforevents")
		return ok()
	case "presence/getroutingstate":
		if !mine {
			return fail("ADMIN_QUERYUSER_FAILED", "")
		}
		media := []string{}
		if s.agent.voice {
			media = append(media, "VOICE")
		}
		return answer{"agentId": AgentID, "agentKey": AgentKey, "extension": Extension, "loggedOnMediaTypes": media,
			"presenceState": s.presenceState(), "routingState": s.agent.routing, "routingStateReasonKey": s.agent.reason,
			"errorCode": "NO_ERROR", "errorDetails": "NO_ERROR"}
	case "presence/setroutingstate":
		reason, _ := b.num("reason")
		if !mine || !s.agent.voice {
			return fail("PRESENCE_ACTION_FAILED", "the agent is not logged on")
		}
		switch st := strings.ToUpper(b.str("state")); st {
		case "AVAILABLE":
			reason = 0
		case "UNAVAILABLE", "WORK":
			list := s.unavail
			if st == "WORK" {
				list = workReasons
			}
			if reason != 0 && !has(list, reason) {
				return fail("PRESENCE_ACTION_FAILED", "unknown reason")
			}
		default:
			return fail("PRESENCE_ACTION_FAILED", "state not allowed")
		}
		s.agent.routing, s.agent.reason = strings.ToUpper(b.str("state")), reason
		s.routingEvent()
		s.services()
		return presenceOK()
	case "presence/setwrapupreason", "presence/exitpostprocessing", "presence/cancelmandatorywrappingup", "presence/requestpostprocessing", "presence/setprimary":
		c := s.calls[id]
		if !mine || c == nil {
			return fail("PRESENCE_ACTION_FAILED", "unknown contact")
		}
		switch path {
		case "presence/setwrapupreason":
			c.saved = true
		case "presence/cancelmandatorywrappingup":
			c.mandatory = false
		case "presence/exitpostprocessing":
			switch s.exitPP(id) {
			case "MANDATORY":
				return fail("PRESENCE_ACTION_FAILED", "a wrap-up reason is mandatory for this contact")
			case "":
			default:
				return fail("PRESENCE_ACTION_FAILED", "the contact is not in post-processing")
			}
		}
		return presenceOK()
	case "v2/telephony/logon", "telephony/logon":
		if b.str("extension") != Extension {
			return fail("TELEPHONY_INVALID_EXTENSION", "")
		}
		if !mine && b.str("agentId") != AgentID {
			return fail("ADMIN_QUERYUSER_FAILED", "")
		}
		s.logon()
		return ok()
	case "v2/telephony/logoff", "telephony/logoff":
		if !mine && b.str("agentId") != AgentID {
			return fail("ADMIN_QUERYUSER_FAILED", "")
		}
		s.logoff()
		return ok()
	case "telephony/answer":
		return telAnswer(s.answer())
	case "telephony/disconnect":
		return telAnswer(s.disconnect())
	case "telephony/hold":
		return telAnswer(s.hold(id))
	case "telephony/retrieve":
		return telAnswer(s.retrieve(id))
	case "telephony/reconnect":
		return telAnswer(s.reconnect(id))
	case "telephony/consult":
		return telAnswer(s.consult(id, b.str("to")))
	case "telephony/transfer":
		return telAnswer(s.transfer(id))
	case "telephony/conference":
		return telAnswer(s.conference(id))
	case "telephony/singlesteptransfer":
		return telAnswer(s.singleStep(id, b.str("to")))
	case "telephony/dial":
		return telAnswer(s.dial(b.str("to")))
	case "telephony/updatecontactdata":
		c := s.calls[id]
		if c == nil {
			return fail("GENERAL_ERROR", "unknown call")
		}
		if list, okList := b.get("contactData").([]any); okList {
			for _, x := range list {
				if m, okM := x.(map[string]any); okM {
					c.data = append(c.data, kvp{body(m).str("key"), body(m).str("value")})
				}
			}
		}
		return ok()
	case "v2/telephony/queryline", "telephony/queryline":
		return s.queryLine()
	case "telephony/querycall":
		return s.queryCall(id)
	case "routing/querycall":
		c := s.calls[id]
		if c == nil {
			return fail("GENERAL_ERROR", "unknown call")
		}
		data := []any{}
		for _, d := range c.data {
			data = append(data, map[string]any{"key": d.Key, "value": d.Value})
		}
		return answer{"errorCode": "NO_ERROR", "errorDetails": "NO_ERROR", "routingCall": map[string]any{
			"uniqueCallId": c.id, "description": "Voice call", "contactData": data, "mediaType": "VOICE",
			"queueKey": c.queueKey, "assignAgentKey": AgentKey, "priority": 20, "reserveAgentKey": 0, "reserveAgentMaximumTime": 0, "state": "ANSWERED",
		}}
	}
	return fail("WRONG_API_REQUEST", "unknown command "+path)
}
