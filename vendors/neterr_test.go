package vendors

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/url"
	"syscall"
	"testing"
)

func TestNetError(t *testing.T) {
	cases := []struct {
		name string
		err  error
		want Kind
	}{
		{"unknown authority", &url.Error{Op: "Get", URL: "https://x", Err: &tls.CertificateVerificationError{Err: x509.UnknownAuthorityError{}}}, ErrTLS},
		{"hostname", x509.HostnameError{Host: "x"}, ErrTLS},
		{"plain http to https", tls.RecordHeaderError{Msg: "first record does not look like a TLS handshake"}, ErrTLS},
		{"deadline", fmt.Errorf("poll: %w", context.DeadlineExceeded), ErrTimeout},
		{"net timeout", &net.OpError{Op: "read", Err: timeoutErr{}}, ErrTimeout},
		{"cancelled", context.Canceled, ErrDisconnected},
		{"refused", &net.OpError{Op: "dial", Err: syscall.ECONNREFUSED}, ErrUnreachable},
	}
	for _, c := range cases {
		if got := NetError("op", c.err); got.Kind != c.want || !errors.Is(got, c.want) {
			t.Errorf("%s: %s, want %s", c.name, got.Kind, c.want)
		}
	}
}

type timeoutErr struct{}

func (timeoutErr) Error() string   { return "i/o timeout" }
func (timeoutErr) Timeout() bool   { return true }
func (timeoutErr) Temporary() bool { return true }
