package widgets

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tandem/vendors"
)

// warnWhite is a warning triangle in white, for the coloured banner in
// both themes.
var warnWhite = fyne.NewStaticResource("warn.svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path fill="#ffffff" d="M1 21h22L12 2zm12-3h-2v-2h2zm0-4h-2v-4h2z"/></svg>`))

// Banner tells the agent the connection is reconnecting or lost, with a
// retry button; it hides itself while connected.
type Banner struct {
	widget.BaseWidget
	OnRetry func()

	bg    *canvas.Rectangle
	msg   *widget.Label
	why   *widget.Label
	Retry *widget.Button
}

// NewBanner makes a hidden banner.
func NewBanner(retry func()) *Banner {
	b := &Banner{OnRetry: retry}
	b.bg = canvas.NewRectangle(ColorWrapUp)
	b.bg.CornerRadius = theme.InputRadiusSize()
	b.msg = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	b.msg.Wrapping = fyne.TextWrapWord
	b.why = widget.NewLabel("")
	b.why.Wrapping = fyne.TextWrapWord
	b.why.SizeName = theme.SizeNameCaptionText
	b.Retry = widget.NewButtonWithIcon(lang.L("Retry"), theme.ViewRefreshIcon(), func() {
		if b.OnRetry != nil {
			b.OnRetry()
		}
	})
	b.ExtendBaseWidget(b)
	b.Hide()
	return b
}

// CreateRenderer lays the banner out.
func (b *Banner) CreateRenderer() fyne.WidgetRenderer {
	text := onColor(container.NewVBox(b.msg, b.why))
	icon := canvas.NewImageFromResource(warnWhite)
	icon.SetMinSize(fyne.NewSquareSize(theme.IconInlineSize()))
	icon.FillMode = canvas.ImageFillContain
	row := container.NewBorder(nil, nil, container.NewCenter(icon), container.NewCenter(b.Retry), text)
	return widget.NewSimpleRenderer(container.NewStack(b.bg, container.NewPadded(row)))
}

// Set shows the connection status; why explains a loss in plain words.
func (b *Banner) Set(st vendors.ConnStatus, why string) {
	switch st {
	case vendors.Reconnecting, vendors.Connecting:
		b.bg.FillColor = ColorWrapUp
		b.msg.SetText(lang.L("Connection interrupted — reconnecting…"))
	case vendors.Disconnected:
		b.bg.FillColor = ColorNotReady
		b.msg.SetText(lang.L("Disconnected from the platform"))
	default:
		b.Hide()
		return
	}
	b.why.SetText(why)
	if why == "" {
		b.why.Hide()
	} else {
		b.why.Show()
	}
	b.Show()
	b.Refresh()
}

// Message is the banner's headline (for tests).
func (b *Banner) Message() string { return b.msg.Text }
