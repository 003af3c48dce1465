// Command guipop measures offer-to-pop through the real GUI: a simulator
// runs in-process, the real tandem binary logs in to it (profile saved,
// secrets in the keyring) and the harness offers contacts one after
// another, each cleared again from the simulator's phone side. The GUI's
// TANDEM_DEBUG_POPTRACE says when each contact's card was first painted
// and its notification call returned; p50/p99/max per vendor.
//
// With -mem N it also measures the GUI's memory on the demo: PSS idle and
// after N contacts (and a settle), the software GL driver's share apart
// (its mapped libraries' PSS, and with -heaptrack its live C-heap mallocs
// from separate runs under heaptrack) and the Go heap.
//
// It needs a desktop session (bench/gui.sh runs it inside one: Xvfb, an
// unlocked keyring, a notification daemon).
package main

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"tandem/vendors"
	_ "tandem/vendors/all"
	"tandem/vendors/simulator"
)

func main() {
	bin := flag.String("bin", "bin/tandem", "the GUI binary (build/gui.sh)")
	vendorsFlag := flag.String("vendors", "mitel,openscape,incontact,enreach", "push vendors to measure offer-to-pop on")
	n := flag.Int("n", 1000, "offers per vendor")
	mem := flag.Int("mem", 500, "contacts through the GUI for the memory figures (0: none)")
	memVendor := flag.String("mem-vendor", "mitel", "simulator the memory runs log in to")
	warm := flag.Int("mem-warm", 50, "also measure after this many contacts (Fyne loads the fonts the cards use on the first ones), 0: not")
	idle := flag.Duration("idle", 10*time.Second, "settle after login before the idle memory figure")
	settle := flag.Duration("settle", 90*time.Second, "settle after the contacts before the memory figure (Fyne's caches expire after a minute)")
	noNotify = flag.Bool("no-notify", false, "switch the GUI's notifications off (to see their share)")
	gap = flag.Duration("gap", 0, "pause a random 0..gap before each offer (0: offer the moment the last contact left the desk, while the desk is still repainting without it)")
	guiLog = flag.String("guilog", "", "copy each GUI run's stderr to DIR/NAME.log")
	ht := flag.Bool("heaptrack", true, "attribute the GL driver's C heap with heaptrack (separate runs)")
	more := flag.String("mem-more", "", "further steps after -mem, comma-separated contact counts (e.g. 1000: is it flat?)")
	dumpDir = flag.String("mem-dump", "", "keep the GUI's smaps at each memory step (smaps-N.txt) and heaptrack's files in DIR")
	heapProf = flag.Bool("mem-profile", false, "with -mem-dump, also a Go heap profile and the goroutines at each step (heap-N.pprof, goroutines-N.txt); writing them allocates, so the PSS figures read higher")
	flag.Parse()

	tmp, err := os.MkdirTemp("", "guipop")
	if err != nil {
		fail(err)
	}
	defer os.RemoveAll(tmp)
	b := &bench{bin: *bin, tmp: tmp}

	failed := false
	printLatencyHead()
	for _, v := range strings.Split(*vendorsFlag, ",") {
		if v = strings.TrimSpace(v); v == "" {
			continue
		}
		start := time.Now()
		r, err := b.latency(v, *n)
		fmt.Fprintf(os.Stderr, "guipop: %s: %d offers in %s\n", v, len(r.painted), time.Since(start).Round(time.Second))
		if err != nil {
			fmt.Fprintf(os.Stderr, "guipop: %s: %v\n", v, err)
			failed = true
		}
		if len(r.painted) > 0 {
			printRow(r)
		}
	}
	var figs []memFig
	if *mem > 0 {
		steps := []int{0}
		if *warm > 0 && *warm < *mem {
			steps = append(steps, *warm)
		}
		steps = append(steps, *mem)
		for _, f := range strings.Split(*more, ",") {
			if n, err := strconv.Atoi(strings.TrimSpace(f)); err == nil && n > steps[len(steps)-1] {
				steps = append(steps, n)
			}
		}
		var err error
		figs, err = b.memory(*memVendor, steps, *idle, *settle)
		if err != nil {
			fmt.Fprintf(os.Stderr, "guipop: memory (%s): %v\n", *memVendor, err)
			failed = true
		}
	}
	if len(figs) > 1 {
		var hIdle, hAfter leaks
		htNote := "not measured (heaptrack not installed or -heaptrack=false)"
		if _, err := exec.LookPath("heaptrack"); err == nil && *ht {
			hIdle, hAfter, err = b.heaptrack(*memVendor, *mem, *idle, *settle)
			if err != nil {
				fmt.Fprintln(os.Stderr, "guipop: heaptrack:", err)
				failed = true
				htNote = "failed: " + err.Error()
			} else {
				htNote = ""
			}
		}
		printMemory(*memVendor, *idle, *settle, figs, hIdle, hAfter, htNote)
	}
	if failed {
		os.Exit(1)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "guipop:", err)
	os.Exit(1)
}

