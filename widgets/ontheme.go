package widgets

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
)

// onColorTheme draws text white, for widgets placed on a coloured block
// (the banner), while keeping the rest of the app's theme.
type onColorTheme struct{ base fyne.Theme }

func (t onColorTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if n == theme.ColorNameForeground {
		return ColorOnColor
	}
	return t.base.Color(n, v)
}

func (t onColorTheme) Font(s fyne.TextStyle) fyne.Resource     { return t.base.Font(s) }
func (t onColorTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return t.base.Icon(n) }
func (t onColorTheme) Size(n fyne.ThemeSizeName) float32       { return t.base.Size(n) }

// onColor wraps content so its text is white.
func onColor(o fyne.CanvasObject) fyne.CanvasObject {
	return container.NewThemeOverride(o, onColorTheme{base: fyne.CurrentApp().Settings().Theme()})
}

// DeskTheme is the app's theme: base, but "success" (the Answer and
// Transfer buttons) in the same calm green as the Ready state, legible
// with white text. Set it app-wide, not as an override per widget: Fyne
// keeps a parsed font set per override.
func DeskTheme(base fyne.Theme) fyne.Theme { return deskTheme{base: base} }

type deskTheme struct{ base fyne.Theme }

func (t deskTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	switch n {
	case theme.ColorNameSuccess:
		return ColorReady
	case theme.ColorNameForegroundOnSuccess:
		return ColorOnColor
	}
	return t.base.Color(n, v)
}

func (t deskTheme) Font(s fyne.TextStyle) fyne.Resource     { return t.base.Font(s) }
func (t deskTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return t.base.Icon(n) }
func (t deskTheme) Size(n fyne.ThemeSizeName) float32       { return t.base.Size(n) }
