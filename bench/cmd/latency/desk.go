package main

import (
	"fmt"
	"time"

	"tandem/app/agent"
	"tandem/bench/internal/drive"
	"tandem/vendors"
)

// measureDesk times n offers from the simulator's write to the in-process
// desk model holding the contact, and to the tap seeing it.
func measureDesk(vendor string, n int) (run, error) {
	var r run
	sim, err := startTapped(vendor)
	if err != nil {
		return r, err
	}
	defer sim.Close()
	a, err := drive.Open(sim, nil)
	if err != nil {
		return r, err
	}
	defer a.Close()
	sub := a.Desk.Subscribe()
	defer sub.Close()
	for i := 0; i < n; i++ {
		if err := a.Ready(); err != nil {
			return r, err
		}
		sim.tap.Mark()
		t0 := time.Now()
		want, err := sim.Offer()
		if err != nil {
			return r, err
		}
		id := ""
		var popped time.Duration
		timeout := time.After(20 * time.Second)
		for id == "" {
			select {
			case ev := <-sub.Events():
				if ce, ok := ev.(vendors.ContactEvent); ok && ce.Contact.Status == vendors.ContactOffered && ce.Contact.From == want.From {
					popped = time.Since(t0)
					id = ce.Contact.ID
				}
			case <-timeout:
				return r, fmt.Errorf("offer %d never popped", i)
			}
		}
		seen, err := sim.tap.Find(offer(vendor, want.From), 5*time.Second)
		if err != nil {
			return r, fmt.Errorf("offer %d: the tap never saw %s on the wire: %w", i, want.From, err)
		}
		r.bare = append(r.bare, seen.Sub(t0))
		r.client = append(r.client, popped)
		if err := clear(a, id); err != nil {
			return r, fmt.Errorf("offer %d: %w", i, err)
		}
	}
	return r, nil
}

// clear sends the offer away the quickest way the platform allows, so the
// next one can come: reject it, or hang it up on the phone, or else take
// it through a whole call.
func clear(a *drive.Agent, id string) error {
	gone := func(s agent.Snapshot) bool {
		_, live := s.Contact(id)
		return !live
	}
	var err error
	switch {
	case a.Caps.Has(vendors.CmdReject):
		err = a.Do(vendors.Command{Kind: vendors.CmdReject, Contact: id})
	case !a.Caps.Has(vendors.CmdAnswer):
		err = a.Sim.Phone(vendors.CmdHangup, id)
	default:
		if err = a.Act(vendors.CmdAnswer, id); err == nil {
			if _, err = a.WaitContact(id, vendors.ContactConnected); err == nil {
				return a.Finish(id)
			}
		}
		return err
	}
	if err != nil {
		return err
	}
	return a.Wait(30*time.Second, gone)
}
