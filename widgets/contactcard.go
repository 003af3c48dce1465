package widgets

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tandem/app/agent"
	"tandem/vendors"
)

// CardView is everything a contact card shows.
type CardView struct {
	Contact agent.Contact
	Caps    vendors.Capabilities
	// Partner is the other contact of a consultation, "" when none.
	Partner string
	// PartnerName names the partner for the "consulting about" line.
	PartnerName string
	// CRMURL is the screen-pop URL ("" hides "Open in CRM").
	CRMURL string
	Now    time.Time
}

// CardHandlers receive what the agent does on a card.
type CardHandlers struct {
	// Command sends a command at once (answer, hold, hang up...).
	Command func(vendors.Command)
	// Transfer opens the transfer dialog for the contact.
	Transfer func(id string)
	// WrapUp opens the wrap-up dialog for the contact.
	WrapUp func(id string)
	// OpenCRM opens the screen-pop URL.
	OpenCRM func(url string)
}

// ContactCard shows one live contact: channel, caller, queue, dialled
// number, status with its timer, the attached data (the screen pop), "Open
// in CRM" and the controls the platform supports.
type ContactCard struct {
	widget.BaseWidget
	h    CardHandlers
	view CardView

	stripe   *canvas.Rectangle
	bg       *canvas.Rectangle
	icon     *widget.Icon
	name     *widget.Label
	detail   *widget.Label
	chipBG   *canvas.Rectangle
	chip     *canvas.Text
	data     *KeyValues
	dataBox  *fyne.Container
	crm      *widget.Button
	controls *fyne.Container
	themed   *fyne.Container // the controls (the name stays from when they had a theme override)
	hint     *widget.Label
	hintBox  *fyne.Container
	buttons  map[vendors.CommandKind]*TipButton
	actKey   string
	dataKey  string
	content  *fyne.Container
}

// NewContactCard makes an empty card; call Update to fill it.
func NewContactCard(h CardHandlers) *ContactCard {
	c := &ContactCard{h: h, buttons: map[vendors.CommandKind]*TipButton{}}
	c.stripe = canvas.NewRectangle(ColorOffered)
	c.stripe.SetMinSize(fyne.NewSize(6, 0))
	c.stripe.CornerRadius = 3
	c.bg = canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
	c.bg.CornerRadius = theme.InputRadiusSize() * 2
	c.icon = widget.NewIcon(IconPhone)
	c.name = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	c.name.SizeName = theme.SizeNameSubHeadingText
	c.name.Truncation = fyne.TextTruncateEllipsis
	c.detail = widget.NewLabel("")
	c.detail.Wrapping = fyne.TextWrapWord
	c.chipBG = canvas.NewRectangle(ColorOffered)
	c.chipBG.CornerRadius = 10
	c.chip = canvas.NewText("", ColorOnColor)
	c.chip.TextStyle = fyne.TextStyle{Bold: true}
	c.data = NewKeyValues()
	c.dataBox = container.NewVBox(widget.NewSeparator(), c.data)
	c.crm = widget.NewButtonWithIcon(lang.L("Open in CRM"), theme.ComputerIcon(), func() {
		if c.h.OpenCRM != nil && c.view.CRMURL != "" {
			c.h.OpenCRM(c.view.CRMURL)
		}
	})
	c.crm.Importance = widget.LowImportance
	c.controls = container.NewGridWithColumns(3)
	// The Answer button's calm green comes from the app-wide DeskTheme: a
	// theme override per card made Fyne parse the fonts again for each
	// card and keep them (its font cache is per override), 20 MB of Go
	// heap after 500 contacts.
	c.themed = c.controls
	// Regular, not italic: the first italic text made Fyne parse an italic
	// font set (its own and the system's) and keep it, 3.7 MB of Go heap
	// for three short lines; the info icon marks the hints.
	c.hint = widget.NewLabel("")
	c.hint.Wrapping = fyne.TextWrapWord
	c.hintBox = container.NewBorder(nil, nil, container.NewVBox(widget.NewIcon(theme.InfoIcon())), nil, c.hint)
	c.ExtendBaseWidget(c)
	return c
}

// CreateRenderer builds the card's layout.
func (c *ContactCard) CreateRenderer() fyne.WidgetRenderer {
	chip := container.NewStack(c.chipBG, container.New(layout.NewCustomPaddedLayout(2, 2, 10, 10), c.chip))
	head := container.NewBorder(nil, nil, c.icon, container.NewCenter(chip), c.name)
	crmRow := container.NewHBox(c.crm, layout.NewSpacer())
	c.content = container.NewVBox(head, c.detail, c.dataBox, crmRow, c.themed, c.hintBox)
	body := container.NewBorder(nil, nil, c.stripe, nil, container.NewPadded(c.content))
	return widget.NewSimpleRenderer(container.NewStack(c.bg, container.NewPadded(body)))
}

