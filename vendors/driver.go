package vendors

import (
	"context"
	"fmt"
	"log/slog"
	"sort"
	"sync"
)

// Driver connects to one platform.
type Driver interface {
	// Name is the vendor's name as profiles and flags spell it ("mitel").
	Name() string
	// Title is the platform's name for people ("Mitel Connect Contact Center").
	Title() string
	// Settings lists what a profile of this vendor holds.
	Settings() []Setting
	// Open connects, authenticates and logs the agent in. It returns once
	// the session is usable or with an *Error saying why not (ErrAuth,
	// ErrUnreachable, ErrTLS, ErrLimit, ...). After it returns, the session
	// keeps itself connected until Close.
	Open(ctx context.Context, cfg Config) (Session, error)
}

// Session is one logged-in agent on one platform.
type Session interface {
	// Events delivers every event in order. It is closed after Close.
	Events() <-chan Event
	// Capabilities is what the session can do now.
	Capabilities() Capabilities
	// Do runs one command and returns when the platform confirmed it, or
	// with an *Error. A command the platform cannot do fails at once with
	// ErrUnsupported without touching the wire; a command while not
	// connected fails at once with ErrDisconnected.
	Do(ctx context.Context, cmd Command) error
	// Close ends the connection without logging the agent out (use the
	// logout command first for that) and closes Events.
	Close() error
}

// Config is what a driver needs to open a session.
type Config struct {
	URL       string
	User      string
	Password  string
	Agent     string
	Extension string
	// Options holds the vendor's --option settings, secrets included (a
	// secret option comes from the environment or the keyring).
	Options map[string]string
	// Logger receives diagnostics; nil discards them. Never log a secret.
	Logger *slog.Logger
}

// Option returns an option's value or def when unset.
func (c Config) Option(key, def string) string {
	if v, ok := c.Options[key]; ok && v != "" {
		return v
	}
	return def
}

// Log returns the configured logger or one that discards.
func (c Config) Log() *slog.Logger {
	if c.Logger != nil {
		return c.Logger
	}
	return slog.New(slog.DiscardHandler)
}

// Field says where a setting goes.
type Field string

const (
	FieldURL       Field = "url"
	FieldUser      Field = "user"
	FieldPassword  Field = "password"
	FieldAgent     Field = "agent"
	FieldExtension Field = "extension"
	FieldOption    Field = "option"
)

// Setting describes one setting of a vendor's profile, for the login form
// and --help.
type Setting struct {
	Field Field
	// Key is the option key for FieldOption.
	Key      string
	Label    string
	Help     string
	Example  string
	Default  string
	Required bool
	// Secret options come from the environment or the keyring, never a
	// flag or a profile file.
	Secret bool
}

// Name is the key a setting has in a profile and in --help.
func (s Setting) Name() string {
	if s.Field == FieldOption {
		return s.Key
	}
	return string(s.Field)
}

var (
	regMu   sync.RWMutex
	drivers = map[string]Driver{}
)

// Register makes a driver available by name; it panics on a duplicate, as
// that is a programming error.
func Register(d Driver) {
	regMu.Lock()
	defer regMu.Unlock()
	if _, dup := drivers[d.Name()]; dup {
		panic(fmt.Sprintf("vendors: driver %q registered twice", d.Name()))
	}
	drivers[d.Name()] = d
}

// Lookup returns the driver of that name.
func Lookup(name string) (Driver, bool) {
	regMu.RLock()
	defer regMu.RUnlock()
	d, ok := drivers[name]
	return d, ok
}

// Names lists the registered drivers, sorted.
func Names() []string {
	regMu.RLock()
	defer regMu.RUnlock()
	out := make([]string, 0, len(drivers))
	for n := range drivers {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}
