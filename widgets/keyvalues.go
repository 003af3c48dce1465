package widgets

import (
	"strings"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// KeyValues is the screen pop's attached data as a compact two-column
// list: a label column sized to the longest key, values shortened with an
// ellipsis when the card is narrow. Denser than a Form, so a card with
// eight fields still fits beside other apps.
type KeyValues struct {
	widget.BaseWidget
	keys, vals []string
}

// NewKeyValues makes an empty list.
func NewKeyValues() *KeyValues {
	k := &KeyValues{}
	k.ExtendBaseWidget(k)
	return k
}

// Set shows the pairs in order.
func (k *KeyValues) Set(keys, vals []string) {
	k.keys, k.vals = keys, vals
	k.Refresh()
}

// Len is the number of pairs.
func (k *KeyValues) Len() int { return len(k.keys) }

// Value returns the value shown for a key (tests).
func (k *KeyValues) Value(key string) string {
	for i, x := range k.keys {
		if x == key {
			return k.vals[i]
		}
	}
	return ""
}

// CreateRenderer implements fyne.Widget.
func (k *KeyValues) CreateRenderer() fyne.WidgetRenderer {
	r := &kvRenderer{k: k}
	r.Refresh()
	return r
}

type kvRenderer struct {
	k          *KeyValues
	keys, vals []*canvas.Text
	objs       []fyne.CanvasObject
}

func (r *kvRenderer) Destroy() {}

func (r *kvRenderer) Objects() []fyne.CanvasObject { return r.objs }

func (r *kvRenderer) rowHeight() float32 {
	return fyne.MeasureText("Ag", theme.TextSize(), fyne.TextStyle{}).Height + theme.Padding()
}

func (r *kvRenderer) keyWidth() float32 {
	var w float32
	for _, t := range r.keys {
		w = fyne.Max(w, t.MinSize().Width)
	}
	return w
}

func (r *kvRenderer) MinSize() fyne.Size {
	return fyne.NewSize(r.keyWidth()+theme.Padding()*3+40, r.rowHeight()*float32(len(r.keys)))
}

func (r *kvRenderer) Layout(size fyne.Size) {
	kw := r.keyWidth()
	h := r.rowHeight()
	vx := kw + theme.Padding()*3
	avail := size.Width - vx
	for i := range r.keys {
		y := float32(i) * h
		r.keys[i].Move(fyne.NewPos(kw-r.keys[i].MinSize().Width, y))
		r.keys[i].Resize(r.keys[i].MinSize())
		r.vals[i].Text = fitText(r.k.vals[i], avail, r.vals[i].TextSize, r.vals[i].TextStyle)
		r.vals[i].Move(fyne.NewPos(vx, y))
		r.vals[i].Resize(fyne.NewSize(avail, h))
		r.vals[i].Refresh()
	}
}

func (r *kvRenderer) Refresh() {
	r.keys, r.vals, r.objs = nil, nil, nil
	for i, key := range r.k.keys {
		kt := canvas.NewText(Humanize(key), theme.Color(theme.ColorNamePlaceHolder))
		vt := canvas.NewText(r.k.vals[i], theme.Color(theme.ColorNameForeground))
		vt.TextStyle = fyne.TextStyle{Bold: false}
		r.keys = append(r.keys, kt)
		r.vals = append(r.vals, vt)
		r.objs = append(r.objs, kt, vt)
	}
	r.Layout(r.k.Size())
	canvas.Refresh(r.k)
}

// fitText shortens s with an ellipsis to fit width.
func fitText(s string, width, size float32, style fyne.TextStyle) string {
	if width <= 0 || fyne.MeasureText(s, size, style).Width <= width {
		return s
	}
	rs := []rune(s)
	for n := len(rs) - 1; n > 0; n-- {
		t := string(rs[:n]) + "…"
		if fyne.MeasureText(t, size, style).Width <= width {
			return t
		}
	}
	return "…"
}

// Humanize turns a data key into a label: "crm_id" → "CRM ID",
// "customerTier" → "Customer tier".
func Humanize(key string) string {
	var b strings.Builder
	prev := rune(0)
	for i, r := range key {
		switch {
		case r == '_' || r == '-' || r == '.':
			b.WriteRune(' ')
		case i > 0 && unicode.IsUpper(r) && unicode.IsLower(prev):
			b.WriteRune(' ')
			b.WriteRune(unicode.ToLower(r))
		default:
			b.WriteRune(r)
		}
		prev = r
	}
	words := strings.Fields(b.String())
	for i, w := range words {
		switch strings.ToLower(w) {
		case "id", "crm", "url", "ani", "dnis", "vip", "sla":
			if !(i == 0 && strings.ToLower(w) == "id") {
				words[i] = strings.ToUpper(w)
				continue
			}
		}
		if i == 0 {
			rs := []rune(w)
			rs[0] = unicode.ToUpper(rs[0])
			words[i] = string(rs)
		}
	}
	return strings.Join(words, " ")
}
