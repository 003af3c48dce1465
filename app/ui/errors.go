package ui

import (
	"errors"

	"fyne.io/fyne/v2/lang"

	"tandem/vendors"
)

// Explain turns an error into a sentence an agent understands, by its
// kind, followed by the platform's own detail when it has one.
func Explain(err error) (headline, detail string) {
	if err == nil {
		return "", ""
	}
	var ve *vendors.Error
	if errors.As(err, &ve) {
		detail = ve.Msg
	} else {
		detail = err.Error()
	}
	switch vendors.KindOf(err) {
	case vendors.ErrAuth:
		return lang.L("The user name or password is not accepted."), detail
	case vendors.ErrUnreachable:
		return lang.L("The server cannot be reached. Check the address and your network."), detail
	case vendors.ErrTLS:
		return lang.L("The server's certificate is not trusted (certificate problem). Ask your administrator."), detail
	case vendors.ErrLimit:
		return lang.L("The platform refused the login: licence or connection limit reached."), detail
	case vendors.ErrTimeout:
		return lang.L("The platform did not answer in time. Try again."), detail
	case vendors.ErrConfig:
		return lang.L("The profile needs fixing."), detail
	case vendors.ErrUnsupported:
		return lang.L("This platform cannot do that here."), detail
	case vendors.ErrDisconnected:
		return lang.L("Not connected to the platform right now."), detail
	case vendors.ErrWrongStatus:
		return lang.L("That is not possible with the contact as it is now."), detail
	case vendors.ErrUnknownContact:
		return lang.L("That contact has already ended."), detail
	case vendors.ErrRejected:
		return lang.L("The platform refused the request."), detail
	case vendors.ErrSessionEnded:
		return lang.L("The session ended."), detail
	}
	return err.Error(), ""
}

// explainLine is Explain on one line.
func explainLine(err error) string {
	h, d := Explain(err)
	if d == "" || d == h {
		return h
	}
	return h + " (" + d + ")"
}
