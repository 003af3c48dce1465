package clarity

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"tandem/vendors"
)

// probe sends an anonymous request so the API names its token service in
// the 401's WWW-Authenticate (the document's discovery).
func (c *client) probe(ctx context.Context) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.root+"/info", nil)
	if err != nil {
		return vendors.Errorf(vendors.ErrConfig, "bad API URL: %v", err)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := c.api.Do(req)
	if err != nil {
		return netError("connect", err)
	}
	drain(resp)
	if resp.StatusCode != http.StatusUnauthorized {
		if resp.StatusCode >= 500 {
			return &vendors.Error{Kind: vendors.ErrUnreachable, Op: "connect", Err: &httpError{Code: resp.StatusCode}}
		}
		return vendors.Errorf(vendors.ErrProtocol, "the API answered %d instead of naming its token service: is the URL the API root (…/webapi/api)?", resp.StatusCode)
	}
	ch, ok := parseChallenge(resp.Header.Values("WWW-Authenticate"))
	if !ok {
		return vendors.Errorf(vendors.ErrProtocol, "the API's 401 does not name a token service")
	}
	return c.useChallenge(ch)
}

// useChallenge accepts a token service the API named: the Windows grant
// only, and no step down from HTTPS.
func (c *client) useChallenge(ch challenge) error {
	if ch.GrantType != "" && ch.GrantType != windowsGrant {
		return vendors.Errorf(vendors.ErrConfig, "the token service asks for grant %q; only Windows authentication is supported", ch.GrantType)
	}
	tu, _ := url.Parse(ch.TokenURL)
	ru, _ := url.Parse(c.root)
	if ru != nil && ru.Scheme == "https" && tu.Scheme != "https" {
		return vendors.Errorf(vendors.ErrTLS, "the API names a token service without HTTPS (%s); refusing to send Windows credentials", tu.Host)
	}
	c.mu.Lock()
	c.tokenURL = tu.String()
	c.mu.Unlock()
	return nil
}

// authenticate runs the Windows grant: POST the form to the token service,
// NTLM as DOMAIN\user (go-ntlmssp turns the basic credentials into the
// NTLM handshake and never sends them as Basic).
func (c *client) authenticate(ctx context.Context) error {
	c.mu.Lock()
	tokenURL := c.tokenURL
	c.mu.Unlock()
	form := url.Values{"grant_type": {windowsGrant}, "client_id": {c.clientID}}.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, tokenURL, strings.NewReader(form))
	if err != nil {
		return vendors.Errorf(vendors.ErrConfig, "bad token service URL")
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(c.user, c.password)
	resp, err := c.ntlm.Do(req)
	if err != nil {
		return netError("authenticate", err)
	}
	body, err := readBody(resp)
	if err != nil {
		return netError("authenticate", err)
	}
	var tr tokenResponse
	decErr := decodeObject(body, &tr)
	switch {
	case resp.StatusCode == http.StatusUnauthorized:
		return &vendors.Error{Kind: vendors.ErrAuth, Op: "login", Msg: fmt.Sprintf("Windows authentication failed for %s (wrong user or password, or NTLM not enabled on the token service)", c.user)}
	case resp.StatusCode == http.StatusBadRequest && tr.Error == "invalid_clientId":
		return &vendors.Error{Kind: vendors.ErrConfig, Op: "login", Msg: "the token service does not know this client-id (create it under API Management in the Connect admin site)"}
	case resp.StatusCode != http.StatusOK:
		msg := string(tr.ErrorDescription)
		if msg == "" {
			msg = string(tr.Error)
		}
		kind := vendors.ErrRejected
		if resp.StatusCode >= 500 {
			kind = vendors.ErrUnreachable
		}
		return &vendors.Error{Kind: kind, Op: "login", Msg: "token service", Err: &httpError{Code: resp.StatusCode, Message: msg}}
	case decErr != nil || tr.AccessToken == "":
		return vendors.Errorf(vendors.ErrProtocol, "the token service's answer holds no access token")
	}
	cl, err := decodeClaims(string(tr.AccessToken))
	if err != nil || strings.TrimSpace(string(cl.AgentID)) == "" {
		return vendors.Errorf(vendors.ErrProtocol, "the access token carries no connect_agent_id")
	}
	renewAt, expires := renewal(time.Now(), int64(tr.ExpiresIn), cl)
	c.mu.Lock()
	c.token = string(tr.AccessToken)
	c.agentID = strings.TrimSpace(string(cl.AgentID))
	c.renewAt, c.expires = renewAt, expires
	c.mu.Unlock()
	c.log.Debug("clarity: token obtained", "agent", c.agentID, "renew_at", renewAt.Format(time.RFC3339))
	return nil
}

// ensureToken renews the token before it expires. A failed renewal while
// the old token still holds is only logged and retried a little later.
func (c *client) ensureToken(ctx context.Context) error {
	c.mu.Lock()
	due := c.token == "" || !time.Now().Before(c.renewAt)
	c.mu.Unlock()
	if !due {
		return nil
	}
	c.authMu.Lock()
	defer c.authMu.Unlock()
	c.mu.Lock()
	due = c.token == "" || !time.Now().Before(c.renewAt)
	valid := c.token != "" && time.Now().Before(c.expires)
	c.mu.Unlock()
	if !due {
		return nil
	}
	err := c.authenticate(ctx)
	if err != nil && valid && vendors.KindOf(err) != vendors.ErrAuth {
		c.log.Warn("clarity: token renewal failed; keeping the current token", "err", err)
		c.mu.Lock()
		c.renewAt = time.Now().Add(5 * time.Second)
		c.mu.Unlock()
		return nil
	}
	return err
}

// reauthenticate gets a new token after a 401, unless another request
// already did since `stale` was sent.
func (c *client) reauthenticate(ctx context.Context, stale string) error {
	c.authMu.Lock()
	defer c.authMu.Unlock()
	c.mu.Lock()
	fresh := c.token != stale && c.token != ""
	c.mu.Unlock()
	if fresh {
		return nil
	}
	return c.authenticate(ctx)
}
