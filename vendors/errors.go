package vendors

import (
	"errors"
	"fmt"
)

// Kind classifies an error so the GUI and tandemctl can explain it.
type Kind string

const (
	ErrAuth           Kind = "authentication failed"
	ErrUnreachable    Kind = "server unreachable"
	ErrTLS            Kind = "certificate problem"
	ErrLimit          Kind = "licence or connection limit reached"
	ErrUnsupported    Kind = "not supported"
	ErrDisconnected   Kind = "not connected"
	ErrUnknownContact Kind = "unknown contact"
	ErrWrongStatus    Kind = "not possible now"
	ErrRejected       Kind = "refused by the platform"
	ErrTimeout        Kind = "no answer from the platform"
	ErrInvalid        Kind = "invalid request"
	ErrConfig         Kind = "configuration problem"
	ErrProtocol       Kind = "protocol error"
	ErrSessionEnded   Kind = "session ended"
)

// Error is what every driver and the desk model return: the kind of
// failure, and a message a person understands. It never holds a secret.
type Error struct {
	Kind   Kind
	Vendor string
	Op     string
	Msg    string
	Err    error
}

func (e *Error) Error() string {
	s := ""
	if e.Vendor != "" {
		s = e.Vendor + ": "
	}
	if e.Op != "" {
		s += e.Op + ": "
	}
	s += string(e.Kind)
	if e.Msg != "" {
		s += ": " + e.Msg
	}
	if e.Err != nil {
		s += " (" + e.Err.Error() + ")"
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// Is lets errors.Is(err, vendors.ErrAuth) match on the kind.
func (e *Error) Is(target error) bool {
	if t, ok := target.(Kind); ok {
		return e.Kind == t
	}
	return false
}

// Error makes a Kind usable as an errors.Is target.
func (k Kind) Error() string { return string(k) }

// Errorf builds an *Error of the given kind.
func Errorf(k Kind, format string, args ...any) *Error {
	return &Error{Kind: k, Msg: fmt.Sprintf(format, args...)}
}

// KindOf returns the kind of err, or "" when it is not an *Error.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	var k Kind
	if errors.As(err, &k) {
		return k
	}
	return ""
}

// Unsupported is the error for a command the platform cannot do.
func Unsupported(vendor string, k CommandKind, hint string) *Error {
	msg := "the platform has no such command"
	if hint != "" {
		msg = hint
	}
	return &Error{Kind: ErrUnsupported, Vendor: vendor, Op: string(k), Msg: msg}
}
