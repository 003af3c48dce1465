package main

import (
	"fmt"
	"net"
	"net/url"

	"tandem/bench/internal/tap"
	"tandem/vendors"
	"tandem/vendors/simulator"
)

// tapped is a simulator whose Config sends the driver through a tap: the
// URL's host is the tap (the simulators answer with the address the
// client used, so later URLs they hand out point at the tap too), or for
// a webhook platform the announced webhook URL is.
type tapped struct {
	simulator.Sim
	cfg vendors.Config
	tap *tap.Tap
}

func (t *tapped) Config() vendors.Config { return t.cfg }

func (t *tapped) Close() error {
	t.tap.Close()
	return t.Sim.Close()
}

// startTapped starts vendor's simulator and a tap on the way its offers
// travel.
func startTapped(vendor string) (*tapped, error) {
	sim, err := simulator.Start(vendor, simulator.Options{})
	if err != nil {
		return nil, err
	}
	cfg := sim.Config()
	opts := make(map[string]string, len(cfg.Options)+2)
	for k, v := range cfg.Options {
		opts[k] = v
	}
	cfg.Options = opts
	var tp *tap.Tap
	if webhook(vendor) {
		// The platform POSTs events to a listener the driver binds: the
		// tap sits in front of it and is the URL announced.
		listen, err := freePort()
		if err == nil {
			tp, err = tap.Start(listen, tap.ToTarget)
		}
		if err != nil {
			sim.Close()
			return nil, err
		}
		cfg.Options["webhook-listen"] = listen
		cfg.Options["webhook-url"] = "http://" + tp.Addr()
	} else {
		u, err := url.Parse(cfg.URL)
		if err != nil || u.Host == "" {
			sim.Close()
			return nil, fmt.Errorf("cannot put a tap in front of %q", cfg.URL)
		}
		if tp, err = tap.Start(u.Host, tap.ToClient); err != nil {
			sim.Close()
			return nil, err
		}
		u.Host = tp.Addr()
		cfg.URL = u.String()
	}
	return &tapped{Sim: sim, cfg: cfg, tap: tp}, nil
}

// webhook says whether the platform pushes by calling the driver back.
func webhook(vendor string) bool {
	d, ok := vendors.Lookup(vendor)
	if !ok {
		return false
	}
	for _, s := range d.Settings() {
		if s.Field == vendors.FieldOption && s.Key == "webhook-listen" {
			return true
		}
	}
	return false
}

// freePort returns a loopback address nobody listens on right now.
func freePort() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// offer is how the bare reader tells the offer on vendor's stream: the
// caller's number, and where other messages carry that number first (a
// queue's "call waiting"), only in the message that offers the call to
// the agent, the one the driver pops on. The HTTP pushes carry one event
// per request and their first message with the number is the offer.
func offer(vendor, from string) tap.Marker {
	m := tap.Marker{Text: []byte(from)}
	switch vendor {
	case "mitel": // NUL-ended JSON; "queued" comes before "delivered"
		m.Anchor, m.Sep = []byte(`"message":"delivered"`), 0
	case "enreach": // SignalR JSON records end in 0x1e; QueueCallInComing comes first
		m.Anchor, m.Sep = []byte(`UserCallInUserAllocated`), 0x1e
	case "demo": // JSON lines
		m.Anchor, m.Sep = []byte(`"status":"offered"`), '\n'
	}
	return m
}
