package duo

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"
)

// Version is the duotui version sent in the User-Agent; main sets it with
// -ldflags "-X duotui/duo.Version=…".
var Version = "dev"

const (
	defaultTimeout       = 15 * time.Second
	defaultRetryDeadline = 2 * time.Minute
	// longPoll is added to the per-attempt timeout for calls Duo holds open
	// until the user answers: a push or call times out after about a minute.
	longPoll = 90 * time.Second
)

// Client talks to one Duo API host with one set of keys. It is safe for
// concurrent use. Build one per application (Auth API, Admin API, Web SDK).
type Client struct {
	host, ikey string
	skey       Secret
	sig        SigVersion
	ua         string
	timeout    time.Duration
	retryFor   time.Duration
	proxy      string // redacted, for explanations
	hc         *http.Client
	now        func() time.Time
	sleep      func(context.Context, time.Duration) error
	jitter     func(time.Duration) time.Duration
	trace      io.Writer
	traceMu    sync.Mutex
}

// NewClient builds a Client from cfg. It fails only when CAFile cannot be
// read or holds no certificate, or Proxy is not a valid URL.
func NewClient(cfg Config) (*Client, error) {
	c := &Client{
		host:     strings.TrimSpace(cfg.Host),
		ikey:     strings.TrimSpace(cfg.IKey),
		skey:     cfg.SKey,
		sig:      cfg.SigVersion,
		ua:       cfg.UserAgent,
		timeout:  cfg.Timeout,
		retryFor: cfg.RetryDeadline,
		hc:       cfg.HTTPClient,
		now:      cfg.Now,
		sleep:    cfg.Sleep,
		trace:    cfg.Trace,
		jitter:   fullJitter,
	}
	if c.ua == "" {
		c.ua = "duotui/" + Version
	}
	if c.timeout <= 0 {
		c.timeout = defaultTimeout
	}
	if c.retryFor <= 0 {
		c.retryFor = defaultRetryDeadline
	}
	if c.now == nil {
		c.now = time.Now
	}
	if c.sleep == nil {
		c.sleep = sleepCtx
	}
	if c.hc != nil {
		return c, nil
	}
	tr, proxy, err := newTransport(cfg, c.timeout)
	if err != nil {
		return nil, err
	}
	c.proxy = proxy
	// No http.Client.Timeout: each attempt gets its own context deadline so
	// long polls can be given more time than ordinary calls.
	c.hc = &http.Client{
		Transport: tr,
		// Never follow a redirect: it would replay a signed request to a host
		// the signature was not made for.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	return c, nil
}

// Host returns the API host name the client talks to.
func (c *Client) Host() string { return c.host }

// Format prints the client without its secret key, for every verb.
func (c *Client) Format(f fmt.State, verb rune) {
	if c == nil {
		io.WriteString(f, "duo.Client(nil)")
		return
	}
	fmt.Fprintf(f, "duo.Client{Host:%q IKey:%q SKey:%s}", c.host, c.ikey, c.skey.String())
}

// String describes the client without its secret key.
func (c *Client) String() string { return fmt.Sprint(c) }

// GoString keeps %#v redacted.
func (c *Client) GoString() string { return fmt.Sprint(c) }

// newTransport builds the keep-alive, HTTP/2-capable transport with the
// system roots (or CAFile) and the proxy from cfg or the environment. It
// also returns the proxy URL with any password removed, for explanations.
func newTransport(cfg Config, timeout time.Duration) (*http.Transport, string, error) {
	tlsConf := &tls.Config{MinVersion: tls.VersionTLS12}
	if cfg.CAFile != "" {
		pem, err := os.ReadFile(cfg.CAFile)
		if err != nil {
			return nil, "", fmt.Errorf("the CA file %s cannot be read (%w); fix network.ca_file or DUOTUI_CA_FILE", cfg.CAFile, err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, "", fmt.Errorf("the CA file %s holds no PEM certificate; point network.ca_file at a PEM bundle", cfg.CAFile)
		}
		tlsConf.RootCAs = pool
	}
	proxy := http.ProxyFromEnvironment
	shown := ""
	if cfg.Proxy != "" {
		u, err := url.Parse(cfg.Proxy)
		if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https" && u.Scheme != "socks5") {
			return nil, "", fmt.Errorf("the proxy %q is not a URL like http://proxy.example:3128; fix network.proxy", cfg.Proxy)
		}
		proxy = http.ProxyURL(u)
		shown = u.Redacted()
	}
	dialer := &net.Dialer{Timeout: timeout, KeepAlive: 30 * time.Second}
	tr := &http.Transport{
		Proxy:                 proxy,
		DialContext:           dialer.DialContext,
		TLSClientConfig:       tlsConf,
		TLSHandshakeTimeout:   timeout,
		ForceAttemptHTTP2:     true, // a custom TLS config turns HTTP/2 off unless asked
		MaxIdleConns:          32,
		MaxIdleConnsPerHost:   16,
		IdleConnTimeout:       90 * time.Second,
		ExpectContinueTimeout: time.Second,
		OnProxyConnectResponse: func(_ context.Context, pu *url.URL, _ *http.Request, res *http.Response) error {
			if res.StatusCode/100 != 2 {
				return &proxyError{proxy: pu.Redacted(), status: res.Status}
			}
			return nil
		},
	}
	return tr, shown, nil
}

// proxyError is a proxy's refusal of our CONNECT.
type proxyError struct{ proxy, status string }

// Error names the proxy and its answer, never its credentials.
func (e *proxyError) Error() string { return "proxy " + e.proxy + " answered CONNECT with " + e.status }

// sleepCtx waits d or until ctx ends.
func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// fullJitter picks a uniform wait in [0, d): "full jitter" spreads clients
// that were rate-limited together so they do not return in lockstep.
func fullJitter(d time.Duration) time.Duration {
	if d <= 0 {
		return 0
	}
	return rand.N(d)
}
