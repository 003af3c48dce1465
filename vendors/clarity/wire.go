package clarity

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"tandem/vendors/flex"
)

// Wire types: every id and count may come as a number or a string, keys in
// any case (encoding/json matches them case-insensitively); nested lists are
// decoded item by item so one bad item is skipped, not the whole answer.

type tokenResponse struct {
	AccessToken      flex.String `json:"access_token"`
	TokenType        flex.String `json:"token_type"`
	ExpiresIn        flex.Int    `json:"expires_in"`
	Error            flex.String `json:"error"`
	ErrorDescription flex.String `json:"error_description"`
}

type apiVersion struct {
	Version     flex.String `json:"version"`
	RelativeURL flex.String `json:"relativeUrl"`
}

type infoResponse struct {
	ConnectVersion flex.String  `json:"connectVersion"`
	APIVersions    []apiVersion `json:"apiVersions"`
}

type profile struct {
	ID                     flex.Int    `json:"id"`
	Name                   flex.String `json:"name"`
	EmailAddress           flex.String `json:"emailAddress"`
	Domain                 flex.String `json:"domain"`
	AgentGRUU              flex.String `json:"agentGRUU"`
	CanMarkSelfAsSuspended flex.Bool   `json:"canMarkSelfAsSuspended"`
}

type connectStatus struct {
	AgentStatus    flex.String `json:"agentStatus"`
	AgentStatusID  flex.Int    `json:"agentStatusId"`
	ReasonCodeName flex.String `json:"reasonCodeName"`
	ReasonCodeID   flex.Int    `json:"reasonCodeId"`
	StartTime      flex.String `json:"startTime"`
	IsSuspended    flex.Bool   `json:"isSuspended"`
}

type agentStatusResponse struct {
	ID            flex.Int      `json:"id"`
	Name          flex.String   `json:"name"`
	CurrentStatus connectStatus `json:"currentStatus"`
}

// listResponse is the document's List Response; count is ignored (the
// examples print counts that disagree with their items).
type listResponse struct {
	Items []json.RawMessage `json:"items"`
}

// sessionItem is Session Base plus the Model Session fields.
type sessionItem struct {
	SessionID         flex.Int    `json:"sessionId"`
	SessionType       flex.String `json:"sessionType"`
	QueueID           flex.Int    `json:"queueId"`
	QueueName         flex.String `json:"queueName"`
	CustomerID        flex.String `json:"customerId"`
	CustomerName      flex.String `json:"customerName"`
	CustomerPhone     flex.String `json:"customerPhone"`
	AgentName         flex.String `json:"agentName"`
	ModalityID        flex.Int    `json:"modalityId"`
	Modality          flex.String `json:"modality"`
	SessionStatus     flex.String `json:"sessionStatus"`
	IsOnHold          flex.Bool   `json:"isOnHold"`
	SessionHasEnded   flex.Bool   `json:"sessionHasEnded"`
	StartTimeStamp    flex.String `json:"startTimeStamp"`
	AnsweredTimeStamp flex.String `json:"answeredTimeStamp"`
	HoldStartTime     flex.String `json:"holdStartTime"`
	EndTimeStamp      flex.String `json:"endTimeStamp"`
	ScreenPopURL      flex.String `json:"screenPopUrl"`
	CallFlowName      flex.String `json:"callFlowName"`
	CallNote          flex.String `json:"callNote"`
}

// sessionDetail is Session by ID with the optional blocks Tandem asks for.
type sessionDetail struct {
	sessionItem
	CustomerHistory  json.RawMessage `json:"customerHistory"`
	IvrData          json.RawMessage `json:"ivrData"`
	CallDispositions json.RawMessage `json:"callDispositions"`
	ExtraItems       json.RawMessage `json:"extraItems"`
}

type extraItem struct {
	Key   flex.String `json:"key"`
	Value flex.String `json:"value"`
}

type ivrData struct {
	CallFlowName flex.String     `json:"callFlowName"`
	IvrNodes     json.RawMessage `json:"ivrNodes"`
}

type ivrNode struct {
	NodeName flex.String `json:"nodeName"`
}

type callDisposition struct {
	DispositionID   flex.Int        `json:"dispositionId"`
	Disposition     flex.String     `json:"disposition"`
	SubDispositions json.RawMessage `json:"subDispositions"`
}

type subDisposition struct {
	SubDispositionID flex.Int    `json:"subDispositionId"`
	SubDisposition   flex.String `json:"subDisposition"`
}

var errEmpty = errors.New("empty body")

// decodeObject decodes one JSON object, refusing an empty body.
func decodeObject(b []byte, v any) error {
	if len(bytes.TrimSpace(b)) == 0 {
		return errEmpty
	}
	return json.Unmarshal(b, v)
}

// decodeList returns the raw items of a List Response; a bare array (the
// shape some methods use) is accepted too, and null or absent is empty.
func decodeList(b []byte) ([]json.RawMessage, error) {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || string(b) == "null" {
		return nil, nil
	}
	if b[0] == '[' {
		var items []json.RawMessage
		err := json.Unmarshal(b, &items)
		return items, err
	}
	var l listResponse
	err := json.Unmarshal(b, &l)
	return l.Items, err
}

// decodeItems decodes each item of a list, skipping (and counting) those
// that do not decode.
func decodeItems[T any](b []byte) (out []T, bad int, err error) {
	items, err := decodeList(b)
	if err != nil {
		return nil, 0, err
	}
	for _, raw := range items {
		var v T
		if json.Unmarshal(raw, &v) != nil {
			bad++
			continue
		}
		out = append(out, v)
	}
	return out, bad, nil
}

// parseTime reads the document's timestamp forms: ISO-8601 with 0-7
// fraction digits, with or without a zone, and "2016-6-15 5:30:00.15".
func parseTime(s string) time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.9999999", "2006-1-2 15:04:05.9999999", "2006-1-2 15:04", "2006-1-2"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}

// squash normalizes an enum string for comparison: "After Call",
// "AfterCall" and "afterCall" are one value.
func squash(s string) string {
	return strings.ToLower(strings.ReplaceAll(strings.TrimSpace(s), " ", ""))
}
