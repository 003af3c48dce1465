package incontact

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"tandem/vendors"
	"tandem/vendors/incontact/incontactsim"
)

// offerAnswered offers a call and answers it.
func offerAnswered(t *testing.T, r *rig) (vendors.Contact, int) {
	t.Helper()
	want, err := r.sim.Offer()
	if err != nil {
		t.Fatal(err)
	}
	_, n := r.rec.wait(t, r.rec.mark(), "offered call", contactIs(want.ID, vendors.ContactOffered))
	r.do(t, vendors.Command{Kind: vendors.CmdAnswer, Contact: want.ID})
	_, n = r.rec.wait(t, n, "connected call", contactIs(want.ID, vendors.ContactConnected))
	return want, n
}

func TestOfferedContactCarriesScreenPop(t *testing.T) {
	r := start(t, newSim(t), nil)
	want, err := r.sim.Offer()
	if err != nil {
		t.Fatal(err)
	}
	ev, _ := r.rec.wait(t, 0, "offered call", contactIs(want.ID, vendors.ContactOffered))
	got := ev.(vendors.ContactEvent).Contact
	if got.From != want.From || got.To != want.To || got.Queue != want.Queue || got.ScreenPopURL != want.ScreenPopURL ||
		got.Channel != vendors.ChannelVoice || got.Direction != vendors.Inbound {
		t.Fatalf("got %+v\nwant %+v", got, want)
	}
	for k, v := range want.Data {
		if got.Data[k] != v {
			t.Errorf("data %s = %q, want %q", k, got.Data[k], v)
		}
	}
}

// The FinalState pair over the wire: hangup leaves the call in wrap-up
// (Disconnected, FinalState "False"), then end_wrapup or a disposition
// closes it (FinalState "True").
func TestFinalStatePair(t *testing.T) {
	tests := []struct {
		name  string
		close vendors.Command
		after vendors.State
	}{
		{"end_wrapup", vendors.Command{Kind: vendors.CmdEndWrapUp}, vendors.StateReady},
		{"disposition", vendors.Command{Kind: vendors.CmdWrapUp, Code: "3802", Notes: "call back Tuesday"}, vendors.StateReady},
		{"disposition by name", vendors.Command{Kind: vendors.CmdWrapUp, Code: "resolved"}, vendors.StateReady},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := start(t, newSim(t), nil)
			r.do(t, vendors.Command{Kind: vendors.CmdReady})
			c, n := offerAnswered(t, r)
			r.do(t, vendors.Command{Kind: vendors.CmdHangup, Contact: c.ID})
			_, n = r.rec.wait(t, n, "wrap-up contact", contactIs(c.ID, vendors.ContactWrapUp))
			_, n = r.rec.wait(t, n, "wrap-up state", stateIs(vendors.StateWrapUp))
			if r.sim.State() != vendors.StateWrapUp {
				t.Fatalf("platform state %s", r.sim.State())
			}
			cmd := tc.close
			cmd.Contact = c.ID
			r.do(t, cmd)
			_, n = r.rec.wait(t, n, "ended contact", contactIs(c.ID, vendors.ContactEnded))
			r.rec.wait(t, n, "state after wrap-up", stateIs(tc.after))
			if _, live := r.sess.tr.lookup(c.ID); live {
				t.Fatal("the ended contact is still tracked")
			}
		})
	}
}

// 409 Session Ended with the end events lost: reported once, no retries.
func TestSessionEnded409(t *testing.T) {
	var pauses atomic.Int32
	r := start(t, newSim(t), func(s *session) {
		s.pause = func(ctx context.Context, d time.Duration) bool {
			pauses.Add(1) // the poller must not wait to retry after 409
			return ctx.Err() == nil
		}
	})
	before := r.sim.Stats().Polls
	r.sim.EndSession(true)
	ev, _ := r.rec.wait(t, 0, "disconnected", connIs(vendors.Disconnected))
	if err := ev.(vendors.ConnectionEvent).Err; !errors.Is(err, vendors.ErrSessionEnded) || !strings.Contains(err.Error(), "409") {
		t.Fatalf("err %v, want ErrSessionEnded naming 409", err)
	}
	<-r.sess.done // the poller has stopped
	polls := r.sim.Stats().Polls
	if polls-before > 2 || pauses.Load() != 0 {
		t.Fatalf("%d polls and %d retry pauses after the end", polls-before, pauses.Load())
	}
	err := r.sess.Do(context.Background(), vendors.Command{Kind: vendors.CmdReady})
	if kindOf(err) != vendors.ErrDisconnected {
		t.Fatalf("command after the end: %v", err)
	}
	for _, ev := range r.rec.since(0) {
		if c, ok := ev.(vendors.ConnectionEvent); ok && c.Status == vendors.Reconnecting {
			t.Fatal("the driver tried to reconnect to an ended session")
		}
	}
}

