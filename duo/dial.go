package duo

import (
	"context"
	"crypto/tls"
	"net"
	"net/http"
	"net/url"
	"time"
)

// DialReport is what Dial learnt about the path to Duo, step by step.
type DialReport struct {
	Via        string        // the proxy requests go through; "" when direct
	Addrs      []string      // the host's addresses (the host itself for an IP)
	DNS        time.Duration // name lookup
	Connect    time.Duration // TCP connect to the first address
	TLS        time.Duration // handshake, with the client's trust roots
	TLSVersion string        // "TLS 1.3"
	Issuer     string        // who signed the certificate Duo presented
	Failed     string        // the step that failed: "dns", "connect" or "tls"
}

// Dial resolves the API host, connects and completes a TLS handshake with
// the same trust roots and timeouts as API calls, so `duotui check` can say
// which step fails. Behind a proxy the direct steps mean nothing: Via is set
// and the first API call tells the story. Errors are *Error, classified like
// any call's (DNS, refused, timeout, TLS with the issuer actually received).
func (c *Client) Dial(ctx context.Context) (DialReport, error) {
	var rep DialReport
	tr, _ := c.hc.Transport.(*http.Transport)
	if tr == nil {
		tr = http.DefaultTransport.(*http.Transport)
	}
	if tr.Proxy != nil {
		if u, err := tr.Proxy(&http.Request{URL: &url.URL{Scheme: "https", Host: c.host}}); err == nil && u != nil {
			rep.Via = u.Redacted()
			return rep, nil
		}
	}
	host, port, err := net.SplitHostPort(c.host)
	if err != nil {
		host, port = c.host, "443"
	}
	op := "dial " + c.host
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()

	start := time.Now()
	if net.ParseIP(host) != nil {
		rep.Addrs = []string{host}
	} else {
		rep.Addrs, err = net.DefaultResolver.LookupHost(ctx, host)
		rep.DNS = time.Since(start)
		if err != nil {
			rep.Failed = "dns"
			return rep, c.netError(ctx, op, err, c.timeout)
		}
	}

	start = time.Now()
	dial := (&net.Dialer{Timeout: c.timeout}).DialContext
	conn, err := dial(ctx, "tcp", net.JoinHostPort(rep.Addrs[0], port))
	rep.Connect = time.Since(start)
	if err != nil {
		rep.Failed = "connect"
		return rep, c.netError(ctx, op, err, c.timeout)
	}
	defer conn.Close()

	conf := &tls.Config{MinVersion: tls.VersionTLS12}
	if tr.TLSClientConfig != nil {
		conf = tr.TLSClientConfig.Clone()
	}
	conf.ServerName = host
	conf.NextProtos = nil
	tc := tls.Client(conn, conf)
	start = time.Now()
	err = tc.HandshakeContext(ctx)
	rep.TLS = time.Since(start)
	if err != nil {
		rep.Failed = "tls"
		return rep, c.netError(ctx, op, err, c.timeout)
	}
	st := tc.ConnectionState()
	rep.TLSVersion = tls.VersionName(st.Version)
	if len(st.PeerCertificates) > 0 {
		rep.Issuer = issuerName(st.PeerCertificates[0])
	}
	return rep, nil
}
