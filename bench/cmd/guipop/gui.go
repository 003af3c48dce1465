package main

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"tandem/app/profile"
	"tandem/app/secrets"
	"tandem/vendors"
	"tandem/vendors/simulator"
)

// gui is one run of the real GUI binary, logged in to a simulator with a
// saved profile, its stderr read for the desk's state, its contacts and
// the poptrace lines.
type gui struct {
	cmd     *exec.Cmd
	pid     int    // the tandem process (under heaptrack: its child)
	title   string // the desk window's title
	htOut   string // heaptrack's output file, "" without
	home    string // the run's folder (heap profiles land there)
	exited  chan struct{}
	pops    chan popLine
	mu      sync.Mutex
	state   vendors.State
	live    map[string]vendors.ContactStatus
	heapKB  int64 // heap_inuse_kb of the last memstats line
	allocKB int64 // heap_alloc_kb of it: after a GC, the live heap
	routine int64
	memSeq  int      // memstats lines seen
	gcSeq   int      // of them, the ones logged right after a requested GC
	gcStats [3]int64 // heap_inuse_kb, heap_alloc_kb, goroutines of the last such line
	startup string
	tail    []string
}

type guiOptions struct {
	bin       string
	heaptrack string // output prefix: run under heaptrack
	home      string // a fresh folder for the profile store
	log       string // a file to copy the GUI's stderr to, "" none
}

// setupProfile saves a profile for the simulator in the store under
// home, its password and secret options in the keyring (never a file).
func setupProfile(home, name string, sim simulator.Sim, notify bool) (func(), error) {
	cfg := sim.Config()
	p := profile.Profile{Name: name, Vendor: sim.Vendor(), URL: cfg.URL, User: cfg.User, Agent: cfg.Agent,
		Extension: cfg.Extension, Options: map[string]string{}, RememberPassword: true}
	secret := map[string]bool{}
	for _, s := range p.SecretOptions() {
		secret[s.Key] = true
	}
	var keys []string
	for k, v := range cfg.Options {
		if secret[k] {
			if err := secrets.Save(name, k, v); err != nil {
				return nil, fmt.Errorf("keyring: %w", err)
			}
			keys = append(keys, k)
			continue
		}
		p.Options[k] = v
	}
	if p.NeedsPassword() {
		if err := secrets.Save(name, secrets.Password, cfg.Password); err != nil {
			return nil, fmt.Errorf("keyring: %w", err)
		}
		keys = append(keys, secrets.Password)
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	st := &profile.Store{Dir: filepath.Join(home, "config", "tandem")}
	if err := st.Save(p); err != nil {
		return nil, err
	}
	if !notify {
		prefs := profile.DefaultPrefs()
		prefs.Notifications = false
		if err := st.SavePrefs(prefs); err != nil {
			return nil, err
		}
	}
	return func() {
		for _, k := range keys {
			_ = secrets.Delete(name, k)
		}
	}, nil
}

// startGUI launches the GUI logged in to the profile and waits until it
// logged its first frame and a connected desk.
func startGUI(o guiOptions, name string) (*gui, error) {
	args := []string{"--profile", name, "-v"}
	var cmd *exec.Cmd
	if o.heaptrack != "" {
		cmd = exec.Command("heaptrack", append([]string{"-o", o.heaptrack, o.bin}, args...)...)
	} else {
		cmd = exec.Command(o.bin, args...)
	}
	cmd.Env = append(os.Environ(),
		"XDG_CONFIG_HOME="+filepath.Join(o.home, "config"),
		"TANDEM_DEBUG_POPTRACE=1", "TANDEM_DEBUG_MEMSTATS=1", "NO_AT_BRIDGE=1")
	if o.heaptrack == "" && *dumpDir != "" && *heapProf {
		// SIGUSR1 then also writes a heap profile (and the goroutines) here.
		cmd.Env = append(cmd.Env, "TANDEM_DEBUG_HEAPPROFILE="+filepath.Join(o.home, "heap.pprof"))
	}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	errPipe, err := cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	g := &gui{cmd: cmd, pid: cmd.Process.Pid, home: o.home, title: "Tandem — " + name, exited: make(chan struct{}),
		pops: make(chan popLine, 64), live: map[string]vendors.ContactStatus{}}
	if o.heaptrack != "" {
		g.htOut = o.heaptrack
	}
	var logFile *os.File
	if o.log != "" {
		logFile, _ = os.Create(o.log)
	}
	go func() {
		if logFile != nil {
			defer logFile.Close()
		}
		sc := bufio.NewScanner(errPipe)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			if logFile != nil {
				fmt.Fprintln(logFile, sc.Text())
			}
			g.line(sc.Text())
		}
	}()
	go func() {
		cmd.Wait()
		close(g.exited)
	}()
	if o.heaptrack != "" {
		// heaptrack is a script that runs tandem as its child.
		err := waitFor(30*time.Second, g, func() bool {
			g.pid = childNamed(cmd.Process.Pid, "tandem")
			return g.pid > 0
		})
		if err != nil {
			g.kill()
			return nil, fmt.Errorf("no tandem under heaptrack")
		}
	}
	if err := waitFor(60*time.Second, g, func() bool {
		g.mu.Lock()
		defer g.mu.Unlock()
		return g.startup != "" && g.state != ""
	}); err != nil {
		g.kill()
		return nil, fmt.Errorf("the desk never came up: %w%s", err, g.logTail())
	}
	return g, nil
}