var (
	noNotify *bool
	gap      *time.Duration
	guiLog   *string
	dumpDir  *string
	heapProf *bool
)

type bench struct {
	bin string
	tmp string
	seq int
}

// row is one vendor's offers: from the simulator writing the offer to
// the desk seeing it, the card first painted, the notification sent.
type row struct {
	vendor                  string
	seen, painted, notified []time.Duration
	frame                   []time.Duration // painted - seen: the GUI's own share
	// of which: the UI thread taking up the refresh and building the
	// card (built - seen), and painting it (painted - built)
	build, paint  []time.Duration
	notifyMissing int
}

// session is a simulator with the GUI logged in to it.
type session struct {
	vendor string
	sim    simulator.Sim
	g      *gui
	wid    string
	lastSt time.Time
	forget func()
	// keyboard: a wrap-up here ends only on the desk; notes: its form
	// has notes (learnt on the first contact).
	keyboard, notes bool
}

func (b *bench) open(vendor, heaptrack string) (*session, error) {
	b.seq++
	sim, err := simulator.Start(vendor, simulator.Options{})
	if err != nil {
		return nil, err
	}
	home := filepath.Join(b.tmp, fmt.Sprintf("run%d", b.seq))
	name := fmt.Sprintf("Bench %s %d", vendor, b.seq)
	forget, err := setupProfile(home, name, sim, !*noNotify)
	if err != nil {
		sim.Close()
		return nil, err
	}
	o := guiOptions{bin: b.bin, heaptrack: heaptrack, home: home}
	if *guiLog != "" {
		o.log = filepath.Join(*guiLog, fmt.Sprintf("%d-%s.log", b.seq, vendor))
	}
	g, err := startGUI(o, name)
	if err != nil {
		forget()
		sim.Close()
		return nil, err
	}
	s := &session{vendor: vendor, sim: sim, g: g, forget: forget}
	if err := s.ready(); err != nil {
		s.close()
		return nil, err
	}
	return s, nil
}

func (s *session) close() {
	s.g.kill()
	s.forget()
	s.sim.Close()
}

// ready makes the agent ready from the platform side (as a supervisor or
// the phone would) and waits until the GUI shows a ready, empty desk.
func (s *session) ready() error {
	return waitFor(30*time.Second, s.g, func() bool {
		if s.sim.State() != vendors.StateReady && time.Since(s.lastSt) > 300*time.Millisecond {
			s.lastSt = time.Now()
			_ = s.sim.SetState(vendors.StateReady, "")
		}
		return s.g.idle()
	})
}

