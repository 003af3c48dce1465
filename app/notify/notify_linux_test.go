package notify

import (
	"bytes"
	"image"
	"image/png"
	"net/url"
	"os"
	"path/filepath"
	"testing"
)

func pngOf(t *testing.T, edge int) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewNRGBA(image.Rect(0, 0, edge, edge))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestIconFile: the icon is written once to the cache folder, named by its
// content, mended when the file there differs, and refused when it is no
// PNG or the folder cannot be written (the caller then sends image-data).
func TestIconFile(t *testing.T) {
	small, other := pngOf(t, 64), pngOf(t, 48)
	for _, tc := range []struct {
		name    string
		prepare func(t *testing.T, cache string)
		icon    []byte
		wantErr bool
	}{
		{"first time: written", nil, small, false},
		{"already there: kept", func(t *testing.T, cache string) {
			if _, err := iconFile(small); err != nil {
				t.Fatal(err)
			}
		}, small, false},
		{"another icon: its own file", func(t *testing.T, cache string) {
			if _, err := iconFile(other); err != nil {
				t.Fatal(err)
			}
		}, small, false},
		{"a damaged file: written again", func(t *testing.T, cache string) {
			u, err := iconFile(small)
			if err != nil {
				t.Fatal(err)
			}
			p, _ := url.Parse(u)
			if err := os.WriteFile(p.Path, []byte("junk"), 0o600); err != nil {
				t.Fatal(err)
			}
		}, small, false},
		{"not a PNG", nil, []byte("GIF89a"), true},
		{"cache folder not writable", func(t *testing.T, cache string) {
			if err := os.WriteFile(filepath.Join(cache, "tandem"), nil, 0o600); err != nil { // a file where the folder goes
				t.Fatal(err)
			}
		}, small, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cache := t.TempDir()
			t.Setenv("XDG_CACHE_HOME", cache)
			if tc.prepare != nil {
				tc.prepare(t, cache)
			}
			u, err := iconFile(tc.icon)
			if tc.wantErr {
				if err == nil {
					t.Fatalf("iconFile = %q, want an error", u)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			p, err := url.Parse(u)
			if err != nil || p.Scheme != "file" || filepath.Dir(p.Path) != filepath.Join(cache, "tandem") {
				t.Fatalf("iconFile = %q, want a file:// URI in %s", u, filepath.Join(cache, "tandem"))
			}
			got, err := os.ReadFile(p.Path)
			if err != nil || !bytes.Equal(got, tc.icon) {
				t.Fatalf("the file holds %d bytes (%v), want the icon's %d", len(got), err, len(tc.icon))
			}
			if again, _ := iconFile(tc.icon); again != u {
				t.Fatalf("the same icon went to %q, then %q", u, again)
			}
			if o, _ := iconFile(other); o == u {
				t.Fatal("two icons share a file")
			}
			if tmp, _ := filepath.Glob(filepath.Join(cache, "tandem", "*.tmp")); len(tmp) > 0 {
				t.Fatalf("temporary files left: %v", tmp)
			}
		})
	}
}
