package openscape

import (
	"errors"
	"testing"
	"time"

	"tandem/vendors"
)

// TestLadderGivesUpOnAlreadyRegistered: a re-registration refused for
// longer than alreadyFor ends in Disconnected with ErrLimit.
func TestLadderGivesUpOnAlreadyRegistered(t *testing.T) {
	saved := alreadyFor
	alreadyFor = 0
	defer func() { alreadyFor = saved }()
	s, sim := openSim(t, nil)
	drainUntilSynced(t, s)
	sim.RefuseRegistration(time.Hour)
	sim.ExpireSessions()
	s.lost(errors.New("test: session expired"))
	for {
		ce, ok := next(t, s).(vendors.ConnectionEvent)
		if ok && ce.Status == vendors.Disconnected {
			if !errors.Is(ce.Err, vendors.ErrLimit) {
				t.Errorf("gave up with %v, want ErrLimit", ce.Err)
			}
			return
		}
	}
}
