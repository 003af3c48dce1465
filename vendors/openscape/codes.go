package openscape

import (
	"strconv"
	"strings"

	"tandem/vendors"
)

// errorCodes is the document's ErrorCode enum (notes §6.1), by number, so a
// numeric errorCode (KeepAlive answers 0) reads like the name.
var errorCodes = map[int]string{
	0: "NO_ERROR", 1: "GENERAL_ERROR", 2: "ALREADY_REGISTERED_ON", 3: "CLIENT_NAME_NOT_FOUND",
	4: "AUTH_STATEMENT_NOT_VALID", 5: "NOT_READY", 6: "NOT_ENABLED", 7: "CLIENT_TOKEN_NOT_FOUND",
	8: "APPLICATION_NOT_REGISTERED", 9: "WRONG_API_REQUEST", 10: "PARAMETER_LENGTH_TOO_LONG",
	11: "WRONG_DATE_FORMAT", 12: "INVALID_BUSINESS_UNIT_NAME", 13: "EMPTY_PARAMETER",
	14: "INVALID_CHARACTERS", 15: "NEGATIVE_PARAMETER", 16: "PRESENCE_ACTION_SUCCEED",
	17: "PRESENCE_ACTION_FAILED", 18: "TELEPHONY_INVALID_EXTENSION", 19: "TELEPHONY_RESOURCEBUSY",
	20: "TELEPHONY_RESOURCEERROR", 21: "TELEPHONY_OUTOFSERVICE", 22: "TELEPHONY_LINEBUSY",
	23: "TELEPHONY_UNMONITOREDEXTENSION", 24: "TELEPHONY_REQUESTTIMEOUT",
	25: "TELEPHONY_CSTA_CAP_NOT_SUPPORTED", 26: "TELEPHONY_CAP_DISCONNECT_NOT_SUPPORTED",
	27: "TELEPHONY_CAP_DEFLECT_NOT_SUPPORTED", 28: "TELEPHONY_INCOMPATIBLE_OBJECT",
	29: "TELEPHONY_VALIDATIONCALLBACKFAILED", 30: "TELEPHONY_GENERIC_FRAMEWORK_ERROR",
	31: "TELEPHONY_FW_ERROR_INVALID_SERVER_NAME", 32: "TELEPHONY_STATEERROR", 33: "TELEPHONY_EXCEEDLIMIT",
	34: "TELEPHONY_TOOMANYAGENTS", 35: "TELEPHONY_VALIDATIONFAILED", 36: "TELEPHONY_NETWORKBUSY",
	37: "TELEPHONY_SERVERNOTREADY", 50: "ADMIN_QUERYUSER_FAILED", 51: "ADMIN_INVALID_BUSSINESUNIT_TO_LOGON",
	52: "ADMIN_INVALID_CREDENTIALS_TO_LOGON", 60: "NO_LICENSE_AVAILABLE", 80: "CALLBACK_ERROR",
	100: "WEB_INTERACTION_ERROR", 120: "OPENMEDIA_ERROR", 140: "REALTIME_ERROR",
}

// codeName normalizes an errorCode as received: a name, a number, spaces.
func codeName(s string) string {
	s = strings.ToUpper(strings.TrimSpace(s))
	s = strings.ReplaceAll(s, " ", "_")
	if n, err := strconv.Atoi(s); err == nil {
		if name, ok := errorCodes[n]; ok {
			return name
		}
	}
	return s
}

// succeeded reports whether an errorCode means success; an absent code is
// success too (GetQueueData's example has none).
func succeeded(code string) bool {
	switch codeName(code) {
	case "", "NO_ERROR", "PRESENCE_ACTION_SUCCEED":
		return true
	}
	return false
}

type meaning struct {
	kind vendors.Kind
	msg  string
}

