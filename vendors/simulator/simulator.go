// Package simulator is the common face of Tandem's contact-center
// simulators: each vendor's simulator (vendors/<name>/<name>sim) registers
// here, so the demo, ccsim and vendortest can start any of them by name.
package simulator

import (
	"fmt"
	"log/slog"
	"net"
	"sort"
	"sync"
	"time"

	"tandem/vendors"
)

// Options configure a simulator.
type Options struct {
	// Addr is where the simulator listens; "" or ":0" picks a free
	// loopback port.
	Addr string
	// Rate is the time between contacts offered to the agent on its own;
	// 0 offers none (tests call Offer).
	Rate time.Duration
	// Seed makes the generated traffic repeatable; 0 picks one.
	Seed int64
	// Logger receives the simulator's diagnostics; nil discards them.
	Logger *slog.Logger
}

// Log returns the logger or one that discards.
func (o Options) Log() *slog.Logger {
	if o.Logger != nil {
		return o.Logger
	}
	return slog.New(slog.DiscardHandler)
}

// Listen opens the simulator's listener on Addr, a free loopback port
// when Addr is empty or ":0" (a simulator is never reachable from the
// network unless asked).
func (o Options) Listen() (net.Listener, error) {
	addr := o.Addr
	if addr == "" || addr == ":0" {
		addr = "127.0.0.1:0"
	}
	return net.Listen("tcp", addr)
}

// Sim is a running simulator with one agent Tandem logs in as, and the
// handles tests and trainers use to drive it.
type Sim interface {
	// Vendor is the driver name that speaks to this simulator.
	Vendor() string
	// Config is what a driver needs to reach the simulator as its agent,
	// password included (the simulator's own demo credentials).
	Config() vendors.Config
	// Describe tells a person how to connect (URL, user, options).
	Describe() string
	// Offer makes the platform offer a new inbound contact to the agent
	// and returns what the driver should report: fields left empty are not
	// checked.
	Offer() (vendors.Contact, error)
	// Phone acts on a contact from the agent's phone or the vendor's own
	// client (answer, hangup, hold, retrieve), for platforms whose API
	// cannot; id is the contact's ID as the driver reports it.
	Phone(action vendors.CommandKind, id string) error
	// SetState changes the agent's state on the platform side, as a
	// supervisor or the phone would.
	SetState(st vendors.State, reason string) error
	// State is the platform's view of the agent's state.
	State() vendors.State
	// Drop cuts every connection to the driver at once, as a network blip
	// would; the simulator keeps running and accepts new connections.
	Drop()
	// Malformed sends the driver input it must log and skip.
	Malformed() error
	// Requests counts the command requests received from drivers (not
	// keepalives, polls, event acknowledgements or logins), so a test can
	// prove a refused command never touched the wire.
	Requests() int64
	// Close stops the simulator.
	Close() error
}

// Factory starts a simulator.
type Factory func(Options) (Sim, error)

var (
	mu        sync.RWMutex
	factories = map[string]Factory{}
)

// Register makes a simulator available by its vendor name.
func Register(vendor string, f Factory) {
	mu.Lock()
	defer mu.Unlock()
	if _, dup := factories[vendor]; dup {
		panic(fmt.Sprintf("simulator: %q registered twice", vendor))
	}
	factories[vendor] = f
}

// Start starts the named vendor's simulator.
func Start(vendor string, o Options) (Sim, error) {
	mu.RLock()
	f, ok := factories[vendor]
	mu.RUnlock()
	if !ok {
		return nil, fmt.Errorf("no simulator for vendor %q (have %v)", vendor, Names())
	}
	return f(o)
}

// Names lists the registered simulators, sorted.
func Names() []string {
	mu.RLock()
	defer mu.RUnlock()
	out := make([]string, 0, len(factories))
	for n := range factories {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}
