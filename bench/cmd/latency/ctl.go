package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"time"

	"tandem/vendors"
)

// measureCtl times n offers from the simulator's write to this harness
// reading tandemctl's stdout line with the offered contact, and to the
// tap on tandemctl's stream seeing it.
func measureCtl(vendor string, n int, bin string, show bool) (run, error) {
	var r run
	sim, err := startTapped(vendor)
	if err != nil {
		return r, err
	}
	defer sim.Close()
	p, err := startCtl(bin, vendor, sim.Config(), show)
	if err != nil {
		return r, err
	}
	defer p.stop()
	if err := p.login(); err != nil {
		return r, err
	}
	for i := 0; i < n; i++ {
		if err := p.ready(sim); err != nil {
			return r, fmt.Errorf("offer %d: ready: %w", i, err)
		}
		sim.tap.Mark()
		t0 := time.Now()
		want, err := sim.Offer()
		if err != nil {
			return r, err
		}
		var before []string
		l, err := p.expect(20*time.Second, func(l *ctlLine) bool {
			if show && i == 0 {
				before = append(before, fmt.Sprintf("+%s %s", us(l.read.Sub(t0)), l.raw))
			}
			return l.Type == "contact" && l.Status == "offered" && l.From == want.From
		})
		if err != nil {
			return r, fmt.Errorf("offer %d never popped: %w", i, err)
		}
		seen, err := sim.tap.Find(offer(vendor, want.From), 5*time.Second)
		if err != nil {
			return r, fmt.Errorf("offer %d: the tap never saw %s on the wire: %w", i, want.From, err)
		}
		if show && i == 0 {
			fmt.Printf("%s: the tap saw the offer at +%s in: %q\n", vendor, us(seen.Sub(t0)), sim.tap.Around(offer(vendor, want.From), 400))
			fmt.Printf("%s: tandemctl printed, up to the offer:\n  %s\n", vendor, strings.Join(before, "\n  "))
		}
		r.bare = append(r.bare, seen.Sub(t0))
		r.client = append(r.client, l.read.Sub(t0))
		r.stamped = append(r.stamped, l.At.Sub(t0))
		if err := p.clear(sim, l.contactID()); err != nil {
			return r, fmt.Errorf("offer %d: %w", i, err)
		}
	}
	return r, nil
}

// ctlLine is one stdout line of tandemctl (the README's contract), with
// the time this harness read it.
type ctlLine struct {
	read       time.Time
	raw        string          // the line itself, kept with -show
	Type       string          `json:"type"`
	Status     string          `json:"status"`
	State      string          `json:"state"`
	ID         json.RawMessage `json:"id"`
	PreviousID string          `json:"previous_id"`
	From       string          `json:"from"`
	At         time.Time       `json:"at"`
	OK         bool            `json:"ok"`
	Error      string          `json:"error"`
	Commands   []string        `json:"commands"`
	WrapUp     []struct {
		Code string `json:"code"`
	} `json:"wrapup"`
}

func (l *ctlLine) contactID() string {
	var s string
	json.Unmarshal(l.ID, &s)
	return s
}

// ctl is a running tandemctl and what its lines said so far.
type ctl struct {
	cmd   *exec.Cmd
	in    io.WriteCloser
	lines chan *ctlLine
	errs  *tail
	keep  bool // keep each line's text (-show)

	caps      map[string]bool
	wrapCodes []string
	state     string
	connected bool
	status    map[string]string // contact id -> last status
	renamed   map[string]string // previous id -> id
	seq       int
}

