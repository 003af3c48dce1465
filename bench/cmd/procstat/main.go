// Command procstat measures the real tandemctl binary as a process: its
// proportional set size (PSS) idle and after N contacts, its Go heap (from
// TANDEM_DEBUG_STATS) and its CPU time while idle. The contact center is a
// separate ccsim process, so its memory is not counted.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
)

func main() {
	ctl := flag.String("ctl", "bin/tandemctl", "tandemctl binary")
	ccsim := flag.String("ccsim", "bin/ccsim", "ccsim binary")
	n := flag.Int("n", 500, "contacts to take")
	idle := flag.Duration("idle", 60*time.Second, "idle time for the CPU figure")
	flag.Parse()
	if err := run(*ctl, *ccsim, *n, *idle); err != nil {
		fmt.Fprintln(os.Stderr, "procstat:", err)
		os.Exit(1)
	}
}

var connectRE = regexp.MustCompile(`TANDEM_PASSWORD=(\S+) tandemctl --vendor demo --url (\S+) --user (\S+)`)

func run(ctlBin, simBin string, n int, idle time.Duration) error {
	sim := exec.Command(simBin, "--rate", "0")
	simIn, _ := sim.StdinPipe()
	simOut, _ := sim.StdoutPipe()
	if err := sim.Start(); err != nil {
		return err
	}
	defer sim.Process.Kill()
	sc := bufio.NewScanner(simOut)
	var m []string
	for sc.Scan() {
		if m = connectRE.FindStringSubmatch(sc.Text()); m != nil {
			break
		}
	}
	if m == nil {
		return fmt.Errorf("ccsim did not say how to connect")
	}
	go io.Copy(io.Discard, simOut)

	ctl := exec.Command(ctlBin, "--vendor", "demo", "--url", m[2], "--user", m[3])
	ctl.Env = append(os.Environ(), "TANDEM_PASSWORD="+m[1], "TANDEM_DEBUG_STATS=1s")
	in, _ := ctl.StdinPipe()
	out, _ := ctl.StdoutPipe()
	errPipe, _ := ctl.StderrPipe()
	if err := ctl.Start(); err != nil {
		return err
	}
	defer ctl.Process.Kill()
	var mu sync.Mutex
	lastStats := ""
	go func() {
		s := bufio.NewScanner(errPipe)
		for s.Scan() {
			if strings.HasPrefix(s.Text(), "stats ") {
				mu.Lock()
				lastStats = s.Text()
				mu.Unlock()
			}
		}
	}()
	events := make(chan map[string]any, 1024)
	go func() {
		s := bufio.NewScanner(out)
		for s.Scan() {
			var ev map[string]any
			if json.Unmarshal(s.Bytes(), &ev) == nil {
				events <- ev
			}
		}
		close(events)
	}()
	expect := func(match func(map[string]any) bool) (map[string]any, error) {
		timeout := time.After(20 * time.Second)
		for {
			select {
			case ev, ok := <-events:
				if !ok {
					return nil, fmt.Errorf("tandemctl ended")
				}
				if match(ev) {
					return ev, nil
				}
			case <-timeout:
				return nil, fmt.Errorf("timeout")
			}
		}
	}
	is := func(kv ...string) func(map[string]any) bool {
		return func(ev map[string]any) bool {
			for i := 0; i < len(kv); i += 2 {
				if fmt.Sprint(ev[kv[i]]) != kv[i+1] {
					return false
				}
			}
			return true
		}
	}
	if _, err := expect(is("type", "state", "state", "ready")); err != nil {
		return fmt.Errorf("login: %w", err)
	}
	heap := func() string {
		time.Sleep(1200 * time.Millisecond)
		mu.Lock()
		defer mu.Unlock()
		return statField(lastStats, "heap_inuse")
	}
	pid := ctl.Process.Pid
	time.Sleep(2 * time.Second)
	pssIdle, heapIdle := pss(pid), heap()

	t0 := cpuTicks(pid)
	time.Sleep(idle)
	cpu := float64(cpuTicks(pid)-t0) / 100 / idle.Seconds() * 100

	start := time.Now()
	for i := 0; i < n; i++ {
		fmt.Fprintln(simIn, "offer")
		ev, err := expect(is("type", "contact", "status", "offered"))
		if err != nil {
			return fmt.Errorf("contact %d: offer: %w", i, err)
		}
		id := fmt.Sprint(ev["id"])
		steps := []struct{ cmd, status string }{
			{`{"cmd":"answer","contact":"` + id + `"}`, "connected"},
			{`{"cmd":"hangup","contact":"` + id + `"}`, "wrap_up"},
			{`{"cmd":"wrapup","contact":"` + id + `","code":"1","notes":"bench"}`, "ended"},
		}
		for _, s := range steps {
			fmt.Fprintln(in, s.cmd)
			if _, err := expect(is("type", "contact", "id", id, "status", s.status)); err != nil {
				return fmt.Errorf("contact %d: %s: %w", i, s.status, err)
			}
		}
	}
	took := time.Since(start)
	pssAfter, heapAfter := pss(pid), heap()
	fmt.Printf("%-34s %s\n", "tandemctl PSS idle", kib(pssIdle))
	fmt.Printf("%-34s %s\n", fmt.Sprintf("tandemctl PSS after %d contacts", n), kib(pssAfter))
	fmt.Printf("%-34s %s\n", "tandemctl Go heap idle", bytes(heapIdle))
	fmt.Printf("%-34s %s\n", fmt.Sprintf("tandemctl Go heap after %d contacts", n), bytes(heapAfter))
	fmt.Printf("%-34s %.3f%% of one core over %s\n", "tandemctl CPU idle", cpu, idle)
	fmt.Printf("%-34s %.1f contacts/s through tandemctl\n", "contact rate", float64(n)/took.Seconds())
	in.Close()
	ctl.Wait()
	return nil
}

func statField(line, key string) string {
	for _, f := range strings.Fields(line) {
		if v, ok := strings.CutPrefix(f, key+"="); ok {
			return v
		}
	}
	return ""
}

// pss reads the process's proportional set size in KiB.
func pss(pid int) int {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/smaps_rollup", pid))
	if err != nil {
		return -1
	}
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) >= 2 && f[0] == "Pss:" {
			v, _ := strconv.Atoi(f[1])
			return v
		}
	}
	return -1
}

// cpuTicks is utime+stime in clock ticks (100 per second on Linux).
func cpuTicks(pid int) int {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+2:])
	u, _ := strconv.Atoi(f[11])
	st, _ := strconv.Atoi(f[12])
	return u + st
}

func kib(v int) string { return fmt.Sprintf("%.1f MB", float64(v)/1024) }

func bytes(s string) string {
	v, err := strconv.Atoi(s)
	if err != nil {
		return "?"
	}
	return fmt.Sprintf("%.1f MB", float64(v)/(1<<20))
}
