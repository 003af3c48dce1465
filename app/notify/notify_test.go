package notify_test

import (
	"image/png"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"tandem/app/notify"
	"tandem/vendors"
)

func TestText(t *testing.T) {
	cases := []struct {
		name          string
		c             vendors.Contact
		summary, body string
	}{
		{"full", vendors.Contact{Name: "Ada Lovelace", From: "+4930111", Queue: "Sales", To: "+4930555010"}, "Ada Lovelace", "+4930111 · Sales · to +4930555010"},
		{"number only", vendors.Contact{From: "+4930111", Queue: "Support"}, "+4930111", "Support"},
		{"nothing known", vendors.Contact{Channel: vendors.ChannelChat}, "Incoming chat", "Incoming chat"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, b := notify.Text(c.c)
			if s != c.summary || b != c.body {
				t.Fatalf("got %q / %q, want %q / %q", s, b, c.summary, c.body)
			}
		})
	}
}

// TestRealDaemon sends notifications to a real notification daemon (dunst
// under Xvfb in .ci/run) and reads what arrived on the session bus.
func TestRealDaemon(t *testing.T) {
	if os.Getenv("TANDEM_REAL_NOTIFY") == "" {
		t.Skip("set TANDEM_REAL_NOTIFY=1 inside a D-Bus session with a notification daemon")
	}
	mon, err := dbus.ConnectSessionBus()
	if err != nil {
		t.Fatal(err)
	}
	defer mon.Close()
	rule := "type='method_call',interface='org.freedesktop.Notifications',member='Notify'"
	if err := mon.BusObject().Call("org.freedesktop.DBus.Monitoring.BecomeMonitor", 0, []string{rule}, uint32(0)).Err; err != nil {
		t.Fatalf("become monitor: %v", err)
	}
	msgs := make(chan *dbus.Message, 16)
	mon.Eavesdrop(msgs)

	icon, err := os.ReadFile("../../assets/icon.png")
	if err != nil {
		icon = nil // the app sends "" when it has no icon
	}
	n := notify.New("Tandem", icon)
	cases := []struct {
		c             vendors.Contact
		sound         bool
		summary, body string
	}{
		{vendors.Contact{Name: "Ada <Lovelace>", From: "+4930111", Queue: "Sales & Co", To: "+4930555010"}, false, "Ada <Lovelace>", "+4930111 · Sales &amp; Co · to +4930555010"},
		{vendors.Contact{From: "+4930222", Queue: "Support"}, true, "+4930222", "Support"},
	}
	for _, c := range cases {
		if err := n.Offer(c.c, c.sound); err != nil {
			t.Fatalf("Offer: %v", err)
		}
		m := nextNotify(t, msgs)
		{
			if len(m.Body) < 5 {
				t.Fatalf("Notify with %d arguments", len(m.Body))
			}
			app, _ := m.Body[0].(string)
			summary, _ := m.Body[3].(string)
			body, _ := m.Body[4].(string)
			if app != "Tandem" || summary != c.summary || body != c.body {
				t.Fatalf("the daemon got app=%q summary=%q body=%q; want Tandem / %q / %q", app, summary, body, c.summary, c.body)
			}
			if hints, ok := m.Body[6].(map[string]dbus.Variant); ok && icon != nil {
				if w := iconWidth(t, hints); w != 64 {
					t.Fatalf("the icon goes out %d px wide, want 64 (daemons show 48-64; a big one costs each pop)", w)
				}
			}
			if c.sound && !strings.Contains(strings.ToLower(m.String()), "urgency") {
				t.Logf("note: sound request carried no urgency hint: %s", m)
			}
		}
	}
}

// iconWidth is the width of the icon a Notify carries: by file
// (image-path, a file:// URI) or as image-data.
func iconWidth(t *testing.T, hints map[string]dbus.Variant) int {
	t.Helper()
	if v, ok := hints["image-path"]; ok {
		s, _ := v.Value().(string)
		u, err := url.Parse(s)
		if err != nil || u.Scheme != "file" {
			t.Fatalf("image-path %q is no file:// URI", s)
		}
		f, err := os.Open(u.Path)
		if err != nil {
			t.Fatalf("image-path: %v", err)
		}
		defer f.Close()
		cfg, err := png.DecodeConfig(f)
		if err != nil {
			t.Fatalf("image-path %s: %v", u.Path, err)
		}
		return cfg.Width
	}
	img, ok := hints["image-data"].Value().([]any)
	if !ok || len(img) < 1 {
		t.Fatalf("no image-path or image-data hint: %v", hints)
	}
	w, _ := img[0].(int32)
	return int(w)
}

// nextNotify returns the next Notify call seen on the bus, skipping the
// monitor's own signals.
func nextNotify(t *testing.T, msgs chan *dbus.Message) *dbus.Message {
	t.Helper()
	timeout := time.After(10 * time.Second)
	for {
		select {
		case m := <-msgs:
			if member, _ := m.Headers[dbus.FieldMember].Value().(string); member == "Notify" && m.Type == dbus.TypeMethodCall {
				return m
			}
		case <-timeout:
			t.Fatal("no Notify reached the session bus")
			return nil
		}
	}
}
