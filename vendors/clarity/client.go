package clarity

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	ntlmssp "github.com/Azure/go-ntlmssp"

	"tandem/vendors"
)

// sessionWriteMethod is the verb of setdispositions, setcallnotes and
// setextraitems. The document says GET with a JSON body (L773, L794, L813);
// this is the one place to change if a proxy on the way drops GET bodies.
const sessionWriteMethod = http.MethodGet

const requestTimeout = 10 * time.Second // a blackholed poll fails well within 15s

// client speaks HTTP to one Connect server as one agent. The JWT lives only
// in this struct's memory.
type client struct {
	root     string // API root, e.g. https://host/webapi/api
	user     string // DOMAIN\user
	password string
	clientID string
	log      *slog.Logger
	api      *http.Client
	ntlm     *http.Client

	authMu sync.Mutex // one authentication at a time

	mu       sync.Mutex
	v2       string // root + the v2 relativeUrl from info
	tokenURL string
	token    string
	agentID  string
	renewAt  time.Time
	expires  time.Time
}

func newClient(cfg vendors.Config, root string) *client {
	api := http.DefaultTransport.(*http.Transport).Clone()
	api.DisableCompression = true // we send Accept-Encoding: gzip ourselves and gunzip
	api.ResponseHeaderTimeout = requestTimeout
	auth := http.DefaultTransport.(*http.Transport).Clone()
	auth.ResponseHeaderTimeout = requestTimeout
	return &client{
		root:     root,
		user:     strings.TrimSpace(cfg.User),
		password: cfg.Password,
		clientID: strings.TrimSpace(cfg.Option("client-id", "")),
		log:      cfg.Log(),
		api:      &http.Client{Transport: api, Timeout: requestTimeout},
		ntlm:     &http.Client{Transport: ntlmssp.Negotiator{RoundTripper: auth}, Timeout: 2 * requestTimeout},
		v2:       root + "/v2",
	}
}

func (c *client) close() {
	c.api.CloseIdleConnections()
	c.ntlm.CloseIdleConnections()
	c.mu.Lock()
	c.token = ""
	c.mu.Unlock()
}

// httpError is a non-success answer of the API.
type httpError struct {
	Code    int
	Message string
}

func (e *httpError) Error() string {
	if e.Message != "" {
		return fmt.Sprintf("HTTP %d: %s", e.Code, e.Message)
	}
	return fmt.Sprintf("HTTP %d", e.Code)
}

// call sends one API request (path relative to the v2 root, or to the API
// root when it starts with "root:") and stores the answer's body in out
// when out is not nil. A 401 with a challenge re-authenticates once and
// retries once; another non-2xx answer is an *httpError.
func (c *client) call(ctx context.Context, method, path string, body any, out *[]byte) error {
	if err := c.ensureToken(ctx); err != nil {
		return err
	}
	var payload []byte
	if body != nil {
		var err error
		if payload, err = json.Marshal(body); err != nil {
			return vendors.Errorf(vendors.ErrInvalid, "%v", err)
		}
	}
	for attempt := 0; ; attempt++ {
		c.mu.Lock()
		token, base := c.token, c.v2
		c.mu.Unlock()
		if p, ok := strings.CutPrefix(path, "root:"); ok {
			base, path = c.root, p
		}
		var rd io.Reader
		if payload != nil {
			rd = bytes.NewReader(payload)
		}
		req, err := http.NewRequestWithContext(ctx, method, base+path, rd)
		if err != nil {
			return vendors.Errorf(vendors.ErrConfig, "bad request URL: %v", err)
		}
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Accept", "application/json")
		req.Header.Set("Accept-Encoding", "gzip")
		if payload != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		resp, err := c.api.Do(req)
		if err != nil {
			return netError(opName(path), err)
		}
		b, err := readBody(resp)
		if err != nil {
			return netError(opName(path), err)
		}
		if resp.StatusCode == http.StatusUnauthorized {
			ch, named := parseChallenge(resp.Header.Values("WWW-Authenticate"))
			if !named || attempt > 0 {
				// No challenge, or still refused with a fresh token: the
				// agent lacks the permission (this API has no 403).
				return &vendors.Error{Kind: vendors.ErrAuth, Op: opName(path), Msg: "the platform refused the request for this agent"}
			}
			if err := c.useChallenge(ch); err != nil {
				return err
			}
			if err := c.reauthenticate(ctx, token); err != nil {
				return err
			}
			continue
		}
		if resp.StatusCode < 200 || resp.StatusCode > 299 {
			var m struct{ Message string }
			_ = json.Unmarshal(b, &m)
			return &httpError{Code: resp.StatusCode, Message: m.Message}
		}
		if out != nil {
			*out = b
		}
		return nil
	}
}

func opName(path string) string {
	path = strings.TrimPrefix(path, "root:")
	if i := strings.IndexAny(path, "?"); i >= 0 {
		path = path[:i]
	}
	return strings.TrimPrefix(path, "/")
}

// readBody reads a response, gunzipping it when the server compressed it.
func readBody(resp *http.Response) ([]byte, error) {
	defer resp.Body.Close()
	var r io.Reader = io.LimitReader(resp.Body, 8<<20)
	if strings.EqualFold(resp.Header.Get("Content-Encoding"), "gzip") {
		gz, err := gzip.NewReader(r)
		if err != nil {
			if err == io.EOF {
				return nil, nil // an empty body (204) marked gzip
			}
			return nil, err
		}
		defer gz.Close()
		r = gz
	}
	return io.ReadAll(r)
}

func drain(resp *http.Response) {
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	_ = resp.Body.Close()
}

// netError classifies a transport failure.
func netError(op string, err error) error {
	return vendors.NetError(op, err)
}
