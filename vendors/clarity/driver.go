// Package clarity is Tandem's driver for Clarity Connect Web API v2: REST
// with JWT bearer tokens from a Windows-authenticated token service (NTLM),
// and polling for the agent's status and sessions. The platform has no call
// control: calls are handled in Skype for Business / Lync, so the driver
// offers agent state and wrap-up only.
package clarity

import (
	"context"
	"errors"
	"net"
	"net/url"
	"strings"
	"time"

	"tandem/vendors"
)

const vendorName = "clarity"

func init() { vendors.Register(Driver{}) }

// Driver is the Clarity Connect driver.
type Driver struct{}

// Name is the vendor's name in profiles and flags.
func (Driver) Name() string { return vendorName }

// Title is the platform's name for people.
func (Driver) Title() string { return "Clarity Connect (Web API v2)" }

// Settings lists what a Clarity profile holds.
func (Driver) Settings() []vendors.Setting {
	return []vendors.Setting{
		{Field: vendors.FieldURL, Label: "API root", Required: true,
			Help:    "The Web API root on the load-balanced web services FQDN",
			Example: "https://connect.example.com/webapi/api"},
		{Field: vendors.FieldUser, Label: "Windows user", Required: true,
			Help: `Your Windows account as DOMAIN\user`, Example: `CONTOSO\jdoe`},
		{Field: vendors.FieldPassword, Label: "Windows password", Required: true,
			Help: "Your Windows password (kept in the OS keyring)"},
		{Field: vendors.FieldOption, Key: "client-id", Label: "Client id", Required: true,
			Help:    "The API client GUID created under API Management in the Connect admin site",
			Example: "0224C392-3845-4AC0-B1A0-D63706181BA7"},
		{Field: vendors.FieldOption, Key: "poll", Label: "Poll interval", Default: "2s",
			Help: "How often status and sessions are read (500ms to 5s, so a silent loss shows within 15s)", Example: "2s"},
	}
}

// hints say where the agent does what this API cannot.
var hints = map[vendors.CommandKind]string{
	vendors.CmdLogin:            "Tandem signs in when it connects; the phone side is Skype for Business / Lync",
	vendors.CmdAnswer:           "answer in Skype for Business / Lync",
	vendors.CmdReject:           "decline in Skype for Business / Lync",
	vendors.CmdHangup:           "hang up in Skype for Business / Lync",
	vendors.CmdHold:             "hold in Skype for Business / Lync",
	vendors.CmdRetrieve:         "resume in Skype for Business / Lync",
	vendors.CmdTransfer:         "transfer in Skype for Business / Lync",
	vendors.CmdConsult:          "consult in Skype for Business / Lync",
	vendors.CmdCompleteTransfer: "complete the transfer in Skype for Business / Lync",
	vendors.CmdConference:       "conference in Skype for Business / Lync",
	vendors.CmdDial:             "dial in Skype for Business / Lync",
}

func capabilities() vendors.Capabilities {
	c := vendors.Caps(hints, vendors.CmdLogout, vendors.CmdReady, vendors.CmdNotReady,
		vendors.CmdWrapUp, vendors.CmdEndWrapUp)
	c.NotReadyReasons = true
	c.WrapUpNotes = true
	return c
}

// Open signs in with Windows authentication, checks the API version, reads
// the agent's picture and starts polling.
func (d Driver) Open(ctx context.Context, cfg vendors.Config) (vendors.Session, error) {
	root, err := apiRoot(cfg.URL)
	if err != nil {
		return nil, withVendor(err)
	}
	if !strings.Contains(cfg.User, `\`) || strings.HasPrefix(cfg.User, `\`) || strings.HasSuffix(cfg.User, `\`) {
		return nil, withVendor(vendors.Errorf(vendors.ErrConfig, `user must be DOMAIN\user`))
	}
	if cfg.Password == "" {
		return nil, withVendor(vendors.Errorf(vendors.ErrAuth, "no password"))
	}
	if strings.TrimSpace(cfg.Option("client-id", "")) == "" {
		return nil, withVendor(vendors.Errorf(vendors.ErrConfig, "option client-id is required (the API client GUID from the Connect admin site)"))
	}
	interval, err := time.ParseDuration(cfg.Option("poll", "2s"))
	if err != nil || interval < 500*time.Millisecond || interval > 5*time.Second {
		return nil, withVendor(vendors.Errorf(vendors.ErrConfig, "option poll must be a duration from 500ms to 5s, e.g. 2s"))
	}
	s := &session{
		cl:       newClient(cfg, root),
		events:   vendors.NewEmitter(),
		caps:     capabilities(),
		interval: interval,
		log:      cfg.Log(),
		done:     make(chan struct{}),
		contacts: map[string]*tracked{},
		ended:    map[string]time.Time{},
	}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	s.events.Emit(vendors.ConnectionEvent{Status: vendors.Connecting})
	stop := context.AfterFunc(ctx, s.cancel) // Open's ctx bounds the sign-in only
	err = s.login(s.ctx)
	if err == nil {
		err = s.resync(s.ctx)
	}
	if !stop() || err != nil {
		if err == nil {
			err = ctx.Err()
		}
		s.cancel()
		s.cl.close()
		s.events.Abandon()
		return nil, withVendor(err)
	}
	go s.run()
	return s, nil
}

// apiRoot checks the URL: HTTPS, or plain HTTP to this machine only (the
// simulator), since a bearer token over HTTP is as good as a password.
func apiRoot(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return "", vendors.Errorf(vendors.ErrConfig, "url must be the API root, e.g. https://connect.example.com/webapi/api")
	}
	if u.Scheme == "http" && !loopback(u.Hostname()) {
		return "", vendors.Errorf(vendors.ErrConfig, "url must use https (plain http is accepted for this machine only)")
	}
	return strings.TrimRight(u.Scheme+"://"+u.Host+u.Path, "/"), nil
}

func loopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// withVendor stamps the vendor on an error (and types a bare one).
func withVendor(err error) error {
	if err == nil {
		return nil
	}
	var e *vendors.Error
	if errors.As(err, &e) {
		c := *e
		c.Vendor = vendorName
		return &c
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return &vendors.Error{Kind: vendors.ErrTimeout, Vendor: vendorName, Op: "open", Err: err}
	}
	return &vendors.Error{Kind: vendors.ErrUnreachable, Vendor: vendorName, Err: err}
}

// Events delivers the session's events in order.
func (s *session) Events() <-chan vendors.Event { return s.events.Events() }

// Capabilities is state and wrap-up: the platform has no call control.
func (s *session) Capabilities() vendors.Capabilities { return s.caps }

// Close stops polling without logging out and closes Events.
func (s *session) Close() error {
	s.cancel()
	<-s.done
	s.connected.Store(false)
	s.cl.close()
	s.events.Close()
	return nil
}
