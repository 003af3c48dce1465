package vendors

import "sync"

// Emitter is an ordered, unbounded event queue: a driver's reader never
// blocks on a slow consumer and events keep the order they were emitted in.
type Emitter struct {
	mu     sync.Mutex
	queue  []Event
	wake   chan struct{}
	out    chan Event
	closed bool
	done   chan struct{}
	once   sync.Once
}

// NewEmitter starts the pump that feeds Events.
func NewEmitter() *Emitter {
	e := &Emitter{wake: make(chan struct{}, 1), out: make(chan Event), done: make(chan struct{})}
	go e.pump()
	return e
}

// Events is the channel consumers read; closed after Close once the queue
// has drained.
func (e *Emitter) Events() <-chan Event { return e.out }

// Emit queues ev; after Close it is dropped.
func (e *Emitter) Emit(ev Event) {
	e.mu.Lock()
	if e.closed {
		e.mu.Unlock()
		return
	}
	e.queue = append(e.queue, ev)
	e.mu.Unlock()
	select {
	case e.wake <- struct{}{}:
	default:
	}
}

// Close stops accepting events; those already queued are still delivered
// if someone reads them, and Events is then closed.
func (e *Emitter) Close() {
	e.mu.Lock()
	if e.closed {
		e.mu.Unlock()
		return
	}
	e.closed = true
	e.mu.Unlock()
	select {
	case e.wake <- struct{}{}:
	default:
	}
}

// Abandon closes the emitter and drops what is queued, for a consumer that
// is gone.
func (e *Emitter) Abandon() {
	e.Close()
	e.once.Do(func() { close(e.done) })
}

func (e *Emitter) pump() {
	defer close(e.out)
	var batch []Event
	for {
		e.mu.Lock()
		batch, e.queue = e.queue, batch[:0]
		closed := e.closed
		e.mu.Unlock()
		for i, ev := range batch {
			select {
			case e.out <- ev:
			case <-e.done:
				return
			}
			batch[i] = nil
		}
		if len(batch) == 0 && closed {
			return
		}
		if len(batch) == 0 {
			<-e.wake
		}
	}
}