// An administrator's end arrives as events: RemoteAgentSessionEnd, then
// AgentSessionEnd.
func TestRemoteSessionEnd(t *testing.T) {
	r := start(t, newSim(t), nil)
	r.sim.EndSession(false)
	_, n := r.rec.wait(t, 0, "logged out", stateIs(vendors.StateLoggedOut))
	ev, _ := r.rec.wait(t, n, "disconnected", connIs(vendors.Disconnected))
	err := ev.(vendors.ConnectionEvent).Err
	if !errors.Is(err, vendors.ErrSessionEnded) || !strings.Contains(err.Error(), "RemoteLogoff") {
		t.Fatalf("err %v", err)
	}
}

func TestLogout(t *testing.T) {
	r := start(t, newSim(t), nil)
	r.do(t, vendors.Command{Kind: vendors.CmdLogout})
	if st := r.sim.State(); st != vendors.StateLoggedOut {
		t.Fatalf("platform state %s", st)
	}
	_, n := r.rec.wait(t, 0, "logged out", stateIs(vendors.StateLoggedOut))
	ev, _ := r.rec.wait(t, n, "disconnected", connIs(vendors.Disconnected))
	if err := ev.(vendors.ConnectionEvent).Err; err != nil {
		t.Fatalf("a logout the agent asked for reported %v", err)
	}
}

// Every poll answer carries a new session ID; the driver must always poll
// with the newest (a stale one makes the platform resend a snapshot).
func TestSessionIDRollover(t *testing.T) {
	r := start(t, newSim(t), nil)
	seen := map[string]bool{r.sess.currentSID(): true}
	n := 0
	for i := 0; i < 12; i++ {
		st := vendors.StateReady
		cmd := vendors.Command{Kind: vendors.CmdReady}
		if i%2 == 1 {
			st, cmd = vendors.StateNotReady, vendors.Command{Kind: vendors.CmdNotReady, Reason: "Lunch"}
		}
		r.do(t, cmd)
		_, n = r.rec.wait(t, n, "state", stateIs(st))
		seen[r.sess.currentSID()] = true
	}
	stats := r.sim.Stats()
	if stats.StalePolls != 0 {
		t.Fatalf("%d polls used an old session ID", stats.StalePolls)
	}
	if len(seen) < 6 {
		t.Fatalf("only %d session IDs seen over 12 answers", len(seen))
	}
}

// A transfer renames the contact; the desk follows it through PreviousID,
// and a command on the old ID reaches the new one.
func TestContactIDChangeOnTransfer(t *testing.T) {
	r := start(t, newSim(t), nil)
	c, n := offerAnswered(t, r)
	newID, err := r.sim.Transfer(c.ID)
	if err != nil {
		t.Fatal(err)
	}
	ev, n := r.rec.wait(t, n, "renamed contact", contactIs(newID, vendors.ContactConnected))
	got := ev.(vendors.ContactEvent).Contact
	if got.PreviousID != c.ID || got.From != c.From {
		t.Fatalf("renamed contact %+v", got)
	}
	r.do(t, vendors.Command{Kind: vendors.CmdHold, Contact: c.ID})
	r.rec.wait(t, n, "held under the new ID", contactIs(newID, vendors.ContactHeld))
	for _, ev := range r.rec.since(0) {
		if ce, ok := ev.(vendors.ContactEvent); ok && ce.Contact.ID == c.ID && !ce.Contact.Status.Live() {
			t.Fatalf("the old ID was reported ended: %+v", ce.Contact)
		}
	}
}

