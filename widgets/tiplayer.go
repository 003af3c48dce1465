package widgets

import (
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
)

// Tooltips live in a layer above the window content rather than in a
// PopUp: a PopUp takes the next click to dismiss itself, which would eat
// the agent's click on the button under the pointer. Plain canvas objects
// are not tappable, so clicks pass through this layer.

type tipLayerT struct {
	box *fyne.Container
}

var (
	tipMu     sync.Mutex
	tipLayers = map[fyne.Canvas]*tipLayerT{}
)

// WithTips puts content under a tooltip layer for the window's TipButtons.
func WithTips(w fyne.Window, content fyne.CanvasObject) fyne.CanvasObject {
	l := &tipLayerT{box: container.NewWithoutLayout()}
	tipMu.Lock()
	tipLayers[w.Canvas()] = l
	tipMu.Unlock()
	return container.NewStack(content, l.box)
}

func tipLayerOf(c fyne.Canvas) *tipLayerT {
	if c == nil {
		return nil
	}
	tipMu.Lock()
	defer tipMu.Unlock()
	return tipLayers[c]
}

type tip struct {
	l   *tipLayerT
	obj fyne.CanvasObject
}

func (l *tipLayerT) show(text string, pos fyne.Position, above float32) *tip {
	txt := canvas.NewText(text, theme.Color(theme.ColorNameForeground))
	txt.TextSize = theme.CaptionTextSize()
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameOverlayBackground))
	bg.StrokeColor = theme.Color(theme.ColorNameShadow)
	bg.StrokeWidth = 1
	bg.CornerRadius = 4
	pad := theme.InnerPadding() / 2
	size := txt.MinSize().Add(fyne.NewSize(2*pad, 2*pad))
	// Keep the tip inside the window.
	win := l.box.Size()
	if over := pos.X + size.Width - win.Width; over > 0 {
		pos.X -= over
	}
	if pos.X < 0 {
		pos.X = 0
	}
	if pos.Y+size.Height > win.Height {
		pos.Y -= above + size.Height + 4
	}
	bg.Resize(size)
	bg.Move(pos)
	txt.Move(pos.Add(fyne.NewPos(pad, pad)))
	txt.Resize(txt.MinSize())
	grp := container.NewWithoutLayout(bg, txt)
	l.box.Add(grp)
	return &tip{l: l, obj: grp}
}

func (t *tip) hide() { t.l.box.Remove(t.obj) }