// startCtl starts tandemctl logged in to cfg: flags for the settings,
// the password and secret options in the environment (never on the
// command line, never printed).
func startCtl(bin, vendor string, cfg vendors.Config, keep bool) (*ctl, error) {
	args := []string{"--vendor", vendor, "--url", cfg.URL, "--user", cfg.User}
	if cfg.Agent != "" {
		args = append(args, "--agent", cfg.Agent)
	}
	if cfg.Extension != "" {
		args = append(args, "--extension", cfg.Extension)
	}
	env := append(os.Environ(), "TANDEM_PASSWORD="+cfg.Password)
	secret := map[string]bool{}
	if d, ok := vendors.Lookup(vendor); ok {
		for _, s := range d.Settings() {
			if s.Secret {
				secret[s.Key] = true
			}
		}
	}
	for k, v := range cfg.Options {
		if secret[k] {
			env = append(env, "TANDEM_OPTION_"+strings.ToUpper(strings.ReplaceAll(k, "-", "_"))+"="+v)
		} else {
			args = append(args, "--option", k+"="+v)
		}
	}
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	p := &ctl{cmd: cmd, in: in, lines: make(chan *ctlLine, 4096), errs: &tail{}, keep: keep, caps: map[string]bool{},
		status: map[string]string{}, renamed: map[string]string{}}
	cmd.Stderr = p.errs
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	go p.read(out)
	return p, nil
}

// read stamps each stdout line as soon as it is read, then decodes it.
func (p *ctl) read(out io.Reader) {
	defer close(p.lines)
	br := bufio.NewReaderSize(out, 1<<20)
	for {
		b, err := br.ReadSlice('\n')
		at := time.Now()
		if len(b) > 0 {
			l := &ctlLine{read: at}
			if p.keep {
				l.raw = string(bytes.TrimSpace(b))
			}
			if json.Unmarshal(b, l) == nil {
				p.lines <- l
			}
		}
		if err != nil {
			return
		}
	}
}

// expect reads lines until one matches, keeping track of what they say.
func (p *ctl) expect(d time.Duration, match func(*ctlLine) bool) (*ctlLine, error) {
	timeout := time.NewTimer(d)
	defer timeout.Stop()
	for {
		select {
		case l, ok := <-p.lines:
			if !ok {
				return nil, fmt.Errorf("tandemctl ended: %s", p.errs)
			}
			p.note(l)
			if match(l) {
				return l, nil
			}
		case <-timeout.C:
			return nil, errors.New("timeout")
		}
	}
}

func (p *ctl) note(l *ctlLine) {
	switch l.Type {
	case "connection":
		p.connected = l.Status == "connected"
	case "capabilities":
		p.caps = map[string]bool{}
		for _, c := range l.Commands {
			p.caps[c] = true
		}
	case "reasons":
		p.wrapCodes = p.wrapCodes[:0]
		for _, w := range l.WrapUp {
			p.wrapCodes = append(p.wrapCodes, w.Code)
		}
	case "state":
		p.state = l.State
	case "contact":
		id := l.contactID()
		p.status[id] = l.Status
		if l.PreviousID != "" {
			p.renamed[l.PreviousID] = id
		}
	}
}

// login waits until tandemctl is connected and has said its capabilities
// and the agent's state.
func (p *ctl) login() error {
	sawCaps := false
	_, err := p.expect(60*time.Second, func(l *ctlLine) bool {
		if l.Type == "connection" && l.Status == "disconnected" {
			return true
		}
		sawCaps = sawCaps || l.Type == "capabilities"
		return p.connected && sawCaps && p.state != ""
	})
	if err == nil && !p.connected {
		err = fmt.Errorf("disconnected: %s", p.errs)
	}
	if err != nil {
		return fmt.Errorf("login: %w", err)
	}
	return nil
}

// do writes one command and waits for its result.
func (p *ctl) do(cmd, contact string, extra ...string) error {
	p.seq++
	m := map[string]any{"id": p.seq, "cmd": cmd}
	if contact != "" {
		m["contact"] = contact
	}
	for i := 0; i+1 < len(extra); i += 2 {
		m[extra[i]] = extra[i+1]
	}
	b, _ := json.Marshal(m)
	if _, err := p.in.Write(append(b, '\n')); err != nil {
		return err
	}
	id := fmt.Sprint(p.seq)
	l, err := p.expect(30*time.Second, func(l *ctlLine) bool {
		return l.Type == "result" && string(bytes.TrimSpace(l.ID)) == id
	})
	if err != nil {
		return fmt.Errorf("%s: %w", cmd, err)
	}
	if !l.OK {
		return fmt.Errorf("%s: %s", cmd, l.Error)
	}
	return nil
}

