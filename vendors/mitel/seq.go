package mitel

// seqTracker follows the per-connection sequence number (L462-464): a
// uint32 that wraps from 4294967295 to 0. TCP already keeps the order, so
// it never drops or reorders a message; it counts gaps and backward steps
// for the log, comparing with serial-number arithmetic so the wrap is an
// ordinary step. Messages without a sequence (samples L2909-2923,
// type-change) are simply not counted.
type seqTracker struct {
	have     bool
	last     uint32
	gaps     int // messages missing, summed
	backward int // steps that went back or repeated
}

// observe records seq and returns how many messages were skipped before
// it (0 normally) and whether it went backwards.
func (t *seqTracker) observe(seq uint32) (missed uint32, back bool) {
	if !t.have {
		t.have, t.last = true, seq
		return 0, false
	}
	d := int32(seq - t.last)
	if d <= 0 {
		t.backward++
		t.last = seq
		return 0, true
	}
	t.last = seq
	if d > 1 {
		t.gaps += int(d - 1)
		return uint32(d - 1), false
	}
	return 0, false
}

// reset starts a new connection's numbering.
func (t *seqTracker) reset() { *t = seqTracker{} }
