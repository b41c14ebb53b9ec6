package duo

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"net/url"
	"strings"
	"syscall"
	"time"
)

// netError classifies a failed exchange. ctx is the caller's context, so a
// cancel by the caller is told apart from our own per-attempt timeout.
func (c *Client) netError(ctx context.Context, op string, err error, timeout time.Duration) *Error {
	e := &Error{Op: op, Host: c.host, Err: err, Proxy: c.proxy}
	switch ctx.Err() {
	case context.Canceled:
		e.Kind, e.Message = KindCanceled, "canceled"
		return e
	case context.DeadlineExceeded:
		// The caller's own deadline, not ours: Timeout stays 0.
		e.Kind, e.Message = KindTimeout, "deadline exceeded"
		return e
	}
	e.Kind, e.Message = classify(err, e)
	if e.Kind == KindTimeout {
		e.Timeout = timeout
	}
	return e
}

// readError classifies a failure while reading the body of an answer.
func (c *Client) readError(ctx context.Context, op string, status int, err error, timeout time.Duration) *Error {
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return &Error{Op: op, Host: c.host, Kind: KindBadResponse, HTTPStatus: status, Message: "truncated body", Err: err}
	}
	e := c.netError(ctx, op, err, timeout)
	e.HTTPStatus = status
	return e
}

// classify names the network cause of err and fills certificate details.
func classify(err error, e *Error) (Kind, string) {
	var pe *proxyError
	if errors.As(err, &pe) {
		e.Proxy = pe.proxy
		e.Detail = pe.status
		return KindProxy, "proxy refused CONNECT"
	}
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "proxyconnect" {
		if op.Err != nil {
			e.Detail = op.Err.Error()
			var inner *net.OpError
			if errors.As(op.Err, &inner) && inner.Err != nil {
				e.Detail = inner.Err.Error() // "connect: connection refused", without addresses
			}
		}
		if e.Proxy == "" && op.Addr != nil {
			e.Proxy = op.Addr.String()
		}
		return KindProxy, "proxy unreachable"
	}
	if k, msg, ok := classifyTLS(err, e); ok {
		return k, msg
	}
	var dns *net.DNSError
	if errors.As(err, &dns) {
		e.Detail = dns.Name
		return KindDNS, "host not found"
	}
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return KindRefused, "connection refused"
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE),
		errors.Is(err, syscall.ECONNABORTED):
		return KindReset, "connection reset"
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		// The transport reports a peer that hung up before answering as EOF.
		return KindReset, "connection closed"
	case errors.Is(err, context.DeadlineExceeded), isTimeout(err):
		return KindTimeout, "timeout"
	}
	var ue *url.Error
	if errors.As(err, &ue) && strings.Contains(ue.Err.Error(), "server gave HTTP response to HTTPS client") {
		e.Detail = "it answered in plain HTTP"
		return KindTLS, "not a TLS server"
	}
	return KindUnknown, err.Error()
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// classifyTLS recognises certificate and handshake failures and records the
// certificate actually received, so a TLS-inspecting proxy shows itself.
func classifyTLS(err error, e *Error) (Kind, string, bool) {
	var cve *tls.CertificateVerificationError
	if errors.As(err, &cve) && len(cve.UnverifiedCertificates) > 0 {
		e.PeerIssuer = issuerName(cve.UnverifiedCertificates[0])
	}
	var ua x509.UnknownAuthorityError
	if errors.As(err, &ua) {
		if ua.Cert != nil {
			e.PeerIssuer = issuerName(ua.Cert)
		}
		return KindTLSUnknownAuthority, "certificate signed by unknown authority", true
	}
	var he x509.HostnameError
	if errors.As(err, &he) {
		if he.Certificate != nil {
			e.Detail = certNames(he.Certificate)
		}
		return KindTLSName, "certificate is for another name", true
	}
	var ci x509.CertificateInvalidError
	if errors.As(err, &ci) {
		if ci.Reason == x509.Expired {
			if ci.Cert != nil {
				e.Detail = ci.Cert.NotBefore.UTC().Format(time.DateOnly) + " to " + ci.Cert.NotAfter.UTC().Format(time.DateOnly)
			}
			return KindTLSExpired, "certificate expired or not yet valid", true
		}
		e.Detail = ci.Error()
		return KindTLS, "certificate invalid", true
	}
	var rh tls.RecordHeaderError
	var alert tls.AlertError
	if errors.As(err, &rh) || errors.As(err, &alert) || cve != nil ||
		strings.Contains(err.Error(), "tls: ") {
		e.Detail = tlsCause(err)
		return KindTLS, "TLS handshake failed", true
	}
	return 0, "", false
}

// issuerName prefers the issuer's common name, falling back to the full DN.
func issuerName(cert *x509.Certificate) string {
	if cn := cert.Issuer.CommonName; cn != "" {
		if len(cert.Issuer.Organization) > 0 {
			return cn + " (" + strings.Join(cert.Issuer.Organization, ", ") + ")"
		}
		return cn
	}
	return cert.Issuer.String()
}

// certNames lists the names a certificate is valid for.
func certNames(cert *x509.Certificate) string {
	names := append([]string(nil), cert.DNSNames...)
	for _, ip := range cert.IPAddresses {
		names = append(names, ip.String())
	}
	if len(names) == 0 && cert.Subject.CommonName != "" {
		names = append(names, cert.Subject.CommonName)
	}
	return strings.Join(names, ", ")
}

// tlsCause strips the URL wrapper from a TLS error for display.
func tlsCause(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return err.Error()
}
