package mitel

import (
	"bytes"
	"errors"
	"io"
)

// maxFrame bounds one message; entity snapshots of a large site are big, so
// the bound is generous (the document sets none, note §1.3).
const maxFrame = 16 << 20

// errFrameTooLarge reports a message that never ended within maxFrame.
var errFrameTooLarge = errors.New("mitel: message longer than 16 MiB without a NUL terminator")

// FrameReader splits a byte stream into NUL-terminated messages, across any
// read boundary. It reads straight into its own buffer, so a steady feed
// costs no allocation.
type FrameReader struct {
	r          io.Reader
	buf        []byte
	start, end int // unread bytes are buf[start:end]
	scan       int // buf[start:scan] holds no NUL
	discard    bool
	max        int
}

// NewFrameReader reads frames from r.
func NewFrameReader(r io.Reader) *FrameReader {
	return &FrameReader{r: r, buf: make([]byte, 64<<10), max: maxFrame}
}

// Reset reads from r next, keeping the buffer.
func (f *FrameReader) Reset(r io.Reader) {
	f.r, f.start, f.end, f.scan, f.discard = r, 0, 0, 0, false
}

// Next returns the next message without its NUL, with surrounding
// whitespace trimmed; empty messages are skipped. The slice is valid until
// the next call. A message longer than the bound is skipped and reported
// once with errFrameTooLarge; the reader stays usable.
func (f *FrameReader) Next() ([]byte, error) {
	for {
		if i := bytes.IndexByte(f.buf[f.scan:f.end], 0); i >= 0 {
			nul := f.scan + i
			frame := f.buf[f.start:nul]
			f.start, f.scan = nul+1, nul+1
			if f.discard {
				f.discard = false
				continue
			}
			frame = trimSpace(frame)
			if len(frame) == 0 {
				continue
			}
			return frame, nil
		}
		f.scan = f.end
		if f.discard {
			f.start, f.scan, f.end = 0, 0, 0
		} else if f.end-f.start >= f.max {
			f.start, f.scan, f.end = 0, 0, 0
			f.discard = true
			return nil, errFrameTooLarge
		}
		if err := f.fill(); err != nil {
			return nil, err
		}
	}
}

// fill makes room and reads once.
func (f *FrameReader) fill() error {
	if f.start > 0 {
		n := copy(f.buf, f.buf[f.start:f.end])
		f.scan -= f.start
		f.start, f.end = 0, n
	}
	if f.end == len(f.buf) {
		nb := make([]byte, 2*len(f.buf))
		copy(nb, f.buf[:f.end])
		f.buf = nb
	}
	n, err := f.r.Read(f.buf[f.end:])
	f.end += n
	if n > 0 {
		return nil
	}
	if err == nil {
		err = io.ErrNoProgress
	}
	return err
}

// Buffered reports how many bytes of an unfinished message are held.
func (f *FrameReader) Buffered() int { return f.end - f.start }

// appendFrame appends msg and its NUL terminator (L165: the client ends
// every request with NUL too).
func appendFrame(dst, msg []byte) []byte {
	dst = append(dst, msg...)
	return append(dst, 0)
}

func isSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\r' || c == '\t' }

func trimSpace(b []byte) []byte {
	for len(b) > 0 && isSpace(b[0]) {
		b = b[1:]
	}
	for len(b) > 0 && isSpace(b[len(b)-1]) {
		b = b[:len(b)-1]
	}
	return b
}
