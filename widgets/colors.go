package widgets

import (
	"image/color"

	"fyne.io/fyne/v2/lang"

	"tandem/vendors"
)

// State colours are fixed rather than themed: agents learn "green is
// ready" and the colour must not change with light or dark mode. Each is
// dark enough for white text (WCAG AA on large text).
var (
	ColorReady     = color.NRGBA{R: 0x1b, G: 0x7f, B: 0x3b, A: 0xff}
	ColorNotReady  = color.NRGBA{R: 0xc0, G: 0x28, B: 0x28, A: 0xff}
	ColorBusy      = color.NRGBA{R: 0x15, G: 0x5f, B: 0xb0, A: 0xff}
	ColorWrapUp    = color.NRGBA{R: 0xb3, G: 0x6b, B: 0x00, A: 0xff}
	ColorLoggedOut = color.NRGBA{R: 0x61, G: 0x61, B: 0x61, A: 0xff}
	ColorOffered   = color.NRGBA{R: 0x6a, G: 0x1b, B: 0x9a, A: 0xff}
	ColorOnColor   = color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xff}
)

// StateColor is the colour of an agent state.
func StateColor(s vendors.State) color.NRGBA {
	switch s {
	case vendors.StateReady:
		return ColorReady
	case vendors.StateNotReady:
		return ColorNotReady
	case vendors.StateBusy:
		return ColorBusy
	case vendors.StateWrapUp:
		return ColorWrapUp
	}
	return ColorLoggedOut
}

// StatusColor is the colour of a contact status chip.
func StatusColor(s vendors.ContactStatus) color.NRGBA {
	switch s {
	case vendors.ContactOffered:
		return ColorOffered
	case vendors.ContactDialing:
		return ColorBusy
	case vendors.ContactConnected:
		return ColorReady
	case vendors.ContactHeld:
		return ColorWrapUp
	case vendors.ContactWrapUp:
		return ColorWrapUp
	}
	return ColorLoggedOut
}

// StateLabel names an agent state for people.
func StateLabel(s vendors.State) string {
	switch s {
	case vendors.StateReady:
		return lang.L("Ready")
	case vendors.StateNotReady:
		return lang.L("Not ready")
	case vendors.StateBusy:
		return lang.L("Busy")
	case vendors.StateWrapUp:
		return lang.L("Wrap-up")
	case vendors.StateLoggedOut:
		return lang.L("Logged out")
	}
	return string(s)
}

// StatusLabel names a contact status for people.
func StatusLabel(s vendors.ContactStatus) string {
	switch s {
	case vendors.ContactOffered:
		return lang.L("Ringing")
	case vendors.ContactDialing:
		return lang.L("Dialling")
	case vendors.ContactConnected:
		return lang.L("Connected")
	case vendors.ContactHeld:
		return lang.L("On hold")
	case vendors.ContactWrapUp:
		return lang.L("Wrap-up")
	case vendors.ContactEnded:
		return lang.L("Ended")
	}
	return string(s)
}
