// Command latency measures offer-to-pop: from the simulator writing an
// offer (the moment before Offer is called) to three readers of it, per
// vendor, over N offers each:
//
//   - bare: a tap (bench/internal/tap), a relay on 127.0.0.1 between the
//     client and the simulator, stamps each read and finds when the
//     offer's bytes went by: the caller's number, and where the stream
//     carries that number earlier in other messages (Mitel's "queued",
//     Enreach's queue events), the number inside the message that offers
//     the call to the agent. Nothing is decoded: it is the floor any
//     client of that stream pays. OpenScape pushes by POSTing webhooks,
//     so there the tap sits in front of the driver's webhook listener.
//   - desk: the desk model in-process (app/agent via bench/internal/drive),
//     what the GUI draws from.
//   - tandemctl: the real tandemctl binary as a process, logged in with
//     flags and TANDEM_PASSWORD / TANDEM_OPTION_<KEY>; the time this
//     harness reads its stdout line with the offered contact.
//
// Every client reaches its simulator through a tap, so each client column
// sits beside a bare reader of its own stream; the bare column printed is
// the one on tandemctl's stream. The desk and tandemctl runs are separate
// sessions on separate simulators, one after the other.
//
// Nothing on these streams is compressed: the Enreach driver does not
// offer permessage-deflate (the simulator's SignalR server would accept
// it), and the HTTP simulators do not gzip. A compressed offer would not
// hold the caller's number in clear, and the run fails ("the tap never saw
// ...") instead of timing the wrong bytes.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
	"time"

	_ "tandem/vendors/all"
	"tandem/vendors/simulator"
)

func main() {
	vendorsFlag := flag.String("vendors", strings.Join(simulator.Names(), ","), "simulators to run")
	n := flag.Int("n", 1000, "offers per vendor (and per client)")
	ctlBin := flag.String("ctl", "bin/tandemctl", "the tandemctl binary (CGO_ENABLED=0 go build -o bin/tandemctl ./cmd/tandemctl)")
	show := flag.Bool("show", false, "for the first offer, print the bytes the tap matched and tandemctl's lines; split tandemctl's time at its line's \"at\"")
	list := flag.Bool("list", false, "print the simulators linked in and exit")
	flag.Parse()
	if *list {
		fmt.Println(strings.Join(simulator.Names(), " "))
		return
	}
	if _, err := os.Stat(*ctlBin); err != nil {
		fmt.Fprintf(os.Stderr, "latency: no tandemctl binary at %s: build it with CGO_ENABLED=0 go build -o bin/tandemctl ./cmd/tandemctl\n", *ctlBin)
		os.Exit(2)
	}
	fmt.Println("From the simulator writing an offer to: bare, a tap relaying the stream on 127.0.0.1 (OpenScape: in front of")
	fmt.Println("the driver's webhook listener) sees the offer's bytes; desk, the in-process desk model holds the contact; tandemctl,")
	fmt.Println("this harness reads tandemctl's stdout line with the offered contact. Every client goes through a tap; bare is the")
	fmt.Println("tap on tandemctl's own stream. Δp99 = tandemctl p99 - bare p99; \"over bare\" = per offer, client - bare on its stream.")
	fmt.Printf("load average before: %s\n", loadavg())
	fmt.Printf("%-10s %6s │ %27s │ %27s │ %27s │ %9s │ %19s %19s\n", "", "", "bare", "desk", "tandemctl", "", "desk over bare", "tandemctl over bare")
	fmt.Printf("%-10s %6s │ %8s %9s %8s │ %8s %9s %8s │ %8s %9s %8s │ %9s │ %9s %9s %9s %9s\n",
		"vendor", "offers", "p50", "p99", "max", "p50", "p99", "max", "p50", "p99", "max", "Δp99", "p50", "p99", "p50", "p99")
	failed := false
	for _, v := range strings.Split(*vendorsFlag, ",") {
		desk, err := measureDesk(v, *n)
		if err != nil {
			fmt.Printf("%-10s FAIL (desk): %v\n", v, err)
			failed = true
			continue
		}
		ctl, err := measureCtl(v, *n, *ctlBin, *show)
		if err != nil {
			fmt.Printf("%-10s FAIL (tandemctl): %v\n", v, err)
			failed = true
			continue
		}
		b, d, c := q(ctl.bare), q(desk.client), q(ctl.client)
		fmt.Printf("%-10s %6d │ %8s %9s %8s │ %8s %9s %8s │ %8s %9s %8s │ %9s │ %9s %9s %9s %9s\n",
			v, len(ctl.client),
			us(b.p50), us(b.p99), us(b.max), us(d.p50), us(d.p99), us(d.max), us(c.p50), us(c.p99), us(c.max),
			signed(c.p99-b.p99),
			us(q(desk.over()).p50), us(q(desk.over()).p99), us(q(ctl.over()).p50), us(q(ctl.over()).p99))
		if *show {
			in, out := make([]time.Duration, len(ctl.client)), make([]time.Duration, len(ctl.client))
			for i := range ctl.client {
				in[i], out[i] = ctl.stamped[i]-ctl.bare[i], ctl.client[i]-ctl.stamped[i]
			}
			fmt.Printf("%-10s tandemctl over bare, split at its line's \"at\": inside p50 %s p99 %s, printing and the pipe p50 %s p99 %s\n",
				v, us(q(in).p50), us(q(in).p99), us(q(out).p50), us(q(out).p99))
		}
	}
	if f, err := hopFloor(*n); err == nil {
		fmt.Printf("for scale, a second process in a path, same machine and pace: a line to cat and back (two pipes): p50 %s p99 %s max %s\n",
			us(f.p50), us(f.p99), us(f.max))
	}
	fmt.Printf("load average after: %s (other work on the machine widens the tails)\n", loadavg())
	if failed {
		os.Exit(1)
	}
}