// ID is the contact shown.
func (c *ContactCard) ID() string { return c.view.Contact.ID }

// Update shows a new picture of the contact.
func (c *ContactCard) Update(v CardView) {
	c.view = v
	ct := v.Contact
	c.icon.SetResource(ChannelIcon(ct.Channel))
	name := ct.Name
	if name == "" {
		name = ct.From
	}
	if name == "" {
		name = lang.L("Unknown caller")
	}
	c.name.SetText(name)
	c.detail.SetText(detailLine(v))
	col := StatusColor(ct.Status)
	c.stripe.FillColor = col
	c.chipBG.FillColor = col
	c.stripe.Refresh()
	c.chipBG.Refresh()
	c.bg.FillColor = theme.Color(theme.ColorNameInputBackground)
	c.bg.Refresh()
	c.updateData(ct.Contact)
	if v.CRMURL == "" {
		c.crm.Hide()
	} else {
		c.crm.Show()
	}
	c.updateActions(v)
	c.Tick(v.Now)
}

// Tick refreshes the status timer.
func (c *ContactCard) Tick(now time.Time) {
	t := StatusLabel(c.view.Contact.Status)
	if e := Since(c.view.Contact.StatusSince, now); e != "" {
		t += "  " + e
	}
	if t != c.chip.Text {
		c.chip.Text = t
		c.chip.Refresh()
	}
}

func detailLine(v CardView) string {
	ct := v.Contact
	var parts []string
	if ct.Name != "" && ct.From != "" {
		parts = append(parts, ct.From)
	}
	if ct.Queue != "" {
		parts = append(parts, ct.Queue)
	}
	if ct.To != "" {
		if ct.Direction == vendors.Outbound {
			parts = append(parts, lang.L("to {{.N}}", map[string]any{"N": ct.To}))
		} else {
			parts = append(parts, lang.L("dialled {{.N}}", map[string]any{"N": ct.To}))
		}
	}
	line := strings.Join(parts, " · ")
	if ct.Related != "" {
		who := v.PartnerName
		if who == "" {
			who = ct.Related
		}
		line = lang.L("Consulting about {{.Who}}", map[string]any{"Who": who}) + "\n" + line
	}
	return line
}

// updateData rebuilds the screen pop only when the data changed, so the
// per-second tick never relayouts it.
func (c *ContactCard) updateData(ct vendors.Contact) {
	keys := ct.DataKeys()
	var b strings.Builder
	for _, k := range keys {
		b.WriteString(k + "\x00" + ct.Data[k] + "\x00")
	}
	if b.String() == c.dataKey {
		return
	}
	c.dataKey = b.String()
	vals := make([]string, len(keys))
	for i, k := range keys {
		vals[i] = ct.Data[k]
	}
	c.data.Set(keys, vals)
	if len(keys) == 0 {
		c.dataBox.Hide()
	} else {
		c.dataBox.Show()
	}
}

func (c *ContactCard) updateActions(v CardView) {
	acts, hints := Actions(v.Contact, v.Caps, v.Partner)
	var key strings.Builder
	for _, a := range acts {
		key.WriteString(string(a.Kind) + ",")
	}
	if key.String() != c.actKey {
		c.actKey = key.String()
		c.controls.RemoveAll()
		c.buttons = map[vendors.CommandKind]*TipButton{}
		for _, a := range acts {
			b := NewTipButton(a.Label, a.Icon, a.Tip(), c.tapFunc(a))
			b.Importance = a.Importance
			c.buttons[a.Kind] = b
			c.controls.Add(b)
		}
	}
	c.themed.Hidden = len(acts) == 0
	c.hint.SetText(strings.Join(hints, "\n"))
	c.hintBox.Hidden = len(hints) == 0
	if c.content != nil {
		c.content.Refresh()
	}
}

func (c *ContactCard) tapFunc(a Action) func() {
	return func() {
		id := c.view.Contact.ID
		switch {
		case a.Kind == vendors.CmdTransfer:
			if c.h.Transfer != nil {
				c.h.Transfer(id)
			}
		case a.Kind == vendors.CmdWrapUp:
			if c.h.WrapUp != nil {
				c.h.WrapUp(id)
			}
		default:
			if c.h.Command != nil {
				c.h.Command(vendors.Command{Kind: a.Kind, Contact: id})
			}
		}
	}
}

// Button returns the card's control for a command, or nil (for tests and
// keyboard shortcuts).
func (c *ContactCard) Button(k vendors.CommandKind) *TipButton { return c.buttons[k] }

// Hint is the text of the "done elsewhere" hints.
func (c *ContactCard) Hint() string { return c.hint.Text }

// Data is the screen pop list.
func (c *ContactCard) Data() *KeyValues { return c.data }

// CRMButton is the "Open in CRM" control.
func (c *ContactCard) CRMButton() *widget.Button { return c.crm }
