package demo

import (
	"math/rand/v2"
	"time"

	"tandem/vendors"
	"tandem/vendors/simulator"
)

// queueBoard is the demo's picture of its queues: callers waiting for
// other agents come and go, so the board moves as a real one does.
type queueBoard struct {
	rnd    *rand.Rand
	queues []vendors.QueueStatus
	oldest []time.Time // when the longest-waiting caller of each queue arrived
}

func newQueueBoard(seed int64) *queueBoard {
	b := &queueBoard{rnd: rand.New(rand.NewPCG(uint64(seed), 0x9e3779b9))}
	for i, name := range simulator.Queues() {
		b.queues = append(b.queues, vendors.QueueStatus{ID: name, Name: name, Agents: 4 + i, Available: 1})
		b.oldest = append(b.oldest, time.Time{})
	}
	return b
}

// step moves every queue a little and returns the board.
func (b *queueBoard) step(now time.Time) []vendors.QueueStatus {
	out := make([]vendors.QueueStatus, len(b.queues))
	for i := range b.queues {
		q := &b.queues[i]
		q.Waiting += b.rnd.IntN(3) - 1
		if q.Waiting < 0 {
			q.Waiting = 0
		}
		if q.Waiting > 9 {
			q.Waiting = 9
		}
		switch {
		case q.Waiting == 0:
			b.oldest[i] = time.Time{}
		case b.oldest[i].IsZero():
			b.oldest[i] = now.Add(-time.Duration(b.rnd.IntN(40)) * time.Second)
		}
		q.LongestWait = 0
		if !b.oldest[i].IsZero() {
			q.LongestWait = now.Sub(b.oldest[i]).Truncate(time.Second)
		}
		q.Available = b.rnd.IntN(q.Agents/2 + 1)
		out[i] = *q
	}
	return out
}
