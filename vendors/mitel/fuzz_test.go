package mitel

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"testing"
)

// Every decoder of server input has a fuzz target seeded with the
// document's examples; none may panic, and the frame reader must agree
// with a plain split on NUL.

func seedDoc(f *testing.F) {
	for _, m := range docMessages {
		f.Add([]byte(m))
	}
}

func FuzzFrameReader(f *testing.F) {
	for _, m := range docMessages {
		f.Add(append([]byte(m), 0), uint8(7))
	}
	f.Add([]byte("{}\x00\x00{\"a\":\n1}\x00tail"), uint8(1))
	f.Fuzz(func(t *testing.T, data []byte, chunk uint8) {
		var want []string
		parts := bytes.Split(data, []byte{0})
		for _, p := range parts[:len(parts)-1] { // the last part is unterminated
			if p = trimSpace(p); len(p) > 0 {
				want = append(want, string(p))
			}
		}
		fr := NewFrameReader(&chunkReader{data: data, sizes: []int{int(chunk%64) + 1}})
		var got []string
		for {
			m, err := fr.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, string(m))
		}
		if len(got) != len(want) {
			t.Fatalf("got %d messages, want %d", len(got), len(want))
		}
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("message %d = %q, want %q", i, got[i], want[i])
			}
		}
	})
}

func FuzzPeek(f *testing.F) {
	for _, m := range docMessages {
		f.Add([]byte(m), "message")
		f.Add([]byte(m), "call-id")
	}
	f.Fuzz(func(t *testing.T, msg []byte, key string) {
		k := []byte(`"` + key + `"`)
		if v, ok := peekValue(msg, k); ok && !bytes.Contains(msg, v) {
			t.Fatalf("value %q is not from the message", v)
		}
		peekUint32(msg, k)
		hasToken(msg, []byte(key))
		normName(msg)
	})
}

func FuzzDecodeResponse(f *testing.F) {
	seedDoc(f)
	f.Fuzz(func(t *testing.T, msg []byte) {
		var r response
		_ = json.Unmarshal(msg, &r)
	})
}

func FuzzDecodeAgentEvent(f *testing.F) {
	seedDoc(f)
	f.Fuzz(func(t *testing.T, msg []byte) {
		var ev agentEvent
		if json.Unmarshal(msg, &ev) != nil {
			return
		}
		fd, _ := feedFor()
		for _, name := range []string{"agent-login", "agent-release", "agent-idle", "agent-wrap", "agent-reserved", "agent-on-call"} {
			fd.onAgent(&ev, name)
		}
	})
}

func FuzzDecodeCallEvent(f *testing.F) {
	seedDoc(f)
	f.Fuzz(func(t *testing.T, msg []byte) {
		var ev callEvent
		if json.Unmarshal(msg, &ev) != nil {
			return
		}
		fd, _ := feedFor()
		fd.handle([]byte(docDelivered))
		for name := range callMessages {
			fd.onCall(&ev, name)
		}
	})
}

func FuzzDecodeEntity(f *testing.F) {
	seedDoc(f)
	f.Fuzz(func(t *testing.T, msg []byte) {
		var ev entityMsg
		if json.Unmarshal(msg, &ev) != nil {
			return
		}
		fd, _ := feedFor()
		fd.onEntity(&ev)
	})
}

func FuzzDecodeStats(f *testing.F) {
	seedDoc(f)
	f.Fuzz(func(t *testing.T, msg []byte) {
		var st agentStats
		if json.Unmarshal(msg, &st) != nil || st.State == nil {
			return
		}
		fd, _ := feedFor()
		fd.onStatsState(int64(*st.State), string(st.ReleaseCode), fd.now())
	})
}

// FuzzFeed runs whole messages through the read path after a call of ours
// is in progress, so every kind of message meets live state.
func FuzzFeed(f *testing.F) {
	seedDoc(f)
	f.Fuzz(func(t *testing.T, msg []byte) {
		fd, _ := feedFor()
		fd.handle([]byte(docGroups))
		fd.handle([]byte(docDelivered))
		fd.handle([]byte(docEstablished))
		fd.handle(msg)
		fd.beginSync()
		fd.handle(msg)
		fd.finishSync()
	})
}
