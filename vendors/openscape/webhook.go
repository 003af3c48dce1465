package openscape

import (
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"tandem/vendors"
)

// maxBody caps one webhook delivery; the largest documented event is a few
// kilobytes.
const maxBody = 256 << 10

// receiver is the webhook the platform POSTs events to. Only POSTs to the
// secret path are accepted; each body is queued in arrival order and 200 is
// answered at once, before the event is processed.
type receiver struct {
	ln      net.Listener
	srv     *http.Server
	path    string // "/" + 32 hex digits (128 random bits)
	url     string // announced at registration
	log     *slog.Logger
	deliver func([]byte)
	done    chan struct{}
}

// newReceiver binds listen, picks the secret path and derives the URL to
// announce: announce (the webhook-url option) with the path appended, or
// the bound address. serverURL helps choose a reachable address when
// listen is a wildcard.
func newReceiver(listen, announce, certFile, keyFile, serverURL string, log *slog.Logger, deliver func([]byte)) (*receiver, error) {
	var secret [16]byte
	if _, err := rand.Read(secret[:]); err != nil {
		return nil, err
	}
	r := &receiver{path: "/tandem/" + hex.EncodeToString(secret[:]), log: log, deliver: deliver, done: make(chan struct{})}
	var tlsCfg *tls.Config
	if certFile != "" || keyFile != "" {
		cert, err := tls.LoadX509KeyPair(certFile, keyFile)
		if err != nil {
			return nil, &vendors.Error{Kind: vendors.ErrConfig, Vendor: vendorName, Op: "webhook", Msg: "cannot load webhook-cert/webhook-key", Err: err}
		}
		tlsCfg = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	}
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		return nil, &vendors.Error{Kind: vendors.ErrConfig, Vendor: vendorName, Op: "webhook", Msg: "cannot listen on webhook-listen " + listen, Err: err}
	}
	if tlsCfg != nil {
		ln = tls.NewListener(ln, tlsCfg)
	}
	r.ln = ln
	if announce != "" {
		r.url = strings.TrimRight(announce, "/") + r.path
	} else {
		scheme := "http"
		if tlsCfg != nil {
			scheme = "https"
		}
		r.url = scheme + "://" + reachable(ln.Addr().(*net.TCPAddr), serverURL) + r.path
	}
	r.srv = &http.Server{
		Handler:           http.HandlerFunc(r.serve),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelDebug),
	}
	go func() {
		defer close(r.done)
		if err := r.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Warn("openscape: webhook receiver stopped", "err", err)
		}
	}()
	return r, nil
}

// reachable is host:port the server can call back: the bound address, or
// for a wildcard bind the local address that routes to the server.
func reachable(a *net.TCPAddr, serverURL string) string {
	ip := a.IP
	if ip == nil || ip.IsUnspecified() {
		ip = net.IPv4(127, 0, 0, 1)
		if u, err := url.Parse(serverURL); err == nil && u.Hostname() != "" {
			port := u.Port()
			if port == "" {
				port = "80"
			}
			if c, err := net.Dial("udp", net.JoinHostPort(u.Hostname(), port)); err == nil {
				ip = c.LocalAddr().(*net.UDPAddr).IP
				c.Close()
			}
		}
	}
	return net.JoinHostPort(ip.String(), itoa(a.Port))
}

// serve accepts only a POST to the secret path (or the announced URL's
// path, when a proxy forwards it unchanged).
func (r *receiver) serve(w http.ResponseWriter, req *http.Request) {
	if req.URL.Path != r.path && !strings.HasSuffix(req.URL.Path, r.path) {
		http.NotFound(w, req)
		return
	}
	if req.Method != http.MethodPost {
		w.Header().Set("Allow", "POST")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, req.Body, maxBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			r.log.Warn("openscape: webhook body too large, dropped", "limit", maxBody)
			http.Error(w, "body too large", http.StatusRequestEntityTooLarge)
			return
		}
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	// Queue before answering so arrival order is processing order.
	r.deliver(body)
	w.WriteHeader(http.StatusOK)
}

// redactedURL is the announced URL without its secret, for logs.
func (r *receiver) redactedURL() string {
	return strings.TrimSuffix(r.url, r.path) + "/tandem/…"
}

func itoa(n int) string {
	var b [20]byte
	i := len(b)
	if n == 0 {
		return "0"
	}
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}

func (r *receiver) close() {
	r.srv.Close()
	<-r.done
}
