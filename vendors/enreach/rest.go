package enreach

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"tandem/vendors"
	"tandem/vendors/flex"
)

// rest talks to the Enreach REST API: authuser for the user's secret key
// (public-apis.md §2.2), the RTE token (seed L16), the user's queues
// (public-apis.md §2.7). Every call after authuser uses Basic auth with the
// user name and the secret key.
// restWait bounds one REST call, so a dead pooled connection does not
// eat a whole connection attempt.
const restWait = 10 * time.Second

type rest struct {
	base   string // without trailing slash
	user   string
	client *http.Client
}

type authResponse struct {
	SecretKey flex.String `json:"SecretKey"`
	UserID    flex.String `json:"UserID"` // also UserId
}

type tokenResponse struct {
	// One field takes WssEndpoint (L49) and WSSEndpoint (L56, the
	// unofficial client): keys match case-insensitively (A1).
	WssEndpoint flex.String `json:"WssEndpoint"`
	Token       flex.String `json:"Token"`
}

type queueRef struct {
	ID   string
	Name string
}

type queueItem struct {
	ID        flex.String `json:"Id"`
	Name      flex.String `json:"Name"`
	QueueName flex.String `json:"QueueName"`
}

// httpError is a non-2xx answer.
type httpError struct {
	Status int
	Op     string
}

func (e *httpError) Error() string {
	return fmt.Sprintf("%s: HTTP %d %s", e.Op, e.Status, http.StatusText(e.Status))
}

func (r *rest) do(ctx context.Context, method, path string, body any, basic *[2]string, out any, op string) error {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(b)
	}
	ctx, cancel := context.WithTimeout(ctx, restWait)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, r.base+path, rd)
	if err != nil {
		return vendors.Errorf(vendors.ErrConfig, "bad API URL")
	}
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if basic != nil {
		req.SetBasicAuth(basic[0], basic[1])
	}
	resp, err := r.client.Do(req)
	if err != nil {
		return classifyNetErr(op, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	if err != nil {
		return classifyNetErr(op, err)
	}
	if resp.StatusCode/100 != 2 {
		return classifyStatus(op, resp.StatusCode)
	}
	if err := json.Unmarshal(data, out); err != nil {
		return &vendors.Error{Kind: vendors.ErrProtocol, Op: op, Msg: "unreadable answer", Err: err}
	}
	return nil
}

// authUser exchanges the password for the secret key and the user ID.
func (r *rest) authUser(ctx context.Context, password string) (secret, userID string, err error) {
	var a authResponse
	body := map[string]string{"UserName": r.user, "Password": password}
	if err := r.do(ctx, http.MethodPost, "/authuser/"+url.PathEscape(r.user), body, nil, &a, "authuser"); err != nil {
		return "", "", err
	}
	return checkAuth(a)
}

func checkAuth(a authResponse) (string, string, error) {
	secret, id := strings.TrimSpace(string(a.SecretKey)), strings.TrimSpace(string(a.UserID))
	if secret == "" || id == "" {
		return "", "", &vendors.Error{Kind: vendors.ErrProtocol, Op: "authuser", Msg: "answer lacks SecretKey or UserID"}
	}
	return secret, id, nil
}

// token fetches a fresh RTE token and the hub URL, ready for negotiate.
func (r *rest) token(ctx context.Context, userID, secret string) (hub, token string, err error) {
	var t tokenResponse
	path := "/token/" + url.PathEscape(userID) + "/rte/"
	if err := r.do(ctx, http.MethodGet, path, nil, &[2]string{r.user, secret}, &t, "token"); err != nil {
		return "", "", err
	}
	return checkToken(t, r.base)
}

func checkToken(t tokenResponse, base string) (string, string, error) {
	tok := strings.TrimSpace(string(t.Token))
	if tok == "" {
		return "", "", &vendors.Error{Kind: vendors.ErrProtocol, Op: "token", Msg: "answer lacks Token"}
	}
	hub, err := hubURL(string(t.WssEndpoint), base)
	if err != nil {
		return "", "", &vendors.Error{Kind: vendors.ErrProtocol, Op: "token", Msg: err.Error()}
	}
	return hub, tok, nil
}

// hubURL turns WssEndpoint into the https URL SignalR negotiates on: wss
// becomes https and ws http (A5); without a scheme (the unofficial
// client's form) it takes the REST API's scheme.
func hubURL(endpoint, base string) (string, error) {
	e := strings.TrimSpace(endpoint)
	if e == "" {
		return "", errors.New("answer lacks WssEndpoint")
	}
	if !strings.Contains(e, "://") {
		scheme := "https"
		if strings.HasPrefix(strings.ToLower(base), "http://") {
			scheme = "http"
		}
		e = scheme + "://" + strings.TrimPrefix(e, "//")
	}
	u, err := url.Parse(e)
	if err != nil || u.Host == "" {
		return "", errors.New("unreadable WssEndpoint")
	}
	switch strings.ToLower(u.Scheme) {
	case "wss", "https":
		u.Scheme = "https"
	case "ws", "http":
		u.Scheme = "http"
	default:
		return "", fmt.Errorf("WssEndpoint has scheme %q", u.Scheme)
	}
	u.Path = strings.TrimSuffix(u.Path, "/")
	return u.String(), nil
}

// queues lists the queues the user belongs to.
func (r *rest) queues(ctx context.Context, userID, secret string) ([]queueRef, error) {
	var items []queueItem
	path := "/queues/?OnlyForUser=" + url.QueryEscape(userID)
	if err := r.do(ctx, http.MethodGet, path, nil, &[2]string{r.user, secret}, &items, "queues"); err != nil {
		return nil, err
	}
	var out []queueRef
	for _, it := range items {
		id := strings.TrimSpace(string(it.ID))
		if id == "" {
			continue
		}
		name := string(it.Name)
		if name == "" {
			name = string(it.QueueName)
		}
		out = append(out, queueRef{ID: id, Name: name})
	}
	return out, nil
}

func classifyStatus(op string, code int) *vendors.Error {
	e := &vendors.Error{Op: op, Err: &httpError{Status: code, Op: op}}
	switch {
	case code == http.StatusUnauthorized || code == http.StatusForbidden:
		e.Kind, e.Msg = vendors.ErrAuth, "user name or password refused"
		if op == "token" || op == "negotiate" || op == "queues" {
			e.Msg = "credentials refused"
		}
	case code == http.StatusTooManyRequests:
		e.Kind, e.Msg = vendors.ErrLimit, "rate limited"
	case code == http.StatusNotFound:
		e.Kind, e.Msg = vendors.ErrConfig, "not found: check the API URL"
	case code >= 500:
		e.Kind, e.Msg = vendors.ErrUnreachable, "server error"
	default:
		e.Kind, e.Msg = vendors.ErrRejected, "refused"
	}
	return e
}

func classifyNetErr(op string, err error) *vendors.Error {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err // the URL holds nothing secret, but keep messages short
	}
	return vendors.NetError(op, err)
}