// offer offers one contact and returns its poptrace line, timed from
// just before the simulator wrote it.
func (s *session) offer() (popLine, time.Time, error) {
	for len(s.g.pops) > 0 { // lines of an offer that timed out
		<-s.g.pops
	}
	if err := s.ready(); err != nil {
		return popLine{}, time.Time{}, fmt.Errorf("not ready: %w%s", err, s.g.logTail())
	}
	if *gap > 0 {
		time.Sleep(rand.N(*gap))
	}
	t0 := time.Now()
	want, err := s.sim.Offer()
	if err != nil {
		return popLine{}, t0, err
	}
	timeout := time.After(20 * time.Second)
	for {
		select {
		case p := <-s.g.pops:
			if p.From == want.From || want.From == "" {
				return p, t0, nil
			}
		case <-s.g.exited:
			return popLine{}, t0, fmt.Errorf("tandem exited%s", s.g.logTail())
		case <-timeout:
			return popLine{}, t0, fmt.Errorf("no card painted for the offer from %s within 20 s", want.From)
		}
	}
}

// clear sends the contact away from the phone side: the caller hangs up
// (a platform whose phone cannot hang up a ringing call has it answered
// first); a wrap-up that follows is ended from the platform side (the
// agent made ready), or else on the desk with the keyboard, as an agent
// would.
func (s *session) clear(id string) error {
	if err := s.sim.Phone(vendors.CmdHangup, id); err != nil {
		if err := s.sim.Phone(vendors.CmdAnswer, id); err != nil {
			return fmt.Errorf("answer on the phone: %w", err)
		}
		if err := waitFor(10*time.Second, s.g, func() bool { return s.g.status(id) == vendors.ContactConnected }); err != nil {
			return fmt.Errorf("never connected in the GUI")
		}
		if err := s.sim.Phone(vendors.CmdHangup, id); err != nil {
			return fmt.Errorf("hang up on the phone: %w", err)
		}
	}
	gone := func() bool { return s.g.status(id) == "" }
	wrap := func() bool { return s.g.status(id) == vendors.ContactWrapUp }
	_ = waitFor(5*time.Second, s.g, func() bool { return gone() || wrap() })
	if wrap() && !s.keyboard {
		_ = s.sim.SetState(vendors.StateReady, "")
		if waitFor(time.Second, s.g, gone) != nil && wrap() {
			s.keyboard = true // the platform side cannot end it here
		}
	}
	for try := 0; wrap() && try < 3; try++ {
		s.keyboardWrapUp(id)
	}
	if err := waitFor(20*time.Second, s.g, gone); err != nil {
		return fmt.Errorf("contact %s stayed on the desk (%s)", id, s.g.status(id))
	}
	return nil
}

// keyboardWrapUp wraps the contact up on the desk as an agent would:
// Ctrl+Shift+W, type a code, Enter (and where the form has notes, type
// them and Shift+Enter).
func (s *session) keyboardWrapUp(id string) {
	if s.wid == "" {
		s.wid, _ = xdo("search", "--name", "^"+s.g.title+"$")
		if i := strings.IndexByte(s.wid, '\n'); i >= 0 {
			s.wid = s.wid[:i]
		}
	}
	gone := func() bool { return s.g.status(id) == "" }
	// (xdotool's type takes every argument after it as text: one call each.)
	args := []string{}
	if s.wid != "" {
		args = append(args, "windowfocus", "--sync", s.wid)
	}
	_, _ = xdo(append(args, "key", "--clearmodifiers", "ctrl+shift+w", "sleep", "0.15")...)
	_, _ = xdo("type", "--delay", "5", "Sale")
	_, _ = xdo("key", "Return")
	if s.notes {
		_, _ = xdo("type", "--delay", "5", "bench")
		_, _ = xdo("key", "shift+Return")
	}
	if waitFor(700*time.Millisecond, s.g, gone) == nil {
		return
	}
	if !s.notes {
		_, _ = xdo("type", "--delay", "5", "bench")
		_, _ = xdo("key", "shift+Return")
		if waitFor(2*time.Second, s.g, gone) == nil {
			s.notes = true // this form has notes: type them from now on
			return
		}
	}
	_, _ = xdo("key", "Escape")
	time.Sleep(200 * time.Millisecond)
}

