package vendors

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
)

// NetError classifies a transport failure of a request to the platform:
// a certificate problem (ErrTLS), no answer in time (ErrTimeout), a
// request given up by the caller (ErrDisconnected), else ErrUnreachable.
// Drivers fill in Vendor.
func NetError(op string, err error) *Error {
	var tv *tls.CertificateVerificationError
	var rh tls.RecordHeaderError
	var ua x509.UnknownAuthorityError
	var hn x509.HostnameError
	var ci x509.CertificateInvalidError
	var ne net.Error
	switch {
	case errors.As(err, &tv), errors.As(err, &rh), errors.As(err, &ua), errors.As(err, &hn), errors.As(err, &ci):
		return &Error{Kind: ErrTLS, Op: op, Msg: "the server's certificate is not trusted, or it does not speak TLS", Err: err}
	case errors.Is(err, context.Canceled):
		return &Error{Kind: ErrDisconnected, Op: op, Msg: "cancelled", Err: err}
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return &Error{Kind: ErrTimeout, Op: op, Msg: "the server did not answer in time", Err: err}
	}
	return &Error{Kind: ErrUnreachable, Op: op, Msg: "cannot reach the server", Err: err}
}
