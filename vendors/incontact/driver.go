package incontact

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"tandem/vendors"
)

// Name is the vendor's name in profiles and flags.
const Name = "incontact"

// Driver is the NICE inContact (CXone) Agent API driver.
type Driver struct{}

func init() { vendors.Register(Driver{}) }

func (Driver) Name() string  { return Name }
func (Driver) Title() string { return "NICE inContact (CXone) Agent API" }

func (Driver) Settings() []vendors.Setting {
	return []vendors.Setting{
		{Field: vendors.FieldURL, Label: "Auth server", Required: true,
			Help:    "base of the inContact authorization server; the token is taken at {url}/InContactAuthorizationServer/Token",
			Example: "https://api.incontact.com"},
		{Field: vendors.FieldUser, Label: "User", Required: true, Help: "the agent's inContact user name", Example: "jdoe@example.com"},
		{Field: vendors.FieldPassword, Label: "Password", Required: true, Help: "the agent's inContact password"},
		{Field: vendors.FieldExtension, Label: "Station phone number",
			Help:    "the phone the platform rings for the agent's voice path (not needed with join-session=true)",
			Example: "8013203420"},
		{Field: vendors.FieldOption, Key: "app-name", Label: "Application name", Required: true,
			Help: "the API application registered for the business unit", Example: "TandemDesk"},
		{Field: vendors.FieldOption, Key: "vendor-name", Label: "Vendor name", Required: true,
			Help: "the vendor name the application was registered under", Example: "Tandem"},
		{Field: vendors.FieldOption, Key: "business-unit", Label: "Business unit", Required: true,
			Help: "the business unit number", Example: "4500"},
		{Field: vendors.FieldOption, Key: "join-session", Label: "Join session", Default: "false",
			Help: "true joins the agent's existing session (logged in with another agent application) instead of starting one"},
		{Field: vendors.FieldOption, Key: "outbound-skill", Label: "Outbound skill",
			Help: "skill ID or name for dial and consult to a number; default: the agent's first outbound phone skill"},
		{Field: vendors.FieldOption, Key: "poll-timeout", Label: "Long-poll timeout (s)", Default: "10",
			Help: "seconds get-next-event waits for news, 1-10; at most 10 so a dead link is noticed within 15 s"},
	}
}

// checkConfig refuses a profile that cannot work before any network use.
func checkConfig(cfg vendors.Config) error {
	var missing []string
	if strings.TrimSpace(cfg.URL) == "" {
		missing = append(missing, "url")
	} else if u, err := url.Parse(cfg.URL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return &vendors.Error{Kind: vendors.ErrConfig, Vendor: Name, Msg: "url must be http(s)://host, e.g. https://api.incontact.com"}
	}
	if cfg.User == "" {
		missing = append(missing, "user")
	}
	if cfg.Password == "" {
		missing = append(missing, "password")
	}
	for _, k := range []string{"app-name", "vendor-name", "business-unit"} {
		if cfg.Option(k, "") == "" {
			missing = append(missing, "option "+k)
		}
	}
	if !joinWanted(cfg) && strings.TrimSpace(cfg.Extension) == "" {
		missing = append(missing, "extension (station phone number) or option join-session=true")
	}
	if len(missing) > 0 {
		return &vendors.Error{Kind: vendors.ErrConfig, Vendor: Name, Msg: "missing " + strings.Join(missing, ", ")}
	}
	return nil
}

func joinWanted(cfg vendors.Config) bool {
	switch strings.ToLower(cfg.Option("join-session", "false")) {
	case "true", "1", "yes", "on":
		return true
	}
	return false
}

// Open authenticates, starts or joins the agent session, and returns once
// the first poll has described the agent's state.
func (Driver) Open(ctx context.Context, cfg vendors.Config) (vendors.Session, error) {
	return open(ctx, cfg, nil)
}

// open is Open with a hook that adjusts the session before it connects
// (tests replace the pause between retries).
func open(ctx context.Context, cfg vendors.Config, setup func(*session)) (vendors.Session, error) {
	if err := checkConfig(cfg); err != nil {
		return nil, err
	}
	s := newSession(cfg)
	if setup != nil {
		setup(s)
	}
	fail := func(err error) (vendors.Session, error) {
		s.cancel()
		s.em.Abandon()
		return nil, tag(err)
	}
	s.emit(vendors.ConnectionEvent{Status: vendors.Connecting})
	if err := s.api.authenticate(ctx); err != nil {
		return fail(err)
	}
	s.loadLookups(ctx)
	sid, err := s.openSession(ctx)
	if err != nil {
		return fail(err)
	}
	s.setSID(sid)
	s.connectedNow()
	s.emit(vendors.CapabilitiesEvent{Caps: s.caps}, s.reasonsEvent())
	s.started = true
	go s.run()
	select {
	case <-s.synced:
	case <-ctx.Done():
		s.Close()
		return nil, &vendors.Error{Kind: vendors.ErrTimeout, Vendor: Name, Op: "login", Msg: "no first event from the platform", Err: ctx.Err()}
	}
	s.mu.Lock()
	fatal := s.fatal
	s.mu.Unlock()
	if fatal != nil {
		s.Close()
		return nil, fatal
	}
	return s, nil
}

// openSession starts a session on the station phone number, or joins the
// agent's existing one (public-apis §1.3.1, §1.3.2).
func (s *session) openSession(ctx context.Context) (string, error) {
	if joinWanted(s.cfg) {
		sid, err := s.join(ctx)
		if st := statusOf(err); st >= 400 && st < 500 {
			return "", &vendors.Error{Kind: vendors.ErrRejected, Op: "join session",
				Msg: "the agent has no session to join; log in with another agent application first or set join-session=false", Err: err}
		}
		return sid, err
	}
	var out sessionIDResp
	in := startSessionReq{StationPhoneNumber: strings.TrimSpace(s.cfg.Extension), InactivityTimeout: 45}
	_, _, err := s.api.call(ctx, "start session", epStartSession, nil, nil, in, &out)
	if err != nil {
		switch st := statusOf(err); {
		case st == http.StatusConflict:
			return "", &vendors.Error{Kind: vendors.ErrRejected, Op: "start session",
				Msg: "the agent already has a session; set join-session=true to join it", Err: err}
		case st == http.StatusForbidden:
			return "", &vendors.Error{Kind: vendors.ErrAuth, Op: "start session", Msg: "the user may not use the Agent API", Err: err}
		case st >= 400:
			return "", &vendors.Error{Kind: vendors.ErrRejected, Op: "start session", Err: err}
		}
		return "", err
	}
	if out.SessionID == "" {
		return "", &vendors.Error{Kind: vendors.ErrProtocol, Op: "start session", Msg: "no sessionId in the answer"}
	}
	return string(out.SessionID), nil
}

// join joins the agent's session; the platform answers with a new session
// ID whose first events are AgentSessionStart and a snapshot (seed L7).
func (s *session) join(ctx context.Context) (string, error) {
	var out sessionIDResp
	_, _, err := s.api.call(ctx, "join session", epJoinSession, nil, nil, joinSessionReq{}, &out)
	if err != nil {
		return "", err
	}
	if out.SessionID == "" {
		return "", &vendors.Error{Kind: vendors.ErrProtocol, Op: "join session", Msg: "no sessionId in the answer"}
	}
	return string(out.SessionID), nil
}
