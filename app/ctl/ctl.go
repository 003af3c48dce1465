// Package ctl is tandemctl: the same desk as the GUI without a window.
// Commands arrive as JSON lines on stdin, events leave as JSON lines on
// stdout (the contract in the README). It never imports Fyne.
package ctl

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime"
	"strings"
	"sync"
	"time"

	"tandem/app/agent"
	"tandem/app/profile"
	"tandem/app/secrets"
	"tandem/vendors"
)

// Env reads the environment; tests pass their own.
type Env func(string) string

// IO is where tandemctl reads and writes.
type IO struct {
	In       io.Reader
	Out, Err io.Writer
	Getenv   Env
}

// commandLine is one JSON command; id is echoed back as it came.
type commandLine struct {
	ID      json.RawMessage `json:"id"`
	Cmd     string          `json:"cmd"`
	Contact string          `json:"contact"`
	To      string          `json:"to"`
	Reason  string          `json:"reason"`
	Code    string          `json:"code"`
	Notes   string          `json:"notes"`
}

// Run is tandemctl's main; it returns the exit status.
func Run(ctx context.Context, args []string, io IO) int {
	if io.Getenv == nil {
		io.Getenv = os.Getenv
	}
	o, err := parseFlags(args, io.Err)
	if errors.Is(err, errHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintf(io.Err, "tandemctl: %v\n", err)
		return 2
	}
	log := slog.New(slog.NewTextHandler(io.Err, &slog.HandlerOptions{Level: o.logLevel}))
	out := &printer{w: bufio.NewWriter(io.Out), prof: o.prof}

	drv, ok := vendors.Lookup(o.prof.Vendor)
	if !ok {
		out.fatal(fmt.Errorf("unknown vendor %q; have %s", o.prof.Vendor, strings.Join(vendors.Names(), ", ")))
		return 2
	}
	cfg, err := config(o, io.Getenv)
	if err != nil {
		out.fatal(err)
		return 2
	}
	cfg.Logger = log
	out.print(vendors.ConnectionEvent{Status: vendors.Connecting})
	octx, cancel := context.WithTimeout(ctx, 60*time.Second)
	sess, err := drv.Open(octx, cfg)
	cancel()
	if err != nil {
		out.fatal(err)
		return 1
	}
	desk := agent.New(sess, agent.Options{Vendor: drv.Name()})
	sub := desk.Subscribe()

	var fatal error
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for ev := range sub.Events() {
			out.print(ev)
			if ce, ok := ev.(vendors.ConnectionEvent); ok && ce.Status == vendors.Disconnected && ce.Err != nil {
				fatal = ce.Err
			}
		}
	}()

	if every, err := time.ParseDuration(io.Getenv("TANDEM_DEBUG_STATS")); err == nil && every > 0 {
		go debugStats(ctx, io.Err, every, desk.Done())
	}
	lines := make(chan []byte)
	go readLines(io.In, lines)
	status := 0
loop:
	for {
		select {
		case b, ok := <-lines:
			if !ok {
				break loop
			}
			out.result(runLine(ctx, desk, b))
		case <-desk.Done():
			status = 1
			break loop
		case <-ctx.Done():
			break loop
		}
	}
	if status == 0 {
		// stdin closed: log out cleanly where the platform allows.
		lctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		if err := desk.Logout(lctx); err != nil {
			log.Warn("logout", "err", err)
		}
		cancel()
	} else {
		desk.Close()
	}
	wg.Wait()
	if fatal != nil {
		status = 1
	}
	out.flush()
	return status
}

func readLines(r io.Reader, out chan<- []byte) {
	defer close(out)
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		b := append([]byte(nil), sc.Bytes()...)
		if len(strings.TrimSpace(string(b))) == 0 {
			continue
		}
		out <- b
	}
}

