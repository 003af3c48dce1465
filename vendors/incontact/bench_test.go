package incontact

import (
	"encoding/json"
	"strings"
	"testing"
)

// BenchmarkPollAnswer decodes a snapshot-sized get-next-event answer and
// applies it to the tracker, as the poller does for each answer.
func BenchmarkPollAnswer(b *testing.B) {
	evs := []string{seedFixtures["agent-session-start"], seedFixtures["agent-state-unavailable"]}
	for _, id := range []string{"call-contact-outbound-dialing", "workitem-contact-incoming", "chat-contact-incoming",
		"page-open", "call-contact-takeover-active", "agent-leg-active", "indicator-on"} {
		evs = append(evs, seedFixtures[id])
	}
	body := []byte(`{"sessionId":"aUF6WkZJ","events":[` + strings.Join(evs, ",") + `]}`)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		resp, err := decodePoll(body)
		if err != nil {
			b.Fatal(err)
		}
		tr := newTracker()
		for _, raw := range resp.Events {
			ev, err := decodeEvent(json.RawMessage(raw))
			if err != nil {
				b.Fatal(err)
			}
			apply(tr, ev)
		}
	}
}
