package clarity

import (
	"strconv"
	"strings"

	"tandem/vendors"
)

// Connect agent status ids (vendor note §4.2).
const (
	stAvailable   = 1
	stInCall      = 2
	stUnavailable = 3
	stUnknown     = 4
	stAfterCall   = 5
	stLoggedOut   = 6
)

// statusNames are the camelCase names by id; 13 does not exist.
var statusNames = map[int]string{
	1: "available", 2: "inCall", 3: "unavailable", 4: "unknown", 5: "afterCall",
	6: "loggedOut", 7: "offPhoneActivity", 8: "ringOnNoAnswer", 9: "busy",
	10: "beRightBack", 11: "directCall", 12: "inactive", 14: "inImCall",
	15: "directInboundDial", 16: "directOutboundDial", 17: "atLunch",
	18: "offWork", 19: "conferenceCall", 20: "ringing",
}

// statusLabels are the names people read.
var statusLabels = map[int]string{
	1: "Available", 2: "In Call", 3: "Away", 4: "Unknown", 5: "After Call",
	6: "Logged Out", 7: "Off-Phone Activity", 8: "Ring On No Answer", 9: "Busy",
	10: "Be Right Back", 11: "Direct Call", 12: "Inactive", 14: "In IM Call",
	15: "Direct Inbound Dial", 16: "Direct Outbound Dial", 17: "At Lunch",
	18: "Off Work", 19: "Conference Call", 20: "Ringing",
}

// unknownReason is how the "unknown" status reaches the agent: Connect
// reports it when the agent's SIP address is invalid, which only an
// administrator can fix.
var unknownReason = vendors.Reason{Code: "unknown", Label: "Status unknown: Connect cannot use this agent's SIP address (configuration problem, ask your administrator)"}

// statusID keys on agentStatusId; the name (any case, with or without
// spaces) is the fallback.
func statusID(cs connectStatus) int {
	if id := int(cs.AgentStatusID); id != 0 {
		return id
	}
	want := squash(string(cs.AgentStatus))
	for id, n := range statusNames {
		if strings.ToLower(n) == want {
			return id
		}
	}
	return 0
}

// agentState maps a Connect status to Tandem's model, keeping the raw name.
func agentState(cs connectStatus) vendors.AgentState {
	id := statusID(cs)
	raw := strings.TrimSpace(string(cs.AgentStatus))
	if raw == "" {
		raw = statusNames[id]
	}
	st := vendors.AgentState{Raw: raw, Since: parseTime(string(cs.StartTime))}
	switch id {
	case stAvailable:
		st.State = vendors.StateReady
	case stInCall, 11, 14, 15, 16, 19, 20:
		st.State = vendors.StateBusy
	case stAfterCall:
		st.State = vendors.StateWrapUp
	case stLoggedOut:
		st.State = vendors.StateLoggedOut
	case stUnavailable:
		st.State = vendors.StateNotReady
		if cs.ReasonCodeID != 0 {
			st.Reason = &vendors.Reason{Code: strconv.Itoa(int(cs.ReasonCodeID)), Label: strings.TrimSpace(string(cs.ReasonCodeName))}
		}
	case stUnknown:
		st.State = vendors.StateNotReady
		r := unknownReason
		st.Reason = &r
	default:
		st.State = vendors.StateNotReady
		label := statusLabels[id]
		if label == "" {
			label = raw
		}
		st.Reason = &vendors.Reason{Code: statusCode(id), Label: label}
	}
	return st
}

// statusCode is the not-ready reason code of an away status other than
// "unavailable" (whose reasons use the site's reason code ids).
func statusCode(id int) string { return "status-" + strconv.Itoa(id) }

// notReadyReasons turns List Agent Statuses into the reasons the agent may
// choose: each away reason code, and each other selectable away status.
func notReadyReasons(list []connectStatus) []vendors.Reason {
	var out []vendors.Reason
	seen := map[string]bool{}
	for _, cs := range list {
		id := statusID(cs)
		var r vendors.Reason
		switch {
		case id == stUnavailable && cs.ReasonCodeID != 0:
			r = vendors.Reason{Code: strconv.Itoa(int(cs.ReasonCodeID)), Label: strings.TrimSpace(string(cs.ReasonCodeName))}
		case id == stUnavailable, id == stAvailable, id == 0:
			continue
		default:
			if agentState(cs).State != vendors.StateNotReady {
				continue
			}
			r = vendors.Reason{Code: statusCode(id), Label: statusLabels[id]}
		}
		if r.Label == "" {
			r.Label = r.Code
		}
		if !seen[r.Code] {
			seen[r.Code] = true
			out = append(out, r)
		}
	}
	return out
}

// contactStatus maps a session status (Model Session enum, any spelling).
func contactStatus(it sessionItem) (vendors.ContactStatus, bool) {
	if it.SessionHasEnded {
		return vendors.ContactEnded, true
	}
	switch squash(string(it.SessionStatus)) {
	case "new", "queued", "notifyingagent", "connecting", "reenqueued":
		return vendors.ContactOffered, true
	case "callingcustomer", "directoutbounddial":
		return vendors.ContactDialing, true
	case "active", "activeimonly", "connected", "directinbounddial":
		if it.IsOnHold {
			return vendors.ContactHeld, true
		}
		return vendors.ContactConnected, true
	case "aftercall":
		return vendors.ContactWrapUp, true
	case "completed", "transferred", "completedafterhours", "abandoned", "terminating":
		return vendors.ContactEnded, true
	}
	return "", false
}

func channelOf(it sessionItem) vendors.Channel {
	switch int(it.ModalityID) {
	case 1:
		return vendors.ChannelChat
	case 2:
		return vendors.ChannelVoice
	case 3:
		return vendors.ChannelEmail
	}
	switch m := squash(string(it.Modality)); {
	case m == "instantmessage":
		return vendors.ChannelChat
	case m == "message":
		return vendors.ChannelEmail
	}
	return vendors.ChannelVoice
}

func directionOf(it sessionItem) vendors.Direction {
	switch squash(string(it.SessionType)) {
	case "directoutbound", "dod":
		return vendors.Outbound
	}
	return vendors.Inbound
}
