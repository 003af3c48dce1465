// Package drive is a scripted agent for the bench harness: it logs in to
// a simulator through the real driver and desk, and takes contacts from
// offer to wrap-up the way a person would, by command where the platform
// has one and on the simulated phone where it has not.
package drive

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"sync"
	"time"

	"tandem/app/agent"
	"tandem/vendors"
	"tandem/vendors/simulator"
)

// Agent is one logged-in desk on one simulator.
type Agent struct {
	Sim  simulator.Sim
	Desk *agent.Desk
	Caps vendors.Capabilities

	mu       sync.Mutex
	recovers int
	sub      *agent.Subscription
}

// Open logs in to sim through its vendor's driver; rewrite, when set,
// changes the address the driver dials (a proxy in front of the simulator).
func Open(sim simulator.Sim, rewrite func(host string) string) (*Agent, error) {
	drv, ok := vendors.Lookup(sim.Vendor())
	if !ok {
		return nil, fmt.Errorf("no driver for %s", sim.Vendor())
	}
	cfg := sim.Config()
	if os.Getenv("TANDEM_BENCH_LOG") != "" {
		cfg.Logger = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	if rewrite != nil {
		u, err := url.Parse(cfg.URL)
		if err != nil || u.Host == "" {
			return nil, fmt.Errorf("cannot rewrite %q", cfg.URL)
		}
		u.Host = rewrite(u.Host)
		cfg.URL = u.String()
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	sess, err := drv.Open(ctx, cfg)
	if err != nil {
		return nil, err
	}
	a := &Agent{Sim: sim, Desk: agent.New(sess, agent.Options{Vendor: sim.Vendor()}), Caps: sess.Capabilities()}
	a.sub = a.Desk.Subscribe()
	go a.count()
	// Open returns when the session is usable; the desk may still be
	// applying the events of the login (connecting, connected, state).
	if err := a.Wait(30*time.Second, func(s agent.Snapshot) bool {
		return s.Conn == vendors.Connected && !s.Verified.IsZero()
	}); err != nil {
		a.Close()
		return nil, fmt.Errorf("the desk never became connected with a state")
	}
	return a, nil
}

// Close closes the desk (without logging out).
func (a *Agent) Close() {
	a.sub.Close()
	a.Desk.Close()
}

func (a *Agent) count() {
	down := false
	for ev := range a.sub.Events() {
		ce, ok := ev.(vendors.ConnectionEvent)
		if !ok {
			continue
		}
		switch {
		case ce.Status == vendors.Reconnecting || ce.Status == vendors.Disconnected:
			down = true
		case ce.Status == vendors.Connected && down:
			down = false
			a.mu.Lock()
			a.recovers++
			a.mu.Unlock()
		}
	}
}

// Recoveries counts reconnections the desk has seen.
func (a *Agent) Recoveries() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.recovers
}

// Wait polls the desk until cond holds or d passes.
func (a *Agent) Wait(d time.Duration, cond func(agent.Snapshot) bool) error {
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		if cond(a.Desk.Snapshot()) {
			return nil
		}
		time.Sleep(2 * time.Millisecond)
	}
	return fmt.Errorf("timeout")
}

// Ready makes the agent ready, by command or from the platform side.
func (a *Agent) Ready() error {
	if a.Desk.Snapshot().State.State == vendors.StateReady {
		return nil
	}
	if a.Caps.Has(vendors.CmdReady) {
		if err := a.Do(vendors.Command{Kind: vendors.CmdReady}); err != nil {
			return err
		}
	} else if err := a.Sim.SetState(vendors.StateReady, ""); err != nil {
		return err
	}
	return a.Wait(20*time.Second, func(s agent.Snapshot) bool { return s.State.State == vendors.StateReady })
}

// Do runs a command through the desk with a timeout. A command that finds
// the link gone (the platform may notice only then) is tried once more
// after the desk has reconnected, as an agent would click again.
func (a *Agent) Do(cmd vendors.Command) error {
	before := a.Recoveries()
	err := a.do(cmd)
	if vendors.KindOf(err) != vendors.ErrDisconnected {
		return err
	}
	if werr := a.Wait(60*time.Second, func(s agent.Snapshot) bool {
		return a.Recoveries() > before && s.Conn == vendors.Connected
	}); werr != nil {
		return err
	}
	return a.do(cmd)
}

func (a *Agent) do(cmd vendors.Command) error {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	return a.Desk.Do(ctx, cmd)
}

// Act runs a call action by command where supported, else on the phone.
func (a *Agent) Act(k vendors.CommandKind, id string) error {
	if a.Caps.Has(k) {
		return a.Do(vendors.Command{Kind: k, Contact: id})
	}
	return a.Sim.Phone(k, id)
}

// WaitOffer waits for the offer of a caller and returns its id.
func (a *Agent) WaitOffer(from string) (string, error) {
	var id string
	err := a.Wait(20*time.Second, func(s agent.Snapshot) bool {
		for _, c := range s.Contacts {
			if c.From == from && c.Status == vendors.ContactOffered {
				id = c.ID
				return true
			}
		}
		return false
	})
	if err != nil {
		return "", fmt.Errorf("no offer from %s", from)
	}
	return id, nil
}

// WaitContact waits until the contact (or what it was renamed to) has
// one of the statuses.
func (a *Agent) WaitContact(id string, st ...vendors.ContactStatus) (agent.Contact, error) {
	var got agent.Contact
	err := a.Wait(30*time.Second, func(s agent.Snapshot) bool {
		for _, c := range s.Contacts {
			if c.ID == id || c.PreviousID == id {
				for _, x := range st {
					if c.Status == x {
						got = c
						return true
					}
				}
			}
		}
		return false
	})
	if err != nil {
		return got, fmt.Errorf("contact %s never %v", id, st)
	}
	return got, nil
}

// Finish hangs up a contact and wraps it up until it has left the desk.
func (a *Agent) Finish(id string) error {
	if err := a.Act(vendors.CmdHangup, id); err != nil {
		return err
	}
	done := func(s agent.Snapshot) bool {
		for _, c := range s.Contacts {
			if c.ID == id || c.PreviousID == id {
				return false
			}
		}
		return true
	}
	if err := a.Wait(20*time.Second, func(s agent.Snapshot) bool {
		if done(s) {
			return true
		}
		for _, c := range s.Contacts {
			if (c.ID == id || c.PreviousID == id) && c.Status == vendors.ContactWrapUp {
				id = c.ID
				return true
			}
		}
		return false
	}); err != nil {
		return fmt.Errorf("hangup did not end %s", id)
	}
	if done(a.Desk.Snapshot()) {
		return nil
	}
	switch {
	case a.Caps.Has(vendors.CmdWrapUp):
		code := ""
		if w := a.Desk.Snapshot().WrapUp; len(w) > 0 {
			code = w[0].Code
		}
		if err := a.Do(vendors.Command{Kind: vendors.CmdWrapUp, Contact: id, Code: code, Notes: "chaos"}); err != nil {
			return err
		}
	case a.Caps.Has(vendors.CmdEndWrapUp):
		if err := a.Do(vendors.Command{Kind: vendors.CmdEndWrapUp, Contact: id}); err != nil {
			return err
		}
	}
	return a.Wait(30*time.Second, done)
}
