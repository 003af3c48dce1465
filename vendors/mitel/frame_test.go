package mitel

import (
	"bytes"
	"errors"
	"io"
	"testing"
)

// chunkReader returns its data in pieces of the given sizes, as TCP may.
type chunkReader struct {
	data  []byte
	sizes []int
	i     int
}

func (r *chunkReader) Read(p []byte) (int, error) {
	if len(r.data) == 0 {
		return 0, io.EOF
	}
	n := len(r.data)
	if len(r.sizes) > 0 {
		n = r.sizes[r.i%len(r.sizes)]
		r.i++
	}
	n = min(n, len(r.data), len(p))
	copy(p, r.data[:n])
	r.data = r.data[n:]
	return n, nil
}

func readAll(t *testing.T, fr *FrameReader) []string {
	t.Helper()
	var out []string
	for {
		f, err := fr.Next()
		if errors.Is(err, io.EOF) {
			return out
		}
		if errors.Is(err, errFrameTooLarge) {
			out = append(out, "<too large>")
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, string(f))
	}
}

func TestFrameReader(t *testing.T) {
	for _, tc := range []struct {
		name  string
		in    string
		sizes []int
		want  []string
	}{
		{"one", "{\"a\":1}\x00", nil, []string{`{"a":1}`}},
		{"two in one read", "{\"a\":1}\x00{\"b\":2}\x00", nil, []string{`{"a":1}`, `{"b":2}`}},
		{"byte by byte", "{\"a\":1}\x00{\"b\":2}\x00", []int{1}, []string{`{"a":1}`, `{"b":2}`}},
		{"split at the NUL", "{\"a\":1}\x00{\"b\":2}\x00", []int{7, 1, 3}, []string{`{"a":1}`, `{"b":2}`}},
		{"pretty printed with newlines", "{\n  \"a\": 1\n}\n\x00\r\n{\"b\":2}\x00", []int{5}, []string{"{\n  \"a\": 1\n}", `{"b":2}`}},
		{"empty messages skipped", "\x00\x00 \x00{}\x00", []int{2}, []string{"{}"}},
		{"unterminated tail is not a message", "{\"a\":1}\x00{\"b\"", nil, []string{`{"a":1}`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fr := NewFrameReader(&chunkReader{data: []byte(tc.in), sizes: tc.sizes})
			got := readAll(t, fr)
			if len(got) != len(tc.want) {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Fatalf("got %q, want %q", got, tc.want)
				}
			}
		})
	}
}

// TestFrameReaderTooLarge checks that an endless message is skipped up to
// its NUL and the messages after it still arrive.
func TestFrameReaderTooLarge(t *testing.T) {
	in := append(bytes.Repeat([]byte("x"), 300), 0)
	in = append(in, "{\"ok\":1}\x00"...)
	fr := NewFrameReader(&chunkReader{data: in, sizes: []int{64}})
	fr.max = 100
	got := readAll(t, fr)
	want := []string{"<too large>", `{"ok":1}`}
	if len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("got %q, want %q", got, want)
	}
}
