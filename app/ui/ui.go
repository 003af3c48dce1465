package ui

import (
	"context"
	"io"
	"log/slog"
	"os"
	"runtime/debug"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"

	"tandem/app/agent"
	"tandem/app/profile"
	"tandem/app/secrets"
	"tandem/vendors"
	"tandem/widgets"
)

// SecretStore is the keyring as the UI uses it (tests pass a map).
type SecretStore interface {
	Load(profile, name string) (string, error)
	Save(profile, name, value string) error
	Delete(profile, name string) error
}

// Keyring is the OS keyring through app/secrets.
type Keyring struct{}

// Load implements SecretStore.
func (Keyring) Load(p, n string) (string, error) { return secrets.Load(p, n) }

// Save implements SecretStore.
func (Keyring) Save(p, n, v string) error { return secrets.Save(p, n, v) }

// Delete implements SecretStore.
func (Keyring) Delete(p, n string) error { return secrets.Delete(p, n) }

// Deps is what the UI needs from its surroundings.
type Deps struct {
	App     fyne.App
	Store   *profile.Store
	Secrets SecretStore
	// Notify shows a native notification of an offered contact; nil
	// shows none.
	Notify func(c vendors.Contact, sound bool) error
	// OpenURL opens a CRM page; nil uses the app's.
	OpenURL func(url string) error
	// Now is the clock (tests fix it).
	Now func() time.Time
	// Log receives diagnostics; nil discards them. Never a secret.
	Log *slog.Logger
	// Icon is the app icon (windows, notifications).
	Icon fyne.Resource
	// Overrides are option values given on the command line for this run
	// (e.g. the demo's rate); they are not saved in the profile.
	Overrides map[string]string
	// Tick is how often timers refresh: 0 means every second, negative
	// never (golden-image tests).
	Tick time.Duration
	// Do runs f on the UI thread; nil means fyne.Do. Tests pass a queue
	// they drain, since the test driver runs fyne.Do on the caller.
	Do func(f func())
	// PopTrace, when set, receives the debug trace of offer-to-pop: one
	// line per offered contact with when it was seen, its card first
	// painted and its notification sent (TANDEM_DEBUG_POPTRACE). It
	// carries caller numbers; nil (the default) traces nothing.
	PopTrace io.Writer
	// Trim hands free memory back to the OS once the desk has fallen
	// quiet; nil returns the Go heap's free pages (debug.FreeOSMemory).
	// cmd/tandem adds the C heap's (malloc_trim), which needs cgo.
	Trim func()
}

// UI is the running front end: one login window, at most one desk.
type UI struct {
	Deps

	mu     sync.Mutex
	prefs  profile.Prefs
	login  *LoginWindow
	desk   *DeskWindow
	tray   *tray
	cancel context.CancelFunc
	trace  *popTrace // nil unless Deps.PopTrace
}

// New prepares the UI; call Start to show it.
func New(d Deps) *UI {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	if d.Secrets == nil {
		d.Secrets = Keyring{}
	}
	if d.OpenURL == nil {
		d.OpenURL = func(raw string) error {
			u, err := parseURL(raw)
			if err != nil {
				return err
			}
			return d.App.OpenURL(u)
		}
	}
	if d.Do == nil {
		d.Do = fyne.Do
	}
	if d.Trim == nil {
		d.Trim = debug.FreeOSMemory
	}
	d.App.Settings().SetTheme(widgets.DeskTheme(theme.DefaultTheme()))
	u := &UI{Deps: d, trace: newPopTrace(d.PopTrace)}
	u.prefs = d.Store.LoadPrefs()
	return u
}

func (u *UI) do(f func()) { u.Do(f) }

// Prefs returns the app preferences.
func (u *UI) Prefs() profile.Prefs {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.prefs
}

// SetPrefs saves the app preferences.
func (u *UI) SetPrefs(p profile.Prefs) error {
	u.mu.Lock()
	u.prefs = p
	u.mu.Unlock()
	return u.Store.SavePrefs(p)
}

// Start shows the login window, or logs straight in with the named
// profile when its secrets are at hand.
func (u *UI) Start(profileName string) {
	if err := u.Store.EnsureDemo(); err != nil {
		u.Log.Warn("cannot save the demo profile", "err", err)
	}
	u.setupTray()
	if profileName == "" {
		u.ShowLogin("")
		return
	}
	p, err := u.Store.Load(profileName)
	if err != nil {
		u.ShowLogin("")
		u.login.showError(err)
		return
	}
	u.ShowLogin(p.Name)
	pw := ""
	if p.NeedsPassword() {
		pw = os.Getenv("TANDEM_PASSWORD")
		if pw == "" && p.RememberPassword {
			pw, _ = u.Secrets.Load(p.Name, secrets.Password)
		}
		if pw == "" {
			u.login.showMessage(lang.L("Enter the password to log in."))
			return
		}
	}
	u.login.loginWith(p, pw)
}

// ShowFront brings the running app forward (a second launch asks for it).
func (u *UI) ShowFront() {
	if u.desk != nil {
		u.desk.Show()
		return
	}
	u.ShowLogin("")
}

// Desk is the open desk window, or nil.
func (u *UI) Desk() *DeskWindow { return u.desk }

// Login is the login window, or nil.
func (u *UI) Login() *LoginWindow { return u.login }

// Quit logs out (where the platform allows) and ends the app.
func (u *UI) Quit() {
	if u.desk != nil {
		d := u.desk
		u.desk = nil
		d.close(true, func() { u.App.Quit() })
		return
	}
	u.App.Quit()
}

// Logout ends the desk and shows the login window again.
func (u *UI) Logout() {
	if u.desk == nil {
		return
	}
	d := u.desk
	u.desk = nil
	name := d.Profile().Name
	d.close(true, nil)
	u.ShowLogin(name)
	u.updateTray()
}

// open connects with a profile; done runs on the UI thread.
func (u *UI) open(p profile.Profile, password string, secretOpts map[string]string, done func(*agent.Desk, vendors.Config, error)) {
	drv, ok := vendors.Lookup(p.Vendor)
	if !ok {
		done(nil, vendors.Config{}, vendors.Errorf(vendors.ErrConfig, "unknown platform %q", p.Vendor))
		return
	}
	cfg := p.Config(password, secretOpts)
	for k, v := range u.Overrides {
		cfg.Options[k] = v
	}
	cfg.Logger = u.Log.With("vendor", p.Vendor)
	u.openCfg(drv, p.Vendor, cfg, done)
}

// openCfg opens a session with a complete configuration (also Retry).
func (u *UI) openCfg(drv vendors.Driver, vendor string, cfg vendors.Config, done func(*agent.Desk, vendors.Config, error)) {
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	u.mu.Lock()
	u.cancel = cancel
	u.mu.Unlock()
	go func() {
		defer cancel()
		sess, err := drv.Open(ctx, cfg)
		u.do(func() {
			if err != nil {
				done(nil, cfg, err)
				return
			}
			done(agent.New(sess, agent.Options{Vendor: vendor, Now: u.Now}), cfg, nil)
		})
	}()
}

// cancelOpen stops a login in progress.
func (u *UI) cancelOpen() {
	u.mu.Lock()
	c := u.cancel
	u.mu.Unlock()
	if c != nil {
		c()
	}
}
