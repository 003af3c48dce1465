package mitel

import (
	"testing"

	"tandem/vendors"
	"tandem/vendors/mitel/mitelsim"
)

func TestSeqTracker(t *testing.T) {
	for _, tc := range []struct {
		name           string
		seqs           []uint32
		gaps, backward int
	}{
		{"in order", []uint32{5, 6, 7}, 0, 0},
		{"wraparound", []uint32{4294967294, 4294967295, 0, 1}, 0, 0},
		{"gap across the wrap", []uint32{4294967294, 1}, 2, 0},
		{"gap", []uint32{1, 4}, 2, 0},
		{"repeat", []uint32{1, 2, 2, 3}, 0, 1},
		{"backward across the wrap", []uint32{0, 4294967295}, 0, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var tr seqTracker
			for _, s := range tc.seqs {
				tr.observe(s)
			}
			if tr.gaps != tc.gaps || tr.backward != tc.backward {
				t.Fatalf("gaps %d backward %d; want %d %d", tr.gaps, tr.backward, tc.gaps, tc.backward)
			}
		})
	}
}

// TestSequenceWraparound runs a session whose server numbers its messages
// from just below 4294967295: the wrap to 0 is an ordinary step, nothing
// is lost or reported out of order, and the events keep coming.
func TestSequenceWraparound(t *testing.T) {
	sim := startSim(t, mitelsim.Config{StartSequence: 4294967295 - 3})
	s, ev := openSim(t, sim)
	ev.synced(t)
	do(t, s, vendors.Command{Kind: vendors.CmdReady})
	ev.state(t, vendors.StateReady)
	for i := 0; i < 3; i++ {
		do(t, s, vendors.Command{Kind: vendors.CmdNotReady, Reason: "2"})
		ev.state(t, vendors.StateNotReady)
		do(t, s, vendors.Command{Kind: vendors.CmdReady})
		ev.state(t, vendors.StateReady)
	}
	s.feed.mu.Lock()
	defer s.feed.mu.Unlock()
	if !s.feed.seq.have || s.feed.seq.last > 100 {
		t.Fatalf("last sequence %d: the numbering did not wrap", s.feed.seq.last)
	}
	if s.feed.seq.gaps != 0 || s.feed.seq.backward != 0 {
		t.Fatalf("gaps %d backward %d across the wrap", s.feed.seq.gaps, s.feed.seq.backward)
	}
}
