package notify

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"net/url"
	"os"
	"path/filepath"
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
	// The icon goes by file (image-path) where it could be written to the
	// user's cache folder, else as image-data. godbus encodes a byte array
	// element by element through reflection: the 64 px icon's 16 KB of
	// pixels took 1.8 ms of CPU per offer, beside the card being painted,
	// and the daemon as long again to decode them.
	imgPath string
	img     *dbus.Variant
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
	switch {
	case b.imgPath != "":
		hints["image-path"] = dbus.MakeVariant(b.imgPath)
	case b.img != nil:
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
	if b.imgPath == "" && b.img == nil && len(icon) > 0 {
		if u, err := iconFile(icon); err == nil {
			b.imgPath = u
		} else if src, err := png.Decode(bytes.NewReader(icon)); err == nil {
			r := src.Bounds()
			px := image.NewNRGBA(image.Rect(0, 0, r.Dx(), r.Dy()))
			draw.Draw(px, px.Bounds(), src, r.Min, draw.Src)
			v := dbus.MakeVariant(imageData{int32(r.Dx()), int32(r.Dy()), int32(px.Stride), true, 8, 4, px.Pix})
			b.img = &v
		}
	}
	return nil
}

// iconFile writes the PNG icon once to the user's cache folder, named by
// its content (a daemon may keep images by path), and returns its file://
// URI, the form the notification spec asks for.
func iconFile(icon []byte) (string, error) {
	if _, err := png.DecodeConfig(bytes.NewReader(icon)); err != nil {
		return "", err
	}
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	dir = filepath.Join(dir, "tandem")
	sum := sha256.Sum256(icon)
	path := filepath.Join(dir, fmt.Sprintf("notify-icon-%x.png", sum[:8]))
	if old, err := os.ReadFile(path); err != nil || !bytes.Equal(old, icon) {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return "", err
		}
		tmp, err := os.CreateTemp(dir, "notify-icon-*.tmp")
		if err != nil {
			return "", err
		}
		_, err = tmp.Write(icon)
		if err = errors.Join(err, tmp.Close()); err == nil {
			err = os.Rename(tmp.Name(), path)
		}
		if err != nil {
			os.Remove(tmp.Name())
			return "", err
		}
	}
	return (&url.URL{Scheme: "file", Path: path}).String(), nil
}
