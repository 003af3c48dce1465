package mitel

import "bytes"

// The peek functions read one top-level value straight from the raw bytes
// of a message, without decoding it: the call-activity feed carries every
// call of the contact center and the driver must skip other agents' calls
// cheaply. They never allocate. They find the first `"key"` followed by a
// colon, which in this protocol is the envelope's own key (the envelope
// comes first and nested objects use other names).

var (
	keyMessage  = []byte(`"message"`)
	keySequence = []byte(`"sequence"`)
	keyCallID   = []byte(`"call-id"`)
	keyAgentID  = []byte(`"agent-id"`)
	keySecCall  = []byte(`"secondary-call-id"`)
	keyResCall  = []byte(`"resultant-call-id"`)
)

// peekValue returns the raw value of key: a string's contents without the
// quotes (escapes left as they are) or a bare token (number, true, null).
func peekValue(msg, key []byte) (val []byte, ok bool) {
	from := 0
	for from < len(msg) {
		i := bytes.Index(msg[from:], key)
		if i < 0 {
			return nil, false
		}
		j := from + i + len(key)
		from = j
		for j < len(msg) && isSpace(msg[j]) {
			j++
		}
		if j >= len(msg) || msg[j] != ':' {
			continue
		}
		j++
		for j < len(msg) && isSpace(msg[j]) {
			j++
		}
		if j >= len(msg) {
			return nil, false
		}
		if msg[j] == '"' {
			k := j + 1
			for k < len(msg) {
				switch msg[k] {
				case '\\':
					k += 2
					continue
				case '"':
					return msg[j+1 : k], true
				}
				k++
			}
			return nil, false
		}
		k := j
		for k < len(msg) && !isDelim(msg[k]) {
			k++
		}
		if k == j {
			return nil, false
		}
		return msg[j:k], true
	}
	return nil, false
}

func isDelim(c byte) bool {
	return c == ',' || c == '}' || c == ']' || c == '{' || c == '[' || c == '"' || c == ':' || isSpace(c)
}

// peekUint32 reads a sequence-like number; ok is false when absent or not a
// number in 0..4294967295.
func peekUint32(msg, key []byte) (uint32, bool) {
	v, ok := peekValue(msg, key)
	if !ok || len(v) == 0 || len(v) > 10 {
		return 0, false
	}
	var n uint64
	for _, c := range v {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + uint64(c-'0')
	}
	if n > 1<<32-1 {
		return 0, false
	}
	return uint32(n), true
}

// hasToken reports whether tok occurs in msg as a whole value: not glued
// to letters or digits on either side, so extension "4001" does not match
// inside "+493055540011".
func hasToken(msg, tok []byte) bool {
	if len(tok) == 0 {
		return false
	}
	from := 0
	for {
		i := bytes.Index(msg[from:], tok)
		if i < 0 {
			return false
		}
		i += from
		end := i + len(tok)
		if (i == 0 || !isWordByte(msg[i-1])) && (end == len(msg) || !isWordByte(msg[end])) {
			return true
		}
		from = i + 1
	}
}

func isWordByte(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '+' || c == '-' || c == '_'
}

// normName removes the spaces the document puts into names ("agent- idle ",
// note §8 #33) and, for keys, line breaks. It allocates only when it must.
func normName(b []byte) []byte {
	if bytes.IndexByte(b, ' ') < 0 && bytes.IndexByte(b, '\n') < 0 && bytes.IndexByte(b, '\t') < 0 && bytes.IndexByte(b, '\r') < 0 {
		return b
	}
	out := make([]byte, 0, len(b))
	for _, c := range b {
		if !isSpace(c) {
			out = append(out, c)
		}
	}
	return out
}