// Tokens are renewed before they expire: no request ever carries an
// expired token and the link never drops.
func TestTokenRenewal(t *testing.T) {
	sim := newSim(t)
	sim.SetTokenTTL(3 * time.Second)
	r := start(t, sim, nil, "poll-timeout", "1")
	for sim.Stats().TokenGrants < 3 {
		r.do(t, vendors.Command{Kind: vendors.CmdReady})
		r.rec.wait(t, r.rec.mark(), "alive", func(ev vendors.Event) bool { _, ok := ev.(vendors.AliveEvent); return ok })
	}
	if n := sim.Stats().ExpiredTokenUses; n != 0 {
		t.Fatalf("%d requests carried an expired token", n)
	}
	for _, ev := range r.rec.since(0) {
		if c, ok := ev.(vendors.ConnectionEvent); ok && c.Status != vendors.Connected && c.Status != vendors.Connecting {
			t.Fatalf("link changed to %s during renewals", c.Status)
		}
	}
}

// The poller's cadence under errors: every failed or empty-at-once answer
// is followed by a pause before the next request, so requests never
// outnumber pauses. Pauses are counted, never timed.
func TestPollerCadenceUnderErrors(t *testing.T) {
	tests := []struct {
		name   string
		faults incontactsim.Faults
	}{
		{"server errors", incontactsim.Faults{ServerErrors: 1 << 20}},
		{"dropped polls", incontactsim.Faults{DropPolls: 1 << 20}},
		{"instant empty answers", incontactsim.Faults{InstantEmpty: true}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var mu sync.Mutex
			var pauses []time.Duration
			gate := make(chan struct{})
			entered := make(chan struct{}, 1)
			sim := newSim(t)
			r := start(t, sim, func(s *session) {
				s.pause = func(ctx context.Context, d time.Duration) bool {
					mu.Lock()
					pauses = append(pauses, d)
					mu.Unlock()
					select {
					case entered <- struct{}{}:
					default:
					}
					select {
					case <-gate:
						return true
					case <-ctx.Done():
						return false
					}
				}
			})
			sim.SetFaults(tc.faults)
			wire := func() int64 { return sim.Requests() + int64(sim.Stats().Polls) }
			const rounds = 8
			<-entered
			base := wire()
			for i := 0; i < rounds; i++ {
				gate <- struct{}{}
				<-entered
			}
			// Each pause lets through at most one login, one join and one
			// poll (a cut poll is never replayed by net/http).
			if got := wire() - base; got > 3*rounds {
				t.Fatalf("%d requests for %d pauses", got, rounds)
			}
			mu.Lock()
			defer mu.Unlock()
			for _, d := range pauses {
				if d <= 0 {
					t.Fatalf("a pause of %v", d)
				}
			}
			sim.SetFaults(incontactsim.Faults{})
			close(gate)
			r.rec.wait(t, 0, "connected again", func(ev vendors.Event) bool { return isSynced(ev) })
		})
	}
}

// A drop shows Reconnecting at once, then the driver logs in again, joins
// (snapshot) and resyncs: Connected, the live contact, SyncedEvent, with
// the platform's state.
func TestDropResync(t *testing.T) {
	r := start(t, newSim(t), func(s *session) { s.pause = instant })
	r.do(t, vendors.Command{Kind: vendors.CmdNotReady, Reason: "Break"})
	c, _ := offerAnswered(t, r)
	joins := r.sim.Stats().Joins
	from := r.rec.mark()
	r.sim.Drop()
	_, n := r.rec.wait(t, from, "reconnecting", connIs(vendors.Reconnecting))
	_, n = r.rec.wait(t, n, "connected", connIs(vendors.Connected))
	_, m := r.rec.wait(t, n, "contact re-reported", contactIs(c.ID, vendors.ContactConnected))
	_, s := r.rec.wait(t, n, "synced", isSynced)
	if m > s {
		t.Fatal("SyncedEvent came before the contact was re-reported")
	}
	var last vendors.State
	for _, ev := range r.rec.since(n)[:s-n] {
		if st, ok := ev.(vendors.StateEvent); ok {
			last = st.State.State
		}
	}
	if last != r.sim.State() {
		t.Fatalf("resynced state %s, platform %s", last, r.sim.State())
	}
	if r.sim.Stats().Joins <= joins {
		t.Fatal("the driver did not join the session again")
	}
}

