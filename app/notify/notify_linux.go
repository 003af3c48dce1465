package notify

import (
	"bytes"
	"errors"
	"image"
	"image/draw"
	"image/png"
	"time"

	"github.com/gen2brain/beeep"
	"github.com/godbus/dbus/v5"
)

// bus sends Notify on a private session-bus connection that subscribes to
// nothing. beeep uses the process's shared connection and adds a match for
// the daemon's signals with each call; on that connection Fyne's systray
// leaves a signal channel nobody reads, so every NotificationClosed then
// parked a goroutine forever (one per offer, 500 after 500 contacts).
type bus struct {
	conn *dbus.Conn
	img  *dbus.Variant // the icon as image-data, made once
}

// imageData is the spec's image-data hint, (iiibiiay).
type imageData struct {
	W, H, Stride int32
	Alpha        bool
	Bits, Chans  int32
	Data         []byte
}

const notifyTimeout = 5 * time.Second

func (b *bus) notify(summary, body string, icon []byte, sound bool) error {
	if b.conn == nil {
		if err := b.connect(icon); err != nil {
			return err
		}
	}
	hints := map[string]dbus.Variant{"urgency": dbus.MakeVariant(byte(1))}
	if sound {
		hints["urgency"] = dbus.MakeVariant(byte(2))
		hints["sound-name"] = dbus.MakeVariant("bell")
	}
	if b.img != nil {
		hints["image-data"] = *b.img
	}
	obj := b.conn.Object("org.freedesktop.Notifications", "/org/freedesktop/Notifications")
	call := obj.Call("org.freedesktop.Notifications.Notify", 0,
		beeep.AppName, uint32(0), "", summary, body, []string{}, hints, int32(notifyTimeout/time.Millisecond))
	if call.Err != nil {
		// The bus may have gone (session restart): connect afresh next time.
		b.conn.Close()
		b.conn = nil
		return call.Err
	}
	return nil
}

func (b *bus) connect(icon []byte) error {
	c, err := dbus.SessionBusPrivate()
	if err != nil {
		return err
	}
	if err := errors.Join(c.Auth(nil), c.Hello()); err != nil {
		c.Close()
		return err
	}
	b.conn = c
	if b.img == nil && len(icon) > 0 {
		if src, err := png.Decode(bytes.NewReader(icon)); err == nil {
			r := src.Bounds()
			px := image.NewNRGBA(image.Rect(0, 0, r.Dx(), r.Dy()))
			draw.Draw(px, px.Bounds(), src, r.Min, draw.Src)
			v := dbus.MakeVariant(imageData{int32(r.Dx()), int32(r.Dy()), int32(px.Stride), true, 8, 4, px.Pix})
			b.img = &v
		}
	}
	return nil
}
