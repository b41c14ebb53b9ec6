package duo

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Explain returns one sentence for people: what happened, then what to do.
// The TUI and --json both show it, so the wording lives here, next to the
// causes. Errors that are not *Error are passed through as a sentence.
func Explain(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	switch {
	case errors.As(err, &e):
	case errors.Is(err, context.Canceled):
		return "The operation was canceled before it finished: retry when you are ready."
	case errors.Is(err, context.DeadlineExceeded):
		return "The operation ran out of time: check the network path to Duo, then retry."
	default:
		return sentence(err.Error())
	}
	if e.Kind.Network() || e.Kind == KindCanceled || (e.Kind == KindUnknown && e.Code == 0 && e.HTTPStatus == 0) {
		return explainNetwork(e)
	}
	return explainDuo(e)
}

// explainDuo covers answers from Duo: its FAIL envelope or an HTTP status.
func explainDuo(e *Error) string {
	app := e.app()
	duo := e.duoSays()
	switch e.Kind {
	case KindBadIKey:
		return fmt.Sprintf("Duo does not know this integration key %s: copy it again from Applications → your %s → Integration key (keys of %s do not work here).",
			duo, app, otherApps(app))
	case KindBadSignature:
		return fmt.Sprintf("Duo rejected the request signature %s: the secret key is almost certainly wrong or badly pasted, so copy it again from Applications → your %s → Secret key.",
			duo, app)
	case KindBadDate:
		return explainDate(e, duo)
	case KindUnauthorized:
		return fmt.Sprintf("Duo did not accept the request's credentials %s: set the integration key and secret key of your %s and retry.", duo, app)
	case KindForbidden:
		if app == adminApp {
			return fmt.Sprintf("Duo refused access %s: give the Admin API application the permission it needs (such as \"Grant read resource\") in the Duo Admin Panel, then retry.", duo)
		}
		return fmt.Sprintf("Duo refused access %s: check the %s's settings and permissions in the Duo Admin Panel.", duo, app)
	case KindNotFound:
		return fmt.Sprintf("Duo has no such resource %s: check the API hostname and the name or ID you asked for.", duo)
	case KindBadRequest:
		if app == webSDKApp {
			return fmt.Sprintf("Duo rejected the Web SDK client ID or client secret %s: copy both again from Applications → your Web SDK application.", duo)
		}
		return fmt.Sprintf("Duo rejected a parameter of the request %s: correct that value and retry.", duo)
	case KindRateLimited:
		wait := "a minute"
		if e.RetryAfter > 0 {
			wait = seconds(e.RetryAfter)
		}
		return fmt.Sprintf("Duo is rate-limiting these keys %s and still refused after retries: wait %s before trying again and space out bulk requests.", duo, wait)
	case KindServer:
		return fmt.Sprintf("Duo's server failed %s: the fault is on Duo's side, so check status.duo.com and retry in a few minutes.", duo)
	case KindBadResponse:
		return explainBadResponse(e)
	}
	return fmt.Sprintf("Duo answered with an error %s: retry with --trace to see the exchange.", duo)
}

func explainDate(e *Error, duo string) string {
	if e.Code == 40104 {
		return fmt.Sprintf("Duo received the request without its Date header %s: something between this server and Duo strips it, so check the proxy or retry with --trace.", duo)
	}
	if e.LocalDate.IsZero() || e.ServerDate.IsZero() {
		return fmt.Sprintf("Duo rejected the request timestamp %s: this server's clock is probably wrong, so enable NTP (timedatectl set-ntp true) and retry.", duo)
	}
	skew := e.LocalDate.Truncate(time.Second).Sub(e.ServerDate.Truncate(time.Second)).Round(time.Second)
	n := int64(skew / time.Second)
	switch {
	case n > 0:
		return fmt.Sprintf("Duo rejected the request timestamp %s: this server's clock is %d s fast, so enable NTP (timedatectl set-ntp true) and retry.", duo, n)
	case n < 0:
		return fmt.Sprintf("Duo rejected the request timestamp %s: this server's clock is %d s slow, so enable NTP (timedatectl set-ntp true) and retry.", duo, -n)
	}
	return fmt.Sprintf("Duo rejected the request timestamp %s although this server's clock agrees with Duo's: check that nothing between here and Duo delays or rewrites requests, then retry.", duo)
}

func explainBadResponse(e *Error) string {
	switch e.Message {
	case "truncated body", "truncated JSON":
		return fmt.Sprintf("The answer from %s was cut off before it was complete (%s): retry, and if it happens again check the proxy or network between this server and Duo.", e.Host, e.Message)
	case "malformed JSON", "answer without stat OK":
		return fmt.Sprintf("The answer from %s was not a Duo answer (%s): check that it is your Duo API host and that no proxy rewrites the traffic, then retry with --trace.", e.Host, e.Message)
	}
	return fmt.Sprintf("%s answered with HTTP %d and no Duo error: check that it is your Duo API host (api-XXXXXXXX.duosecurity.com).", e.Host, e.HTTPStatus)
}

