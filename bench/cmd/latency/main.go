// Command latency measures offer-to-pop: from the simulator writing an
// offer to the desk model holding the contact (what tandemctl prints and
// the GUI draws from), p50 and p99 over N offers per vendor.
package main

import (
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"tandem/app/agent"
	"tandem/bench/internal/drive"
	"tandem/vendors"
	_ "tandem/vendors/all"
	"tandem/vendors/simulator"
)

func main() {
	vendorsFlag := flag.String("vendors", strings.Join(simulator.Names(), ","), "simulators to run")
	n := flag.Int("n", 1000, "offers per vendor")
	list := flag.Bool("list", false, "print the simulators linked in and exit")
	flag.Parse()
	if *list {
		fmt.Println(strings.Join(simulator.Names(), " "))
		return
	}
	fmt.Printf("%-10s %6s %10s %10s %10s\n", "vendor", "offers", "p50", "p99", "max")
	failed := false
	for _, v := range strings.Split(*vendorsFlag, ",") {
		lat, err := measure(v, *n)
		if err != nil {
			fmt.Printf("%-10s FAIL: %v\n", v, err)
			failed = true
			continue
		}
		slices.Sort(lat)
		q := func(p float64) time.Duration { return lat[int(p*float64(len(lat)-1))] }
		fmt.Printf("%-10s %6d %10s %10s %10s\n", v, len(lat), q(0.5).Round(time.Microsecond), q(0.99).Round(time.Microsecond), lat[len(lat)-1].Round(time.Microsecond))
	}
	if failed {
		os.Exit(1)
	}
}

func measure(vendor string, n int) ([]time.Duration, error) {
	sim, err := simulator.Start(vendor, simulator.Options{})
	if err != nil {
		return nil, err
	}
	defer sim.Close()
	a, err := drive.Open(sim, nil)
	if err != nil {
		return nil, err
	}
	defer a.Close()
	sub := a.Desk.Subscribe()
	defer sub.Close()
	var out []time.Duration
	for i := 0; i < n; i++ {
		if err := a.Ready(); err != nil {
			return out, err
		}
		t0 := time.Now()
		want, err := sim.Offer()
		if err != nil {
			return out, err
		}
		id := ""
		timeout := time.After(20 * time.Second)
		for id == "" {
			select {
			case ev := <-sub.Events():
				if ce, ok := ev.(vendors.ContactEvent); ok && ce.Contact.Status == vendors.ContactOffered && ce.Contact.From == want.From {
					out = append(out, time.Since(t0))
					id = ce.Contact.ID
				}
			case <-timeout:
				return out, fmt.Errorf("offer %d never popped", i)
			}
		}
		if err := clear(a, id); err != nil {
			return out, fmt.Errorf("offer %d: %w", i, err)
		}
	}
	return out, nil
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
