// Package demo is Tandem's built-in contact center: an in-process server
// with every capability of the model, reached over a real loopback socket,
// so a newcomer sees a working desk on a fresh machine. With the option
// vendor=NAME it runs that vendor's simulator in-process instead and
// connects the real driver to it.
package demo

import (
	"context"
	"strconv"
	"strings"
	"time"

	"tandem/vendors"
	"tandem/vendors/simulator"
)

func init() { vendors.Register(Driver{}) }

// Driver is the demo driver.
type Driver struct{}

// Name implements vendors.Driver.
func (Driver) Name() string { return "demo" }

// Title implements vendors.Driver.
func (Driver) Title() string { return "Demo contact center (built in)" }

// Settings implements vendors.Driver.
func (Driver) Settings() []vendors.Setting {
	return []vendors.Setting{
		{Field: vendors.FieldOption, Key: "vendor", Label: "Simulated platform",
			Help: "which platform's simulator to run in-process: demo (every feature) or a vendor name", Default: "demo"},
		{Field: vendors.FieldOption, Key: "rate", Label: "Seconds between contacts",
			Help: "how often the demo offers a contact while you are ready", Default: "20"},
	}
}

// Open implements vendors.Driver. Without a URL it starts a private
// contact center (or the chosen vendor's simulator) in-process.
func (Driver) Open(ctx context.Context, cfg vendors.Config) (vendors.Session, error) {
	if cfg.URL != "" {
		return dial(ctx, cfg, nil)
	}
	rate, err := parseRate(cfg.Option("rate", "20"))
	if err != nil {
		return nil, err
	}
	vendor := strings.ToLower(cfg.Option("vendor", "demo"))
	if vendor == "demo" || vendor == "builtin" {
		c, err := NewCenter(simulator.Options{Rate: rate, Logger: cfg.Logger})
		if err != nil {
			return nil, &vendors.Error{Kind: vendors.ErrUnreachable, Vendor: "demo", Op: "login", Msg: "cannot start the demo contact center", Err: err}
		}
		sc := c.Config()
		sc.Logger = cfg.Logger
		s, err := dial(ctx, sc, c)
		if err != nil {
			c.Close()
			return nil, err
		}
		return s, nil
	}
	return openVendorSim(ctx, vendor, rate, cfg)
}

func parseRate(s string) (time.Duration, error) {
	f, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(s), "s"), 64)
	if err != nil || f < 0 {
		return 0, &vendors.Error{Kind: vendors.ErrConfig, Vendor: "demo", Msg: "rate must be a number of seconds, e.g. 20"}
	}
	return time.Duration(f * float64(time.Second)), nil
}

// openVendorSim runs a vendor's simulator in-process and opens that
// vendor's real driver against it.
func openVendorSim(ctx context.Context, vendor string, rate time.Duration, cfg vendors.Config) (vendors.Session, error) {
	d, ok := vendors.Lookup(vendor)
	if !ok {
		return nil, &vendors.Error{Kind: vendors.ErrConfig, Vendor: "demo", Msg: "no driver named " + strconv.Quote(vendor) + "; have " + strings.Join(vendors.Names(), ", ")}
	}
	sim, err := simulator.Start(vendor, simulator.Options{Rate: rate, Logger: cfg.Logger})
	if err != nil {
		return nil, &vendors.Error{Kind: vendors.ErrConfig, Vendor: "demo", Msg: err.Error()}
	}
	sc := sim.Config()
	sc.Logger = cfg.Logger
	s, err := d.Open(ctx, sc)
	if err != nil {
		sim.Close()
		return nil, err
	}
	return &simSession{Session: s, sim: sim}, nil
}

// simSession closes the in-process simulator with the session.
type simSession struct {
	vendors.Session
	sim simulator.Sim
}

func (s *simSession) Close() error {
	err := s.Session.Close()
	s.sim.Close()
	return err
}
