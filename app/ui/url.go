package ui

import (
	"fmt"
	"net/url"
)

// parseURL accepts only web addresses: a CRM template filled with caller
// data must never launch a local program.
func parseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, err
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("refusing to open %q: only http and https addresses are opened", u.Scheme+":")
	}
	return u, nil
}
