// Package notify shows a native desktop notification for each contact
// offered to the agent: on Linux straight over D-Bus (see notify_linux.go
// for why not through beeep there), elsewhere through
// github.com/gen2brain/beeep (toast on Windows, Notification Center on
// macOS).
package notify

import (
	"bytes"
	"html"
	"image"
	"image/png"
	"strings"
	"sync"

	xdraw "golang.org/x/image/draw"

	"github.com/gen2brain/beeep"

	"tandem/vendors"
)

// Notifier sends the offer notifications of one app.
type Notifier struct {
	icon []byte
	mu   sync.Mutex
	bus  bus // the platform's own path, where it has one
}

// New sets the app name every notification carries and keeps the PNG
// icon (beeep refuses a nil icon, so an empty one is sent as "").
func New(appName string, icon []byte) *Notifier {
	beeep.AppName = appName
	return &Notifier{icon: small(icon, iconSize)}
}

// Text returns the summary and body of a contact's notification: the
// caller's name (or number) as the summary, the queue and dialled number
// as the body.
func Text(c vendors.Contact) (summary, body string) {
	summary = strings.TrimSpace(c.Name)
	if summary == "" {
		summary = strings.TrimSpace(c.From)
	}
	if summary == "" {
		summary = "Incoming " + channelWord(c.Channel)
	}
	var parts []string
	if c.Name != "" && c.From != "" {
		parts = append(parts, c.From)
	}
	if c.Queue != "" {
		parts = append(parts, c.Queue)
	}
	if c.To != "" {
		parts = append(parts, "to "+c.To)
	}
	body = strings.Join(parts, " · ")
	if body == "" {
		body = "Incoming " + channelWord(c.Channel)
	}
	return summary, body
}

func channelWord(ch vendors.Channel) string {
	switch ch {
	case vendors.ChannelChat:
		return "chat"
	case vendors.ChannelEmail:
		return "email"
	case vendors.ChannelCallback:
		return "callback"
	case vendors.ChannelWorkItem:
		return "work item"
	}
	return "call"
}

// Offer notifies the agent of an offered contact; with sound it asks the
// desktop for an audible alert.
func (n *Notifier) Offer(c vendors.Contact, sound bool) error {
	summary, body := Text(c)
	// Notification bodies may be read as markup by the daemon; caller data
	// comes from outside, so it is escaped.
	body = html.EscapeString(body)
	var icon any = ""
	if len(n.icon) > 0 {
		icon = n.icon
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	if err := n.bus.notify(summary, body, n.icon, sound); err == nil {
		return nil
	}
	if sound {
		return beeep.Alert(summary, body, icon)
	}
	return beeep.Notify(summary, body, icon)
}

// iconSize is the icon's edge in pixels: daemons show 48 to 64. The app's
// 512 px icon is 1 MB of raw pixels in every Notify call, encoded byte by
// byte; it held each card's paint back by about 80 ms.
const iconSize = 64

// small scales a PNG icon down to size×size once.
func small(icon []byte, size int) []byte {
	src, err := png.Decode(bytes.NewReader(icon))
	if err != nil || src.Bounds().Dx() <= size {
		return icon
	}
	dst := image.NewNRGBA(image.Rect(0, 0, size, size))
	xdraw.CatmullRom.Scale(dst, dst.Bounds(), src, src.Bounds(), xdraw.Src, nil)
	var b bytes.Buffer
	if png.Encode(&b, dst) != nil {
		return icon
	}
	return b.Bytes()
}
