package enreach_test

import (
	"strings"
	"testing"

	"tandem/vendors"
	"tandem/vendors/enreach/enreachsim"
)

// TestWireOrder sends bursts back to back: the library runs each receiver
// call on its own goroutine, so only the driver's wire-order tap keeps
// the sequence.
func TestWireOrder(t *testing.T) {
	s := startSim(t)
	_, w := open(t, s)
	seq := []string{"Busy", "Away", "BRB", "Available", "OffWork", "DoNotDisturb", "Available"}
	var want []string
	for i := 0; i < 10; i++ {
		for _, a := range seq {
			if err := s.SetAvailability(a); err != nil {
				t.Fatal(err)
			}
			want = append(want, a)
		}
	}
	// The driver reports state changes only, so compare the sequence of
	// raw availabilities with the sent one without repeats.
	var exp []string
	for _, a := range want {
		if len(exp) == 0 || exp[len(exp)-1] != a {
			exp = append(exp, a)
		}
	}
	var got []string
	for len(got) < len(exp) {
		ev := w.until("state", func(ev vendors.Event) bool { _, ok := ev.(vendors.StateEvent); return ok })
		raw := ev.(vendors.StateEvent).State.Raw
		a := raw[:len(raw)-len(rawTail(raw))]
		if len(got) == 0 || got[len(got)-1] != a {
			got = append(got, a)
		}
	}
	for i := range exp {
		if got[i] != exp[i] {
			t.Fatalf("state %d is %q, want %q (order lost): %v", i, got[i], exp[i], got)
		}
	}
}

// rawTail is the "; word" part of a raw state.
func rawTail(raw string) string {
	for i := 0; i < len(raw); i++ {
		if raw[i] == ';' {
			return raw[i:]
		}
	}
	return ""
}

func TestCallBurstOrder(t *testing.T) {
	s := startSim(t)
	_, w := open(t, s)
	var ids []string
	for i := 0; i < 20; i++ {
		c, err := s.Offer()
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Phone(vendors.CmdAnswer, c.ID); err != nil {
			t.Fatal(err)
		}
		if err := s.Phone(vendors.CmdHangup, c.ID); err != nil {
			t.Fatal(err)
		}
		if err := s.Phone(vendors.CmdEndWrapUp, c.ID); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, c.ID)
	}
	order := []vendors.ContactStatus{vendors.ContactOffered, vendors.ContactConnected, vendors.ContactWrapUp, vendors.ContactEnded}
	next := map[string]int{}
	done := 0
	for done < len(ids) {
		ev := w.until("contact", func(ev vendors.Event) bool { _, ok := ev.(vendors.ContactEvent); return ok })
		c := ev.(vendors.ContactEvent).Contact
		i := next[c.ID]
		if i > 0 && c.Status == order[i-1] {
			continue // the same status again with a new raw event name
		}
		if i >= len(order) || c.Status != order[i] {
			t.Fatalf("contact %s went %s at step %d, want %v", c.ID, c.Status, i, order)
		}
		next[c.ID] = i + 1
		if c.Status == vendors.ContactEnded {
			done++
		}
	}
}

func TestMalformedSkipped(t *testing.T) {
	s := startSim(t)
	_, w := open(t, s)
	if err := s.Malformed(); err != nil {
		t.Fatal(err)
	}
	c, err := s.Offer()
	if err != nil {
		t.Fatal(err)
	}
	w.contact(c.ID, vendors.ContactOffered)
	for _, ev := range drainNow(w) {
		if ce, ok := ev.(vendors.ConnectionEvent); ok {
			t.Fatalf("malformed input changed the connection: %+v", ce)
		}
	}
}

func drainNow(w *watcher) []vendors.Event {
	var out []vendors.Event
	for {
		select {
		case ev := <-w.ch:
			out = append(out, ev)
		default:
			return out
		}
	}
}

func TestSilentLossNoticed(t *testing.T) {
	s := startSim(t)
	_, w := open(t, s)
	s.Blackhole(true)
	w.conn(vendors.Reconnecting)
	s.Blackhole(false)
	w.conn(vendors.Connected)
	w.synced()
}