// meanings says what each error code means to the agent.
var meanings = map[string]meaning{
	"GENERAL_ERROR":                          {vendors.ErrRejected, "the platform reported a general error"},
	"ALREADY_REGISTERED_ON":                  {vendors.ErrLimit, "the REST SDK client name is already registered (another Tandem, or a session the server has not timed out yet)"},
	"CLIENT_NAME_NOT_FOUND":                  {vendors.ErrAuth, "the REST SDK client name is not configured on the server"},
	"AUTH_STATEMENT_NOT_VALID":               {vendors.ErrAuth, "the application credentials were refused"},
	"NOT_READY":                              {vendors.ErrRejected, "the server is not ready"},
	"NOT_ENABLED":                            {vendors.ErrRejected, "this function is not enabled for the REST SDK client"},
	"CLIENT_TOKEN_NOT_FOUND":                 {vendors.ErrAuth, "wrong client token"},
	"APPLICATION_NOT_REGISTERED":             {vendors.ErrDisconnected, "the session with the server has ended"},
	"WRONG_API_REQUEST":                      {vendors.ErrInvalid, "the server did not understand the request"},
	"PARAMETER_LENGTH_TOO_LONG":              {vendors.ErrInvalid, "a value is too long"},
	"WRONG_DATE_FORMAT":                      {vendors.ErrInvalid, "a date has the wrong format"},
	"INVALID_BUSINESS_UNIT_NAME":             {vendors.ErrAuth, "the business unit does not match the REST SDK client"},
	"EMPTY_PARAMETER":                        {vendors.ErrInvalid, "a required value is empty"},
	"INVALID_CHARACTERS":                     {vendors.ErrInvalid, "a value has invalid characters"},
	"NEGATIVE_PARAMETER":                     {vendors.ErrInvalid, "a value is negative"},
	"PRESENCE_ACTION_FAILED":                 {vendors.ErrRejected, "the presence server refused the request"},
	"TELEPHONY_INVALID_EXTENSION":            {vendors.ErrConfig, "the extension is not known to the platform"},
	"TELEPHONY_RESOURCEBUSY":                 {vendors.ErrRejected, "the line is busy"},
	"TELEPHONY_RESOURCEERROR":                {vendors.ErrRejected, "the phone system reported a resource error"},
	"TELEPHONY_OUTOFSERVICE":                 {vendors.ErrRejected, "the phone is out of service"},
	"TELEPHONY_LINEBUSY":                     {vendors.ErrRejected, "the line is busy"},
	"TELEPHONY_UNMONITOREDEXTENSION":         {vendors.ErrConfig, "the extension is not monitored by the contact center"},
	"TELEPHONY_REQUESTTIMEOUT":               {vendors.ErrTimeout, "the phone system did not answer in time"},
	"TELEPHONY_CSTA_CAP_NOT_SUPPORTED":       {vendors.ErrRejected, "the phone system does not support this"},
	"TELEPHONY_CAP_DISCONNECT_NOT_SUPPORTED": {vendors.ErrRejected, "the phone system cannot hang up this call"},
	"TELEPHONY_CAP_DEFLECT_NOT_SUPPORTED":    {vendors.ErrRejected, "the phone system cannot divert this call"},
	"TELEPHONY_INCOMPATIBLE_OBJECT":          {vendors.ErrRejected, "the phone system refused the request"},
	"TELEPHONY_VALIDATIONCALLBACKFAILED":     {vendors.ErrRejected, "the phone system refused the request"},
	"TELEPHONY_GENERIC_FRAMEWORK_ERROR":      {vendors.ErrRejected, "the telephony server reported an error"},
	"TELEPHONY_FW_ERROR_INVALID_SERVER_NAME": {vendors.ErrConfig, "the telephony server name is invalid"},
	"TELEPHONY_STATEERROR":                   {vendors.ErrWrongStatus, "the call is not in a state that allows this"},
	"TELEPHONY_EXCEEDLIMIT":                  {vendors.ErrLimit, "a telephony limit was reached"},
	"TELEPHONY_TOOMANYAGENTS":                {vendors.ErrLimit, "too many agents are logged on"},
	"TELEPHONY_VALIDATIONFAILED":             {vendors.ErrInvalid, "the phone system refused the number or request"},
	"TELEPHONY_NETWORKBUSY":                  {vendors.ErrRejected, "the network is busy"},
	"TELEPHONY_SERVERNOTREADY":               {vendors.ErrRejected, "the telephony server is not available"},
	"ADMIN_QUERYUSER_FAILED":                 {vendors.ErrAuth, "the agent is not known to the platform"},
	"ADMIN_INVALID_BUSSINESUNIT_TO_LOGON":    {vendors.ErrAuth, "the agent does not belong to the client's business unit"},
	"ADMIN_INVALID_CREDENTIALS_TO_LOGON":     {vendors.ErrAuth, "wrong agent key or password"},
	"NO_LICENSE_AVAILABLE":                   {vendors.ErrLimit, "no REST SDK licence is available"},
}

// codeError turns a failed answer into a typed error. details is the
// server's text, which never holds our secrets (checked by the caller).
func codeError(op, code, details string) *vendors.Error {
	name := codeName(code)
	m, ok := meanings[name]
	if !ok {
		m = meaning{vendors.ErrRejected, "the platform refused the request"}
	}
	msg := m.msg + " [" + name + "]"
	d := strings.TrimSpace(details)
	if d != "" && !strings.EqualFold(strings.ReplaceAll(d, " ", "_"), name) && !strings.EqualFold(d, "NO_ERROR") && !strings.EqualFold(d, "NO ERROR") {
		if len(d) > 200 {
			d = d[:200]
		}
		msg += ": " + d
	}
	return &vendors.Error{Kind: m.kind, Vendor: vendorName, Op: op, Msg: msg}
}
