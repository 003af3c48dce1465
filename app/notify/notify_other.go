//go:build !linux

package notify

import "errors"

// bus: beeep does the platform's own thing here.
type bus struct{}

func (*bus) notify(string, string, []byte, bool) error { return errors.ErrUnsupported }
