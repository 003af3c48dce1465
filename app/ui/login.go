package ui

import (
	"errors"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tandem/app/agent"
	"tandem/app/profile"
	"tandem/app/secrets"
	"tandem/vendors"
)

// LoginWindow picks or creates a profile, shows the chosen platform's
// settings only, and logs in with progress and understandable errors.
type LoginWindow struct {
	u   *UI
	win fyne.Window

	Profiles *widget.Select
	Name     *widget.Entry
	Vendor   *widget.Select
	Password *widget.Entry
	Remember *widget.Check
	LoginBtn *widget.Button
	SaveBtn  *widget.Button
	Delete   *widget.Button
	Cancel   *widget.Button
	Status   *widget.Label
	Detail   *widget.Label

	form     *fyne.Container
	progress *widget.ProgressBarInfinite
	fields   map[string]*widget.Entry // by Setting.Name()
	settings []vendors.Setting
	titles   map[string]string // title -> vendor name
	cur      profile.Profile
	busy     bool
}

var newProfileLabel = "+ New profile"

// ShowLogin opens (or raises) the login window on a profile.
func (u *UI) ShowLogin(name string) *LoginWindow {
	if u.login == nil {
		u.login = newLoginWindow(u)
	}
	l := u.login
	if name == "" {
		name = u.Prefs().LastProfile
	}
	l.reloadProfiles(name)
	l.win.Show()
	l.win.RequestFocus()
	return l
}