// current follows a contact through renames.
func (p *ctl) current(id string) string {
	for i := 0; i < 10; i++ {
		next, ok := p.renamed[id]
		if !ok {
			break
		}
		id = next
	}
	return id
}

// wait reads lines until the contact has one of the statuses.
func (p *ctl) wait(id string, st ...string) (string, error) {
	has := func() bool { return slices.Contains(st, p.status[p.current(id)]) }
	if has() {
		return p.status[p.current(id)], nil
	}
	if _, err := p.expect(30*time.Second, func(*ctlLine) bool { return has() }); err != nil {
		return "", fmt.Errorf("contact %s never %v (is %q): %w", id, st, p.status[p.current(id)], err)
	}
	return p.status[p.current(id)], nil
}

type phone interface {
	Phone(vendors.CommandKind, string) error
	SetState(vendors.State, string) error
}

// ready makes the agent ready, by command or from the platform side.
func (p *ctl) ready(sim phone) error {
	if p.state == "ready" {
		return nil
	}
	if p.caps["ready"] {
		if err := p.do("ready", ""); err != nil {
			return err
		}
	} else if err := sim.SetState(vendors.StateReady, ""); err != nil {
		return err
	}
	if p.state == "ready" {
		return nil
	}
	_, err := p.expect(20*time.Second, func(l *ctlLine) bool { return p.state == "ready" })
	return err
}

// act runs a call action by command where supported, else on the phone.
func (p *ctl) act(sim phone, k vendors.CommandKind, id string) error {
	if p.caps[string(k)] {
		return p.do(string(k), p.current(id))
	}
	return sim.Phone(k, p.current(id))
}

// clear sends the offer away as the desk run does: reject it, or hang it
// up on the phone, or take it through a whole call, until it has ended.
func (p *ctl) clear(sim phone, id string) error {
	switch {
	case p.caps["reject"]:
		if err := p.do("reject", id); err != nil {
			return err
		}
	case !p.caps["answer"]:
		if err := sim.Phone(vendors.CmdHangup, id); err != nil {
			return err
		}
	default:
		if err := p.act(sim, vendors.CmdAnswer, id); err != nil {
			return err
		}
		if _, err := p.wait(id, "connected"); err != nil {
			return err
		}
		if err := p.act(sim, vendors.CmdHangup, id); err != nil {
			return err
		}
		st, err := p.wait(id, "wrap_up", "ended")
		if err != nil {
			return err
		}
		if st == "wrap_up" {
			switch {
			case p.caps["wrapup"]:
				code := ""
				if len(p.wrapCodes) > 0 {
					code = p.wrapCodes[0]
				}
				err = p.do("wrapup", p.current(id), "code", code, "notes", "bench")
			case p.caps["end_wrapup"]:
				err = p.do("end_wrapup", p.current(id))
			}
			if err != nil {
				return err
			}
		}
	}
	_, err := p.wait(id, "ended")
	return err
}

// stop closes stdin (tandemctl logs out and exits) and waits a while.
func (p *ctl) stop() {
	p.in.Close()
	done := make(chan struct{})
	go func() {
		for range p.lines {
		}
		p.cmd.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		p.cmd.Process.Kill()
		<-done
	}
}

// tail keeps the last few KiB of tandemctl's stderr for error messages
// (tandemctl never writes a secret there).
type tail struct {
	mu sync.Mutex
	b  []byte
}

func (t *tail) Write(b []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.b = append(t.b, b...)
	if len(t.b) > 4096 {
		t.b = t.b[len(t.b)-4096:]
	}
	return len(b), nil
}

func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	s := strings.TrimSpace(string(t.b))
	if s == "" {
		return "(no stderr)"
	}
	return s
}
