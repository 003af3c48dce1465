// Package proxy is a TCP relay for fault tests: it forwards a client to a
// server and can drop every connection or blackhole them (keep the sockets
// open, forward nothing), as laptop sleep or a NAT timeout does.
package proxy

import (
	"net"
	"sync"
	"time"
)

// Proxy relays connections from its own address to a target.
type Proxy struct {
	ln     net.Listener
	target string

	mu        sync.Mutex
	conns     map[net.Conn]struct{}
	blackhole bool
}

// Start listens on a free loopback port and relays to target.
func Start(target string) (*Proxy, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	p := &Proxy{ln: ln, target: target, conns: map[net.Conn]struct{}{}}
	go p.accept()
	return p, nil
}

// Addr is the proxy's address.
func (p *Proxy) Addr() string { return p.ln.Addr().String() }

// Close stops the proxy and every relayed connection.
func (p *Proxy) Close() error {
	err := p.ln.Close()
	p.Drop()
	return err
}

// Drop closes every relayed connection at once.
func (p *Proxy) Drop() {
	p.mu.Lock()
	conns := p.conns
	p.conns = map[net.Conn]struct{}{}
	p.mu.Unlock()
	for c := range conns {
		c.Close()
	}
}

// Blackhole stops (on) or resumes (off) forwarding; sockets stay open and
// new connections are accepted but hear nothing.
func (p *Proxy) Blackhole(on bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.blackhole = on
}

func (p *Proxy) track(c net.Conn) {
	p.mu.Lock()
	p.conns[c] = struct{}{}
	p.mu.Unlock()
}

func (p *Proxy) accept() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		go p.relay(c)
	}
}

func (p *Proxy) relay(client net.Conn) {
	server, err := net.DialTimeout("tcp", p.target, 5*time.Second)
	if err != nil {
		client.Close()
		return
	}
	p.track(client)
	p.track(server)
	var once sync.Once
	done := func() {
		once.Do(func() {
			client.Close()
			server.Close()
			p.mu.Lock()
			delete(p.conns, client)
			delete(p.conns, server)
			p.mu.Unlock()
		})
	}
	go func() { p.pipe(server, client); done() }()
	p.pipe(client, server)
	done()
}

// pipe copies src to dst; a chunk that arrives during a blackhole is
// lost, as on a dead network.
func (p *Proxy) pipe(dst, src net.Conn) {
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			p.mu.Lock()
			hole := p.blackhole
			p.mu.Unlock()
			if !hole {
				if _, werr := dst.Write(buf[:n]); werr != nil {
					return
				}
			}
		}
		if err != nil {
			return
		}
	}
}
