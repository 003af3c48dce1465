package enreach

import (
	"encoding/json"
	"log/slog"
	"strings"
	"testing"
)

// Every decoder of platform input has a fuzz target seeded with the
// document's examples; none may panic.

func FuzzDecodeMessage(f *testing.F) {
	for name, b := range samples(f) {
		if strings.HasPrefix(name, "E") {
			f.Add(wrap(b))
		}
	}
	f.Add(samples(f)["S06"])
	f.Add([]byte(`{"data":{"eventType":141,"talking":"True","wrapUpEnd":"2024-05-01T08:00:00"}}`))
	f.Add([]byte(`{"subscription":{"eventType":"queuestatus","entityId":"q"},"data":{"maxWaitTime":"12.5"}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := decodeMessage(b)
		if err != nil {
			return
		}
		md := newModel("u")
		md.setQueues([]queueRef{{ID: "q", Name: "Q"}})
		for i := 0; i < 2; i++ { // twice: a repeat must not break the model
			md.apply(m)
		}
		md.stateChanged(m.At)
		md.startResync()
		md.finishResync()
	})
}

func FuzzHubFrames(f *testing.F) {
	env := string(samples(f)["S06"])
	f.Add([]byte(`{}`+"\x1e"+`{"type":1,"target":"MessageReceived","arguments":[`+env+`]}`+"\x1e"), 3)
	f.Add([]byte(`{"type":6}`+"\x1e"+`{"type":7,"error":"bye","allowReconnect":true}`+"\x1e"), 0)
	f.Add([]byte(`{"type":1,"target":"messagereceived","arguments":[]}`+"\x1e"+`{"type":3,"invocationId":"0","result":[]}`+"\x1e"), 20)
	f.Fuzz(func(t *testing.T, b []byte, cut int) {
		c := &hubConn{inbox: newInbox(), log: slog.New(slog.DiscardHandler)}
		if cut < 0 || cut > len(b) {
			cut = len(b) / 2
		}
		c.tap(b[:cut]) // a frame may span WebSocket messages
		c.tap(b[cut:])
		for _, raw := range c.inbox.drain() {
			_, _ = decodeMessage(raw)
		}
	})
}

func FuzzTokenAnswer(f *testing.F) {
	f.Add([]byte(`{"WssEndpoint": "wss://rte-silox.enreachvoice.com/rte", "Token": "base64-encoded-jwt-token"}`))
	f.Add([]byte(`{"WSSEndpoint": "rte-silox.enreachvoice.com/rte", "Token": "x.y.z"}`))
	f.Add([]byte(`{"wssEndpoint": 5, "token": null}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var tr tokenResponse
		if json.Unmarshal(b, &tr) != nil {
			return
		}
		hub, tok, err := checkToken(tr, "https://api.example")
		if err == nil && (tok == "" || !strings.HasPrefix(hub, "http")) {
			t.Fatalf("accepted hub %q token %q", hub, tok)
		}
	})
}

func FuzzAuthAnswer(f *testing.F) {
	f.Add([]byte(`{"SecretKey":"abc","UserID":"a1eeb030-ff4b-ea11-ac9c-00155d4fdcf3"}`))
	f.Add([]byte(`{"secretKey":"abc","userId":7}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var a authResponse
		if json.Unmarshal(b, &a) != nil {
			return
		}
		s, id, err := checkAuth(a)
		if err == nil && (s == "" || id == "") {
			t.Fatal("accepted an empty secret or user id")
		}
	})
}

func FuzzSubscribeResult(f *testing.F) {
	f.Add(samples(f)["S05"])
	f.Add(samples(f)["S10"])
	f.Add([]byte(`true`))
	f.Fuzz(func(t *testing.T, b []byte) {
		got, err := decodeResults(json.RawMessage(b))
		if err != nil {
			return
		}
		want := wantedSubscriptions("a1eeb030-ff4b-ea11-ac9c-00155d4fdcf3", []queueRef{{ID: "c9eeb030-ff4b-ea11-ac9c-00155d4fdcf3"}})
		_, _ = checkResults(want, got, "a1eeb030-ff4b-ea11-ac9c-00155d4fdcf3")
	})
}

func FuzzParseTime(f *testing.F) {
	for _, s := range []string{"2020-01-01T12:00:00Z", "2023-10-19T14:21:19.7009158Z", "0001-01-01T00:00:00", "9999-12-31T23:59:59.9999999", "2024-05-01 08:00:00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := parseTime(s)
		if err == nil && !v.IsZero() && v.Location().String() != "UTC" {
			t.Fatalf("%q parsed to a non-UTC time", s)
		}
	})
}
