// Package enreach is Tandem's driver for Enreach Voice (formerly Benemen):
// REST authentication (authuser, then an RTE token) and the Real-Time
// Engine, a SignalR hub over WebSockets, for the agent's availability,
// queue status, calls and queue board. The RTE only observes: the driver
// offers no commands and says where each is done instead.
package enreach

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"tandem/vendors"
	"tandem/vendors/backoff"
)

const driverName = "enreach"

// openRetries bounds how often Open connects again after a Subscribe
// answer without results (errNoResult) before it gives up.
const openRetries = 4

// Driver is the Enreach Voice driver; the zero value is ready to use.
type Driver struct{}

func init() { vendors.Register(Driver{}) }

func (Driver) Name() string  { return driverName }
func (Driver) Title() string { return "Enreach Voice (real-time engine)" }

func (Driver) Settings() []vendors.Setting {
	return []vendors.Setting{
		{Field: vendors.FieldURL, Label: "API URL", Required: true,
			Help:    "Enreach REST API base (apiEndpoint from discover.enreachvoice.com)",
			Example: "https://api-silox.enreachvoice.com"},
		{Field: vendors.FieldUser, Label: "User name", Required: true,
			Help: "Enreach user name (e-mail address)", Example: "user.name@example.com"},
		{Field: vendors.FieldPassword, Label: "Password", Required: true, Secret: true,
			Help: "Enreach password; exchanged for the user's API secret key"},
	}
}

const (
	hintPhone = "use your phone or the Enreach client"
	hintState = "set your availability and queue serving in the Enreach client or app"
	hintWrap  = "wrap-up ends on its own timer or in the Enreach client"
	hintLogin = "Enreach has no log-in or log-out; set your availability in the Enreach client"
)

// capabilities: no commands at all, a hint for each.
func capabilities() vendors.Capabilities {
	hints := map[vendors.CommandKind]string{}
	for _, k := range vendors.AllCommands {
		switch k {
		case vendors.CmdLogin, vendors.CmdLogout:
			hints[k] = hintLogin
		case vendors.CmdReady, vendors.CmdNotReady:
			hints[k] = hintState
		case vendors.CmdWrapUp, vendors.CmdEndWrapUp:
			hints[k] = hintWrap
		default:
			hints[k] = hintPhone
		}
	}
	return vendors.Capabilities{Commands: []vendors.CommandKind{}, Hints: hints, QueueBoard: true}
}

// Open authenticates, connects to the hub, subscribes and returns once the
// first resync is done.
func (Driver) Open(ctx context.Context, cfg vendors.Config) (vendors.Session, error) {
	base := strings.TrimRight(strings.TrimSpace(cfg.URL), "/")
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, &vendors.Error{Kind: vendors.ErrConfig, Vendor: driverName, Msg: "the URL must be the REST API base, e.g. https://api-silox.enreachvoice.com"}
	}
	if strings.TrimSpace(cfg.User) == "" || cfg.Password == "" {
		return nil, &vendors.Error{Kind: vendors.ErrConfig, Vendor: driverName, Msg: "user name and password are required"}
	}
	// No client-wide timeout: the WebSocket dial refuses one; every request
	// carries a context deadline instead.
	hc := &http.Client{}
	sctx, cancel := context.WithCancel(context.Background())
	s := &session{
		cfg: cfg, log: cfg.Log(), http: hc, em: vendors.NewEmitter(),
		ctx: sctx, cancel: cancel, password: cfg.Password,
		rest:      &rest{base: base, user: strings.TrimSpace(cfg.User), client: hc},
		firstSync: make(chan error, 1), runDone: make(chan struct{}),
	}
	s.em.Emit(vendors.ConnectionEvent{Status: vendors.Connecting})
	fail := func(err error) (vendors.Session, error) {
		cancel()
		s.em.Abandon()
		return nil, withVendor(err)
	}
	actx, acancel := context.WithTimeout(ctx, attemptWait)
	defer acancel()
	if s.secret, s.userID, err = s.rest.authUser(actx, cfg.Password); err != nil {
		return fail(err)
	}
	s.m = newModel(s.userID)
	l, err := s.connect(actx)
	// A Subscribe answer without any result is no refusal: try again, as
	// a reconnection would, rather than leave the desk down.
	for b := (backoff.Backoff{Min: 250 * time.Millisecond, Max: 2 * time.Second}); errors.Is(err, errNoResult) && b.Attempts() < openRetries; {
		s.log.Warn("enreach: the hub's Subscribe answer has no results; connecting again", "attempt", b.Attempts()+1, "err", err)
		if !b.Sleep(actx) {
			break
		}
		l, err = s.connect(actx)
	}
	if err != nil {
		return fail(err)
	}
	go s.run(l)
	select {
	case err := <-s.firstSync:
		if err != nil {
			_ = s.Close()
			return nil, err
		}
		return s, nil
	case <-actx.Done():
		_ = s.Close()
		return nil, &vendors.Error{Kind: vendors.ErrTimeout, Vendor: driverName, Op: "open", Msg: "no first picture from the platform", Err: actx.Err()}
	}
}

var _ vendors.Driver = Driver{}