// run offers n contacts one after another and records their timings.
func (s *session) run(n int) (row, error) {
	r := row{vendor: s.vendor}
	seen := map[string]bool{}
	for i := 0; i < n; i++ {
		p, t0, err := s.offer()
		if err != nil {
			return r, fmt.Errorf("offer %d: %w", i, err)
		}
		if seen[p.ID] {
			return r, fmt.Errorf("offer %d: contact id %s traced twice", i, p.ID)
		}
		seen[p.ID] = true
		at := func(ns int64) time.Duration { return time.Duration(ns - t0.UnixNano()) }
		r.seen = append(r.seen, at(p.Seen))
		r.painted = append(r.painted, at(p.Painted))
		r.frame = append(r.frame, time.Duration(p.Painted-p.Seen))
		if p.Built > 0 {
			r.build = append(r.build, time.Duration(p.Built-p.Seen))
			r.paint = append(r.paint, time.Duration(p.Painted-p.Built))
		}
		if p.Notified > 0 {
			r.notified = append(r.notified, at(p.Notified))
		} else {
			r.notifyMissing++
		}
		if err := s.clear(p.ID); err != nil {
			return r, fmt.Errorf("offer %d: %w", i, err)
		}
	}
	return r, nil
}

func (b *bench) latency(vendor string, n int) (row, error) {
	s, err := b.open(vendor, "")
	if err != nil {
		return row{vendor: vendor}, err
	}
	defer s.close()
	return s.run(n)
}

// memFig is the GUI's memory at one moment.
type memFig struct {
	contacts                                 int
	pss, glMap, anon, heap, live, goroutines int64 // KiB, KiB, KiB, KiB in use, KiB live, count
}

// measure lets the GUI settle (Fyne keeps the renderers and textures of
// objects gone from the window for a minute), asks it for a GC (SIGUSR1:
// TANDEM_DEBUG_MEMSTATS) and takes its PSS and Go heap.
func measure(g *gui, settle time.Duration, contacts int) (memFig, error) {
	time.Sleep(settle)
	heap, live, gr := g.gc()
	time.Sleep(2 * time.Second)
	total, gl, anon, err := pss(g.pid)
	g.dump(contacts)
	return memFig{pss: total, glMap: gl, anon: anon, heap: heap, live: live, goroutines: gr, contacts: contacts}, err
}

// memory takes contacts through the GUI with its memory measured at each
// step (0: idle after login) and a settle. The simulator runs in the
// harness, so its memory is not the GUI's. (The GUI's built-in demo runs
// its contact center in-process, and a demo profile with an address
// cannot carry the simulator's password: the GUI asks for none.)
func (b *bench) memory(vendor string, steps []int, idle, settle time.Duration) ([]memFig, error) {
	s, err := b.open(vendor, "")
	if err != nil {
		return nil, err
	}
	defer s.close()
	var out []memFig
	done := 0
	for _, n := range steps {
		wait := settle
		if n == 0 {
			wait = idle
		}
		if n > done {
			if _, err := s.run(n - done); err != nil {
				return out, err
			}
			done = n
		}
		f, err := measure(s.g, wait, n)
		if err != nil {
			return out, err
		}
		out = append(out, f)
	}
	return out, nil
}

