//go:build linux

package mitel

import (
	"net"
	"syscall"
	"testing"
	"time"
)

// TestSocketTimers checks the dialer really sets the short keepalive and
// the user timeout on the socket: the feed has no heartbeat, so these are
// what notice a dead link.
func TestSocketTimers(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	d := net.Dialer{KeepAliveConfig: keepAlive, Control: controlSocket(userTimeout)}
	c, err := d.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	raw, err := c.(*net.TCPConn).SyscallConn()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name       string
		level, opt int
		want       int
	}{
		{"keepalive on", syscall.SOL_SOCKET, syscall.SO_KEEPALIVE, 1},
		{"idle", syscall.IPPROTO_TCP, syscall.TCP_KEEPIDLE, int(keepAlive.Idle / time.Second)},
		{"interval", syscall.IPPROTO_TCP, syscall.TCP_KEEPINTVL, int(keepAlive.Interval / time.Second)},
		{"probes", syscall.IPPROTO_TCP, syscall.TCP_KEEPCNT, keepAlive.Count},
		{"user timeout", syscall.IPPROTO_TCP, tcpUserTimeout, int(userTimeout / time.Millisecond)},
	} {
		var got int
		var gerr error
		if err := raw.Control(func(fd uintptr) { got, gerr = syscall.GetsockoptInt(int(fd), tc.level, tc.opt) }); err != nil || gerr != nil {
			t.Fatalf("%s: %v %v", tc.name, err, gerr)
		}
		if got != tc.want {
			t.Errorf("%s = %d, want %d", tc.name, got, tc.want)
		}
	}
	// Dead-link detection stays within the 15 s the desk promises.
	if worst := keepAlive.Idle + time.Duration(keepAlive.Count)*keepAlive.Interval; worst > 15*time.Second || userTimeout > 15*time.Second {
		t.Errorf("a dead link may go unnoticed for %s", worst)
	}
}