// line takes one line of the GUI's stderr.
func (g *gui) line(s string) {
	if p, ok := parsePop(s); ok {
		g.pops <- p
		return
	}
	f := logFields(s)
	g.mu.Lock()
	defer g.mu.Unlock()
	if f["msg"] != "memstats" {
		g.tail = append(g.tail, s)
		if len(g.tail) > 20 {
			g.tail = g.tail[1:]
		}
	}
	switch f["msg"] {
	case "first frame":
		g.startup = f["startup"]
	case "state":
		g.state = vendors.State(f["state"])
	case "contact":
		st := vendors.ContactStatus(f["status"])
		if st.Live() {
			g.live[f["id"]] = st
		} else {
			delete(g.live, f["id"])
		}
	case "memstats":
		g.heapKB, _ = strconv.ParseInt(f["heap_inuse_kb"], 10, 64)
		g.allocKB, _ = strconv.ParseInt(f["heap_alloc_kb"], 10, 64)
		g.routine, _ = strconv.ParseInt(f["goroutines"], 10, 64)
		g.memSeq++
		if f["forced"] == "true" {
			g.gcStats = [3]int64{g.heapKB, g.allocKB, g.routine}
			g.gcSeq++
		}
	}
}

func (g *gui) logTail() string {
	g.mu.Lock()
	defer g.mu.Unlock()
	if len(g.tail) == 0 {
		return ""
	}
	return "; its log ends:\n  " + strings.Join(g.tail, "\n  ")
}

// status is the GUI's view of a contact ("" when it is not on the desk).
func (g *gui) status(id string) vendors.ContactStatus {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.live[id]
}

// idle is true when the desk is ready with no contact.
func (g *gui) idle() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.state == vendors.StateReady && len(g.live) == 0
}

// gc asks the GUI for a full GC and a memstats line (SIGUSR1, handled
// when TANDEM_DEBUG_MEMSTATS is set, as startGUI sets it) and returns that
// line's Go heap in use and live (KiB) and goroutines: the figures right
// after the GC, before anything allocates again (writing a heap profile
// does, a lot).
func (g *gui) gc() (inuseKB, liveKB, goroutines int64) {
	g.mu.Lock()
	seq, gcSeq := g.memSeq, g.gcSeq
	g.mu.Unlock()
	_ = syscall.Kill(g.pid, syscall.SIGUSR1)
	_ = waitFor(5*time.Second, g, func() bool {
		g.mu.Lock()
		defer g.mu.Unlock()
		return g.gcSeq > gcSeq
	})
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.gcSeq > gcSeq {
		return g.gcStats[0], g.gcStats[1], g.gcStats[2]
	}
	if g.memSeq > seq { // a binary that does not mark the line
		return g.heapKB, g.allocKB, g.routine
	}
	return 0, 0, 0
}

// dump keeps the heap profile and goroutines the last SIGUSR1 wrote, and
// the smaps, in -mem-dump's folder, named by the contacts so far.
func (g *gui) dump(contacts int) {
	if *dumpDir == "" {
		return
	}
	_ = os.MkdirAll(*dumpDir, 0o755)
	cp := func(from, to string) {
		if b, err := os.ReadFile(from); err == nil {
			_ = os.WriteFile(filepath.Join(*dumpDir, fmt.Sprintf(to, contacts)), b, 0o644)
		}
	}
	cp(filepath.Join(g.home, "heap.pprof"), "heap-%d.pprof")
	cp(filepath.Join(g.home, "heap.pprof.goroutines"), "goroutines-%d.txt")
	cp(fmt.Sprintf("/proc/%d/smaps", g.pid), "smaps-%d.txt")
	cp(fmt.Sprintf("/proc/%d/status", g.pid), "status-%d.txt")
}

// kill ends the GUI at once (SIGKILL: under heaptrack, the live heap is
// then what was live at that moment) and waits for it.
func (g *gui) kill() {
	_ = syscall.Kill(g.pid, syscall.SIGKILL)
	select {
	case <-g.exited:
	case <-time.After(60 * time.Second):
		_ = syscall.Kill(-g.cmd.Process.Pid, syscall.SIGKILL)
		<-g.exited
	}
}

// waitFor polls cond until it holds, the GUI exits or d passes.
func waitFor(d time.Duration, g *gui, cond func() bool) error {
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		if cond() {
			return nil
		}
		select {
		case <-g.exited:
			return fmt.Errorf("tandem exited")
		case <-time.After(2 * time.Millisecond):
		}
	}
	return fmt.Errorf("timed out after %s", d)
}

// childNamed finds a child process of parent by its command name.
func childNamed(parent int, name string) int {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/task/%d/children", parent, parent))
	if err != nil {
		return 0
	}
	for _, f := range strings.Fields(string(b)) {
		pid, _ := strconv.Atoi(f)
		comm, _ := os.ReadFile(fmt.Sprintf("/proc/%d/comm", pid))
		if strings.TrimSpace(string(comm)) == name {
			return pid
		}
	}
	return 0
}

// pss reads the process's PSS, the GL driver's mappings' share and the
// anonymous mappings' share, KiB.
func pss(pid int) (total, gl, anon int64, err error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/smaps", pid))
	if err != nil {
		return 0, 0, 0, err
	}
	defer f.Close()
	total, gl, anon = smapsPSS(f)
	return total, gl, anon, nil
}

// xdo runs xdotool (the keyboard path of a wrap-up).
func xdo(args ...string) (string, error) {
	out, err := exec.Command("xdotool", args...).Output()
	return strings.TrimSpace(string(out)), err
}
