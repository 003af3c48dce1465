package enreach

import "log/slog"

// kitLogger gives the signalr library (go-kit style) the session's slog
// logger at debug level, so it never writes to stderr on its own.
type kitLogger struct{ l *slog.Logger }

func (k kitLogger) Log(keyvals ...any) error {
	k.l.Debug("signalr", keyvals...)
	return nil
}
