package openscapesim

import (
	"time"
)

func (s *Server) users() answer {
	u := func(key int, name, first, last, id string) map[string]any {
		return map[string]any{"agentKey": key, "userName": name, "firstName": first, "lastName": last, "middleInitial": "",
			"departmentKey": 0, "acdGroupNumber": "0", "mediaTypes": []string{"VOICE", "CALLBACK"}, "type": "ASSOCIATE_A",
			"agentId": id, "multipleContactHandlingCapable": false}
	}
	return answer{"users": []any{
		u(AgentKey, "alex.demo", "Alex", "Demo", AgentID),
		u(4, "mary.jane", "Mary", "Jane", "100006"),
		u(5, "sam.super", "Sam", "Visor", "100010"),
	}, "errorCode": "NO_ERROR", "errorDetails": "NO_ERROR"}
}

type reasonDef struct {
	key         int
	name, descr string
}

func reasons(rs []reasonDef) answer {
	out := []any{}
	for _, r := range rs {
		out = append(out, map[string]any{"reasonKey": r.key, "name": r.name, "description": r.descr})
	}
	return answer{"reasons": out, "errorCode": "NO_ERROR", "errorDetails": "NO_ERROR"}
}

func has(rs []reasonDef, key int) bool {
	for _, r := range rs {
		if r.key == key {
			return true
		}
	}
	return false
}

func (s *Server) queryLine() answer {
	status := "IDLE"
	var ids []string
	for _, id := range s.order {
		c := s.calls[id]
		if c.status == "pp" {
			continue
		}
		ids = append(ids, id)
		status = map[string]string{"ringing": "RINGING", "dialing": "DIALING", "connected": "CONNECTED", "held": "ONHOLD"}[c.status]
		if c.partner != "" {
			status = "CONSULTING"
		}
	}
	a := answer{"errorCode": "NO_ERROR", "errorDetails": "NO_ERROR", "agentId": AgentID, "agentKey": AgentKey, "teamKey": 1,
		"uniqueCallId": "", "firstCallId": "", "secondCallId": "", "resourceType": "AGENTEXTENSION", "status": status,
		"prevStatus": "IDLE", "type": "UNKNOWNTYPE", "stateEnteredAt": time.Now().UTC().Format(time.RFC3339), "busUnitKey": 1}
	if c := s.active(); c != nil {
		a["uniqueCallId"] = c.id
	} else if len(ids) > 0 {
		a["uniqueCallId"] = ids[0]
	}
	// The simulator reports the OSCC call ids here so a resync finds both
	// calls of a consultation.
	if len(ids) > 0 {
		a["firstCallId"] = ids[0]
	}
	if len(ids) > 1 {
		a["secondCallId"] = ids[1]
	}
	return a
}

func (s *Server) queryCall(id string) answer {
	c := s.calls[id]
	if c == nil {
		return fail("GENERAL_ERROR", "unknown call")
	}
	state := map[string]string{"ringing": "CALLING", "dialing": "CALLING", "connected": "CONNECTED", "held": "HOLDING", "pp": "FINISHED"}[c.status]
	if c.conf && c.status == "connected" {
		state = "CONFERENCING"
	}
	if c.partner != "" {
		state = "CONSULTING"
	}
	typ := "EXT2ACD"
	if !c.inbound {
		typ = "INT2INT"
		if len(c.to) > 6 {
			typ = "INT2EXT"
		}
	}
	return answer{"errorCode": "NO_ERROR", "errorDetails": "NO_ERROR", "contactType": c.ctype, "type": typ, "state": state,
		"origDNIS": c.to, "origQueueDNIS": c.to, "origANI": c.from, "routingANI": c.from, "routingDNIS": c.to,
		"acdGroupNumber": "554181015001", "origACDQ": "554181015001", "origCallId": "FF0001" + c.id,
		"origCallingParty": party(0, c.from, "EXTERNAL"), "origAnsweringParty": s.me(), "origAnsweringAgent": s.me(),
		"initiator": party(0, c.from, "EXTERNAL"), "targetParty": party(0, c.to, "UNKNOWN"), "numIvrVisits": 1,
		"strFrom": "", "divertDestination": "", "busUnitKey": 1, "queueKey": c.queueKey}
}

var (
	unavailable = []reasonDef{{1, "Break", "Short break"}, {2, "Lunch", "Lunch break"}, {3, "Meeting", "Team meeting"}, {4, "Training", "Training session"}}
	workReasons = []reasonDef{{1, "After-call work", "Finish notes of the last contact"}, {2, "Email backlog", "Work on emails"}}
	wrapUps     = []reasonDef{{1, "Sale", "Order placed"}, {2, "Information given", "Question answered"}, {3, "Complaint", "Complaint recorded"}, {4, "Callback requested", "Customer wants a callback"}}
	postProc    = []reasonDef{{5, "Automatic", "Automatic post-processing after contact."}, {6, "Mandatory", "Mandatory post-processing required."}}
)
