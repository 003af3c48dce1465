package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"tandem/app/profile"
)

// SettingsWindow edits the app preferences and the current profile's CRM
// screen pop.
type SettingsWindow struct {
	win           fyne.Window
	Notifications *widget.Check
	Sound         *widget.Check
	AlwaysOnTop   *widget.Check
	RaiseOnOffer  *widget.Check
	Minimized     *widget.Check
	CRM           *widget.Entry
	CRMAuto       *widget.Check
	Save          *widget.Button
	Status        *widget.Label
}

// ShowSettings opens the settings window.
func (u *UI) ShowSettings() *SettingsWindow {
	s := &SettingsWindow{}
	s.win = u.App.NewWindow(lang.L("Tandem — settings"))
	p := u.Prefs()
	s.Notifications = widget.NewCheck(lang.L("Show a notification for each offered contact"), nil)
	s.Notifications.SetChecked(p.Notifications)
	s.Sound = widget.NewCheck(lang.L("Play a sound with it"), nil)
	s.Sound.SetChecked(p.Sound)
	s.RaiseOnOffer = widget.NewCheck(lang.L("Bring the desk forward when a contact is offered"), nil)
	s.RaiseOnOffer.SetChecked(p.RaiseOnOffer)
	s.AlwaysOnTop = widget.NewCheck(lang.L("Keep the desk above other windows (from the next login)"), nil)
	s.AlwaysOnTop.SetChecked(p.AlwaysOnTop)
	s.Minimized = widget.NewCheck(lang.L("Start minimized to the tray"), nil)
	s.Minimized.SetChecked(p.StartMinimized)
	s.CRM = widget.NewEntry()
	s.CRM.SetPlaceHolder("https://crm.example/search?phone={from}")
	s.CRMAuto = widget.NewCheck(lang.L("Open it automatically when I answer"), nil)
	var prof *profile.Profile
	if u.desk != nil {
		cp := u.desk.Profile()
		prof = &cp
		s.CRM.SetText(cp.CRMTemplate)
		s.CRMAuto.SetChecked(cp.CRMAutoOpen)
	} else {
		s.CRM.Disable()
		s.CRMAuto.Disable()
	}
	s.Status = widget.NewLabel("")
	s.Status.Wrapping = fyne.TextWrapWord
	s.Save = widget.NewButton(lang.L("Save"), func() {
		np := u.Prefs()
		np.Notifications, np.Sound = s.Notifications.Checked, s.Sound.Checked
		np.RaiseOnOffer, np.AlwaysOnTop = s.RaiseOnOffer.Checked, s.AlwaysOnTop.Checked
		np.StartMinimized = s.Minimized.Checked
		if err := u.SetPrefs(np); err != nil {
			s.fail(err)
			return
		}
		if prof != nil {
			prof.CRMTemplate, prof.CRMAutoOpen = s.CRM.Text, s.CRMAuto.Checked
			if err := u.Store.Save(*prof); err != nil {
				s.fail(err)
				return
			}
			if u.desk != nil {
				u.desk.setProfile(*prof)
				u.desk.Refresh()
			}
		}
		s.win.Close()
	})
	s.Save.Importance = widget.HighImportance
	crmHelp := widget.NewLabel(lang.L("Placeholders: {from} {to} {name} {queue} {id} {data.KEY}"))
	crmHelp.Importance = widget.LowImportance
	crmHelp.Wrapping = fyne.TextWrapWord
	form := container.NewVBox(
		widget.NewLabelWithStyle(lang.L("Notifications"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		s.Notifications, s.Sound, s.RaiseOnOffer,
		widget.NewSeparator(),
		widget.NewLabelWithStyle(lang.L("Window"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		s.AlwaysOnTop, s.Minimized,
		widget.NewSeparator(),
		widget.NewLabelWithStyle(lang.L("CRM screen pop (this profile)"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		s.CRM, crmHelp, s.CRMAuto, s.Status,
	)
	buttons := container.NewHBox(widget.NewButton(lang.L("Cancel"), s.win.Close), s.Save)
	s.win.SetContent(container.NewBorder(nil, container.NewPadded(container.NewBorder(nil, nil, nil, buttons)), nil, nil, container.NewPadded(form)))
	s.win.Resize(fyne.NewSize(460, 0))
	s.win.Show()
	return s
}

func (s *SettingsWindow) fail(err error) {
	s.Status.Importance = widget.DangerImportance
	s.Status.SetText(err.Error())
}

// Window is the settings window.
func (s *SettingsWindow) Window() fyne.Window { return s.win }