// heaptrack repeats the memory moments under heaptrack, one run each: the
// GUI is killed (SIGKILL, so nothing is freed on the way out) idle after
// start, and after n contacts and the settle; what is live then is
// attributed to the GL driver by backtrace.
func (b *bench) heaptrack(vendor string, n int, idle, settle time.Duration) (leaks, leaks, error) {
	one := func(contacts int, wait time.Duration) (leaks, error) {
		// The same moments as without heaptrack: login, idle or the
		// contacts, a GC and the settle; then SIGKILL.
		out := filepath.Join(b.tmp, fmt.Sprintf("heaptrack%d", b.seq))
		s, err := b.open(vendor, out)
		if err != nil {
			return leaks{}, err
		}
		if contacts > 0 {
			if _, err := s.run(contacts); err != nil {
				s.close()
				return leaks{}, err
			}
		}
		time.Sleep(wait)
		s.g.gc()
		time.Sleep(2 * time.Second)
		s.close() // SIGKILL to tandem; heaptrack writes its file and exits
		files, _ := filepath.Glob(out + ".*")
		if len(files) == 0 {
			return leaks{}, fmt.Errorf("heaptrack wrote no file")
		}
		cmd := exec.Command("heaptrack_print", "-f", files[0], "-a", "0", "-p", "0", "-l", "1", "-t", "0", "-n", "1000000", "-s", "1000000")
		pipe, err := cmd.StdoutPipe()
		if err != nil {
			return leaks{}, err
		}
		if err := cmd.Start(); err != nil {
			return leaks{}, err
		}
		l := heapLeaks(pipe)
		if err := cmd.Wait(); err != nil {
			return l, fmt.Errorf("heaptrack_print: %w", err)
		}
		for _, f := range files {
			if *dumpDir != "" {
				_ = os.MkdirAll(*dumpDir, 0o755)
				_ = os.Rename(f, filepath.Join(*dumpDir, fmt.Sprintf("heaptrack-%d%s", contacts, filepath.Ext(f))))
			}
			os.Remove(f)
		}
		if l.Total == 0 {
			return l, fmt.Errorf("heaptrack_print found no live allocations")
		}
		return l, nil
	}
	li, err := one(0, idle)
	if err != nil {
		return li, leaks{}, err
	}
	la, err := one(n, settle)
	return li, la, err
}

