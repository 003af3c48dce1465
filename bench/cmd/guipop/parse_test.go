package main

import (
	"reflect"
	"strings"
	"testing"
)

func TestLogFields(t *testing.T) {
	for _, tc := range []struct {
		line string
		want map[string]string
	}{
		{`time=2026-11-22T04:12:28.473Z level=INFO msg=state state=ready raw=Ready`,
			map[string]string{"time": "2026-11-22T04:12:28.473Z", "level": "INFO", "msg": "state", "state": "ready", "raw": "Ready"}},
		{`time=x level=INFO msg="contact offered" id=5001 channel=voice`,
			map[string]string{"time": "x", "level": "INFO", "msg": "contact offered", "id": "5001", "channel": "voice"}},
		{`level=WARN msg="notification failed" err="dbus: \"no\" reply"`,
			map[string]string{"level": "WARN", "msg": "notification failed", "err": `dbus: "no" reply`}},
		{`poptrace id="5001" from="+49 30 1234" seen=1`,
			map[string]string{"id": "5001", "from": "+49 30 1234", "seen": "1"}},
		{`2026/11/22 04:12:28 systray error: failed to register`, map[string]string{}},
		{``, map[string]string{}},
		{`msg= empty=`, map[string]string{"msg": "", "empty": ""}},
	} {
		if got := logFields(tc.line); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("logFields(%q) = %v, want %v", tc.line, got, tc.want)
		}
	}
}

func TestParsePop(t *testing.T) {
	for _, tc := range []struct {
		line string
		want popLine
		ok   bool
	}{
		{`poptrace id="5001" from="+4930123" seen=100 painted=200 notified=300`,
			popLine{ID: "5001", From: "+4930123", Seen: 100, Painted: 200, Notified: 300}, true},
		{`poptrace id="5001" from="+4930123" seen=100 built=150 painted=200 notified=300`,
			popLine{ID: "5001", From: "+4930123", Seen: 100, Built: 150, Painted: 200, Notified: 300}, true},
		{`poptrace id="5001" from="x" seen=1 built=1x painted=2 notified=3`, popLine{}, false}, // built not a number
		{`poptrace id="a b\"c" from="" seen=1 painted=2 notified=0`,
			popLine{ID: `a b"c`, Seen: 1, Painted: 2}, true},
		{`poptrace id="5001" from="x" seen=1 painted=0 notified=3`, popLine{}, false},  // never painted
		{`poptrace id="" from="x" seen=1 painted=2 notified=3`, popLine{}, false},      // no id
		{`poptrace id="5001" from="x" seen=1 painted=2`, popLine{}, false},             // cut short
		{`poptrace id="5001" from="x" seen=1 painted=2x notified=3`, popLine{}, false}, // not a number
		{`time=x level=INFO msg="contact offered" id=5001`, popLine{}, false},
		{`xpoptrace id="5001" from="x" seen=1 painted=2 notified=3`, popLine{}, false},
	} {
		got, ok := parsePop(tc.line)
		if ok != tc.ok || got != tc.want {
			t.Errorf("parsePop(%q) = %+v, %v; want %+v, %v", tc.line, got, ok, tc.want, tc.ok)
		}
	}
}

func TestSmapsPSS(t *testing.T) {
	const smaps = `00400000-00452000 r-xp 00000000 08:02 173521      /work/main/bin/tandem
Size:                328 kB
Pss:                 100 kB
7f2a00000000-7f2a00021000 rw-p 00000000 00:00 0
Pss:                  50 kB
7f2a10000000-7f2a12000000 r-xp 00000000 08:02 1234        /usr/lib/x86_64-linux-gnu/libLLVM-15.so.1
Pss:                1000 kB
Pss_Dirty:             0 kB
7f2a20000000-7f2a20100000 r-xp 00000000 08:02 1235        /usr/lib/x86_64-linux-gnu/dri/swrast_dri.so
Pss:                 200 kB
7f2a30000000-7f2a30100000 r--p 00000000 08:02 1236        /usr/lib/x86_64-linux-gnu/libGLX_mesa.so.0.0.0
Pss:                  30 kB
7f2a40000000-7f2a40100000 r--p 00000000 08:02 1237        /usr/lib/x86_64-linux-gnu/libX11.so.6.4.0
Pss:                   7 kB
7ffd1000-7ffd2000 rw-p 00000000 00:00 0                  [stack]
Pss:                   8 kB
`
	total, gl, anon := smapsPSS(strings.NewReader(smaps))
	if total != 1395 || gl != 1230 || anon != 58 {
		t.Fatalf("smapsPSS = %d, %d, %d; want 1395, 1230, 58", total, gl, anon)
	}
}

func TestParseSize(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
		ok   bool
	}{
		{"512B", 512, true},
		{"1.50K", 1500, true},
		{"10.49M", 10490000, true},
		{"1.20G", 1200000000, true},
		{" 68.04M", 68040000, true},
		{"12", 12, true},
		{"-1K", 0, false},
		{"M", 0, false},
	} {
		got, ok := parseSize(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("parseSize(%q) = %d, %v; want %d, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

// A trimmed heaptrack_print -l 1 output in its real shape.
const heaptrackOut = `reading file "ht.zst" - please wait, this might take some time...
Debuggee command was: bin/tandem --profile Demo --demo-rate 0 -v
finished reading file, now analyzing data:

MEMORY LEAKS
3.00M leaked over 152 calls from
0x7f091d788fef
  in ??
2.00M leaked over 52 calls from:
    0x7f09260bd3d7
      in /usr/lib/x86_64-linux-gnu/dri/swrast_dri.so
    runtime.asmcgocall
      at /usr/local/go/src/runtime/asm_amd64.s:995
      in /work/main/bin/tandem
1.00M leaked over 100 calls from:
    XOpenDisplay
      in /lib/x86_64-linux-gnu/libX11.so.6
    glfwInit
      at /root/go/pkg/mod/github.com/go-gl/glfw/v3.4/glfw/src/init.c:402
      in /work/main/bin/tandem
500.00K leaked over 3 calls from
  in /lib/x86_64-linux-gnu/libc.so.6
400.00K leaked over 2 calls from:
    llvm::foo()
      in /usr/lib/x86_64-linux-gnu/libLLVM-15.so.1
    0x7f0926bcc5e9
      in /usr/lib/x86_64-linux-gnu/dri/swrast_dri.so


total runtime: 9.99s.
calls to allocation functions: 400986 (40138/s)
total memory leaked: 3.50M
suppressed leaks: 416.65K
`

func TestHeapLeaks(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   string
		want leaks
	}{
		{"real shape", heaptrackOut, leaks{Total: 3500000, Shown: 3400000, GL: 2400000}},
		{"no total line: sum of the sites", strings.Replace(heaptrackOut, "total memory leaked: 3.50M\n", "", 1),
			leaks{Total: 3500000, Shown: 3400000, GL: 2400000}},
		{"nothing live", "MEMORY LEAKS\n\ntotal memory leaked: 0B\n", leaks{}},
		{"empty", "", leaks{}},
	} {
		if got := heapLeaks(strings.NewReader(tc.in)); got != tc.want {
			t.Errorf("%s: heapLeaks = %+v, want %+v", tc.name, got, tc.want)
		}
	}
}
