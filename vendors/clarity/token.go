package clarity

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/url"
	"strings"
	"time"

	"tandem/vendors/flex"
)

// claims are the JWT claims Tandem reads. The token is signed with a key
// shared between the token service and the API, so the client cannot and
// does not verify it: the claims serve only to know the agent id and when
// to renew.
type claims struct {
	AgentID flex.String `json:"connect_agent_id"`
	Exp     flex.Int    `json:"exp"`
	Nbf     flex.Int    `json:"nbf"`
}

var errJWT = errors.New("access token is not a JWT")

// decodeClaims reads the payload of a JWT without verifying it.
func decodeClaims(tok string) (claims, error) {
	var c claims
	parts := strings.Split(strings.TrimSpace(tok), ".")
	if len(parts) != 3 {
		return c, errJWT
	}
	p := strings.TrimRight(parts[1], "=")
	b, err := base64.RawURLEncoding.DecodeString(p)
	if err != nil {
		if b, err = base64.RawStdEncoding.DecodeString(p); err != nil {
			return c, errJWT
		}
	}
	if err := json.Unmarshal(b, &c); err != nil {
		return c, errJWT
	}
	return c, nil
}

// renewal returns when to renew a token obtained at now: at 80% of its
// lifetime, from expires_in when given, else from exp. exp is what the API
// enforces; the local clock may be off, so expires_in wins when both exist.
func renewal(now time.Time, expiresIn int64, c claims) (renewAt, expires time.Time) {
	life := time.Duration(expiresIn) * time.Second
	if life <= 0 && c.Exp > 0 {
		life = time.Unix(int64(c.Exp), 0).Sub(now)
	}
	if life <= 0 {
		life = 5 * time.Minute // neither said: renew early rather than late
	}
	return now.Add(life * 4 / 5), now.Add(life)
}

// challenge is what a 401 from the API says about the token service.
type challenge struct {
	TokenURL  string
	GrantType string
}

const windowsGrant = "urn:connect.auth:windows"

// parseChallenge reads the API's WWW-Authenticate values, which are not RFC
// 7235 ("https://host/webauth/token,grant_type=\"urn:connect.auth:windows\"");
// it tolerates a leading scheme token, spaces and several header values.
func parseChallenge(values []string) (challenge, bool) {
	for _, v := range values {
		first, rest, _ := strings.Cut(v, ",")
		first = strings.TrimSpace(first)
		if i := strings.LastIndexByte(first, ' '); i >= 0 {
			first = strings.TrimSpace(first[i+1:]) // "Bearer https://..." form
		}
		u, err := url.Parse(first)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			continue
		}
		c := challenge{TokenURL: u.String()}
		for _, kv := range strings.Split(rest, ",") {
			k, val, ok := strings.Cut(kv, "=")
			if ok && strings.EqualFold(strings.TrimSpace(k), "grant_type") {
				c.GrantType = strings.Trim(strings.TrimSpace(val), `"`)
			}
		}
		return c, true
	}
	return challenge{}, false
}