func quantiles(d []time.Duration) (p50, p99, max time.Duration) {
	if len(d) == 0 {
		return 0, 0, 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	q := func(p float64) time.Duration { return s[int(p*float64(len(s)-1))] }
	return q(0.5), q(0.99), s[len(s)-1]
}

func ms(d time.Duration) string {
	switch {
	case d >= 10*time.Millisecond:
		return fmt.Sprintf("%.1f ms", float64(d)/1e6)
	case d >= time.Millisecond:
		return fmt.Sprintf("%.2f ms", float64(d)/1e6)
	}
	return fmt.Sprintf("%d µs", d.Microseconds())
}

func printLatencyHead() {
	fmt.Println("GUI offer-to-pop: simulator writes the offer -> the desk sees it (tandemctl's figure) -> the")
	fmt.Println("card first painted (a probe raster in the card, called while Fyne paints the frame) -> the")
	fmt.Println("notification call returned (D-Bus to dunst); p50 / p99 / max. \"card - desk\" is the GUI's own")
	fmt.Println("share (one frame is 16.7 ms at 60 Hz), split into the UI thread building the card and painting it.")
	fmt.Printf("%-10s %6s  %-22s %-30s %-30s %-22s %-22s %s\n", "vendor", "offers", "desk sees p50/p99", "card on screen p50/p99/max", "notification p50/p99/max", "card - desk p50/p99", "built - desk p50/p99", "card - built p50/p99")
}

func printRow(r row) {
	s50, s99, _ := quantiles(r.seen)
	p50, p99, pmax := quantiles(r.painted)
	n50, n99, nmax := quantiles(r.notified)
	f50, f99, _ := quantiles(r.frame)
	b50, b99, _ := quantiles(r.build)
	c50, c99, _ := quantiles(r.paint)
	note := ""
	if r.notifyMissing > 0 {
		note = fmt.Sprintf(" (%d without a notification)", r.notifyMissing)
	}
	fmt.Printf("%-10s %6d  %-22s %-30s %-30s %-22s %-22s %s%s\n", r.vendor, len(r.painted),
		ms(s50)+" / "+ms(s99),
		ms(p50)+" / "+ms(p99)+" / "+ms(pmax),
		ms(n50)+" / "+ms(n99)+" / "+ms(nmax),
		ms(f50)+" / "+ms(f99), ms(b50)+" / "+ms(b99), ms(c50)+" / "+ms(c99), note)
}

func mb(kib int64) string { return fmt.Sprintf("%.1f MB", float64(kib)/1024) }

func printMemory(vendor string, idle, settle time.Duration, figs []memFig, hi, ha leaks, htNote string) {
	fmt.Println()
	last := figs[len(figs)-1]
	fmt.Printf("GUI memory logged in to the %s simulator (in the harness, so not counted): idle %s after\n", vendor, idle)
	fmt.Printf("login, then after contacts offered and cleared through the GUI and %s of settle (Fyne keeps\n", settle)
	fmt.Println("what left the window for a minute); each time a GC is asked for (SIGUSR1) 2 s before. PSS from")
	fmt.Println("/proc/PID/smaps. The software GL driver (swrast/llvmpipe, LLVM, libGL*, glapi, drm, zstd) is")
	fmt.Println("reported apart: its mapped libraries' PSS, and its live C-heap mallocs (textures, framebuffers,")
	fmt.Println("shader JIT) from separate runs under heaptrack, SIGKILLed at the same moments (idle; after the")
	fmt.Printf("last step) so nothing is freed on exit; a backtrace counts as GL when any frame is in those\n")
	fmt.Println("libraries. Those bytes are subtracted as if all resident, so \"without GL\" is a floor.")
	fmt.Printf("%-44s", "")
	for _, f := range figs {
		if f.contacts == 0 {
			fmt.Printf(" %12s", "idle")
		} else {
			fmt.Printf(" %12s", fmt.Sprintf("after %d", f.contacts))
		}
	}
	fmt.Println()
	line := func(label string, v func(f memFig) string) {
		fmt.Printf("%-44s", label)
		for _, f := range figs {
			fmt.Printf(" %12s", v(f))
		}
		fmt.Println()
	}
	// heaptrack's runs give the first and the last moment.
	ht := func(f memFig, pick func(l leaks) int64) (int64, bool) {
		switch {
		case htNote != "":
			return 0, false
		case f.contacts == 0:
			return pick(hi), true
		case f.contacts == last.contacts:
			return pick(ha), true
		}
		return 0, false
	}
	glHeap := func(l leaks) int64 { return l.GL / 1024 }
	line("PSS total", func(f memFig) string { return mb(f.pss) })
	line("  GL driver: mapped libraries (PSS)", func(f memFig) string { return mb(f.glMap) })
	line("  GL driver: live C-heap mallocs (heaptrack)", func(f memFig) string {
		if v, ok := ht(f, glHeap); ok {
			return mb(v)
		}
		return "-"
	})
	line("  all live C-heap mallocs (heaptrack)", func(f memFig) string {
		if v, ok := ht(f, func(l leaks) int64 { return l.Total / 1024 }); ok {
			return mb(v)
		}
		return "-"
	})
	line("PSS without the GL driver's libraries", func(f memFig) string { return mb(f.pss - f.glMap) })
	line("PSS without the GL driver (libs + C heap)", func(f memFig) string {
		if v, ok := ht(f, glHeap); ok {
			return mb(f.pss - f.glMap - v)
		}
		return "-"
	})
	// Private memory: other processes mapping the same files move the
	// rows above (their pages' PSS is shared out), not this one.
	line("private: anonymous mappings + C heap", func(f memFig) string { return mb(f.anon) })
	line("Go heap in use (spans)", func(f memFig) string { return mb(f.heap) })
	line("Go heap live (after the GC)", func(f memFig) string { return mb(f.live) })
	line("goroutines", func(f memFig) string { return fmt.Sprint(f.goroutines) })
	if htNote != "" {
		fmt.Println("  (the GL driver's C heap: " + htNote + ")")
	} else if hi.Shown < hi.Total*9/10 || ha.Shown < ha.Total*9/10 {
		fmt.Printf("  (heaptrack listed backtraces for %.0f%% / %.0f%% of the live heap; the rest is unattributed)\n",
			100*float64(hi.Shown)/float64(hi.Total), 100*float64(ha.Shown)/float64(ha.Total))
	}
}
