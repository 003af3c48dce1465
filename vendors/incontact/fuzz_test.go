package incontact

import (
	"encoding/json"
	"testing"
)

// FuzzDecodeEvent feeds one event to the decoder and the tracker: anything
// may be refused, nothing may panic.
func FuzzDecodeEvent(f *testing.F) {
	for _, raw := range seedFixtures {
		f.Add([]byte(raw))
	}
	for _, raw := range seedMalformed {
		f.Add([]byte(raw))
	}
	f.Add([]byte(`{"Type":"AgentState","CurrentState":"Unavailable","IsACW":"true","NextStates":{"State":"Available"}}`))
	f.Add([]byte(`{"Type":"CallContactEvent","ContactID":"2","MasterID":"1","ParentContactId":"2","Status":"Disconnected","FinalState":"False"}`))
	f.Add([]byte(`{"type":"CustomEvent","eventName":"FavoriteColor","data":"blue"}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		tr := newTracker()
		tr.beginResync()
		ev, err := decodeEvent(json.RawMessage(b))
		if err != nil {
			return
		}
		apply(tr, ev)
		apply(tr, ev) // the same event twice, as a snapshot repeats one
		tr.endResync(true)
		tr.afterACW()
		tr.live()
	})
}

// FuzzDecodePoll feeds a whole get-next-event answer.
func FuzzDecodePoll(f *testing.F) {
	f.Add([]byte(`{"sessionId":"aUF6WkZJ","events":[{"IISHost":"AOA-B32COR01","VCHost":"AOA-B32COR01","type":"CustomEvent","eventName":"This can be anything","data":"Menu Press 1"}]}`))
	f.Add([]byte(`{"sessionId":"x","events":[` + seedFixtures["agent-session-start"] + `,` + seedFixtures["agent-state-unavailable"] + `]}`))
	f.Add([]byte(`[` + seedFixtures["chat-contact-incoming"] + `]`))
	f.Add([]byte(seedFixtures["agent-session-end"]))
	f.Add([]byte(`{"sessionId":"x","events":"nope"}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		resp, err := decodePoll(b)
		if err != nil {
			return
		}
		tr := newTracker()
		for _, raw := range resp.Events {
			if ev, err := decodeEvent(raw); err == nil {
				apply(tr, ev)
			}
		}
	})
}