// runLine parses and runs one command line and returns its result.
func runLine(ctx context.Context, desk *agent.Desk, b []byte) resultLine {
	var cl commandLine
	if err := json.Unmarshal(b, &cl); err != nil {
		return resultLine{ID: idOf(b), Error: "unparsable command: " + err.Error()}
	}
	res := resultLine{ID: cl.ID}
	kind, ok := vendors.ParseCommandKind(cl.Cmd)
	if !ok {
		if cl.Cmd == "" {
			res.Error = `missing "cmd"`
		} else {
			res.Error = fmt.Sprintf("unknown command %q; commands are %s", cl.Cmd, commandNames())
		}
		return res
	}
	cmd := vendors.Command{Kind: kind, Contact: cl.Contact, To: cl.To, Reason: cl.Reason, Code: cl.Code, Notes: cl.Notes}
	cctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := desk.Do(cctx, cmd); err != nil {
		res.Error = err.Error()
		return res
	}
	res.OK = true
	return res
}

// idOf salvages the id of a line that is not valid JSON, so the caller
// can match the failure to its request.
func idOf(b []byte) json.RawMessage {
	var probe struct {
		ID json.RawMessage `json:"id"`
	}
	if json.Unmarshal(b, &probe) == nil && probe.ID != nil {
		return probe.ID
	}
	return nil
}

func commandNames() string {
	names := make([]string, len(vendors.AllCommands))
	for i, k := range vendors.AllCommands {
		names[i] = string(k)
	}
	return strings.Join(names, ", ")
}

// printer writes JSON lines; events and results share one writer.
type printer struct {
	mu       sync.Mutex
	lastConn vendors.ConnStatus
	w        *bufio.Writer
	prof     profile.Profile
}

func (p *printer) emit(v any) {
	b, err := json.Marshal(v)
	if err != nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.w.Write(b)
	p.w.WriteByte('\n')
	p.w.Flush()
}

func (p *printer) print(ev vendors.Event) {
	if ce, ok := ev.(vendors.ConnectionEvent); ok {
		// The desk's replay and the driver may both say "connecting";
		// print a status once until it changes.
		p.mu.Lock()
		same := ce.Status == p.lastConn && ce.Err == nil
		p.lastConn = ce.Status
		p.mu.Unlock()
		if same {
			return
		}
	}
	if l := line(ev, p.prof, time.Now()); l != nil {
		p.emit(l)
	}
}

func (p *printer) result(r resultLine) {
	r.Type, r.At = "result", stamp(time.Now())
	if r.ID == nil {
		r.ID = json.RawMessage("null")
	}
	p.emit(r)
}

func (p *printer) fatal(err error) {
	p.print(vendors.ConnectionEvent{Status: vendors.Disconnected, Err: err})
}

func (p *printer) flush() {
	p.mu.Lock()
	p.w.Flush()
	p.mu.Unlock()
}

// config builds the driver configuration; secrets come from the
// environment, then the profile's keyring entries.
func config(o options, getenv Env) (vendors.Config, error) {
	p := o.prof
	password := getenv("TANDEM_PASSWORD")
	if password == "" && p.NeedsPassword() {
		if o.profileName == "" {
			return vendors.Config{}, fmt.Errorf("no password: set TANDEM_PASSWORD, or use --profile with a password saved in the keyring")
		}
		v, err := secrets.Load(o.profileName, secrets.Password)
		if err != nil {
			return vendors.Config{}, fmt.Errorf("no password: TANDEM_PASSWORD is not set and the keyring has none for profile %q (%v)", o.profileName, err)
		}
		password = v
	}
	secretOpts := map[string]string{}
	for _, s := range p.SecretOptions() {
		env := secretEnv(s.Key)
		if v := getenv(env); v != "" {
			secretOpts[s.Key] = v
			continue
		}
		if o.profileName != "" {
			if v, err := secrets.Load(o.profileName, s.Key); err == nil {
				secretOpts[s.Key] = v
				continue
			}
		}
		if s.Required {
			return vendors.Config{}, fmt.Errorf("%s is a secret: set %s or save it in the keyring with the profile", s.Label, env)
		}
	}
	return p.Config(password, secretOpts), nil
}

// debugStats prints the Go heap and goroutine count to stderr every
// interval, for the bench harness (TANDEM_DEBUG_STATS=10s).
func debugStats(ctx context.Context, w io.Writer, every time.Duration, done <-chan struct{}) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-done:
			return
		case <-t.C:
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			fmt.Fprintf(w, "stats heap_inuse=%d heap_alloc=%d sys=%d goroutines=%d\n", m.HeapInuse, m.HeapAlloc, m.Sys, runtime.NumGoroutine())
		}
	}
}
