package mitel

import (
	"fmt"
	"strings"
	"time"

	"tandem/vendors"
)

// stateCode is one row of the agent state code table (L420-444).
type stateCode struct {
	label string
	state vendors.State
}

// stateCodes maps the numeric state of the statistics messages to the
// model. 8-10 are calls made while released: the agent is not available to
// the ACD, so they stay not_ready (the raw label says more).
var stateCodes = map[int64]stateCode{
	0:  {"Logged Out", vendors.StateLoggedOut},
	1:  {"Idle", vendors.StateReady},
	2:  {"ACD alerting", vendors.StateBusy},
	3:  {"ACD talking", vendors.StateBusy},
	4:  {"Wrap up", vendors.StateWrapUp},
	5:  {"Non-ACD Incoming", vendors.StateBusy},
	6:  {"Non-ACD Outgoing", vendors.StateBusy},
	7:  {"Release", vendors.StateNotReady},
	8:  {"Non-ACD outgoing while in release", vendors.StateNotReady},
	9:  {"Non-ACD incoming while in release", vendors.StateNotReady},
	10: {"Busy while in release", vendors.StateNotReady},
	11: {"Busy", vendors.StateBusy},
	21: {"Split - agent is busy with ACD activity in other group", vendors.StateBusy},
	24: {"Outbound ACD Reserved", vendors.StateBusy},
	25: {"Outbound ACD Alerting", vendors.StateBusy},
	26: {"Outbound ACD Talking", vendors.StateBusy},
	27: {"Handling email", vendors.StateBusy},
	28: {"Handling email while on outgoing voice call", vendors.StateBusy},
	29: {"Handling email while on incoming voice call", vendors.StateBusy},
	30: {"Handling email while in busy state with voice activities", vendors.StateBusy},
}

// fromStateCode maps a state code; ok is false for the codes the table
// leaves undefined (12-20, 22, 23), whose raw label is still returned.
func fromStateCode(code int64) (vendors.State, string, bool) {
	if c, ok := stateCodes[code]; ok {
		return c.state, c.label, true
	}
	return "", fmt.Sprintf("Unknown (%d)", code), false
}

// fromAgentEvent maps an agent activity event. agent-login carries no
// state of its own; the simulator and, by our reading, the server log an
// agent in released, so it maps to not_ready until the next event says
// otherwise.
func fromAgentEvent(msg string) (vendors.State, string, bool) {
	switch msg {
	case "agent-login":
		return vendors.StateNotReady, "Login", true
	case "agent-release":
		return vendors.StateNotReady, "Release", true
	case "agent-idle":
		return vendors.StateReady, "Idle", true
	case "agent-wrap":
		return vendors.StateWrapUp, "Wrap up", true
	case "agent-reserved":
		return vendors.StateBusy, "Reserved", true
	case "agent-on-call":
		return vendors.StateBusy, "On call", true
	}
	return "", "", false
}

// serverTime parses the event's time: gmt (UTC) when it parses, else the
// server-local timestamp read as local time, else now. A bad time never
// fails a message (note §8 #11).
func serverTime(gmt, local string, now time.Time) time.Time {
	const layout = "2006-01-02 15:04:05"
	if t, err := time.ParseInLocation(layout, strings.TrimSpace(gmt), time.UTC); err == nil {
		return t
	}
	if t, err := time.ParseInLocation(layout, strings.TrimSpace(local), time.Local); err == nil {
		return t
	}
	return now
}

// languages names the codes of call profile 14 (L2025-2036).
var languages = map[string]string{
	"0": "English (US)", "1": "Hebrew", "2": "Russian", "3": "Arabic (UAE)",
	"4": "Spanish (Mexico)", "5": "Italian", "6": "English (UK)", "7": "French",
	"8": "German", "9": "Spanish (Castilian)", "10": "Swedish",
}
