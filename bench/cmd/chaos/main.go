// Command chaos drives each driver through live contacts while its
// connection is cut again and again: drops by the simulator, drops in the
// network, and silent drops (a proxy that blackholes the traffic, as laptop
// sleep or a NAT timeout does). It checks the driver always recovers,
// notices a silent drop within 15 s, ends with the simulator's state, and
// loses or duplicates no contact. It prints one line per vendor.
package main

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"time"

	"tandem/app/agent"
	"tandem/bench/internal/drive"
	"tandem/bench/internal/proxy"
	"tandem/vendors"
	_ "tandem/vendors/all"
	"tandem/vendors/simulator"
)

func main() {
	vendorsFlag := flag.String("vendors", strings.Join(simulator.Names(), ","), "simulators to run")
	drops := flag.Int("drops", 50, "connection drops per vendor")
	silent := flag.Int("silent", 3, "of which silent (blackholed) drops")
	flag.Parse()
	fmt.Printf("%-10s %6s %7s %12s %10s %6s %10s %s\n", "vendor", "drops", "silent", "max-notice", "recovered", "lost", "duplicated", "final-state")
	failed := false
	for _, v := range strings.Split(*vendorsFlag, ",") {
		r := run(v, *drops, *silent)
		fmt.Println(r)
		if r.err != nil {
			failed = true
		}
	}
	if failed {
		os.Exit(1)
	}
}

type result struct {
	vendor        string
	drops, silent int
	maxNotice     time.Duration
	recovered     int
	lost, dup     int
	finalState    string
	err           error
}

func (r result) String() string {
	s := fmt.Sprintf("%-10s %6d %7d %12s %10d %6d %10d %s", r.vendor, r.drops, r.silent, r.maxNotice.Round(time.Millisecond), r.recovered, r.lost, r.dup, r.finalState)
	if r.err != nil {
		s += "  FAIL: " + r.err.Error()
	}
	return s
}

func run(vendor string, drops, silent int) (res result) {
	res.vendor = vendor
	sim, err := simulator.Start(vendor, simulator.Options{})
	if err != nil {
		res.err = err
		return
	}
	defer sim.Close()
	var px *proxy.Proxy
	a, err := drive.Open(sim, func(host string) string {
		px, err = proxy.Start(host)
		if err != nil {
			return host
		}
		return px.Addr()
	})
	if err != nil || px == nil {
		res.err = fmt.Errorf("open: %v", err)
		return
	}
	defer px.Close()
	defer a.Close()

	silentAt := map[int]bool{}
	for len(silentAt) < silent && len(silentAt) < drops {
		silentAt[rand.IntN(drops)] = true
	}
	offered := map[string]bool{}
	for i := 0; i < drops; i++ {
		if err := a.Ready(); err != nil {
			res.err = fmt.Errorf("drop %d: ready: %w", i, err)
			return
		}
		want, err := sim.Offer()
		if err != nil {
			res.err = err
			return
		}
		id, err := a.WaitOffer(want.From)
		if err != nil {
			res.err = fmt.Errorf("drop %d: %w", i, err)
			return
		}
		offered[want.From] = true
		if err := a.Act(vendors.CmdAnswer, id); err != nil {
			res.err = fmt.Errorf("drop %d: answer: %w", i, err)
			return
		}
		if _, err := a.WaitContact(id, vendors.ContactConnected); err != nil {
			res.err = fmt.Errorf("drop %d: %w", i, err)
			return
		}
		before := a.Recoveries()
		start := time.Now()
		switch {
		case silentAt[i]:
			res.silent++
			px.Blackhole(true)
			if err := a.Wait(40*time.Second, func(s agent.Snapshot) bool { return s.Conn != vendors.Connected }); err != nil {
				px.Blackhole(false)
				res.err = fmt.Errorf("silent drop %d never noticed", i)
				return
			}
			if n := time.Since(start); n > res.maxNotice {
				res.maxNotice = n
			}
			px.Blackhole(false)
			px.Drop()
		case rand.IntN(2) == 0:
			sim.Drop()
		default:
			px.Drop()
		}
		res.drops++
		// A stateless poller (REST) may simply open a new connection on its
		// next request and never be disconnected: that is a recovery too.
		if err := a.Wait(60*time.Second, func(s agent.Snapshot) bool {
			return s.Conn == vendors.Connected && (a.Recoveries() > before || time.Since(start) > 3*time.Second)
		}); err != nil {
			res.err = fmt.Errorf("drop %d: never reconnected", i)
			return
		}
		res.recovered++
		if _, err := a.WaitContact(id, vendors.ContactConnected); err != nil {
			res.lost++
			res.err = fmt.Errorf("drop %d: the live contact did not survive: %w", i, err)
			return
		}
		if err := a.Finish(id); err != nil {
			res.err = fmt.Errorf("drop %d: finish: %w", i, err)
			return
		}
	}
	// The last contact's wrap-up may still be ending on the platform's own
	// timer: give the two pictures time to agree before comparing them.
	_ = a.Wait(20*time.Second, func(s agent.Snapshot) bool {
		return len(s.Contacts) == 0 && s.State.State == sim.State()
	})
	s := a.Desk.Snapshot()
	res.dup += len(s.Contacts)
	seen := map[string]int{}
	for _, h := range s.History {
		if h.Direction == vendors.Inbound && h.Related == "" {
			seen[h.From]++
		}
	}
	for from := range offered {
		switch n := seen[from]; {
		case n == 0:
			res.lost++
		case n > 1:
			res.dup += n - 1
		}
	}
	res.finalState = fmt.Sprintf("%s=%s", s.State.State, sim.State())
	if s.State.State != sim.State() {
		res.err = fmt.Errorf("the desk says %s, the platform %s", s.State.State, sim.State())
	}
	if res.lost > 0 || res.dup > 0 {
		res.err = fmt.Errorf("%d contacts lost, %d duplicated", res.lost, res.dup)
	}
	return
}
