package duo_test

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"duotui/duo"
)

// realClient builds a client with duotui's own transport (not the test
// server's), so DNS, dialing, TLS and proxies are exercised for real.
func realClient(t *testing.T, cfg duo.Config) *duo.Client {
	t.Helper()
	cfg.IKey, cfg.SKey = testIKey, testSKey
	cfg.Sleep = func(ctx context.Context, _ time.Duration) error { return ctx.Err() }
	c, err := duo.NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func check(c *duo.Client) error {
	_, err := c.Check(context.Background())
	return err
}

func TestExplainDNS(t *testing.T) {
	c := realClient(t, duo.Config{Host: "api-nonexistent.invalid", Timeout: 5 * time.Second})
	assertExplained(t, check(c), duo.KindDNS,
		"The host name api-nonexistent.invalid could not be found (DNS lookup failed): check the API hostname in Applications → your Auth API application, and this server's DNS settings.")
}

func TestExplainRefused(t *testing.T) {
	addr := closedAddr(t)
	c := realClient(t, duo.Config{Host: addr})
	assertExplained(t, check(c), duo.KindRefused,
		addr+" refused the connection: check the API hostname and port, and any firewall between this server and Duo.")
}

func TestExplainTimeout(t *testing.T) {
	f, _ := holdingFake(t)
	c := f.client(t, func(c *duo.Config) { c.Timeout = 100 * time.Millisecond })
	assertExplained(t, check(c), duo.KindTimeout,
		f.host()+" did not answer within 100ms: check the network path (firewall, proxy) between this server and Duo, or raise network.timeout.")
}

// holdingFake answers nothing until the test ends; arrived receives each
// request as Duo starts holding it.
func holdingFake(t *testing.T) (*fake, <-chan struct{}) {
	release := make(chan struct{})
	arrived := make(chan struct{}, 8)
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, _ []byte) {
		arrived <- struct{}{}
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	t.Cleanup(func() { close(release) })
	return f, arrived
}

func TestExplainCallerDeadline(t *testing.T) {
	f, _ := holdingFake(t)
	// The deadline may pass during the handshake or while Duo holds the
	// request; either way it is the caller's deadline.
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := f.client(t).Check(ctx)
	assertExplained(t, err, duo.KindTimeout,
		f.host()+" did not answer before the deadline: check the network path (firewall, proxy) between this server and Duo, then retry.")
}

func TestExplainCallerCancel(t *testing.T) {
	f, arrived := holdingFake(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { <-arrived; cancel() }() // cancel once Duo holds the request
	_, err := f.client(t).Check(ctx)
	assertExplained(t, err, duo.KindCanceled,
		"The request to "+f.host()+" was canceled before Duo answered: retry when you are ready.")
}

func TestExplainReset(t *testing.T) {
	for _, tc := range []struct {
		name string
		rst  bool
	}{{"peer closes", false}, {"peer sends RST", true}} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake(t, func(w http.ResponseWriter, r *http.Request, _ []byte) { hangUp(w, tc.rst) })
			c := f.client(t)
			assertExplained(t, check(c), duo.KindReset,
				"The connection to "+f.host()+" was closed before Duo answered: a firewall or proxy is probably interfering, so retry and check the network path if it happens again.")
			if n := len(f.requests()); n != 3 {
				t.Errorf("GET was attempted %d times, want 3 (two retries)", n)
			}
		})
	}
}

// hangUp drops the connection without an answer, with an RST if rst.
func hangUp(w http.ResponseWriter, rst bool) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		return
	}
	if rst {
		if tc, ok := underlyingTCP(conn); ok {
			tc.SetLinger(0)
		}
	}
	conn.Close()
}

func underlyingTCP(c net.Conn) (*net.TCPConn, bool) {
	type netConner interface{ NetConn() net.Conn }
	for {
		switch v := c.(type) {
		case *net.TCPConn:
			return v, true
		case netConner:
			c = v.NetConn()
		default:
			return nil, false
		}
	}
}

