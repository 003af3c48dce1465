//go:build linux

package mitel

import (
	"syscall"
	"time"
)

// tcpUserTimeout is TCP_USER_TIMEOUT: keepalive probes are not sent while
// written data is unacknowledged, so a command written into a blackholed
// link would otherwise wait for the kernel's retransmission limit
// (minutes). This bounds it.
const tcpUserTimeout = 0x12

func controlSocket(userTimeout time.Duration) func(network, address string, c syscall.RawConn) error {
	return func(network, address string, c syscall.RawConn) error {
		var serr error
		err := c.Control(func(fd uintptr) {
			serr = syscall.SetsockoptInt(int(fd), syscall.IPPROTO_TCP, tcpUserTimeout, int(userTimeout/time.Millisecond))
		})
		if err != nil {
			return err
		}
		return serr
	}
}
