package demo

import (
	"fmt"

	"tandem/vendors"
	"tandem/vendors/simulator"
)

func init() {
	simulator.Register("demo", func(o simulator.Options) (simulator.Sim, error) { return NewCenter(o) })
}

// The Center is its own simulator.Sim: the demo is a simulator.

// Vendor implements simulator.Sim.
func (c *Center) Vendor() string { return "demo" }

// Config implements simulator.Sim.
func (c *Center) Config() vendors.Config {
	return vendors.Config{URL: "tcp://" + c.Addr(), User: c.user, Password: c.password, Agent: c.agent, Extension: c.ext, Options: map[string]string{}}
}

// Describe implements simulator.Sim.
func (c *Center) Describe() string {
	return fmt.Sprintf("demo contact center on tcp://%s\n  TANDEM_PASSWORD=%s tandemctl --vendor demo --url tcp://%s --user %s",
		c.Addr(), c.password, c.Addr(), c.user)
}

// Offer implements simulator.Sim.
func (c *Center) Offer() (vendors.Contact, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.offerLocked(), nil
}

// Phone implements simulator.Sim.
func (c *Center) Phone(action vendors.CommandKind, id string) error { return c.phone(action, id) }

// SetState implements simulator.Sim.
func (c *Center) SetState(st vendors.State, reason string) error { return c.setState(st, reason) }

// State implements simulator.Sim.
func (c *Center) State() vendors.State {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.stateLocked().State
}

// Drop implements simulator.Sim.
func (c *Center) Drop() { c.drop() }

// Malformed implements simulator.Sim.
func (c *Center) Malformed() error { c.malformed(); return nil }

// Requests implements simulator.Sim.
func (c *Center) Requests() int64 { return c.requests.Load() }
