// Command soak compresses a shift: N contacts through a simulator and the
// real driver and desk, as fast as the agent can take them, sampling the Go
// heap (after a GC), goroutines and open file descriptors, to show they
// stay flat.
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"time"

	"tandem/bench/internal/drive"
	"tandem/vendors"
	_ "tandem/vendors/all"
	"tandem/vendors/simulator"
)

func main() {
	vendor := flag.String("vendor", "demo", "simulator to run")
	n := flag.Int("n", 5000, "contacts")
	every := flag.Int("every", 500, "sample every this many contacts")
	flag.Parse()
	sim, err := simulator.Start(*vendor, simulator.Options{})
	if err != nil {
		fail(err)
	}
	defer sim.Close()
	a, err := drive.Open(sim, nil)
	if err != nil {
		fail(err)
	}
	defer a.Close()
	fmt.Printf("%-8s %10s %11s %7s %10s\n", "contacts", "heap-KiB", "goroutines", "fds", "elapsed")
	start := time.Now()
	var first, last sample
	for i := 1; i <= *n; i++ {
		if err := a.Ready(); err != nil {
			fail(err)
		}
		want, err := sim.Offer()
		if err != nil {
			fail(err)
		}
		id, err := a.WaitOffer(want.From)
		if err != nil {
			fail(err)
		}
		if err := a.Act(vendors.CmdAnswer, id); err != nil {
			fail(err)
		}
		if _, err := a.WaitContact(id, vendors.ContactConnected); err != nil {
			fail(err)
		}
		if err := a.Finish(id); err != nil {
			fail(err)
		}
		if i%*every == 0 || i == 1 {
			s := take()
			if i == *every {
				first = s
			}
			last = s
			fmt.Printf("%-8d %10d %11d %7d %10s\n", i, s.heap/1024, s.goroutines, s.fds, time.Since(start).Round(time.Millisecond))
		}
	}
	h := a.Desk.Snapshot()
	fmt.Printf("handled %d contacts (history keeps %d); heap %+.1f%%, goroutines %+d, fds %+d from contact %d to %d\n",
		h.Handled, len(h.History), 100*(float64(last.heap)-float64(first.heap))/float64(first.heap), last.goroutines-first.goroutines, last.fds-first.fds, *every, *n)
}

type sample struct {
	heap       uint64
	goroutines int
	fds        int
}

func take() sample {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	fds, _ := os.ReadDir("/proc/self/fd")
	return sample{heap: m.HeapInuse, goroutines: runtime.NumGoroutine(), fds: len(fds)}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "soak:", err)
	os.Exit(1)
}
