package enreach

import "strings"

// The RTE event names as the document's section headings spell them; the
// server echoes them lower-cased in subscription results and older servers
// sent numbers, so every lookup goes through canonicalEvent.
const (
	evUserAvailability            = "UserAvailability"
	evUserStatus                  = "UserStatus"
	evUserCallInComing            = "UserCallInComing"
	evUserCallInArrived           = "UserCallInArrived"
	evUserCallInUserAllocated     = "UserCallInUserAllocated"
	evUserCallInUserConnected     = "UserCallInUserConnected"
	evUserCallInUserCancelled     = "UserCallInUserCancelled"
	evUserCallInDisconnected      = "UserCallInDisconnected"
	evUserCallInOverflow          = "UserCallInOverflow"
	evUserCallInUserOverflow      = "UserCallInUserOverflow"
	evUserCallInTransferStarted   = "UserCallInTransferStarted"
	evUserCallInTransferConnected = "UserCallInTransferConnected"
	evUserCallInTransferCancelled = "UserCallInTransferCancelled"
	evUserCallOutConnected        = "UserCallOutConnected"
	evUserCallOutDisconnected     = "UserCallOutDisconnected"
	evUserWrapUpEnabled           = "UserWrapUpEnabled"
	evUserWrapUpStarted           = "UserWrapUpStarted"
	evUserWrapUpTerminated        = "UserWrapUpTerminated"
	evQueueStatus                 = "QueueStatus"
	evQueueCallInComing           = "QueueCallInComing"
	evQueueCallInArrived          = "QueueCallInArrived"
)

// EventNames lists every event of the document (31), so the simulator and
// the driver agree on spelling and entity kind.
var EventNames = map[string]string{
	"UserAlert": "User", evUserAvailability: "User", "UserCallAvailableForMonitoring": "User",
	evUserCallInArrived: "User", evUserCallInComing: "User", evUserCallInDisconnected: "User",
	evUserCallInOverflow: "User", evUserCallInTransferCancelled: "User",
	evUserCallInTransferConnected: "User", evUserCallInTransferStarted: "User",
	evUserCallInUserAllocated: "User", evUserCallInUserCancelled: "User",
	evUserCallInUserConnected: "User", evUserCallInUserOverflow: "User",
	evUserCallOutConnected: "User", evUserCallOutDisconnected: "User", "UserSetting": "User",
	evUserStatus: "User", "UserSupervisionStatus": "User", evUserWrapUpEnabled: "User",
	evUserWrapUpStarted: "User", evUserWrapUpTerminated: "User",
	evQueueCallInArrived: "Queue", evQueueCallInComing: "Queue", "QueueCallInDisconnected": "Queue",
	"QueueCallInOverflow": "Queue", "QueueCallInTransferCancelled": "Queue",
	"QueueCallInTransferConnected": "Queue", "QueueCallInTransferStarted": "Queue",
	evQueueStatus: "Queue", "CallbackChanged": "CallList",
}

// numericEvents is the mapping an unofficial client recorded when the
// server still sent eventType as a number (public-apis.md §2.3).
var numericEvents = map[string]string{
	"1": evUserAvailability, "10": evUserCallInComing, "102": "QueueCallInUserAllocated",
	"140": evQueueStatus, "141": evUserStatus,
}

var lowerEvents = func() map[string]string {
	m := make(map[string]string, len(EventNames))
	for n := range EventNames {
		m[strings.ToLower(n)] = n
	}
	// The prose spelling of L260/L271 (A13).
	m["usercallincoming"] = evUserCallInComing
	m["queuecallincoming"] = evQueueCallInComing
	return m
}()

// canonicalEvent returns the heading spelling of an event name in any case
// or numeric form, or "" when unknown.
func canonicalEvent(s string) string {
	s = strings.TrimSpace(s)
	if n, ok := numericEvents[s]; ok {
		return n
	}
	return lowerEvents[strings.ToLower(s)]
}

// userSubscriptions are the user events the desk needs; essential ones
// must be accepted or the session is useless.
var userSubscriptions = []struct {
	Name      string
	Essential bool
}{
	{evUserStatus, true}, {evUserAvailability, true},
	{evUserCallInComing, false}, {evUserCallInArrived, false},
	{evUserCallInUserAllocated, true}, {evUserCallInUserConnected, true},
	{evUserCallInUserCancelled, false}, {evUserCallInDisconnected, true},
	{evUserCallInOverflow, false}, {evUserCallInUserOverflow, false},
	{evUserCallInTransferStarted, false}, {evUserCallInTransferConnected, false},
	{evUserCallInTransferCancelled, false},
	{evUserCallOutConnected, false}, {evUserCallOutDisconnected, false},
	{evUserWrapUpEnabled, false}, {evUserWrapUpStarted, false}, {evUserWrapUpTerminated, false},
}

// queueSubscriptions feed the queue board and the contacts' queue names.
var queueSubscriptions = []string{evQueueStatus, evQueueCallInComing, evQueueCallInArrived}
