package openscape

import (
	"bytes"
	"net/http"
	"testing"

	"tandem/vendors"
)

func BenchmarkDecodeEvent(b *testing.B) {
	body := fixture(b, "S-0127")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := decodeEvent(body); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWebhookToEvent: one POST to the receiver until the state change
// it carries comes out of Events (receiver, queue, decode, model, emitter).
func BenchmarkWebhookToEvent(b *testing.B) {
	s := fuzzSession()
	defer s.cancel()
	drained := make(chan vendors.Event, 1)
	s.em = vendors.NewEmitter()
	go func() {
		for ev := range s.em.Events() {
			if _, ok := ev.(vendors.StateEvent); ok {
				drained <- ev
			}
		}
	}()
	go s.q.run()
	rx, err := newReceiver("127.0.0.1:0", "", "", "", "", discard(), func(body []byte) { s.q.push(func() { s.apply(body) }) })
	if err != nil {
		b.Fatal(err)
	}
	defer rx.close()
	bodies := [][]byte{[]byte(routingEvent(3, "AVAILABLE", 0)), []byte(routingEvent(3, "UNAVAILABLE", 2))}
	c := &http.Client{}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		resp, err := c.Post(rx.url, "application/json", bytes.NewReader(bodies[i%2]))
		if err != nil {
			b.Fatal(err)
		}
		resp.Body.Close()
		<-drained
		i++
	}
}