func TestExplainProxy(t *testing.T) {
	refusing := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "blocked by policy", http.StatusForbidden)
	}))
	t.Cleanup(refusing.Close)
	down := "http://" + closedAddr(t)
	target := "api-xxxxxxxx.duosecurity.com"
	for _, tc := range []struct {
		name, proxy, want string
	}{
		{"proxy refuses CONNECT", refusing.URL,
			"The proxy " + refusing.URL + " failed (403 Forbidden): check network.proxy or HTTPS_PROXY, and that the proxy allows CONNECT to " + target + "."},
		{"proxy is down", down,
			"The proxy " + down + " failed (connect: connection refused): check network.proxy or HTTPS_PROXY, and that the proxy allows CONNECT to " + target + "."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := realClient(t, duo.Config{Host: target, Proxy: tc.proxy})
			assertExplained(t, check(c), duo.KindProxy, tc.want)
		})
	}
}

func TestProxyTunnelsRequests(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, _ []byte) { ok(w, map[string]any{"time": 7}) })
	proxy := connectProxy(t)
	c := realClient(t, duo.Config{Host: f.host(), Proxy: proxy.url, CAFile: writeCert(t, f.srv.Certificate())})
	p, err := c.Check(context.Background())
	if err != nil {
		t.Fatal(duo.Explain(err))
	}
	if p.Time.Unix() != 7 || proxy.connects() != 1 {
		t.Errorf("time %d via %d CONNECTs, want 7 via 1", p.Time.Unix(), proxy.connects())
	}
}

func TestExplainTLS(t *testing.T) {
	okHandler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { ok(w, map[string]any{"time": 1}) })
	now := time.Now()

	inspect := newTestCA(t, "Example Inspecting Proxy CA", "Example Corp")
	cert, _ := inspect.leaf(t, []string{"127.0.0.1"}, now.Add(-time.Hour), now.Add(time.Hour))
	host := tlsServer(t, cert, okHandler)
	t.Run("unknown authority names the issuer", func(t *testing.T) {
		c := realClient(t, duo.Config{Host: host})
		assertExplained(t, check(c), duo.KindTLSUnknownAuthority,
			host+` presented a certificate issued by "Example Inspecting Proxy CA (Example Corp)", which this system does not trust (a TLS-inspecting proxy shows up this way): if you trust that issuer, put its CA certificate in network.ca_file (or DUOTUI_CA_FILE), otherwise fix the network path.`)
		var e *duo.Error
		if asError(check(c), &e); e.PeerIssuer != "Example Inspecting Proxy CA (Example Corp)" {
			t.Errorf("PeerIssuer = %q", e.PeerIssuer)
		}
	})
	t.Run("CA file makes it trusted", func(t *testing.T) {
		c := realClient(t, duo.Config{Host: host, CAFile: inspect.file})
		if err := check(c); err != nil {
			t.Fatal(duo.Explain(err))
		}
	})

	ca := newTestCA(t, "Test Root", "duotui tests")
	wrong, _ := ca.leaf(t, []string{"api-other.duosecurity.com"}, now.Add(-time.Hour), now.Add(time.Hour))
	t.Run("name mismatch", func(t *testing.T) {
		h := tlsServer(t, wrong, okHandler)
		c := realClient(t, duo.Config{Host: h, CAFile: ca.file})
		assertExplained(t, check(c), duo.KindTLSName,
			h+" presented a certificate for a different name (api-other.duosecurity.com): check the API hostname (it looks like api-XXXXXXXX.duosecurity.com) and whether a proxy intercepts TLS.")
	})

	expired, leaf := ca.leaf(t, []string{"127.0.0.1"}, now.Add(-72*time.Hour), now.Add(-24*time.Hour))
	t.Run("expired", func(t *testing.T) {
		h := tlsServer(t, expired, okHandler)
		c := realClient(t, duo.Config{Host: h, CAFile: ca.file})
		valid := leaf.NotBefore.UTC().Format(time.DateOnly) + " to " + leaf.NotAfter.UTC().Format(time.DateOnly)
		assertExplained(t, check(c), duo.KindTLSExpired,
			h+" presented a certificate that is expired or not yet valid (valid "+valid+"): check this server's clock (timedatectl), then the certificate.")
	})

	t.Run("plain HTTP on the port", func(t *testing.T) {
		plain := httptest.NewServer(okHandler)
		t.Cleanup(plain.Close)
		h := strings.TrimPrefix(plain.URL, "http://")
		c := realClient(t, duo.Config{Host: h})
		assertExplained(t, check(c), duo.KindTLS,
			"The TLS handshake with "+h+" failed (it answered in plain HTTP): check network.ca_file and any proxy between this server and Duo.")
	})
}
