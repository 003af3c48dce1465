// Package openscape is Tandem's driver for the OpenScape Contact Center
// REST SDK: commands are REST calls to the Application Server, events are
// POSTed by the server to a webhook this driver serves.
package openscape

import (
	"context"
	"strconv"
	"strings"
	"time"

	"tandem/vendors"
)

const vendorName = "openscape"

// Driver is the OpenScape Contact Center driver.
type Driver struct{}

func init() { vendors.Register(Driver{}) }

func (Driver) Name() string  { return vendorName }
func (Driver) Title() string { return "OpenScape Contact Center (REST SDK)" }

// Settings lists the profile of an OpenScape agent (DESIGN.md).
func (Driver) Settings() []vendors.Setting {
	return []vendors.Setting{
		{Field: vendors.FieldURL, Label: "REST SDK URL", Help: "base of the REST SDK on the Application Server", Example: "http://oscc-as.example:8080/restsdk/webapi", Required: true},
		{Field: vendors.FieldUser, Label: "Agent key", Help: "agent key (or user name / agent ID) for the Main Logon", Example: "3", Required: true},
		{Field: vendors.FieldPassword, Label: "Password", Help: "the agent's contact-center password", Required: true},
		{Field: vendors.FieldAgent, Label: "Controlled agent key", Help: "agent whose state and calls Tandem controls; default: the user"},
		{Field: vendors.FieldExtension, Label: "Extension", Help: "the agent's phone extension", Example: "554181015002", Required: true},
		{Field: vendors.FieldOption, Key: "client-name", Label: "REST SDK client name", Help: "Client Name of the REST SDK client in Web Manager", Example: "tandem", Required: true},
		{Field: vendors.FieldOption, Key: "client-token", Label: "REST SDK client token", Help: "Client Token of the REST SDK client", Required: true, Secret: true},
		{Field: vendors.FieldOption, Key: "business-unit", Label: "Business unit", Help: "business unit name of the REST SDK client", Default: "Default"},
		{Field: vendors.FieldOption, Key: "webhook-listen", Label: "Webhook listen address", Help: "address the event receiver binds; the Application Server must reach it", Default: "127.0.0.1:0", Example: "0.0.0.0:8443"},
		{Field: vendors.FieldOption, Key: "webhook-url", Label: "Webhook URL", Help: "URL announced to the server (a secret path is appended); default: derived from the bound address", Example: "https://pc-0815.corp.example:8443"},
		{Field: vendors.FieldOption, Key: "webhook-cert", Label: "Webhook TLS certificate", Help: "PEM certificate file: serve the webhook over HTTPS"},
		{Field: vendors.FieldOption, Key: "webhook-key", Label: "Webhook TLS key", Help: "PEM key file of webhook-cert"},
		{Field: vendors.FieldOption, Key: "keepalive", Label: "Keepalive", Help: "KeepAlive interval when idle", Default: "30s"},
	}
}

// settings is a validated Config.
type settings struct {
	url, user, password, agent, ext  string
	clientName, clientToken, busUnit string
	listen, announce, cert, key      string
	keepalive                        time.Duration
}

func parseConfig(cfg vendors.Config) (settings, error) {
	s := settings{
		url:         strings.TrimSpace(cfg.URL),
		user:        strings.TrimSpace(cfg.User),
		password:    cfg.Password,
		agent:       strings.TrimSpace(cfg.Agent),
		ext:         strings.TrimSpace(cfg.Extension),
		clientName:  strings.TrimSpace(cfg.Option("client-name", "")),
		clientToken: cfg.Option("client-token", ""),
		busUnit:     cfg.Option("business-unit", "Default"),
		listen:      cfg.Option("webhook-listen", "127.0.0.1:0"),
		announce:    cfg.Option("webhook-url", ""),
		cert:        cfg.Option("webhook-cert", ""),
		key:         cfg.Option("webhook-key", ""),
		keepalive:   30 * time.Second,
	}
	bad := func(msg string) error {
		return &vendors.Error{Kind: vendors.ErrConfig, Vendor: vendorName, Op: "open", Msg: msg}
	}
	if v := cfg.Option("keepalive", ""); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < time.Second {
			return s, bad("keepalive must be a duration of at least 1s, e.g. 30s")
		}
		s.keepalive = d
	}
	switch {
	case s.url == "" || !(strings.HasPrefix(s.url, "http://") || strings.HasPrefix(s.url, "https://")):
		return s, bad("url must be the REST SDK base, e.g. http://HOST:8080/restsdk/webapi")
	case s.user == "":
		return s, bad("user (the agent key) is required")
	case s.ext == "":
		return s, bad("extension is required")
	case s.clientName == "":
		return s, bad("option client-name is required")
	case s.clientToken == "":
		return s, bad("option client-token is required (TANDEM_OPTION_CLIENT_TOKEN or the keyring)")
	case (s.cert == "") != (s.key == ""):
		return s, bad("webhook-cert and webhook-key go together")
	}
	if s.agent != "" {
		if _, err := strconv.Atoi(s.agent); err != nil {
			return s, bad("agent must be an agent key (a number)")
		}
	}
	return s, nil
}

// Open starts the webhook receiver, registers, logs on and logs the agent
// on to voice (notes §2.9). It returns when the desk can trust its picture.
func (Driver) Open(ctx context.Context, cfg vendors.Config) (vendors.Session, error) {
	st, err := parseConfig(cfg)
	if err != nil {
		return nil, err
	}
	return open(ctx, st, cfg.Log())
}