func TestMalformedIsSkipped(t *testing.T) {
	r := start(t, newSim(t), nil)
	if err := r.sim.Malformed(); err != nil {
		t.Fatal(err)
	}
	want, err := r.sim.Offer()
	if err != nil {
		t.Fatal(err)
	}
	r.rec.wait(t, 0, "offer after bad input", contactIs(want.ID, vendors.ContactOffered))
	if !r.sess.isConnected() {
		t.Fatal("malformed input broke the session")
	}
}

func TestWrongPassword(t *testing.T) {
	sim := newSim(t)
	tests := []struct {
		name string
		edit func(*vendors.Config)
	}{
		{"password", func(c *vendors.Config) { c.Password = "not-the-Password-123" }},
		{"application", func(c *vendors.Config) { c.Options["app-name"] = "Other" }},
	}
	for _, tc := range tests {
		cfg := sim.Config()
		tc.edit(&cfg)
		_, err := Driver{}.Open(context.Background(), cfg)
		if kindOf(err) != vendors.ErrAuth {
			t.Fatalf("%s: got %v, want ErrAuth", tc.name, err)
		}
		if strings.Contains(err.Error(), cfg.Password) {
			t.Fatalf("%s: the error holds the password: %v", tc.name, err)
		}
	}
}

func TestOpenRefusesIncompleteProfile(t *testing.T) {
	cfg := newSim(t).Config()
	cfg.Extension = ""
	if _, err := (Driver{}).Open(context.Background(), cfg); kindOf(err) != vendors.ErrConfig {
		t.Fatalf("no station: %v", err)
	}
}

// join-session=true joins the agent's running session instead of starting
// one; without a session it says so.
func TestJoinSession(t *testing.T) {
	sim := newSim(t)
	cfg := sim.Config()
	cfg.Options["join-session"] = "true"
	if _, err := (Driver{}).Open(context.Background(), cfg); kindOf(err) != vendors.ErrRejected {
		t.Fatalf("join with no session: %v", err)
	}
	first := start(t, sim, nil)
	c, _ := offerAnswered(t, first)
	second := start(t, sim, nil, "join-session", "true")
	second.rec.wait(t, 0, "joined contact", contactIs(c.ID, vendors.ContactConnected))
}

func TestConsultTransferAndConference(t *testing.T) {
	for _, kind := range []vendors.CommandKind{vendors.CmdCompleteTransfer, vendors.CmdConference} {
		t.Run(string(kind), func(t *testing.T) {
			r := start(t, newSim(t), nil)
			c, n := offerAnswered(t, r)
			r.do(t, vendors.Command{Kind: vendors.CmdConsult, Contact: c.ID, To: "+4930555099"})
			_, n = r.rec.wait(t, n, "first held", contactIs(c.ID, vendors.ContactHeld))
			ev, _ := r.rec.wait(t, n, "consult dialing", contactIs("", vendors.ContactDialing))
			leg := ev.(vendors.ContactEvent).Contact
			if leg.Related != c.ID || leg.Direction != vendors.Outbound {
				t.Fatalf("consult leg %+v", leg)
			}
			_, n = r.rec.wait(t, n, "consult connected", contactIs(leg.ID, vendors.ContactConnected))
			r.do(t, vendors.Command{Kind: kind, Contact: c.ID})
			r.rec.wait(t, n, "consult ended", contactIs(leg.ID, vendors.ContactEnded))
			want := vendors.ContactConnected
			if kind == vendors.CmdCompleteTransfer {
				want = vendors.ContactWrapUp
			}
			r.rec.wait(t, n, "first after "+string(kind), contactIs(c.ID, want))
		})
	}
}

