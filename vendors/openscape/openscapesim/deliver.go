package openscapesim

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"
)

// reg is one registered application.
type reg struct {
	name, token, webhook, version string
	seen                          time.Time
	logged                        bool // Main Logon done
	tel                           map[string]bool
	pres                          map[string]bool
	admin, routing                bool
	out                           *deliverer
}

// deliverer POSTs one registration's events to its webhook, one at a time
// and in order: at most once, no retries (notes §2.8).
type deliverer struct {
	url   string
	log   *slog.Logger
	http  *http.Client
	mu    sync.Mutex
	queue [][]byte
	wake  chan struct{}
	done  chan struct{}
	once  sync.Once
}

const maxQueued = 2000

func newDeliverer(url string, log *slog.Logger) *deliverer {
	if !strings.Contains(url, "://") {
		url = "http://" + url // the §3.4 sample registers a bare IP
	}
	// A desktop's webhook certificate is often self-signed; the simulator
	// accepts it as an Application Server configured to trust it would.
	tr := &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}, MaxIdleConnsPerHost: 2}
	d := &deliverer{url: url, log: log, http: &http.Client{Timeout: 5 * time.Second, Transport: tr}, wake: make(chan struct{}, 1), done: make(chan struct{})}
	go d.run()
	return d
}

func (d *deliverer) push(b []byte) {
	d.mu.Lock()
	if len(d.queue) >= maxQueued {
		d.queue = d.queue[1:] // the receiver is gone: oldest are lost
	}
	d.queue = append(d.queue, b)
	d.mu.Unlock()
	select {
	case d.wake <- struct{}{}:
	default:
	}
}

func (d *deliverer) close() { d.once.Do(func() { close(d.done) }) }

func (d *deliverer) run() {
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-d.done
		cancel()
		d.http.CloseIdleConnections()
	}()
	for {
		d.mu.Lock()
		var b []byte
		if len(d.queue) > 0 {
			b = d.queue[0]
			d.queue = d.queue[1:]
		}
		d.mu.Unlock()
		if b == nil {
			select {
			case <-d.wake:
				continue
			case <-d.done:
				return
			}
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, d.url, bytes.NewReader(b))
		if err != nil {
			d.log.Warn("openscapesim: bad webhook URL", "err", err)
			continue
		}
		req.Header.Set("Content-Type", "application/json")
		resp, err := d.http.Do(req)
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			d.log.Debug("openscapesim: webhook delivery failed", "err", err)
			continue
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			d.log.Debug("openscapesim: webhook answered", "status", resp.Status)
		}
	}
}

// envelope builds the two-level event wrapper (notes §1.5).
func envelope(realm, typ string, data any) []byte {
	b, _ := json.Marshal(map[string]any{
		"type": "EVENT",
		"data": map[string]any{"realm": realm, "type": typ, "data": data},
	})
	return b
}

// publish sends an event to every registration listening to it; resource
// is the extension (TELEPHONY) or agent key (PRESENCE). Faults apply here.
// Calls mu held.
func (s *Server) publish(realm, typ, resource string, data any) {
	body := envelope(realm, typ, data)
	for _, r := range s.regs {
		var on bool
		switch realm {
		case "TELEPHONY":
			on = r.tel[resource] || r.tel["*"]
		case "PRESENCE":
			on = resource == "" && len(r.pres) > 0 || r.pres[resource] || r.pres["*"]
		case "ADMINISTRATION":
			on = r.admin
		case "ROUTING":
			on = r.routing
		}
		if !on {
			continue
		}
		if s.chance(s.loss) {
			s.log.Info("openscapesim: fault: delivery lost", "type", typ)
			continue
		}
		r.out.push(body)
		if s.chance(s.dup) {
			s.log.Info("openscapesim: fault: delivery duplicated", "type", typ)
			r.out.push(body)
		}
	}
}

// raw delivers bytes as they are to every registration (Malformed).
func (s *Server) raw(b []byte) {
	for _, r := range s.regs {
		r.out.push(b)
	}
}
