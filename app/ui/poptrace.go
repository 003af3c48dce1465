package ui

import (
	"fmt"
	"image"
	"io"
	"strconv"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
)

// popTrace is the debug trace of offer-to-pop in the GUI (the bench's
// guipop harness switches it on with TANDEM_DEBUG_POPTRACE=1). It writes
// one line per offered contact, once both halves are known:
//
//	poptrace id="5001" from="+4930123" seen=1700000000000000000 built=… painted=… notified=…
//
// with wall-clock Unix nanoseconds of: the desk's event pump seeing the
// offer (what tandemctl measures), the UI thread building the contact's
// card (the refresh it queued running), the first paint of the card
// (a one-pixel raster in the card, whose generator Fyne calls while it
// paints the frame), and the notification call returning (0 when no
// notification was sent). A nil *popTrace is off and costs nothing.
type popTrace struct {
	w  io.Writer
	mu sync.Mutex
	m  map[string]*popEntry
}

type popEntry struct {
	from                           string
	seen, built, painted, notified int64
	notify                         bool // a notification is on its way
}

func newPopTrace(w io.Writer) *popTrace {
	if w == nil {
		return nil
	}
	return &popTrace{w: w, m: map[string]*popEntry{}}
}

func (p *popTrace) entry(id string) *popEntry {
	e := p.m[id]
	if e == nil {
		e = &popEntry{}
		p.m[id] = e
	}
	return e
}

// offered notes the pump seeing an offer; notify says whether a
// notification will follow (the line waits for it).
func (p *popTrace) offered(id, from string, notify bool) {
	if p == nil {
		return
	}
	now := time.Now().UnixNano()
	p.mu.Lock()
	defer p.mu.Unlock()
	e := p.entry(id)
	e.from, e.seen, e.notify = from, now, notify
	p.flush(id, e)
}

// notified notes the notification call having returned.
func (p *popTrace) notified(id string) {
	if p == nil {
		return
	}
	now := time.Now().UnixNano()
	p.mu.Lock()
	defer p.mu.Unlock()
	if e := p.m[id]; e != nil { // else the contact left the desk already
		e.notified = now
		p.flush(id, e)
	}
}

// built notes the UI thread building the contact's card.
func (p *popTrace) built(id string) {
	if p == nil {
		return
	}
	now := time.Now().UnixNano()
	p.mu.Lock()
	defer p.mu.Unlock()
	if e := p.entry(id); e.built == 0 {
		e.built = now
	}
}

// painted notes the first paint of the contact's card.
func (p *popTrace) painted(id string) {
	if p == nil {
		return
	}
	now := time.Now().UnixNano()
	p.mu.Lock()
	defer p.mu.Unlock()
	e := p.entry(id)
	if e.painted == 0 {
		e.painted = now
		p.flush(id, e)
	}
}

// gone drops what is known of a contact that left the desk before its
// line was complete (the card was never painted: a minimised desk).
func (p *popTrace) gone(id string) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.m, id)
}

// flush writes the line once seen, painted and (if one was sent)
// notified are all known (mu held).
func (p *popTrace) flush(id string, e *popEntry) {
	if e.seen == 0 || e.painted == 0 || (e.notify && e.notified == 0) {
		return
	}
	fmt.Fprintf(p.w, "poptrace id=%s from=%s seen=%d built=%d painted=%d notified=%d\n",
		strconv.Quote(id), strconv.Quote(e.from), e.seen, e.built, e.painted, e.notified)
	delete(p.m, id)
}

// wrap puts a one-pixel probe in a new card that tells the trace when the
// card is first painted; without a trace the card itself is returned.
func (p *popTrace) wrap(id string, card fyne.CanvasObject) fyne.CanvasObject {
	if p == nil {
		return card
	}
	var once sync.Once
	probe := canvas.NewRaster(func(w, h int) image.Image {
		once.Do(func() { p.painted(id) })
		return image.NewNRGBA(image.Rect(0, 0, 1, 1))
	})
	probe.Resize(fyne.NewSquareSize(1))
	return container.NewStack(card, container.NewWithoutLayout(probe))
}
