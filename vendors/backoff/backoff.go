// Package backoff computes reconnect and retry delays: exponential with
// full jitter, so a thousand desktops do not return at the same instant.
package backoff

import (
	"context"
	"math/rand/v2"
	"time"
)

// Backoff yields growing, jittered delays; the zero value uses 500ms..30s.
// It is not safe for concurrent use.
type Backoff struct {
	Min, Max time.Duration
	n        int
}

// Next returns the next delay: a random duration in [d/2, d] where d doubles
// from Min up to Max.
func (b *Backoff) Next() time.Duration {
	min, max := b.Min, b.Max
	if min <= 0 {
		min = 500 * time.Millisecond
	}
	if max < min {
		max = 30 * time.Second
		if max < min {
			max = min
		}
	}
	d := min
	for i := 0; i < b.n && d < max; i++ {
		d *= 2
	}
	if d > max {
		d = max
	}
	b.n++
	half := d / 2
	return half + time.Duration(rand.Int64N(int64(d-half)+1))
}

// Reset starts over after a success.
func (b *Backoff) Reset() { b.n = 0 }

// Attempts is how many delays were handed out since the last Reset.
func (b *Backoff) Attempts() int { return b.n }

// Sleep waits for the next delay or until ctx ends; it reports false when
// ctx ended.
func (b *Backoff) Sleep(ctx context.Context) bool {
	t := time.NewTimer(b.Next())
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
