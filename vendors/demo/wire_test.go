package demo

import (
	"testing"
)

func FuzzDecodeFrame(f *testing.F) {
	seeds := []string{
		`{"op":"contact","contact":{"id":"C1","status":"offered","data":{"a":"b"},"since":"2026-11-22T10:00:00Z"}}`,
		`{"op":"state","state":{"state":"not_ready","reason":{"code":"11","label":"Lunch"},"raw":"NotReady"}}`,
		`{"op":"result","seq":4,"ok":false,"kind":"unknown contact","error":"no"}`,
		`{"op":"caps","commands":["answer","hold"]}`,
		`{"op":"contact","contact":{"id":`,
		`{"op":"state"}`,
		`{"op":"contact","contact":{"id":"X9","status":42}}`,
		"\x00\xff",
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		fr, err := decodeFrame(b)
		if err != nil {
			return
		}
		// What decodes must be safe to hand to the session.
		switch fr.Op {
		case opState:
			if fr.State == nil {
				t.Fatal("state frame without state")
			}
		case opContact:
			if fr.Contact == nil || fr.Contact.ID == "" {
				t.Fatal("contact frame without contact")
			}
		}
	})
}

func TestDecodeFrameRejects(t *testing.T) {
	cases := map[string]string{
		"truncated":       `{"op":"contact","contact":{"id":`,
		"state missing":   `{"op":"state"}`,
		"contact no id":   `{"op":"contact","contact":{"status":"offered"}}`,
		"wrong type":      `{"op":"contact","contact":{"id":"X9","status":42}}`,
		"no op":           `{"seq":1}`,
		"binary":          "\x00\xff\xfe",
		"cmd without cmd": `{"op":"cmd","seq":1}`,
	}
	for name, in := range cases {
		if _, err := decodeFrame([]byte(in)); err == nil {
			t.Errorf("%s: %q decoded without error", name, in)
		}
	}
}
