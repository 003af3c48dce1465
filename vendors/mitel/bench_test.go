package mitel

import (
	"bytes"
	"encoding/json"
	"sync"
	"testing"
	"time"

	"tandem/vendors"
	"tandem/vendors/mitel/mitelsim"
)

// The recorded feed: the wire bytes the simulator's encoder produces for
// a client subscribed as the driver is, 20,000 messages of which about 1%
// concern our agent (the rest are other agents' calls).
var recorded = sync.OnceValue(func() rec {
	wire, total, ours, agent, ext := mitelsim.Recording(1, 20000, 100)
	return rec{wire, total, ours, agent, ext}
})

var recordedOthers = sync.OnceValue(func() rec {
	wire, total, ours, agent, ext := mitelsim.Recording(2, 20000, 0)
	return rec{wire, total, ours, agent, ext}
})

type rec struct {
	wire        []byte
	total, ours int
	agent, ext  string
}

// BenchmarkReadPath feeds the recorded bytes through the driver's read
// path (frame reader and feed, as the session's reader runs them) and,
// as the baseline, json.Valid over the same messages.
func BenchmarkReadPath(b *testing.B) {
	r := recorded()
	b.Logf("%d messages, %d ours (%.1f%%), %d bytes", r.total, r.ours, 100*float64(r.ours)/float64(r.total), len(r.wire))
	b.Run("driver", func(b *testing.B) { benchDriver(b, r) })
	b.Run("json.Valid", func(b *testing.B) { benchValid(b, r) })
}

// BenchmarkReadPathNotOurs is the same with no message of ours: the
// fast path alone, which must not allocate.
func BenchmarkReadPathNotOurs(b *testing.B) {
	r := recordedOthers()
	b.Run("driver", func(b *testing.B) { benchDriver(b, r) })
	b.Run("json.Valid", func(b *testing.B) { benchValid(b, r) })
}

func benchDriver(b *testing.B, r rec) {
	f := newFeed(r.agent, r.ext, discardLog(), func(vendors.Event) {})
	fr := NewFrameReader(nil)
	src := bytes.NewReader(nil)
	n := 0
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		src.Reset(r.wire)
		fr.Reset(src)
		for {
			msg, err := fr.Next()
			if err != nil {
				break
			}
			f.handle(msg)
			n++
		}
	}
	report(b, time.Since(start), n, len(r.wire))
	if n != r.total*b.N {
		b.Fatalf("read %d messages, want %d", n, r.total*b.N)
	}
}

func benchValid(b *testing.B, r rec) {
	msgs := bytes.Split(r.wire, []byte{0})
	msgs = msgs[:len(msgs)-1]
	n := 0
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		for _, m := range msgs {
			if !json.Valid(m) {
				b.Fatal("invalid message in the recording")
			}
			n++
		}
	}
	report(b, time.Since(start), n, len(r.wire))
}

func report(b *testing.B, d time.Duration, events, size int) {
	s := d.Seconds()
	if s <= 0 {
		return
	}
	b.ReportMetric(float64(events)/s, "events/s")
	b.ReportMetric(float64(size)*float64(b.N)/s/1e6, "MB/s")
}
