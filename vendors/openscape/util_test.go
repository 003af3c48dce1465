package openscape

import (
	"context"
	"log/slog"

	"tandem/vendors"
)

func discard() *slog.Logger { return slog.New(slog.DiscardHandler) }

// fuzzSession is a session with a model and no server: look-ups fail at
// once (nothing listens on port 1).
func fuzzSession() *session {
	s := &session{
		st: settings{ext: "554181015002", url: "http://127.0.0.1:1"}, log: discard(),
		cl: newClient("http://127.0.0.1:1"), em: vendors.NewEmitter(), q: newQueue(), kick: make(chan kickKind, 4),
		calls: map[string]*call{}, queues: map[int]string{}, key: 3, synced: true, connected: true,
	}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	go func(events <-chan vendors.Event) {
		for range events {
		}
	}(s.em.Events())
	return s
}
