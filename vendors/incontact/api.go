package incontact

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"tandem/vendors/flex"
)

// endpoint is one Agent API call. Every path, version and verb the driver
// uses is here, so a disputed choice is made once (public-apis §1.10).
type endpoint struct {
	Method  string
	Version string // "v23.0"; the path under {base}services/{Version}/
	Path    string // with %s for the session and contact IDs
	// NoReplay stops net/http from silently re-sending the request on a
	// new connection when a reused one was cut: a cut poll may have
	// carried events the server already dequeued, so the driver must see
	// the failure and resync.
	NoReplay bool
}

// The token endpoint sits under the auth server base the profile names
// (public-apis §1.2.A).
const tokenPath = "InContactAuthorizationServer/Token"

var (
	epStartSession = endpoint{Method: http.MethodPost, Version: "v23.0", Path: "agent-sessions"}
	epJoinSession  = endpoint{Method: http.MethodPost, Version: "v23.0", Path: "agent-sessions/join"}
	// End session flags go in the query: S3 does so and a DELETE body is
	// dropped by some proxies (public-apis §1.3.3).
	epEndSession = endpoint{Method: http.MethodDelete, Version: "v23.0", Path: "agent-sessions/%s"}
	epNextEvent  = endpoint{Method: http.MethodGet, Version: "v23.0", Path: "agent-sessions/%s/get-next-event", NoReplay: true}
	// State is POST: NICE's own SDK (S1) and S3 agree; only the tertiary
	// S5 uses PUT (public-apis §1.5.1, §1.10 #1).
	epSetState = endpoint{Method: http.MethodPost, Version: "v23.0", Path: "agent-sessions/%s/state"}

	epAccept     = endpoint{Method: http.MethodPost, Version: "v23.0", Path: "agent-sessions/%s/interactions/%s/accept"}
	epReject     = endpoint{Method: http.MethodPost, Version: "v23.0", Path: "agent-sessions/%s/interactions/%s/reject"}
	epHold       = endpoint{Method: http.MethodPost, Version: "v23.0", Path: "agent-sessions/%s/interactions/%s/hold"}
	epResume     = endpoint{Method: http.MethodPost, Version: "v23.0", Path: "agent-sessions/%s/interactions/%s/resume"}
	epEnd        = endpoint{Method: http.MethodPost, Version: "v23.0", Path: "agent-sessions/%s/interactions/%s/end"}
	epTransfer   = endpoint{Method: http.MethodPost, Version: "v23.0", Path: "agent-sessions/%s/interactions/transfer-calls"}
	epConference = endpoint{Method: http.MethodPost, Version: "v23.0", Path: "agent-sessions/%s/interactions/conference-calls"}
	epDialPhone  = endpoint{Method: http.MethodPost, Version: "v23.0", Path: "agent-sessions/%s/dial-phone"}
	epDialAgent  = endpoint{Method: http.MethodPost, Version: "v23.0", Path: "agent-sessions/%s/dial-agent"}
	epDialSkill  = endpoint{Method: http.MethodPost, Version: "v23.0", Path: "agent-sessions/%s/dial-skill"}
	// Saving a disposition is v27.0 in the SDK (S1h SAVE_DISPOSITION_URI).
	epDisposition = endpoint{Method: http.MethodPost, Version: "v27.0", Path: "agent-sessions/%s/interactions/%s/disposition"}

	epUnavailableCodes = endpoint{Method: http.MethodGet, Version: "v23.0", Path: "teams/%s/unavailable-codes"}
	epAgentSkills      = endpoint{Method: http.MethodGet, Version: "v23.0", Path: "agents/%s/skills"}
	// v12.0 so an agent without View permission on skills is not stuck in
	// ACW (the SDK's own comment, public-apis §1.1).
	epDispositions = endpoint{Method: http.MethodGet, Version: "v12.0", Path: "skills/%s/dispositions"}
)

// url builds the endpoint's URL under the resource server base URI the
// token returned ("https://api-c4.incontact.com/inContactAPI/").
func (e endpoint) url(base string, ids ...string) string {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = url.PathEscape(id)
	}
	if !strings.HasSuffix(base, "/") {
		base += "/"
	}
	return base + "services/" + e.Version + "/" + fmt.Sprintf(e.Path, args...)
}

// Request bodies, field names as public-apis.md gives them.

type startSessionReq struct {
	StationID             string `json:"stationId"`
	StationPhoneNumber    string `json:"stationPhoneNumber"`
	InactivityTimeout     int    `json:"inactivityTimeout"`
	InactivityForceLogout bool   `json:"inactivityForceLogout"`
}

type joinSessionReq struct {
	AsAgentID string `json:"asAgentId"`
}

type setStateReq struct {
	State  string `json:"state"`
	Reason string `json:"reason,omitempty"`
}

type dialPhoneReq struct {
	PhoneNumber     string `json:"phoneNumber"`
	SkillID         int    `json:"skillId"`
	ParentContactID string `json:"parentContactId,omitempty"`
}

type dialAgentReq struct {
	TargetAgentID   int    `json:"targetAgentId"`
	ParentContactID string `json:"parentContactId,omitempty"`
}

type dialSkillReq struct {
	SkillID         int    `json:"skillId"`
	ParentContactID string `json:"parentContactId,omitempty"`
}

type dispositionReq struct {
	PrimaryDispositionID    int    `json:"primaryDispositionId"`
	PrimaryDispositionNotes string `json:"primaryDispositionNotes,omitempty"`
}

type sessionIDResp struct {
	SessionID flex.String `json:"sessionId"` // also sessionID
}
