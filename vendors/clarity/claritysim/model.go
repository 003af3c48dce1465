package claritysim

import (
	"time"

	"tandem/vendors"
	"tandem/vendors/simulator"
)

// Connect agent status ids and their camelCase names (vendor note §4.2).
const (
	stAvailable   = 1
	stInCall      = 2
	stUnavailable = 3
	stUnknown     = 4
	stAfterCall   = 5
	stLoggedOut   = 6
	stBeRightBack = 10
	stRinging     = 20
)

var statusNames = map[int]string{
	1: "available", 2: "inCall", 3: "unavailable", 4: "unknown", 5: "afterCall",
	6: "loggedOut", 7: "offPhoneActivity", 8: "ringOnNoAnswer", 9: "busy",
	10: "beRightBack", 11: "directCall", 12: "inactive", 14: "inImCall",
	15: "directInboundDial", 16: "directOutboundDial", 17: "atLunch",
	18: "offWork", 19: "conferenceCall", 20: "ringing",
}

// reasonCode is a site-configured away reason (status 3 only).
type reasonCode struct {
	ID   int
	Name string
}

var reasonCodes = []reasonCode{{1, "On Break"}, {2, "At Lunch"}, {3, "In A Meeting"}, {4, "Training"}}

// disposition is a wrap-up code with its sub-dispositions.
type disposition struct {
	ID   int
	Name string
	Subs []reasonCode
}

var dispositions = []disposition{
	{4, "Accounts", []reasonCode{{8, "Password Change"}, {9, "Billing Address"}}},
	{5, "Sales", []reasonCode{{10, "New Order"}, {11, "Upgrade"}}},
	{6, "Support", nil},
}

// Session statuses the simulator moves a session through.
const (
	ssNotifying = "NotifyingAgent"
	ssActive    = "Active"
	ssAfterCall = "AfterCall"
	ssCompleted = "Completed"
	ssAbandoned = "Abandoned"
)

type extraItem struct {
	ID    int
	Key   string
	Value string
}

type ivrNode struct {
	ID             int
	Name, Note     string
	SelectedResult string
}

type historyItem struct {
	ID       int
	Start    time.Time
	Queue    string
	Agent    string
	Modality int
}

type eventItem struct {
	ID   int
	Text string
	At   time.Time
}

// session is one Connect session (a call) of the simulated agent.
type session struct {
	ID             int
	Caller         simulator.Caller
	QueueID        int
	Status         string
	OnHold         bool
	HoldStart      time.Time
	Start          time.Time
	Answered       time.Time
	AfterCallStart time.Time
	End            time.Time
	Note           string
	DispID, SubID  int
	Extra          []extraItem
	IVR            []ivrNode
	History        []historyItem
	Events         []eventItem
	ScreenPop      string
	afterCallTimer *time.Timer
}

func (s *session) ended() bool {
	return s.Status == ssCompleted || s.Status == ssAbandoned
}

// stateOf maps a Connect status id to Tandem's model, as the driver does.
func stateOf(id int) vendors.State {
	switch id {
	case stAvailable:
		return vendors.StateReady
	case stInCall, 11, 14, 15, 16, 19, stRinging:
		return vendors.StateBusy
	case stAfterCall:
		return vendors.StateWrapUp
	case stLoggedOut:
		return vendors.StateLoggedOut
	}
	return vendors.StateNotReady
}
