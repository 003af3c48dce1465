package ui

import (
	"bytes"
	"regexp"
	"strings"
	"sync"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"tandem/app/agent"
	"tandem/app/profile"
	"tandem/vendors"
)

func TestPopTraceLines(t *testing.T) {
	line := regexp.MustCompile(`^poptrace id="([^"]*)" from="([^"]*)" seen=(\d+) built=(\d+) painted=(\d+) notified=(\d+)$`)
	for _, tc := range []struct {
		name  string
		steps func(p *popTrace)
		want  []string // id, from of each line, in order
		zero  []string // fields expected 0 in the lines
	}{
		{"offered, built, painted, notified", func(p *popTrace) {
			p.offered("1", "+4930", true)
			p.built("1")
			p.painted("1")
			p.notified("1")
		}, []string{"1", "+4930"}, nil},
		{"not built by the desk (a card without the trace): built 0", func(p *popTrace) {
			p.offered("1", "+4930", true)
			p.painted("1")
			p.notified("1")
		}, []string{"1", "+4930"}, []string{"built"}},
		{"painted before the pump saw it", func(p *popTrace) {
			p.painted("1")
			p.offered("1", "+4930", true)
			p.notified("1")
		}, []string{"1", "+4930"}, nil},
		{"notified for a contact never offered: dropped", func(p *popTrace) {
			p.notified("9")
		}, nil, nil},
		{"no notification: the line needs none", func(p *popTrace) {
			p.offered("1", "x", false)
			p.painted("1")
		}, []string{"1", "x"}, []string{"notified"}},
		{"a second paint writes nothing more; the card leaving drops it", func(p *popTrace) {
			p.offered("1", "x", false)
			p.painted("1")
			p.painted("1")
			p.gone("1")
		}, []string{"1", "x"}, []string{"notified"}},
		{"gone before painted: no line, nothing kept", func(p *popTrace) {
			p.offered("1", "x", true)
			p.notified("1")
			p.gone("1")
			p.notified("1")
		}, nil, nil},
		{"two contacts interleaved", func(p *popTrace) {
			p.offered("1", "a", true)
			p.offered("2", "b", true)
			p.painted("2")
			p.painted("1")
			p.notified("2")
			p.notified("1")
		}, []string{"2", "b", "1", "a"}, nil},
	} {
		var buf bytes.Buffer
		p := newPopTrace(&buf)
		tc.steps(p)
		var got []string
		for _, l := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
			if l == "" {
				continue
			}
			m := line.FindStringSubmatch(l)
			if m == nil {
				t.Fatalf("%s: malformed line %q", tc.name, l)
			}
			got = append(got, m[1], m[2])
			for _, z := range tc.zero {
				if !strings.Contains(l, " "+z+"=0") {
					t.Errorf("%s: %s should be 0 in %q", tc.name, z, l)
				}
			}
			if m[3] == "0" || m[5] == "0" {
				t.Errorf("%s: seen and painted must be set: %q", tc.name, l)
			}
		}
		if strings.Join(got, ",") != strings.Join(tc.want, ",") {
			t.Errorf("%s: lines for %v, want %v", tc.name, got, tc.want)
		}
		if len(p.m) != 0 {
			t.Errorf("%s: %d entries kept after the lines", tc.name, len(p.m))
		}
	}
}

func TestPopTraceOff(t *testing.T) {
	p := newPopTrace(nil)
	if p != nil {
		t.Fatal("a trace without a writer must be nil (off)")
	}
	// Every hook is safe and free on the nil trace.
	p.offered("1", "x", true)
	p.painted("1")
	p.notified("1")
	p.gone("1")
	card := widget.NewLabel("card")
	if got := p.wrap("1", card); got != card {
		t.Fatal("wrap without a trace must return the card itself")
	}
}

// lockedBuf is a writer the notification goroutine and the test share.
type lockedBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuf) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuf) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestPopTraceOnTheDesk offers a contact on the demo with the trace on:
// the card goes into the window with its probe, painting the window runs
// the probe, and one line names the contact.
func TestPopTraceOnTheDesk(t *testing.T) {
	h := newHarness(t, nil)
	var out lockedBuf
	h.u.trace = newPopTrace(&out)
	center, _, desk := demoDesk(t)
	d := NewDeskWindow(h.u, profile.DemoProfile(), desk, vendors.Config{})
	h.u.desk = d
	d.win.Resize(fyne.NewSize(440, 700))
	h.q.waitFor(t, "the demo to log in", func() bool { return d.snap.State.State != vendors.StateLoggedOut })
	want, err := center.Offer()
	if err != nil {
		t.Fatal(err)
	}
	var id string
	h.q.waitFor(t, "the card", func() bool {
		c, ok := d.find(func(c agent.Contact) bool { return c.From == want.From })
		id = c.ID
		return ok && d.Card(c.ID) != nil
	})
	if d.traced[id] == nil || d.cardBox.Objects[len(d.cardBox.Objects)-1] != d.traced[id] {
		t.Fatal("the card in the window should carry the probe")
	}
	if out.String() != "" {
		t.Fatalf("a line before the card was painted: %q", out.String())
	}
	d.win.Canvas().Capture() // paints a frame, as the driver does
	h.q.waitFor(t, "the trace line", func() bool {
		return strings.Contains(out.String(), `id="`+id+`" from="`+want.From+`"`)
	})
	if n := strings.Count(out.String(), "\n"); n != 1 {
		t.Fatalf("want one line, got %d: %q", n, out.String())
	}
	if strings.Contains(out.String(), " built=0 ") {
		t.Fatalf("the desk building the card was not noted: %q", out.String())
	}
	// Refreshing the card after its line keeps nothing for it in the trace.
	d.Refresh() // the test goroutine is the UI thread
	h.u.trace.mu.Lock()
	kept := len(h.u.trace.m)
	h.u.trace.mu.Unlock()
	if kept != 0 {
		t.Fatalf("%d trace entries kept after the line and a refresh", kept)
	}
}
