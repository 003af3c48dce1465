package incontact

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"tandem/vendors"
	"tandem/vendors/flex"
)

// client makes Agent API calls with a bearer token it keeps fresh.
type client struct {
	hc       *http.Client
	authBase string
	basic    string // base64 of app@vendor:business-unit
	user     string
	pass     string
	log      *slog.Logger
	timeout  time.Duration // for one command or lookup

	authMu sync.Mutex // one renewal at a time (poller and commands race)
	mu     sync.Mutex
	tok    token
}

// token is what the password grant returned and the driver keeps.
type token struct {
	access  string
	base    string // resource_server_base_uri
	agentID string
	teamID  string
	renewAt time.Time
}

type tokenResp struct {
	AccessToken      string      `json:"access_token"`
	ExpiresIn        flex.Int    `json:"expires_in"`
	ResourceBaseURI  string      `json:"resource_server_base_uri"`
	AgentID          flex.String `json:"agent_id"`
	TeamID           flex.String `json:"team_id"`
	Error            string      `json:"error"`
	ErrorDescription string      `json:"error_description"`
}

func newClient(cfg vendors.Config) *client {
	app := cfg.Option("app-name", "")
	vendor := cfg.Option("vendor-name", "")
	bu := cfg.Option("business-unit", "")
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.ResponseHeaderTimeout = 0 // long polls; each request carries a deadline
	return &client{
		hc:       &http.Client{Transport: tr},
		authBase: strings.TrimRight(cfg.URL, "/") + "/",
		basic:    base64.StdEncoding.EncodeToString([]byte(app + "@" + vendor + ":" + bu)),
		user:     cfg.User,
		pass:     cfg.Password,
		log:      cfg.Log(),
		timeout:  15 * time.Second,
	}
}

// renewMargin is how long before expiry a token is replaced: a fifth of its
// life, at most a minute, so a poll never starts with a token about to die.
func renewMargin(life time.Duration) time.Duration {
	m := life / 5
	if m > time.Minute {
		m = time.Minute
	}
	return m
}