// run is one client's figures: for each offer, the bare reader's time
// and the client's, both from the simulator's write.
type run struct {
	bare, client []time.Duration
	// stamped is, for tandemctl, the "at" of its contact line: when it
	// built the line, before writing it (same clock, same machine).
	stamped []time.Duration
}

func (r run) over() []time.Duration {
	out := make([]time.Duration, len(r.client))
	for i := range r.client {
		out[i] = r.client[i] - r.bare[i]
	}
	return out
}

type quantiles struct{ p50, p99, max time.Duration }

func q(lat []time.Duration) quantiles {
	if len(lat) == 0 {
		return quantiles{}
	}
	s := slices.Clone(lat)
	slices.Sort(s)
	at := func(p float64) time.Duration { return s[int(p*float64(len(s)-1))] }
	return quantiles{at(0.5), at(0.99), s[len(s)-1]}
}

func us(d time.Duration) string {
	switch {
	case d >= 10*time.Millisecond || d <= -10*time.Millisecond:
		return fmt.Sprintf("%.1fms", float64(d)/1e6)
	case d >= time.Millisecond || d <= -time.Millisecond:
		return fmt.Sprintf("%.2fms", float64(d)/1e6)
	}
	return fmt.Sprintf("%dµs", d.Microseconds())
}

func signed(d time.Duration) string {
	if d >= 0 {
		return "+" + us(d)
	}
	return us(d)
}

// loadavg is the 1, 5 and 15 minute load averages.
func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(b)); err == nil && len(f) >= 3 {
		return strings.Join(f[:3], " ")
	}
	return "?"
}

// hopFloor times n lines written to cat and read back, one every 2 ms as
// the offers come: what a second process in the path costs on this
// machine as it is loaded now, before any work of tandemctl's own.
func hopFloor(n int) (quantiles, error) {
	cmd := exec.Command("cat")
	in, err := cmd.StdinPipe()
	if err != nil {
		return quantiles{}, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return quantiles{}, err
	}
	if err := cmd.Start(); err != nil {
		return quantiles{}, err
	}
	defer cmd.Wait()
	defer in.Close()
	br := bufio.NewReader(out)
	lat := make([]time.Duration, 0, n)
	for range n {
		time.Sleep(2 * time.Millisecond)
		t0 := time.Now()
		if _, err := in.Write([]byte("offer\n")); err != nil {
			return quantiles{}, err
		}
		if _, err := br.ReadSlice('\n'); err != nil {
			return quantiles{}, err
		}
		lat = append(lat, time.Since(t0))
	}
	return q(lat), nil
}
