package duo

import (
	"errors"
	"strconv"
	"strings"
	"time"
)

// Kind classifies a failure by what the user has to do about it.
type Kind int

// Kinds of failure. Network kinds come from the transport; the others from
// Duo's answer (HTTP status and Duo's five-digit code).
const (
	KindUnknown             Kind = iota
	KindCanceled                 // the caller's context was canceled
	KindDNS                      // the host name did not resolve
	KindRefused                  // TCP connection refused
	KindTimeout                  // no answer within the timeout
	KindReset                    // the connection was reset or closed mid-exchange
	KindProxy                    // the HTTP(S) proxy failed or refused
	KindTLSUnknownAuthority      // certificate from an issuer we do not trust
	KindTLSName                  // certificate for another host name
	KindTLSExpired               // certificate expired or not yet valid
	KindTLS                      // any other TLS failure
	KindBadIKey                  // 40102: Duo does not know the integration key
	KindBadSignature             // 40103: signature mismatch (secret key)
	KindBadDate                  // 40104/40105: missing or skewed Date
	KindUnauthorized             // other 401s (40101: no credentials)
	KindForbidden                // 403
	KindNotFound                 // 404
	KindBadRequest               // 400: missing or invalid parameter
	KindRateLimited              // 429 after retries
	KindServer                   // 5xx
	KindBadResponse              // malformed JSON, truncated body, unexpected shape
)

var kindNames = [...]string{
	"unknown", "canceled", "dns", "refused", "timeout", "reset", "proxy",
	"tls_unknown_authority", "tls_name", "tls_expired", "tls",
	"bad_ikey", "bad_signature", "bad_date", "unauthorized", "forbidden",
	"not_found", "bad_request", "rate_limited", "server", "bad_response",
}

// String returns a stable snake_case name, used in --json output.
func (k Kind) String() string {
	if k >= 0 && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

// Network reports whether the failure happened before Duo could answer
// (exit code 3 territory), as opposed to Duo answering with an error.
func (k Kind) Network() bool {
	switch k {
	case KindDNS, KindRefused, KindTimeout, KindReset, KindProxy,
		KindTLSUnknownAuthority, KindTLSName, KindTLSExpired, KindTLS:
		return true
	}
	return false
}

// Error is the one error type the client returns. Fields that do not apply
// are zero. It never holds a secret.
type Error struct {
	Op         string        // "GET /auth/v2/check"
	Kind       Kind          // what kind of failure
	HTTPStatus int           // HTTP status, 0 if none arrived
	Code       int           // Duo's code (40103), 0 if none
	Message    string        // Duo's message, or a short network cause
	Detail     string        // Duo's message_detail, or network specifics
	RetryAfter time.Duration // server-suggested wait (429)
	PeerIssuer string        // issuer of the certificate actually received
	Err        error         // underlying error, if any

	// Host is the API host the request went to.
	Host string
	// LocalDate is the Date we sent; ServerDate is the Date Duo answered
	// with (zero when absent). Together they give the skew behind a 40105.
	LocalDate, ServerDate time.Time
	// Timeout is the per-attempt limit that expired (KindTimeout).
	Timeout time.Duration
	// Proxy is the proxy in use, redacted of any password (KindProxy).
	Proxy string
}

// Error gives a compact technical description; Explain gives the sentence
// meant for people.
func (e *Error) Error() string {
	var b strings.Builder
	if e.Op != "" {
		b.WriteString(e.Op)
		b.WriteString(": ")
	}
	switch {
	case e.Code != 0:
		b.WriteString(strconv.Itoa(e.Code))
		if e.Message != "" {
			b.WriteString(" " + e.Message)
		}
		if e.Detail != "" {
			b.WriteString(" (" + e.Detail + ")")
		}
	case e.HTTPStatus != 0:
		b.WriteString("HTTP " + strconv.Itoa(e.HTTPStatus))
		if e.Message != "" {
			b.WriteString(" " + e.Message)
		}
	case e.Err != nil:
		b.WriteString(e.Kind.String() + ": " + e.Err.Error())
	default:
		b.WriteString(e.Kind.String())
		if e.Message != "" {
			b.WriteString(": " + e.Message)
		}
	}
	return b.String()
}

// Unwrap exposes the underlying error to errors.Is/As.
func (e *Error) Unwrap() error { return e.Err }

// KindOf returns the Kind of err, or KindUnknown when err is not (and does
// not wrap) a *Error.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return KindUnknown
}

// kindForCode maps Duo's code (or, without one, the HTTP status) to a Kind.
func kindForCode(status, code int) Kind {
	switch code {
	case 40101:
		return KindUnauthorized
	case 40102:
		return KindBadIKey
	case 40103:
		return KindBadSignature
	case 40104, 40105:
		return KindBadDate
	}
	if code >= 10000 {
		status = code / 100
	}
	switch {
	case status == 400:
		return KindBadRequest
	case status == 401:
		return KindUnauthorized
	case status == 403:
		return KindForbidden
	case status == 404:
		return KindNotFound
	case status == 429:
		return KindRateLimited
	case status >= 500:
		return KindServer
	}
	return KindBadResponse
}
