package ui

import (
	"context"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"tandem/app/agent"
	"tandem/app/profile"
	"tandem/app/secrets"
	"tandem/vendors"
	"tandem/vendors/demo"
	"tandem/vendors/simulator"
)

// uiQueue stands in for the UI thread: the desk's goroutines queue work
// and the test goroutine runs it, so widgets are touched by one goroutine
// as on the real driver.
type uiQueue struct{ ch chan func() }

func newUIQueue() *uiQueue { return &uiQueue{ch: make(chan func(), 4096)} }

func (q *uiQueue) Do(f func()) { q.ch <- f }

// waitFor runs queued UI work until cond holds; it fails the test when
// the desk never gets there (a generous bound, not a timing assertion).
func (q *uiQueue) waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.After(15 * time.Second)
	for {
		for drained := false; !drained; {
			select {
			case f := <-q.ch:
				f()
			default:
				drained = true
			}
		}
		if cond() {
			return
		}
		select {
		case f := <-q.ch:
			f()
		case <-time.After(20 * time.Millisecond):
		case <-deadline:
			t.Fatalf("gave up waiting for %s", what)
		}
	}
}

// memSecrets is a keyring in memory.
type memSecrets struct {
	mu sync.Mutex
	m  map[string]string
}

func (s *memSecrets) Load(p, n string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.m[p+"/"+n]
	if !ok {
		return "", secrets.ErrNotFound
	}
	return v, nil
}

func (s *memSecrets) Save(p, n, v string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[p+"/"+n] = v
	return nil
}

func (s *memSecrets) Delete(p, n string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.m, p+"/"+n)
	return nil
}

type harness struct {
	u        *UI
	q        *uiQueue
	secrets  *memSecrets
	mu       sync.Mutex
	notified []vendors.Contact
	opened   []string
}

func (h *harness) notifications() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.notified)
}

// newHarness makes a UI on the test driver with a private profile store.
func newHarness(t *testing.T, now func() time.Time) *harness {
	t.Helper()
	a := test.NewTempApp(t)
	h := &harness{q: newUIQueue(), secrets: &memSecrets{m: map[string]string{}}}
	h.u = New(Deps{
		App: a, Store: &profile.Store{Dir: t.TempDir()}, Secrets: h.secrets,
		Notify: func(c vendors.Contact, sound bool) error {
			h.mu.Lock()
			h.notified = append(h.notified, c)
			h.mu.Unlock()
			return nil
		},
		OpenURL: func(u string) error {
			h.mu.Lock()
			h.opened = append(h.opened, u)
			h.mu.Unlock()
			return nil
		},
		Now: now, Tick: -1, Do: h.q.Do,
	})
	return h
}

// recSession records the commands that reach the session.
type recSession struct {
	vendors.Session
	mu   sync.Mutex
	cmds []vendors.Command
}

func (r *recSession) Do(ctx context.Context, c vendors.Command) error {
	r.mu.Lock()
	r.cmds = append(r.cmds, c)
	r.mu.Unlock()
	return r.Session.Do(ctx, c)
}

func (r *recSession) last() (vendors.Command, int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.cmds) == 0 {
		return vendors.Command{}, 0
	}
	return r.cmds[len(r.cmds)-1], len(r.cmds)
}

// demoDesk starts the demo contact center and a desk on the demo driver
// over its loopback socket.
func demoDesk(t *testing.T) (*demo.Center, *recSession, *agent.Desk) {
	t.Helper()
	c, err := demo.NewCenter(simulator.Options{Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	c.ConnectDelay = 10 * time.Millisecond
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	sess, err := demo.Driver{}.Open(ctx, c.Config())
	if err != nil {
		t.Fatal(err)
	}
	rec := &recSession{Session: sess}
	desk := agent.New(rec, agent.Options{Vendor: "demo"})
	t.Cleanup(func() { desk.Close() })
	return c, rec, desk
}

// fakeSession is a hand-made platform for golden images: the test emits
// exactly the events it wants.
type fakeSession struct {
	em   *vendors.Emitter
	caps vendors.Capabilities
}

func newFakeSession(caps vendors.Capabilities) *fakeSession {
	return &fakeSession{em: vendors.NewEmitter(), caps: caps}
}

func (f *fakeSession) Events() <-chan vendors.Event              { return f.em.Events() }
func (f *fakeSession) Capabilities() vendors.Capabilities        { return f.caps }
func (f *fakeSession) Do(context.Context, vendors.Command) error { return nil }
func (f *fakeSession) Close() error                              { f.em.Close(); return nil }