func TestDialAndOtherMedia(t *testing.T) {
	r := start(t, newSim(t), nil)
	r.do(t, vendors.Command{Kind: vendors.CmdDial, To: "+4930555077"})
	ev, _ := r.rec.wait(t, 0, "outbound", contactIs("", vendors.ContactDialing))
	if c := ev.(vendors.ContactEvent).Contact; c.Direction != vendors.Outbound || c.To != "+4930555077" || c.Queue != "Outbound" {
		t.Fatalf("outbound %+v", c)
	}
	chat, err := r.sim.OfferChat()
	if err != nil {
		t.Fatal(err)
	}
	ev, _ = r.rec.wait(t, 0, "chat pop", func(ev vendors.Event) bool {
		c, ok := ev.(vendors.ContactEvent)
		return ok && c.Contact.ID == chat && c.Contact.ScreenPopURL != ""
	})
	if c := ev.(vendors.ContactEvent).Contact; c.Channel != vendors.ChannelChat || c.Data["message"] == "" {
		t.Fatalf("chat %+v", c)
	}
	wi, err := r.sim.OfferWorkItem()
	if err != nil {
		t.Fatal(err)
	}
	ev, _ = r.rec.wait(t, 0, "work item", contactIs(wi, vendors.ContactOffered))
	if c := ev.(vendors.ContactEvent).Contact; c.Channel != vendors.ChannelWorkItem || c.Data["payload.case"] == "" {
		t.Fatalf("work item %+v", c)
	}
	r.do(t, vendors.Command{Kind: vendors.CmdAnswer, Contact: wi})
	r.rec.wait(t, 0, "work item accepted", contactIs(wi, vendors.ContactConnected))
}

// Unsupported commands fail at once and never reach the platform.
func TestUnsupportedAndRefused(t *testing.T) {
	r := start(t, newSim(t), nil)
	before := r.sim.Requests()
	tests := []struct {
		cmd  vendors.Command
		kind vendors.Kind
	}{
		{vendors.Command{Kind: vendors.CmdTransfer, Contact: "1", To: "2001"}, vendors.ErrUnsupported},
		{vendors.Command{Kind: vendors.CmdLogin}, vendors.ErrUnsupported},
		{vendors.Command{Kind: "dance"}, vendors.ErrInvalid},
	}
	for _, tc := range tests {
		err := r.sess.Do(context.Background(), tc.cmd)
		if kindOf(err) != tc.kind {
			t.Errorf("%s: %v, want %s", tc.cmd.Kind, err, tc.kind)
		}
	}
	if r.sim.Requests() != before {
		t.Fatal("a refused command touched the wire")
	}
	// Refused by the platform: an unknown contact, an unknown code.
	if err := r.sess.Do(context.Background(), vendors.Command{Kind: vendors.CmdHold, Contact: "404"}); kindOf(err) != vendors.ErrUnknownContact {
		t.Fatalf("unknown contact: %v", err)
	}
	err := r.sess.Do(context.Background(), vendors.Command{Kind: vendors.CmdNotReady, Reason: "Nap"})
	if kindOf(err) != vendors.ErrRejected || !strings.Contains(err.Error(), "Nap") {
		t.Fatalf("unknown code: %v", err)
	}
}

// A poll the platform never answers (slow polls, a blackholed link) is
// given up at its deadline and shows as Reconnecting; the driver comes back
// once the platform answers again.
func TestSlowPollIsNoticed(t *testing.T) {
	sim := newSim(t)
	r := start(t, sim, func(s *session) { s.pause = instant }, "poll-timeout", "1")
	if r.sess.pollTimeout+pollGrace > 15*time.Second {
		t.Fatalf("a dead link would go unnoticed for %v", r.sess.pollTimeout+pollGrace)
	}
	from := r.rec.mark()
	sim.SetFaults(incontactsim.Faults{PollDelay: time.Hour})
	ev, n := r.rec.wait(t, from, "reconnecting", connIs(vendors.Reconnecting))
	if kindOf(ev.(vendors.ConnectionEvent).Err) != vendors.ErrTimeout {
		t.Fatalf("reason %v, want a timeout", ev.(vendors.ConnectionEvent).Err)
	}
	sim.SetFaults(incontactsim.Faults{})
	_, n = r.rec.wait(t, n, "connected", connIs(vendors.Connected))
	r.rec.wait(t, n, "synced", isSynced)
}
