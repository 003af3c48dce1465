package ui

import (
	"bytes"
	"image"
	"image/color"
	"image/png"

	"fyne.io/fyne/v2"

	"tandem/vendors"
	"tandem/widgets"
)

// stateIcon draws the tray icon of a state: a disc in the state's colour
// with a white ring, readable on light and dark panels.
func stateIcon(st vendors.State) fyne.Resource {
	const n = 64
	img := image.NewNRGBA(image.Rect(0, 0, n, n))
	col := widgets.StateColor(st)
	white := color.NRGBA{R: 255, G: 255, B: 255, A: 255}
	c := float64(n-1) / 2
	for y := 0; y < n; y++ {
		for x := 0; x < n; x++ {
			dx, dy := float64(x)-c, float64(y)-c
			r2 := dx*dx + dy*dy
			switch {
			case r2 <= 24*24:
				img.SetNRGBA(x, y, col)
			case r2 <= 30*30:
				img.SetNRGBA(x, y, white)
			case r2 <= 31.5*31.5:
				img.SetNRGBA(x, y, color.NRGBA{R: 0x30, G: 0x30, B: 0x30, A: 0xff})
			}
		}
	}
	var buf bytes.Buffer
	_ = png.Encode(&buf, img)
	return fyne.NewStaticResource("tandem-"+string(st)+".png", buf.Bytes())
}
