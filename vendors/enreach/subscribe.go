package enreach

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"tandem/vendors"
	"tandem/vendors/flex"
)

// entitySubscription is sent PascalCase as every document example does (A16).
type entitySubscription struct {
	EntityID  string `json:"EntityId"`
	EventName string `json:"EventName"`
}

// subscriptionResult comes back camelCase with the event name lower-cased
// (L122-127, L299-312).
type subscriptionResult struct {
	Subscribed flex.Bool   `json:"subscribed"`
	Message    flex.String `json:"message"`
	EntityID   flex.String `json:"entityId"`
	EventName  flex.String `json:"eventName"`
}

// wantedSubscriptions is everything the desk subscribes to.
func wantedSubscriptions(userID string, queues []queueRef) []entitySubscription {
	var out []entitySubscription
	for _, s := range userSubscriptions {
		out = append(out, entitySubscription{EntityID: userID, EventName: s.Name})
	}
	for _, q := range queues {
		for _, ev := range queueSubscriptions {
			out = append(out, entitySubscription{EntityID: q.ID, EventName: ev})
		}
	}
	return out
}

func subKey(entity, event string) string {
	return strings.ToLower(strings.TrimSpace(entity)) + "|" + strings.ToLower(canonicalEvent(event))
}

// decodeResults reads Subscribe's result; the library hands it back as raw
// JSON (or, in other protocols, as generic values).
func decodeResults(v any) ([]subscriptionResult, error) {
	var raw []byte
	switch x := v.(type) {
	case json.RawMessage:
		raw = x
	case []byte:
		raw = x
	default:
		b, err := json.Marshal(x)
		if err != nil {
			return nil, err
		}
		raw = b
	}
	var out []subscriptionResult
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil, fmt.Errorf("enreach: Subscribe result: %w", err)
	}
	return out, nil
}

// errNoResult marks a Subscribe answer that says nothing about any
// requested item: no result at all, or results for other items only. That
// is no refusal by the platform (a refusal names the item); it is treated
// as a lost answer, and the connection is made again.
var errNoResult = errors.New("the hub's Subscribe answer has no result for any requested item")

// checkResults matches every requested item with its result. It returns
// the refused items; err is set when an essential user event was refused,
// which leaves the desk blind (ErrRejected), or when no requested item has
// a result at all (ErrTimeout wrapping errNoResult: retried).
func checkResults(want []entitySubscription, got []subscriptionResult, userID string) (refused []string, err error) {
	byKey := map[string]subscriptionResult{}
	for _, r := range got {
		byKey[subKey(string(r.EntityID), string(r.EventName))] = r
	}
	matched := 0
	for _, w := range want {
		if _, ok := byKey[subKey(w.EntityID, w.EventName)]; ok {
			matched++
		}
	}
	if matched == 0 && len(want) > 0 {
		return nil, &vendors.Error{Kind: vendors.ErrTimeout, Op: "subscribe",
			Msg: fmt.Sprintf("no result for any of the %d subscriptions (%d results for other items)", len(want), len(got)),
			Err: errNoResult}
	}
	essential := map[string]bool{}
	for _, s := range userSubscriptions {
		essential[s.Name] = s.Essential
	}
	var fatal []string
	for _, w := range want {
		r, ok := byKey[subKey(w.EntityID, w.EventName)]
		if ok && bool(r.Subscribed) {
			continue
		}
		why := "no result"
		if ok {
			why = strings.TrimSpace(string(r.Message))
			if why == "" {
				why = "refused"
			}
		}
		item := w.EventName + ": " + truncate(why, 80)
		refused = append(refused, item)
		if strings.EqualFold(w.EntityID, userID) && essential[w.EventName] {
			fatal = append(fatal, item)
		}
	}
	if len(fatal) > 0 {
		return refused, &vendors.Error{Kind: vendors.ErrRejected, Op: "subscribe",
			Msg: "the platform refused the agent's events (" + strings.Join(fatal, "; ") + ")"}
	}
	return refused, nil
}
