package openscape

import (
	"sync"
)

// queue is an unbounded FIFO of jobs run one at a time: webhook bodies and
// the session's own work on its model, in the order they were queued.
type queue struct {
	mu     sync.Mutex
	jobs   []func()
	wake   chan struct{}
	closed bool
}

func newQueue() *queue { return &queue{wake: make(chan struct{}, 1)} }

func (q *queue) push(f func()) {
	q.mu.Lock()
	if q.closed {
		q.mu.Unlock()
		return
	}
	q.jobs = append(q.jobs, f)
	q.mu.Unlock()
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

// run executes jobs until close; queued jobs after close are dropped.
func (q *queue) run() {
	for {
		q.mu.Lock()
		if q.closed {
			q.jobs = nil
			q.mu.Unlock()
			return
		}
		var f func()
		if len(q.jobs) > 0 {
			f = q.jobs[0]
			q.jobs[0] = nil
			q.jobs = q.jobs[1:]
		}
		q.mu.Unlock()
		if f != nil {
			f()
			continue
		}
		<-q.wake
	}
}

func (q *queue) close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	select {
	case q.wake <- struct{}{}:
	default:
	}
}
