package main

import (
	"bufio"
	"io"
	"regexp"
	"strconv"
	"strings"
)

// logFields splits a log line in logfmt (what slog's TextHandler and the
// GUI's poptrace write) into its key=value pairs; quoted values are
// unquoted, words without '=' are skipped.
func logFields(line string) map[string]string {
	out := map[string]string{}
	s := line
	for {
		s = strings.TrimLeft(s, " ")
		if s == "" {
			return out
		}
		eq := strings.IndexByte(s, '=')
		sp := strings.IndexByte(s, ' ')
		if eq < 0 || (sp >= 0 && sp < eq) { // a bare word
			if sp < 0 {
				return out
			}
			s = s[sp:]
			continue
		}
		key := s[:eq]
		s = s[eq+1:]
		if strings.HasPrefix(s, `"`) {
			q, err := strconv.QuotedPrefix(s)
			if err == nil {
				v, _ := strconv.Unquote(q)
				out[key] = v
				s = s[len(q):]
				continue
			}
		}
		end := strings.IndexByte(s, ' ')
		if end < 0 {
			end = len(s)
		}
		out[key] = s[:end]
		s = s[end:]
	}
}

// popLine is one line of the GUI's TANDEM_DEBUG_POPTRACE: when the desk
// saw the offer, the UI thread built its card, the card was first painted
// and the notification call returned, in Unix nanoseconds (notified 0:
// none was sent; built 0: a GUI from before the field).
type popLine struct {
	ID, From                       string
	Seen, Built, Painted, Notified int64
}

// parsePop reads a poptrace line; ok is false for any other line.
func parsePop(line string) (popLine, bool) {
	if !strings.HasPrefix(line, "poptrace ") {
		return popLine{}, false
	}
	f := logFields(line)
	var p popLine
	var ok bool
	p.ID, ok = f["id"]
	if !ok || p.ID == "" {
		return popLine{}, false
	}
	p.From = f["from"]
	for _, x := range []struct {
		key string
		dst *int64
	}{{"seen", &p.Seen}, {"painted", &p.Painted}, {"notified", &p.Notified}} {
		v, err := strconv.ParseInt(f[x.key], 10, 64)
		if err != nil {
			return popLine{}, false
		}
		*x.dst = v
	}
	if b, ok := f["built"]; ok {
		v, err := strconv.ParseInt(b, 10, 64)
		if err != nil {
			return popLine{}, false
		}
		p.Built = v
	}
	if p.Seen <= 0 || p.Painted <= 0 {
		return popLine{}, false
	}
	return p, true
}

// glLib matches the shared objects of the software GL driver (Mesa's
// swrast/llvmpipe through libgallium, LLVM, GLX/EGL/GBM, glapi, drm and
// the zstd its shader cache links): a desktop with a GPU maps its own
// driver instead.
var glLib = regexp.MustCompile(`(libGL|libgallium|swrast|_dri\.so|libLLVM|libglapi|libdrm|libEGL|libgbm|libzstd)`)

// smapsPSS sums the Pss of /proc/PID/smaps, and apart the mappings of
// the GL driver's libraries and the anonymous ones (Go's heap and runtime,
// the C heap, stacks: private, so their Pss does not move when another
// process maps the same files), in KiB.
func smapsPSS(r io.Reader) (total, gl, anon int64) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	name := ""
	for sc.Scan() {
		line := sc.Text()
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		if isMappingHeader(f[0]) {
			name = ""
			if len(f) >= 6 {
				name = strings.Join(f[5:], " ")
			}
			continue
		}
		if f[0] == "Pss:" && len(f) >= 2 {
			v, _ := strconv.ParseInt(f[1], 10, 64)
			total += v
			if glLib.MatchString(name) {
				gl += v
			}
			if name == "" || name == "[heap]" || name == "[stack]" {
				anon += v
			}
		}
	}
	return total, gl, anon
}

// isMappingHeader: "7f12a000-7f12b000" starts a mapping in smaps.
func isMappingHeader(s string) bool {
	a, b, ok := strings.Cut(s, "-")
	if !ok || a == "" || b == "" {
		return false
	}
	for _, c := range a + b {
		if !strings.ContainsRune("0123456789abcdef", c) {
			return false
		}
	}
	return true
}

// leaks is what heaptrack found live when the process was killed.
type leaks struct {
	Total int64 // every live allocation, bytes
	Shown int64 // of it, in the backtraces heaptrack_print listed (-s)
	GL    int64 // of those, backtraces through the GL driver
}

// heapLeaks reads the output of `heaptrack_print -l 1 -s N`. It lists
// each allocation site as
//
//	12.34M leaked over 56 calls from
//	  in /usr/lib/…/libc.so.6
//	12.34M leaked over 56 calls from:
//	    some_function
//	      at …
//	      in /usr/lib/x86_64-linux-gnu/dri/swrast_dri.so
//
// where the first block is the site (its innermost frame) and the indented
// "… from:" blocks are the distinct backtraces that reached it (at most N
// of them). A backtrace counts as GL when any of its frames is "in" a GL
// library.
func heapLeaks(r io.Reader) leaks {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 4<<20)
	var l leaks
	var sites int64
	var cur int64  // bytes of the backtrace being read
	curGL := false // it has a GL frame
	flush := func() {
		l.Shown += cur
		if curGL {
			l.GL += cur
		}
		cur, curGL = 0, false
	}
	for sc.Scan() {
		t := strings.TrimSpace(sc.Text())
		if v, ok := strings.CutPrefix(t, "total memory leaked:"); ok {
			if n, ok := parseSize(v); ok {
				l.Total = n
			}
			continue
		}
		if n, ok := leakHeader(t); ok {
			flush()
			if strings.HasSuffix(t, "from:") { // a backtrace of the site above
				cur = n
			} else { // a new site: the sum of its backtraces
				sites += n
			}
			continue
		}
		if t == "" || (!strings.HasPrefix(t, "in ") && !strings.HasPrefix(t, "at ") && strings.ToUpper(t) == t && strings.Contains(t, " ")) {
			// A blank line or a section title (PEAK MEMORY CONSUMERS…) ends a backtrace.
			flush()
			continue
		}
		if lib, ok := strings.CutPrefix(t, "in "); ok && cur > 0 && glLib.MatchString(lib) {
			curGL = true
		}
	}
	flush()
	if l.Total == 0 {
		l.Total = sites
	}
	return l
}

// leakHeader reads "12.34M leaked over 56 calls from" into bytes.
func leakHeader(t string) (int64, bool) {
	size, rest, ok := strings.Cut(t, " leaked over ")
	if !ok || !strings.Contains(rest, "calls from") {
		return 0, false
	}
	return parseSize(size)
}

// parseSize reads heaptrack's sizes: "512B", "1.50K", "12.34M", "1.20G"
// (powers of 1000, as heaptrack prints them).
func parseSize(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	mult := 1.0
	switch {
	case strings.HasSuffix(s, "B"):
		s = strings.TrimSuffix(s, "B")
	case strings.HasSuffix(s, "K"):
		s, mult = strings.TrimSuffix(s, "K"), 1e3
	case strings.HasSuffix(s, "M"):
		s, mult = strings.TrimSuffix(s, "M"), 1e6
	case strings.HasSuffix(s, "G"):
		s, mult = strings.TrimSuffix(s, "G"), 1e9
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v < 0 {
		return 0, false
	}
	return int64(v * mult), true
}
