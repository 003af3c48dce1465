package claritysim

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"tandem/vendors"
	"tandem/vendors/simulator"
)

// waitFor polls cond until it holds; the limit only guards against a hang.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	limit := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(limit) {
			t.Fatalf("no %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestStandaloneTraffic: with a rate the simulator offers calls on its own
// while the agent is available and idle, and only then.
func TestStandaloneTraffic(t *testing.T) {
	sim, err := simulator.Start("clarity", simulator.Options{Rate: 50 * time.Millisecond, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	s := sim.(*Sim)
	live := func() (n int) {
		s.mu.Lock()
		defer s.mu.Unlock()
		for _, ss := range s.sessions {
			if !ss.ended() {
				n++
			}
		}
		return n
	}
	if live() != 0 {
		t.Fatalf("offered while the agent was away")
	}
	if err := sim.SetState(vendors.StateReady, ""); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "an offered call", func() bool { return live() == 1 })
	if st := sim.State(); st != vendors.StateBusy {
		t.Errorf("agent state %s while ringing", st)
	}
	for _, want := range []string{"tandemctl --vendor clarity", s.clientID, s.password, "/_sim/fail500"} {
		if !strings.Contains(sim.Describe(), want) {
			t.Errorf("Describe lacks %q", want)
		}
	}
}

// TestFaultEndpoints: trainers inject faults over HTTP, and the fault
// endpoints themselves are not slowed or failed by the faults.
func TestFaultEndpoints(t *testing.T) {
	s, tok := startTest(t)
	post := func(path string) int {
		resp, err := http.Post(s.base+path, "", nil)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	steps := []struct {
		fault   string
		code    int
		apiCode int
	}{
		{"/_sim/fail500?count=2", 204, 500},
		{"/_sim/delay?d=1h", 204, -1},
		{"/_sim/delay?d=0", 204, 500},
		{"/_sim/expire-tokens", 204, 401},
		{"/_sim/fail500", 400, 401},
		{"/_sim/nothing", 404, 401},
	}
	for _, st := range steps {
		if code := post(st.fault); code != st.code {
			t.Errorf("%s: %d, want %d", st.fault, code, st.code)
		}
		if st.apiCode > 0 {
			if code, _, _ := call(t, s, tok, "GET", "/v2/profile", ""); code != st.apiCode {
				t.Errorf("after %s the API answers %d, want %d", st.fault, code, st.apiCode)
			}
		}
	}
}
