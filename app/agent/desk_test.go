package agent_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"tandem/app/agent"
	"tandem/vendors"
	"tandem/vendors/demo"
	"tandem/vendors/simulator"
)

// feed is a session whose events the test writes; it records the commands
// that reach it, so a test can prove the desk refused one itself.
type feed struct {
	em   *vendors.Emitter
	caps vendors.Capabilities
	mu   sync.Mutex
	got  []vendors.Command
}

func newFeed(kinds ...vendors.CommandKind) *feed {
	f := &feed{em: vendors.NewEmitter(), caps: vendors.Caps(map[vendors.CommandKind]string{vendors.CmdHold: "hold on your phone"}, kinds...)}
	f.em.Emit(vendors.ConnectionEvent{Status: vendors.Connected})
	return f
}

func (f *feed) Events() <-chan vendors.Event       { return f.em.Events() }
func (f *feed) Capabilities() vendors.Capabilities { return f.caps }
func (f *feed) Close() error                       { f.em.Close(); return nil }
func (f *feed) Do(_ context.Context, c vendors.Command) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.got = append(f.got, c)
	return nil
}
func (f *feed) sent() int { f.mu.Lock(); defer f.mu.Unlock(); return len(f.got) }

// settle waits until the desk has applied everything emitted so far.
func settle(t *testing.T, d *agent.Desk, f *feed, cond func(agent.Snapshot) bool) agent.Snapshot {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if s := d.Snapshot(); cond(s) {
			return s
		}
		time.Sleep(2 * time.Millisecond)
	}
	t.Fatalf("desk never reached the expected picture: %+v", d.Snapshot())
	return agent.Snapshot{}
}

func contact(id string, st vendors.ContactStatus) vendors.Contact {
	return vendors.Contact{ID: id, Status: st, Channel: vendors.ChannelVoice, Direction: vendors.Inbound, From: "+4930111"}
}

func TestDeskRefusesBeforeThePlatform(t *testing.T) {
	f := newFeed(vendors.CmdAnswer, vendors.CmdHangup, vendors.CmdNotReady, vendors.CmdWrapUp, vendors.CmdCompleteTransfer)
	d := agent.New(f, agent.Options{Vendor: "feed"})
	defer d.Close()
	f.em.Emit(vendors.ReasonsEvent{NotReady: []vendors.Reason{{Code: "12", Label: "Lunch"}}, WrapUp: []vendors.Reason{{Code: "3", Label: "Sale"}}})
	f.em.Emit(vendors.ContactEvent{Contact: contact("C1", vendors.ContactConnected)})
	settle(t, d, f, func(s agent.Snapshot) bool { return len(s.Contacts) == 1 && len(s.WrapUp) == 1 })

	cases := []struct {
		name string
		cmd  vendors.Command
		kind vendors.Kind
	}{
		{"unsupported", vendors.Command{Kind: vendors.CmdHold, Contact: "C1"}, vendors.ErrUnsupported},
		{"unknown contact", vendors.Command{Kind: vendors.CmdHangup, Contact: "C9"}, vendors.ErrUnknownContact},
		{"wrong status", vendors.Command{Kind: vendors.CmdAnswer, Contact: "C1"}, vendors.ErrWrongStatus},
		{"missing contact", vendors.Command{Kind: vendors.CmdHangup}, vendors.ErrInvalid},
		{"unknown reason", vendors.Command{Kind: vendors.CmdNotReady, Reason: "99"}, vendors.ErrInvalid},
		{"unknown wrap-up code", vendors.Command{Kind: vendors.CmdWrapUp, Contact: "C1", Code: "77"}, vendors.ErrInvalid},
		{"no consultation", vendors.Command{Kind: vendors.CmdCompleteTransfer, Contact: "C1"}, vendors.ErrWrongStatus},
		{"unknown command", vendors.Command{Kind: "fly"}, vendors.ErrInvalid},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := d.Do(context.Background(), c.cmd)
			if !errors.Is(err, c.kind) {
				t.Fatalf("got %v, want %s", err, c.kind)
			}
			if f.sent() != 0 {
				t.Fatalf("the command reached the platform")
			}
		})
	}
	if err := d.Do(context.Background(), vendors.Command{Kind: vendors.CmdHold, Contact: "C1"}); err == nil || !strings.Contains(err.Error(), "hold on your phone") {
		t.Errorf("an unsupported command should carry the platform's hint, got %v", err)
	}

	f.em.Emit(vendors.ConnectionEvent{Status: vendors.Reconnecting})
	settle(t, d, f, func(s agent.Snapshot) bool { return s.Conn == vendors.Reconnecting })
	if err := d.Do(context.Background(), vendors.Command{Kind: vendors.CmdHangup, Contact: "C1"}); !errors.Is(err, vendors.ErrDisconnected) {
		t.Errorf("while reconnecting: %v, want ErrDisconnected", err)
	}
	if f.sent() != 0 {
		t.Fatalf("a command reached a disconnected platform")
	}
}

