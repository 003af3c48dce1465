package incontactsim

import (
	"encoding/json"
	"time"
)

// Events as the seed prints them: every scalar a string, keys in the
// document's order. Keys the seed does not show but NICE's SDK reads
// (MasterID, ParentContactId, ScreenPopUrlVariables on calls) are marked.

type sessionStartEvent struct {
	Type                      string
	BusNo                     string
	AgentID                   string `json:"AgentId"`
	SessionID                 string `json:"SessionId"`
	StationPhoneNumber        string
	StationCallerID           string `json:"StationCallerId"`
	DialerCampaign            string
	DialerCampaignStartTime   string
	SupervisorPermissionLevel string
	CanMask                   string
	AgentSchedulePermission   string
	ScoreRecordingsPermission string
	HideAgentStatePermission  string
	CanMultiPartyConference   string
}

type sessionEndEvent struct {
	Type    string
	Success string `json:",omitempty"`
	Message string
}

type stateRef struct {
	State     string
	OutReason string
}

// agentStateEvent carries IsAcw (the seed's example, L84) or IsACW (its
// table, L104): the simulator alternates so drivers take both.
type agentStateEvent struct {
	Type             string
	CurrentState     string
	CurrentOutReason string
	NextStates       []stateRef
	StartTimeUTC     string
	IsAcw            string `json:"IsAcw,omitempty"`
	IsACW            string `json:"IsACW,omitempty"`
	AcwTimeout       string
}

type agentLegEvent struct {
	Type       string
	AgentLegID string `json:"AgentLegId"`
	Status     string
	FinalState string
}

type callContactEvent struct {
	Type                   string
	ContactID              string
	MasterID               string `json:",omitempty"` // SDK, not in the seed
	ParentContactID        string `json:"ParentContactId,omitempty"`
	Status                 string
	OriginalState          string
	CallType               string
	DNIS                   string
	ANI                    string
	Skill                  string
	IsInbound              string
	StartTimeUTC           string
	LastStateChangeTimeUTC string
	ScreenPopURL           string              `json:"ScreenPopUrl"`
	ScreenPopURLVariables  []map[string]string `json:"ScreenPopUrlVariables,omitempty"` // SDK
	DisconnectCode         string
	IsLogging              string
	Timeout                string
	AllowDispositions      string
	Label                  string
	IsLinked               string
	TimeZones              string
	FinalState             string
	OtherInformation       string
	BlendingToSkillName    string
}

type workItemEvent struct {
	Type                   string
	ContactID              string
	Status                 string
	WorkItemID             string `json:"WorkItemId"`
	WorkItemPayload        string
	WorkItemType           string
	AgentID                string `json:"AgentId"`
	SkillID                string `json:"SkillId"`
	StartTimeUTC           string
	LastStateChangeTimeUTC string
	ScreenPopURL           string              `json:"ScreenPopUrl"`
	ScreenPopURLVariables  []map[string]string `json:"ScreenPopUrlVariables"`
	RefusalTimeout         string
	FinalState             string
}

type chatMessage struct {
	Text      string
	TimeStamp string
	PartyType string
}

type chatContactEvent struct {
	Type                string
	ContactID           string
	RoomID              string `json:"RoomId"`
	Status              string
	Skill               string
	StartTime           string
	LastStateChangeTime string
	ScreenPopURL        string `json:"ScreenPopUrl"`
	RefusalTimeout      string
	IsActive            string
	Messages            []chatMessage
	FinalState          string
}

type chatTextEvent struct {
	Type      string
	RoomID    string `json:"RoomId"`
	Label     string
	Message   string
	PartyType string
	TimeStamp string
}

type pageOpenEvent struct {
	Type      string
	ContactID string
	Action    string
	PageURI   string `json:"PageUri"`
}

type indicatorEvent struct {
	Type           string
	Name           string
	ImageURI       string `json:"ImageUri"`
	ActionType     string
	ActionURI      string `json:"ActionUri"`
	ToolTip        string
	IndicatorState string
}

type agentErrorEvent struct {
	Type       string
	Command    string
	ResultCode string
	ContactID  string
	Target     string
	ErrorLevel string
}

// stamp is the seed's date form: "2013-09-10T19:16:33.000Z".
func stamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

func mustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only our own structs are marshalled
	}
	return b
}