// authenticate runs the password grant (public-apis §1.2.A). The legacy
// server has no documented refresh grant, so renewal is a new grant.
func (c *client) authenticate(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	body, _ := json.Marshal(map[string]string{
		"grant_type": "password",
		"username":   c.user,
		"password":   c.pass,
		"scope":      "AgentApi RealTimeApi",
	})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.authBase+tokenPath, bytes.NewReader(body))
	if err != nil {
		return &vendors.Error{Kind: vendors.ErrConfig, Op: "login", Msg: "bad server URL", Err: c.scrub(err)}
	}
	req.Header.Set("Authorization", "basic "+c.basic)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	resp, err := c.hc.Do(req)
	if err != nil {
		return c.netErr("login", err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	var tr tokenResp
	_ = json.Unmarshal(raw, &tr)
	switch {
	case resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden ||
		resp.StatusCode == http.StatusBadRequest:
		msg := "the user, password or application (app-name, vendor-name, business-unit) was refused"
		if d := c.scrubText(firstNonEmpty(tr.ErrorDescription, tr.Error)); d != "" {
			msg += ": " + d
		}
		return &vendors.Error{Kind: vendors.ErrAuth, Op: "login", Msg: msg}
	case resp.StatusCode >= 500:
		return &vendors.Error{Kind: vendors.ErrUnreachable, Op: "login", Msg: resp.Status}
	case resp.StatusCode/100 != 2:
		return &vendors.Error{Kind: vendors.ErrProtocol, Op: "login", Msg: resp.Status}
	}
	if tr.AccessToken == "" || tr.ResourceBaseURI == "" {
		return &vendors.Error{Kind: vendors.ErrProtocol, Op: "login", Msg: "token response lacks access_token or resource_server_base_uri"}
	}
	life := time.Duration(tr.ExpiresIn) * time.Second
	if life <= 0 {
		life = time.Hour
	}
	c.mu.Lock()
	c.tok = token{
		access:  tr.AccessToken,
		base:    tr.ResourceBaseURI,
		agentID: strings.TrimSpace(string(tr.AgentID)),
		teamID:  strings.TrimSpace(string(tr.TeamID)),
		renewAt: time.Now().Add(life - renewMargin(life)),
	}
	c.mu.Unlock()
	c.log.Debug("incontact: token granted", "expires_in", int(life.Seconds()), "agent_id", tr.AgentID)
	return nil
}

// current returns a token, renewing it first when it is close to expiry.
func (c *client) current(ctx context.Context) (token, error) {
	c.mu.Lock()
	t := c.tok
	c.mu.Unlock()
	if t.access != "" && time.Now().Before(t.renewAt) {
		return t, nil
	}
	c.authMu.Lock()
	defer c.authMu.Unlock()
	c.mu.Lock()
	t = c.tok
	c.mu.Unlock()
	if t.access != "" && time.Now().Before(t.renewAt) {
		return t, nil // renewed while we waited
	}
	if err := c.authenticate(ctx); err != nil {
		return token{}, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.tok, nil
}

// expire forces the next call to fetch a new token (after a 401).
func (c *client) expire() {
	c.mu.Lock()
	c.tok.renewAt = time.Time{}
	c.mu.Unlock()
}

// httpError is a non-2xx answer of the Agent API.
type httpError struct {
	Status int
	Text   string
}

func (e *httpError) Error() string {
	if e.Text != "" {
		return fmt.Sprintf("HTTP %d: %s", e.Status, e.Text)
	}
	return fmt.Sprintf("HTTP %d", e.Status)
}

func statusOf(err error) int {
	var he *httpError
	if errors.As(err, &he) {
		return he.Status
	}
	return 0
}

// call runs one request. A 401 gets one retry with a fresh token. The body
// of a 2xx answer goes into out (when not nil); status is returned too so
// the poller can tell 304 from 200. A transport failure is an *vendors.Error
// (ErrUnreachable, ErrTimeout, ErrTLS); a refusal is an *httpError.
func (c *client) call(ctx context.Context, op string, ep endpoint, ids []string, q url.Values, in, out any) (int, []byte, error) {
	for attempt := 0; ; attempt++ {
		t, err := c.current(ctx)
		if err != nil {
			return 0, nil, err
		}
		u := ep.url(t.base, ids...)
		if len(q) > 0 {
			u += "?" + q.Encode()
		}
		var rd io.Reader
		if in != nil {
			b, _ := json.Marshal(in)
			rd = bytes.NewReader(b)
		}
		req, err := http.NewRequestWithContext(ctx, ep.Method, u, rd)
		if err != nil {
			return 0, nil, &vendors.Error{Kind: vendors.ErrProtocol, Op: op, Err: err}
		}
		if ep.NoReplay && rd == nil {
			// net/http replays only requests without a body or with
			// GetBody; an empty body of our own sends nothing and is not
			// replayed.
			req.Body = emptyBody{}
		}
		req.Header.Set("Authorization", "bearer "+t.access)
		req.Header.Set("Accept", "application/json")
		if in != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		resp, err := c.hc.Do(req)
		if err != nil {
			return 0, nil, c.netErr(op, err)
		}
		raw, rerr := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
		resp.Body.Close()
		if rerr != nil {
			return 0, nil, c.netErr(op, rerr)
		}
		if resp.StatusCode == http.StatusUnauthorized && attempt == 0 {
			c.expire()
			continue
		}
		if resp.StatusCode/100 != 2 && resp.StatusCode != http.StatusNotModified {
			return resp.StatusCode, raw, &httpError{Status: resp.StatusCode, Text: errorText(raw, resp.Status)}
		}
		if out != nil && len(bytes.TrimSpace(raw)) > 0 {
			if err := json.Unmarshal(raw, out); err != nil {
				return resp.StatusCode, raw, &vendors.Error{Kind: vendors.ErrProtocol, Op: op, Msg: "unreadable answer", Err: err}
			}
		}
		return resp.StatusCode, raw, nil
	}
}

// errorText pulls a person-readable message out of an error body.
func errorText(raw []byte, status string) string {
	var m map[string]any
	if json.Unmarshal(raw, &m) == nil {
		for _, k := range []string{"error_description", "message", "Message", "error", "reason"} {
			if s, ok := m[k].(string); ok && s != "" {
				return s
			}
		}
	}
	s := strings.TrimSpace(string(raw))
	if s == "" || len(s) > 200 || strings.ContainsAny(s, "<{") {
		return status
	}
	return s
}

// netErr classifies a transport failure, without the password.
func (c *client) netErr(op string, err error) *vendors.Error {
	return vendors.NetError(op, c.scrub(err))
}

// scrub keeps the password out of any error text (a URL error could quote
// a request; the password is never in a URL, but be certain).
func (c *client) scrub(err error) error {
	if err == nil || c.pass == "" || !strings.Contains(err.Error(), c.pass) {
		return err
	}
	return errors.New(strings.ReplaceAll(err.Error(), c.pass, "***"))
}

func (c *client) scrubText(s string) string {
	if c.pass == "" {
		return s
	}
	return strings.ReplaceAll(s, c.pass, "***")
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}

// emptyBody is a request body with nothing in it (see endpoint.NoReplay).
type emptyBody struct{}

func (emptyBody) Read([]byte) (int, error) { return 0, io.EOF }
func (emptyBody) Close() error             { return nil }