func TestResyncEndsContactsThePlatformNoLongerHas(t *testing.T) {
	f := newFeed()
	d := agent.New(f, agent.Options{Vendor: "feed"})
	defer d.Close()
	sub := d.Subscribe()
	defer sub.Close()
	f.em.Emit(vendors.ContactEvent{Contact: contact("C1", vendors.ContactConnected)})
	f.em.Emit(vendors.ContactEvent{Contact: contact("C2", vendors.ContactHeld)})
	f.em.Emit(vendors.ConnectionEvent{Status: vendors.Reconnecting})
	f.em.Emit(vendors.ConnectionEvent{Status: vendors.Connected})
	f.em.Emit(vendors.ContactEvent{Contact: contact("C2", vendors.ContactHeld)})
	f.em.Emit(vendors.SyncedEvent{})
	s := settle(t, d, f, func(s agent.Snapshot) bool { return len(s.History) == 1 })
	if len(s.Contacts) != 1 || s.Contacts[0].ID != "C2" {
		t.Fatalf("live after resync: %+v, want only C2", s.Contacts)
	}
	if s.History[0].ID != "C1" || s.History[0].Status != vendors.ContactEnded {
		t.Fatalf("history: %+v", s.History)
	}
	// Subscribers learn of the inferred end as a whole contact.
	timeout := time.After(5 * time.Second)
	for {
		select {
		case ev := <-sub.Events():
			if ce, ok := ev.(vendors.ContactEvent); ok && ce.Contact.ID == "C1" && ce.Contact.Status == vendors.ContactEnded {
				if ce.Contact.From != "+4930111" {
					t.Fatalf("the inferred end lost the caller data: %+v", ce.Contact)
				}
				return
			}
		case <-timeout:
			t.Fatal("no ended event for C1")
		}
	}
}

func TestRenamedContactStaysOneConversation(t *testing.T) {
	f := newFeed()
	d := agent.New(f, agent.Options{Vendor: "feed"})
	defer d.Close()
	c := contact("100", vendors.ContactConnected)
	c.Name = "Ada"
	c.Data = map[string]string{"crm": "7"}
	f.em.Emit(vendors.ContactEvent{Contact: c})
	f.em.Emit(vendors.ContactEvent{Contact: vendors.Contact{ID: "101", PreviousID: "100", Status: vendors.ContactConnected}})
	s := settle(t, d, f, func(s agent.Snapshot) bool { _, ok := s.Contact("101"); return ok })
	if len(s.Contacts) != 1 {
		t.Fatalf("a renamed contact became %d contacts", len(s.Contacts))
	}
	got, _ := s.Contact("101")
	if got.Name != "Ada" || got.Data["crm"] != "7" || got.From != "+4930111" {
		t.Fatalf("the renamed contact lost its screen pop: %+v", got)
	}
}

