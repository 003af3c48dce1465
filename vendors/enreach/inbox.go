package enreach

import "sync"

// inbox is an unbounded FIFO of raw MessageReceived arguments in wire
// order: the connection's reader never blocks on the session.
type inbox struct {
	mu    sync.Mutex
	items [][]byte
	wake  chan struct{}
}

func newInbox() *inbox { return &inbox{wake: make(chan struct{}, 1)} }

func (b *inbox) push(item []byte) {
	b.mu.Lock()
	b.items = append(b.items, item)
	b.mu.Unlock()
	select {
	case b.wake <- struct{}{}:
	default:
	}
}

func (b *inbox) drain() [][]byte {
	b.mu.Lock()
	defer b.mu.Unlock()
	out := b.items
	b.items = nil
	return out
}
