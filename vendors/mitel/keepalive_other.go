//go:build !linux

package mitel

import (
	"syscall"
	"time"
)

// controlSocket does nothing where TCP_USER_TIMEOUT is not available; the
// keepalive and the command timeout still notice a dead link.
func controlSocket(time.Duration) func(network, address string, c syscall.RawConn) error {
	return nil
}
