package openscape

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"tandem/vendors"
)

// client speaks the REST SDK's commands: JSON bodies, the session token as
// a Bearer credential, success read from errorCode.
type client struct {
	base string
	http *http.Client
	// secrets are scrubbed from any text that reaches an error.
	secrets []string

	mu    sync.Mutex
	token string
	// lastUse is when a command (not a watchdog probe) last went out, so
	// KeepAlive is only sent when idle.
	lastUse atomic.Int64
}

func newClient(base string, secrets ...string) *client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 4
	return &client{
		base:    strings.TrimRight(base, "/"),
		http:    &http.Client{Transport: tr, Timeout: 10 * time.Second},
		secrets: secrets,
	}
}

func (c *client) setToken(t string) {
	c.mu.Lock()
	c.token = t
	c.mu.Unlock()
}

func (c *client) getToken() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.token
}

// answer is what every response decodes into at least.
type answer interface{ res() result }

func (r result) res() result { return r }

// call sends one command and decodes the answer into out (which embeds
// result). A transport failure is ErrUnreachable or ErrTLS; a failed
// errorCode is its meaning (codes.go).
func (c *client) call(ctx context.Context, method, path string, body any, out answer) error {
	op := path[strings.LastIndex(path, "/")+1:]
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, rd)
	if err != nil {
		return &vendors.Error{Kind: vendors.ErrConfig, Vendor: vendorName, Op: op, Msg: "bad server URL"}
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json; charset=utf-8")
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Cache-Control", "no-cache")
	if t := c.getToken(); t != "" && op != "registerApplication" {
		req.Header.Set("Authorization", "Bearer "+t)
	}
	if op != "getserverstate" && op != "keepalive" {
		c.lastUse.Store(time.Now().UnixNano())
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return c.transportError(op, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	if err != nil {
		return c.transportError(op, err)
	}
	switch {
	case resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden:
		if op == "registerApplication" {
			return &vendors.Error{Kind: vendors.ErrAuth, Vendor: vendorName, Op: op, Msg: "the server refused the application credentials"}
		}
		return codeError(op, "APPLICATION_NOT_REGISTERED", resp.Status)
	case resp.StatusCode == http.StatusNotFound:
		return &vendors.Error{Kind: vendors.ErrProtocol, Vendor: vendorName, Op: op, Msg: "the server has no such command (is the URL the REST SDK base, …/restsdk/webapi?)"}
	case resp.StatusCode >= 500:
		return &vendors.Error{Kind: vendors.ErrUnreachable, Vendor: vendorName, Op: op, Msg: "server error " + resp.Status}
	case resp.StatusCode >= 300:
		return &vendors.Error{Kind: vendors.ErrProtocol, Vendor: vendorName, Op: op, Msg: "unexpected answer " + resp.Status}
	}
	if out == nil {
		out = &result{}
	}
	if err := decodeAnswer(raw, out); err != nil {
		return &vendors.Error{Kind: vendors.ErrProtocol, Vendor: vendorName, Op: op, Msg: "unreadable answer", Err: err}
	}
	r := out.res()
	if !succeeded(string(r.ErrorCode)) {
		e := codeError(op, string(r.ErrorCode), c.scrub(r.details()))
		return e
	}
	return nil
}

func (c *client) scrub(s string) string {
	for _, x := range c.secrets {
		if x != "" {
			s = strings.ReplaceAll(s, x, "***")
		}
	}
	return s
}

func (c *client) transportError(op string, err error) error {
	var ue *x509.UnknownAuthorityError
	var he x509.HostnameError
	var ce *x509.CertificateInvalidError
	var te *tls.CertificateVerificationError
	if errors.As(err, &ue) || errors.As(err, &he) || errors.As(err, &ce) || errors.As(err, &te) {
		return &vendors.Error{Kind: vendors.ErrTLS, Vendor: vendorName, Op: op, Msg: "the server's certificate is not trusted", Err: err}
	}
	if errors.Is(err, context.Canceled) {
		return &vendors.Error{Kind: vendors.ErrSessionEnded, Vendor: vendorName, Op: op, Msg: "cancelled"}
	}
	var ne net.Error
	if errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout()) {
		return &vendors.Error{Kind: vendors.ErrTimeout, Vendor: vendorName, Op: op, Msg: "the server did not answer in time", Err: linkErr{err}}
	}
	return &vendors.Error{Kind: vendors.ErrUnreachable, Vendor: vendorName, Op: op, Msg: fmt.Sprintf("cannot reach %s", c.base), Err: linkErr{err}}
}

// linkErr marks a transport failure, as opposed to a refusal.
type linkErr struct{ err error }

func (l linkErr) Error() string { return l.err.Error() }
func (l linkErr) Unwrap() error { return l.err }

// linkLost reports whether err means the session or the server is gone,
// which starts the recovery ladder.
func linkLost(err error) bool {
	var l linkErr
	return errors.As(err, &l) || vendors.KindOf(err) == vendors.ErrDisconnected
}

// decodeAnswer reads a response body in any form the document prints.
func decodeAnswer(raw []byte, out answer) error {
	return json.NewDecoder(bytes.NewReader(clean(raw))).Decode(out)
}
