package widgets

import (
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// tipDelay is how long the pointer rests before a tooltip shows.
const tipDelay = 600 * time.Millisecond

// TipButton is a button with a tooltip (Fyne has none): the tip names the
// action and its keyboard shortcut, shown on hover in the window's tip
// layer (see WithTips). Keyboard users find the same shortcuts in the menu.
type TipButton struct {
	widget.Button
	Tip string

	mu    sync.Mutex
	timer *time.Timer
	pop   *tip
}

// NewTipButton makes a button with a tooltip.
func NewTipButton(label string, icon fyne.Resource, tip string, tapped func()) *TipButton {
	b := &TipButton{Tip: tip}
	b.Text, b.Icon, b.OnTapped = label, icon, tapped
	b.ExtendBaseWidget(b)
	return b
}

// MouseIn schedules the tooltip.
func (b *TipButton) MouseIn(e *desktop.MouseEvent) {
	b.Button.MouseIn(e)
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.timer != nil {
		b.timer.Stop()
	}
	b.timer = time.AfterFunc(tipDelay, func() { fyne.Do(b.showTip) })
}

// MouseOut hides the tooltip.
func (b *TipButton) MouseOut() {
	b.Button.MouseOut()
	b.hideTip()
}

// Tapped hides the tip before acting, so it never covers a dialog.
func (b *TipButton) Tapped(e *fyne.PointEvent) {
	b.hideTip()
	b.Button.Tapped(e)
}

func (b *TipButton) showTip() {
	if b.Tip == "" || !b.Visible() {
		return
	}
	c := fyne.CurrentApp().Driver().CanvasForObject(b)
	layer := tipLayerOf(c)
	if layer == nil {
		return
	}
	b.hideTip()
	// Positions are relative to the layer, which sits below the menu bar.
	drv := fyne.CurrentApp().Driver()
	pos := drv.AbsolutePositionForObject(b).Subtract(drv.AbsolutePositionForObject(layer.box))
	pos = pos.Add(fyne.NewPos(0, b.Size().Height+2))
	pop := layer.show(b.Tip, pos, b.Size().Height)
	b.mu.Lock()
	b.pop = pop
	b.mu.Unlock()
}

func (b *TipButton) hideTip() {
	b.mu.Lock()
	if b.timer != nil {
		b.timer.Stop()
		b.timer = nil
	}
	pop := b.pop
	b.pop = nil
	b.mu.Unlock()
	if pop != nil {
		pop.hide()
	}
}