func newLoginWindow(u *UI) *LoginWindow {
	l := &LoginWindow{u: u, fields: map[string]*widget.Entry{}, titles: map[string]string{}}
	l.win = u.App.NewWindow(lang.L("Tandem — log in"))
	if u.Icon != nil {
		l.win.SetIcon(u.Icon)
	}
	l.Profiles = widget.NewSelect(nil, l.pickProfile)
	l.Name = widget.NewEntry()
	l.Name.SetPlaceHolder(lang.L("e.g. Office"))
	var titles []string
	for _, n := range vendors.Names() {
		d, _ := vendors.Lookup(n)
		l.titles[d.Title()] = n
		titles = append(titles, d.Title())
	}
	sort.Strings(titles)
	l.Vendor = widget.NewSelect(titles, func(t string) { l.showVendor(l.titles[t]) })
	l.Password = widget.NewPasswordEntry()
	l.Password.OnSubmitted = func(string) { l.submit() }
	l.Remember = widget.NewCheck(lang.L("Remember password in the keyring"), nil)
	l.LoginBtn = widget.NewButtonWithIcon(lang.L("Log in"), theme.LoginIcon(), l.submit)
	l.LoginBtn.Importance = widget.HighImportance
	l.SaveBtn = widget.NewButtonWithIcon(lang.L("Save"), theme.DocumentSaveIcon(), l.saveOnly)
	l.Delete = widget.NewButtonWithIcon(lang.L("Delete"), theme.DeleteIcon(), l.deleteProfile)
	l.Cancel = widget.NewButton(lang.L("Cancel"), func() { l.u.cancelOpen() })
	l.Cancel.Hide()
	l.progress = widget.NewProgressBarInfinite()
	l.progress.Stop()
	l.progress.Hide()
	l.Status = widget.NewLabel("")
	l.Status.Wrapping = fyne.TextWrapWord
	l.Status.TextStyle.Bold = true
	l.Detail = widget.NewLabel("")
	l.Detail.Wrapping = fyne.TextWrapWord
	l.Detail.Importance = widget.LowImportance
	l.form = container.NewVBox()

	logo := canvas.NewImageFromResource(u.Icon)
	logo.SetMinSize(fyne.NewSquareSize(48))
	logo.FillMode = canvas.ImageFillContain
	title := widget.NewLabelWithStyle("Tandem", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameHeadingText
	sub := widget.NewLabel(lang.L("Log in to your contact center"))
	sub.Importance = widget.LowImportance
	head := container.NewBorder(nil, nil, logo, nil, container.NewVBox(title, sub))

	buttons := container.NewBorder(nil, nil, container.NewHBox(l.Delete, l.SaveBtn), container.NewHBox(l.Cancel, l.LoginBtn))
	body := container.NewVBox(head, widget.NewSeparator(), l.form, l.progress, l.Status, l.Detail)
	l.win.SetContent(container.NewBorder(nil, container.NewPadded(buttons), nil, nil, container.NewPadded(container.NewVScroll(body))))
	l.win.Resize(fyne.NewSize(440, 560))
	l.win.SetCloseIntercept(func() {
		l.u.cancelOpen()
		if l.u.desk == nil {
			l.u.App.Quit()
			return
		}
		l.win.Hide()
	})
	return l
}

// Window is the login window.
func (l *LoginWindow) Window() fyne.Window { return l.win }

func (l *LoginWindow) reloadProfiles(sel string) {
	list, err := l.u.Store.List()
	if err != nil {
		l.showError(err)
	}
	opts := make([]string, 0, len(list)+1)
	found := false
	for _, p := range list {
		opts = append(opts, p.Name)
		found = found || p.Name == sel
	}
	opts = append(opts, newProfileLabel)
	l.Profiles.SetOptions(opts)
	if !found {
		sel = ""
		if len(list) > 0 {
			sel = list[0].Name
		}
	}
	if sel == "" {
		sel = newProfileLabel
	}
	l.Profiles.SetSelected(sel)
}

func (l *LoginWindow) pickProfile(name string) {
	if name == newProfileLabel {
		l.cur = profile.Profile{Vendor: "demo"}
	} else {
		p, err := l.u.Store.Load(name)
		if err != nil {
			l.showError(err)
			return
		}
		l.cur = p
	}
	l.Name.SetText(l.cur.Name)
	l.Remember.SetChecked(l.cur.RememberPassword)
	l.Password.SetText("")
	l.Delete.Hidden = name == newProfileLabel
	l.Delete.Refresh()
	l.showMessage("")
	if d, ok := vendors.Lookup(l.cur.Vendor); ok {
		l.Vendor.SetSelected(d.Title())
	} else {
		l.showVendor(l.cur.Vendor)
	}
}

// showVendor rebuilds the form with the vendor's settings only.
func (l *LoginWindow) showVendor(vendor string) {
	l.cur.Vendor = vendor
	d, ok := vendors.Lookup(vendor)
	l.settings = nil
	l.fields = map[string]*widget.Entry{}
	items := []*widget.FormItem{
		widget.NewFormItem(lang.L("Profile"), l.Profiles),
		widget.NewFormItem(lang.L("Name"), l.Name),
		widget.NewFormItem(lang.L("Platform"), l.Vendor),
	}
	needPW := false
	if ok {
		l.settings = d.Settings()
		for _, s := range l.settings {
			if s.Field == vendors.FieldPassword {
				needPW = true
				items = append(items, widget.NewFormItem(s.Label, withHelp(l.Password, s.Help)))
				continue
			}
			var e *widget.Entry
			if s.Secret {
				e = widget.NewPasswordEntry()
			} else {
				e = widget.NewEntry()
				e.SetText(l.cur.Value(s))
				if l.cur.Value(s) == s.Default && s.Default != "" {
					e.SetText("")
				}
			}
			ph := s.Example
			if ph == "" && s.Default != "" {
				ph = lang.L("default: {{.D}}", map[string]any{"D": s.Default})
			}
			if s.Secret && l.cur.RememberPassword {
				ph = lang.L("kept in the keyring")
			}
			e.SetPlaceHolder(ph)
			e.OnSubmitted = func(string) { l.submit() }
			l.fields[s.Name()] = e
			label := s.Label
			if s.Required && s.Default == "" {
				label += " *"
			}
			items = append(items, widget.NewFormItem(label, withHelp(e, s.Help)))
		}
	}
	if needPW && l.cur.RememberPassword {
		l.Password.SetPlaceHolder(lang.L("kept in the keyring"))
	} else {
		l.Password.SetPlaceHolder("")
	}
	form := widget.NewForm(items...)
	var rows []fyne.CanvasObject
	rows = append(rows, form)
	if needPW || hasSecret(l.settings) {
		rows = append(rows, l.Remember)
	}
	l.form.Objects = rows
	l.form.Refresh()
}

// withHelp puts a setting's help under its field, wrapped: a form hint
// does not wrap and would widen the window.
func withHelp(o fyne.CanvasObject, help string) fyne.CanvasObject {
	if help == "" {
		return o
	}
	l := widget.NewLabel(help)
	l.Wrapping = fyne.TextWrapWord
	l.SizeName = theme.SizeNameCaptionText
	l.Importance = widget.LowImportance
	return container.NewVBox(o, l)
}

func hasSecret(ss []vendors.Setting) bool {
	for _, s := range ss {
		if s.Secret {
			return true
		}
	}
	return false
}

// collect builds the profile the form describes.
func (l *LoginWindow) collect() profile.Profile {
	p := l.cur
	p.Name = strings.TrimSpace(l.Name.Text)
	p.RememberPassword = l.Remember.Checked
	opts := map[string]string{}
	for k, v := range l.cur.Options {
		opts[k] = v
	}
	p.Options = opts
	for _, s := range l.settings {
		if s.Field == vendors.FieldPassword || s.Secret {
			continue
		}
		if e := l.fields[s.Name()]; e != nil {
			p.Set(s, strings.TrimSpace(e.Text))
		}
	}
	return p
}

func (l *LoginWindow) saveOnly() {
	p := l.collect()
	if err := l.u.Store.Save(p); err != nil {
		l.showError(err)
		return
	}
	l.reloadProfiles(p.Name)
	l.showMessage(lang.L("Profile saved."))
}

func (l *LoginWindow) deleteProfile() {
	name := l.cur.Name
	if name == "" {
		return
	}
	if err := l.u.Store.Delete(name); err != nil {
		l.showError(err)
		return
	}
	_ = l.u.Secrets.Delete(name, secrets.Password)
	for _, s := range l.cur.SecretOptions() {
		_ = l.u.Secrets.Delete(name, s.Key)
	}
	l.reloadProfiles("")
	l.showMessage(lang.L("Profile {{.N}} deleted.", map[string]any{"N": name}))
}

// submit logs in with what the form holds.
func (l *LoginWindow) submit() {
	if l.busy {
		return
	}
	p := l.collect()
	if err := l.u.Store.Save(p); err != nil {
		l.showError(err)
		return
	}
	l.cur = p
	pw := l.Password.Text
	if pw == "" && p.RememberPassword && p.NeedsPassword() {
		pw, _ = l.u.Secrets.Load(p.Name, secrets.Password)
	}
	if pw == "" && p.NeedsPassword() {
		l.showError(errors.New(lang.L("Enter the password.")))
		l.win.Canvas().Focus(l.Password)
		return
	}
	l.loginWith(p, pw)
}

// loginWith connects; the secrets of the form (or the keyring) go along.
func (l *LoginWindow) loginWith(p profile.Profile, pw string) {
	so := map[string]string{}
	for _, s := range p.SecretOptions() {
		v := ""
		if e := l.fields[s.Name()]; e != nil {
			v = e.Text
		}
		if v == "" {
			v, _ = l.u.Secrets.Load(p.Name, s.Key)
		}
		if v != "" {
			so[s.Key] = v
		}
	}
	l.setBusy(true)
	title := p.Vendor
	if d, ok := vendors.Lookup(p.Vendor); ok {
		title = d.Title()
	}
	l.showMessage(lang.L("Connecting to {{.T}}…", map[string]any{"T": title}))
	l.u.open(p, pw, so, func(desk *agent.Desk, cfg vendors.Config, err error) {
		l.setBusy(false)
		if err != nil {
			l.showError(err)
			return
		}
		l.Password.SetText("")
		l.showMessage("")
		prefs := l.u.Prefs()
		prefs.LastProfile = p.Name
		_ = l.u.SetPrefs(prefs)
		note := l.keepSecrets(p, pw, so)
		l.win.Hide()
		dw := l.u.showDesk(p, desk, cfg)
		if note != "" {
			dw.flash(note)
		}
	})
}

// keepSecrets stores or forgets the secrets after a successful login, and
// says so when the keyring is missing.
func (l *LoginWindow) keepSecrets(p profile.Profile, pw string, so map[string]string) string {
	if !p.RememberPassword {
		// Forget what an earlier login kept; a platform without a
		// password never touches the keyring.
		if p.NeedsPassword() {
			_ = l.u.Secrets.Delete(p.Name, secrets.Password)
		}
		return ""
	}
	var err error
	if p.NeedsPassword() && pw != "" {
		err = l.u.Secrets.Save(p.Name, secrets.Password, pw)
	}
	for k, v := range so {
		if e := l.u.Secrets.Save(p.Name, k, v); err == nil {
			err = e
		}
	}
	if errors.Is(err, secrets.ErrUnavailable) {
		return secrets.ErrUnavailable.Error()
	}
	if err != nil {
		l.u.Log.Warn("cannot keep the password", "err", err)
	}
	return ""
}

func (l *LoginWindow) setBusy(b bool) {
	l.busy = b
	if b {
		l.progress.Show()
		l.progress.Start()
		l.LoginBtn.Disable()
		l.Cancel.Show()
	} else {
		l.progress.Stop()
		l.progress.Hide()
		l.LoginBtn.Enable()
		l.Cancel.Hide()
	}
}

func (l *LoginWindow) showError(err error) {
	h, d := Explain(err)
	l.Status.Importance = widget.DangerImportance
	l.Status.SetText(h)
	l.Detail.SetText(d)
	l.Detail.Hidden = d == ""
	l.Detail.Refresh()
}

func (l *LoginWindow) showMessage(s string) {
	l.Status.Importance = widget.MediumImportance
	l.Status.SetText(s)
	l.Detail.SetText("")
	l.Detail.Hide()
}