func TestStateTimeAndVerification(t *testing.T) {
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	advance := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
	f := newFeed()
	d := agent.New(f, agent.Options{Vendor: "feed", Now: clock})
	defer d.Close()
	f.em.Emit(vendors.StateEvent{State: vendors.AgentState{State: vendors.StateReady, Raw: "Idle"}})
	s := settle(t, d, f, func(s agent.Snapshot) bool { return s.State.State == vendors.StateReady })
	start := s.StateSince
	advance(30 * time.Second)
	f.em.Emit(vendors.StateEvent{State: vendors.AgentState{State: vendors.StateReady, Raw: "Idle"}})
	s = settle(t, d, f, func(s agent.Snapshot) bool { return s.Verified.After(start) })
	if !s.StateSince.Equal(start) {
		t.Errorf("a confirmation of the same state restarted its timer")
	}
	advance(5 * time.Second)
	f.em.Emit(vendors.AliveEvent{})
	s = settle(t, d, f, func(s agent.Snapshot) bool { return s.Verified.Equal(start.Add(35 * time.Second)) })
	f.em.Emit(vendors.ConnectionEvent{Status: vendors.Reconnecting})
	advance(5 * time.Second)
	f.em.Emit(vendors.AliveEvent{})
	f.em.Emit(vendors.StateEvent{State: vendors.AgentState{State: vendors.StateNotReady, Reason: &vendors.Reason{Code: "1", Label: "Lunch"}}})
	s = settle(t, d, f, func(s agent.Snapshot) bool { return s.State.State == vendors.StateNotReady })
	if !s.Verified.Equal(start.Add(35 * time.Second)) {
		t.Errorf("a disconnected desk claims verification at %v", s.Verified)
	}
	if !s.StateSince.Equal(start.Add(40 * time.Second)) {
		t.Errorf("a new state did not restart its timer: %v", s.StateSince)
	}
}

// TestDeskOnDemo runs a whole contact through the desk on the demo
// contact center over its real socket.
func TestDeskOnDemo(t *testing.T) {
	sim, err := simulator.Start("demo", simulator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	sess, err := demo.Driver{}.Open(context.Background(), sim.Config())
	if err != nil {
		t.Fatal(err)
	}
	d := agent.New(sess, agent.Options{Vendor: "demo"})
	defer d.Close()
	wait := func(cond func(agent.Snapshot) bool) agent.Snapshot {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for time.Now().Before(deadline) {
			if s := d.Snapshot(); cond(s) {
				return s
			}
			time.Sleep(5 * time.Millisecond)
		}
		t.Fatalf("timeout; desk: %+v", d.Snapshot())
		return agent.Snapshot{}
	}
	wait(func(s agent.Snapshot) bool { return s.State.State == vendors.StateReady })
	want, _ := sim.Offer()
	s := wait(func(s agent.Snapshot) bool { return len(s.Contacts) == 1 })
	c := s.Contacts[0]
	if c.Name != want.Name || c.Data["crm_id"] == "" {
		t.Fatalf("screen pop: %+v, want %+v", c, want)
	}
	ctx := context.Background()
	steps := []struct {
		cmd  vendors.Command
		want vendors.ContactStatus
	}{
		{vendors.Command{Kind: vendors.CmdAnswer, Contact: c.ID}, vendors.ContactConnected},
		{vendors.Command{Kind: vendors.CmdHold, Contact: c.ID}, vendors.ContactHeld},
		{vendors.Command{Kind: vendors.CmdRetrieve, Contact: c.ID}, vendors.ContactConnected},
		{vendors.Command{Kind: vendors.CmdHangup, Contact: c.ID}, vendors.ContactWrapUp},
	}
	for _, st := range steps {
		if err := d.Do(ctx, st.cmd); err != nil {
			t.Fatalf("%s: %v", st.cmd.Kind, err)
		}
		wait(func(s agent.Snapshot) bool { x, ok := s.Contact(c.ID); return ok && x.Status == st.want })
	}
	if err := d.Do(ctx, vendors.Command{Kind: vendors.CmdWrapUp, Contact: c.ID, Code: "1", Notes: "sold"}); err != nil {
		t.Fatal(err)
	}
	s = wait(func(s agent.Snapshot) bool { return len(s.History) == 1 && s.State.State == vendors.StateReady })
	if h := s.History[0]; h.Data["notes"] != "sold" || h.Ended.IsZero() {
		t.Fatalf("history: %+v", h)
	}
}