// explainNetwork covers failures before Duo could answer.
func explainNetwork(e *Error) string {
	h := e.Host
	switch e.Kind {
	case KindCanceled:
		return fmt.Sprintf("The request to %s was canceled before Duo answered: retry when you are ready.", h)
	case KindDNS:
		return fmt.Sprintf("The host name %s could not be found (DNS lookup failed): check the API hostname in Applications → your %s, and this server's DNS settings.", hostOnly(h), e.app())
	case KindRefused:
		return fmt.Sprintf("%s refused the connection: check the API hostname and port, and any firewall between this server and Duo.", h)
	case KindTimeout:
		if e.Timeout > 0 {
			return fmt.Sprintf("%s did not answer within %s: check the network path (firewall, proxy) between this server and Duo, or raise network.timeout.", h, seconds(e.Timeout))
		}
		return fmt.Sprintf("%s did not answer before the deadline: check the network path (firewall, proxy) between this server and Duo, then retry.", h)
	case KindReset:
		return fmt.Sprintf("The connection to %s was closed before Duo answered: a firewall or proxy is probably interfering, so retry and check the network path if it happens again.", h)
	case KindProxy:
		p := e.Proxy
		if p == "" {
			p = "from HTTPS_PROXY"
		}
		return fmt.Sprintf("The proxy %s failed (%s): check network.proxy or HTTPS_PROXY, and that the proxy allows CONNECT to %s.", p, e.Detail, h)
	case KindTLSUnknownAuthority:
		issuer := e.PeerIssuer
		if issuer == "" {
			issuer = "an unknown issuer"
		}
		return fmt.Sprintf("%s presented a certificate issued by %q, which this system does not trust (a TLS-inspecting proxy shows up this way): if you trust that issuer, put its CA certificate in network.ca_file (or DUOTUI_CA_FILE), otherwise fix the network path.", h, issuer)
	case KindTLSName:
		return fmt.Sprintf("%s presented a certificate for a different name (%s): check the API hostname (it looks like api-XXXXXXXX.duosecurity.com) and whether a proxy intercepts TLS.", h, e.Detail)
	case KindTLSExpired:
		return fmt.Sprintf("%s presented a certificate that is expired or not yet valid (valid %s): check this server's clock (timedatectl), then the certificate.", h, e.Detail)
	case KindTLS:
		return fmt.Sprintf("The TLS handshake with %s failed (%s): check network.ca_file and any proxy between this server and Duo.", h, strings.TrimSuffix(e.Detail, "."))
	}
	cause := e.Message
	if e.Err != nil {
		cause = e.Err.Error()
	}
	return fmt.Sprintf("The request to %s failed (%s): retry with --trace to see the exchange.", h, cause)
}

const (
	authApp   = "Auth API application"
	adminApp  = "Admin API application"
	webSDKApp = "Web SDK application"
)

// app names the Duo application whose keys the failed call used.
func (e *Error) app() string {
	_, path, _ := strings.Cut(e.Op, " ")
	switch {
	case strings.HasPrefix(path, "/admin/"):
		return adminApp
	case strings.HasPrefix(path, "/oauth/"):
		return webSDKApp
	}
	return authApp
}

func otherApps(app string) string {
	switch app {
	case adminApp:
		return "an Auth API or Web SDK application"
	case webSDKApp:
		return "an Auth API or Admin API application"
	}
	return "an Admin API or Web SDK application"
}

// duoSays renders Duo's own code and message: "(Duo 40103: Invalid
// signature in request credentials)", or the HTTP status without a code.
func (e *Error) duoSays() string {
	msg := strings.TrimSuffix(strings.TrimSpace(e.Message), ".")
	if d := strings.TrimSuffix(strings.TrimSpace(e.Detail), "."); d != "" {
		if msg != "" {
			msg += ": "
		}
		msg += d
	}
	if e.Code != 0 {
		if msg == "" {
			return "(Duo " + strconv.Itoa(e.Code) + ")"
		}
		return "(Duo " + strconv.Itoa(e.Code) + ": " + msg + ")"
	}
	if msg == "" {
		return "(HTTP " + strconv.Itoa(e.HTTPStatus) + ")"
	}
	return "(HTTP " + strconv.Itoa(e.HTTPStatus) + ": " + msg + ")"
}

func seconds(d time.Duration) string {
	s := d.Round(time.Second) / time.Second
	if s < 1 {
		return d.Round(time.Millisecond).String()
	}
	return strconv.FormatInt(int64(s), 10) + " s"
}

// hostOnly drops a :port, since DNS resolves the name alone.
func hostOnly(h string) string {
	if i := strings.LastIndexByte(h, ':'); i >= 0 && !strings.Contains(h[i:], "]") {
		return h[:i]
	}
	return h
}

// sentence capitalises s and ends it with a full stop.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return s
	}
	r, n := utf8.DecodeRuneInString(s)
	s = string(unicode.ToUpper(r)) + s[n:]
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}