func TestTolerantForms(t *testing.T) {
	tests := []struct {
		name   string
		pascal bool
		form   enreachsim.EndpointForm
	}{
		{"camelCase, WssEndpoint ws://", false, enreachsim.EndpointDocument},
		{"PascalCase, WSSEndpoint without scheme", true, enreachsim.EndpointNoScheme},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := startSim(t)
			s.SetPascalCase(tc.pascal)
			s.SetEndpointForm(tc.form)
			_, w := open(t, s)
			c, err := s.Offer()
			if err != nil {
				t.Fatal(err)
			}
			got := w.contact(c.ID, vendors.ContactOffered)
			if got.From != c.From || got.Queue != c.Queue {
				t.Fatalf("contact %+v, want %+v", got, c)
			}
		})
	}
}

func TestQueueBoard(t *testing.T) {
	s := startSim(t)
	sess, w := open(t, s)
	if !sess.Capabilities().QueueBoard {
		t.Fatal("QueueBoard not advertised")
	}
	c, err := s.Offer()
	if err != nil {
		t.Fatal(err)
	}
	ev := w.until("queue board with a waiting call", func(ev vendors.Event) bool {
		q, ok := ev.(vendors.QueueEvent)
		if !ok {
			return false
		}
		for _, x := range q.Queues {
			if x.Name == c.Queue && x.Waiting == 1 {
				return true
			}
		}
		return false
	}).(vendors.QueueEvent)
	if len(ev.Queues) < 2 {
		t.Fatalf("board %+v lacks the agent's other queues", ev.Queues)
	}
}

func TestOutboundCall(t *testing.T) {
	s := startSim(t)
	_, w := open(t, s)
	if err := s.Phone(vendors.CmdDial, "+4940123456"); err != nil {
		t.Fatal(err)
	}
	ev := w.until("outbound contact", func(ev vendors.Event) bool {
		c, ok := ev.(vendors.ContactEvent)
		return ok && c.Contact.Direction == vendors.Outbound
	}).(vendors.ContactEvent)
	if ev.Contact.To != "+4940123456" || ev.Contact.Status != vendors.ContactConnected {
		t.Fatalf("outbound %+v", ev.Contact)
	}
	w.state(vendors.StateBusy)
	if err := s.Phone(vendors.CmdHangup, ev.Contact.ID); err != nil {
		t.Fatal(err)
	}
	w.contact(ev.Contact.ID, vendors.ContactEnded)
	w.state(vendors.StateReady)
}

// TestCallsAcrossReconnect: a call live before the drop is re-reported
// after it; one that ended during the outage is reported ended.
func TestCallsAcrossReconnect(t *testing.T) {
	s := startSim(t)
	_, w := open(t, s)
	c, err := s.Offer()
	if err != nil {
		t.Fatal(err)
	}
	w.contact(c.ID, vendors.ContactOffered)
	if err := s.Phone(vendors.CmdAnswer, c.ID); err != nil {
		t.Fatal(err)
	}
	w.contact(c.ID, vendors.ContactConnected)
	s.Drop()
	w.conn(vendors.Reconnecting)
	w.conn(vendors.Connected)
	w.contact(c.ID, vendors.ContactConnected)
	w.synced()

	s.Blackhole(true)
	if err := s.Phone(vendors.CmdHangup, c.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.Phone(vendors.CmdEndWrapUp, c.ID); err != nil {
		t.Fatal(err)
	}
	w.conn(vendors.Reconnecting)
	s.Blackhole(false)
	w.conn(vendors.Connected)
	w.contact(c.ID, vendors.ContactEnded)
	w.synced()
	if st := s.State(); st != vendors.StateReady {
		t.Fatalf("sim state %s", st)
	}
}

// TestLargeMessage: 200 KB in one event must not cost the connection (the
// library's default limit is 32 KB).
func TestLargeMessage(t *testing.T) {
	s := startSim(t)
	_, w := open(t, s)
	s.SetNote(strings.Repeat("n", 200_000))
	if err := s.SetState(vendors.StateNotReady, "OffWork"); err != nil {
		t.Fatal(err)
	}
	ev := w.until("not ready or a connection change", func(ev vendors.Event) bool {
		_, conn := ev.(vendors.ConnectionEvent)
		st, ok := ev.(vendors.StateEvent)
		return conn || (ok && st.State.State == vendors.StateNotReady)
	})
	if ce, ok := ev.(vendors.ConnectionEvent); ok {
		t.Fatalf("a large message cost the connection: %+v", ce)
	}
}
