package duo_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/pem"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	duoapi "github.com/duosecurity/duo_api_golang"

	"duotui/duo"
)

var fixedNow = time.Date(2026, 3, 4, 5, 6, 7, 0, time.FixedZone("CET", 3600))

func TestRequestHeaders(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, _ []byte) { ok(w, map[string]any{"time": 1}) })
	c := f.client(t, func(c *duo.Config) { c.Now = func() time.Time { return fixedNow } })
	if _, err := c.Check(context.Background()); err != nil {
		t.Fatal(err)
	}
	s := f.requests()[0]
	if got, want := s.Header.Get("User-Agent"), "duotui/dev"; got != want {
		t.Errorf("User-Agent = %q, want %q", got, want)
	}
	// RFC 1123 with a numeric zone, in UTC, as Duo's Go client sends it.
	if got, want := s.Header.Get("Date"), "Wed, 04 Mar 2026 04:06:07 +0000"; got != want {
		t.Errorf("Date = %q, want %q", got, want)
	}
}

func TestSignedRequestsVerify(t *testing.T) {
	for _, tc := range []struct {
		name        string
		v           duo.SigVersion
		contentType string
	}{
		{"v5 sends JSON", duo.SigV5, "application/json"},
		{"v2 sends a form", duo.SigV2, "application/x-www-form-urlencoded"},
		{"v2 SHA1 sends a form", duo.SigV2SHA1, "application/x-www-form-urlencoded"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake(t, func(w http.ResponseWriter, r *http.Request, _ []byte) {
				switch r.URL.Path {
				case "/admin/v1/users":
					ok(w, []any{})
				default:
					ok(w, map[string]any{"result": "auth", "time": 1})
				}
			})
			c := f.client(t, func(c *duo.Config) { c.SigVersion = tc.v })
			ctx := context.Background()
			if _, err := c.Preauth(ctx, duo.PreauthRequest{Username: "José Ü/é?&=+", IPAddr: "192.0.2.1", TextPrompt: true}); err != nil {
				t.Fatal(err)
			}
			if _, _, err := c.User(ctx, "a b+c/ü"); err != nil {
				t.Fatal(err)
			}
			reqs := f.requests()
			for _, s := range reqs {
				if err := verify(s, tc.v); err != nil {
					t.Error(err)
				}
			}
			if ct := reqs[0].Header.Get("Content-Type"); ct != tc.contentType {
				t.Errorf("POST Content-Type = %q, want %q", ct, tc.contentType)
			}
			if reqs[1].Method != "GET" || len(reqs[1].Body) != 0 || !strings.Contains(reqs[1].RawQuery, "username=a%20b%2Bc%2F%C3%BC") {
				t.Errorf("GET should carry params in the query only: %q body %q", reqs[1].RawQuery, reqs[1].Body)
			}
		})
	}
}

// TestJSONBodyMatchesOfficial shows our v5 body is byte for byte what Duo's
// Go client's JSONSignedCall sends: compact, sorted keys, string values.
func TestJSONBodyMatchesOfficial(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, _ []byte) { ok(w, map[string]any{"txid": "t"}) })
	c := f.client(t)
	req := duo.AuthRequest{Username: "alice <&>", Factor: duo.FactorPush, Type: "Login", IPAddr: "192.0.2.10", Async: true,
		PushInfo: url.Values{"Server IP": {"192.0.2.1"}, "Command": {"sudo ls"}}}
	if _, err := c.Auth(context.Background(), req); err != nil {
		t.Fatal(err)
	}
	api, rt := officialClient(testIKey, testSKey, f.host())
	jp := duoapi.JSONParams{"username": "alice <&>", "factor": "push", "device": "auto", "type": "Login",
		"ipaddr": "192.0.2.10", "async": "1", "pushinfo": req.PushInfo.Encode()}
	if _, _, err := api.JSONSignedCall("POST", "/auth/v2/auth", jp); err != nil {
		t.Fatal(err)
	}
	if got := f.requests()[0].Body; !bytes.Equal(got, rt.body) {
		t.Errorf("body\n ours     %s\n official %s", got, rt.body)
	}
}

func TestTraceRedactsAuthorization(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, _ []byte) { ok(w, map[string]any{"result": "auth"}) })
	var trace bytes.Buffer
	c := f.client(t, func(c *duo.Config) { c.Trace = &trace })
	if _, err := c.Preauth(context.Background(), duo.PreauthRequest{Username: "alice"}); err != nil {
		t.Fatal(err)
	}
	out := trace.String()
	auth := f.requests()[0].Header.Get("Authorization")
	sig := strings.TrimPrefix(auth, "Basic ")
	plain, _ := base64.StdEncoding.DecodeString(sig)
	for _, secret := range []string{testSKey, auth, sig, string(plain)} {
		if strings.Contains(out, secret) {
			t.Errorf("trace contains %q:\n%s", secret, out)
		}
	}
	for _, want := range []string{
		"> POST https://" + f.host() + "/auth/v2/preauth\n",
		"> Authorization: Basic [redacted]\n",
		`> {"username":"alice"}` + "\n",
		"< HTTP/1.1 200 OK (",
		`< {"response":{"result":"auth"},"stat":"OK"}` + "\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("trace lacks %q:\n%s", want, out)
		}
	}
}

// A trace never shows a passcode, in either body encoding.
func TestTraceRedactsPasscodes(t *testing.T) {
	for _, sig := range []duo.SigVersion{duo.SigV5, duo.SigV2} {
		f := newFake(t, func(w http.ResponseWriter, r *http.Request, _ []byte) { ok(w, map[string]any{"result": "allow"}) })
		var trace bytes.Buffer
		c := f.client(t, func(c *duo.Config) { c.Trace, c.SigVersion = &trace, sig })
		if _, err := c.Auth(context.Background(), duo.AuthRequest{Username: "alice", Factor: duo.FactorPasscode, Passcode: "918273"}); err != nil {
			t.Fatal(err)
		}
		if out := trace.String(); strings.Contains(out, "918273") || !strings.Contains(out, "redacted") || !strings.Contains(out, "alice") {
			t.Errorf("sig %v trace:\n%s", sig, out)
		}
		if body := string(f.requests()[0].Body); !strings.Contains(body, "918273") {
			t.Errorf("the passcode itself must still reach Duo: %s", body)
		}
	}
}

func TestSecretsNeverFormatted(t *testing.T) {
	cfg := duo.Config{Host: "api-x.duosecurity.com", IKey: testIKey, SKey: testSKey}
	c, err := duo.NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	hexKey := fmt.Sprintf("%x", testSKey)
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%T %v"} {
		for name, v := range map[string]any{"Config": cfg, "*Config": &cfg, "*Client": c, "Secret": cfg.SKey} {
			out := fmt.Sprintf(verb, v)
			if strings.Contains(out, testSKey) || strings.Contains(strings.ToLower(out), hexKey) {
				t.Errorf("%s with %s leaks the secret: %s", name, verb, out)
			}
		}
	}
	if got := fmt.Sprint(c); got != `duo.Client{Host:"api-x.duosecurity.com" IKey:"DIWJ8X6AEYOR5OMC6TQ1" SKey:[redacted]}` {
		t.Errorf("Client prints as %s", got)
	}
}

func TestCAFileAndHTTP2(t *testing.T) {
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ok(w, map[string]any{"time": r.ProtoMajor})
	}))
	srv.EnableHTTP2 = true
	srv.StartTLS()
	t.Cleanup(srv.Close)
	ca := filepath.Join(t.TempDir(), "ca.pem")
	os.WriteFile(ca, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}), 0o600)
	c, err := duo.NewClient(duo.Config{Host: strings.TrimPrefix(srv.URL, "https://"), IKey: testIKey, SKey: testSKey, CAFile: ca})
	if err != nil {
		t.Fatal(err)
	}
	p, err := c.Ping(context.Background())
	if err != nil {
		t.Fatal(duo.Explain(err))
	}
	if p.Time.Unix() != 2 {
		t.Errorf("server saw HTTP/%d, want HTTP/2", p.Time.Unix())
	}
}

func TestNewClientRejectsBadSettings(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.pem")
	os.WriteFile(empty, []byte("not a certificate\n"), 0o600)
	missing := filepath.Join(dir, "missing.pem")
	for _, tc := range []struct {
		name string
		cfg  duo.Config
		want string
	}{
		{"missing CA file", duo.Config{CAFile: missing}, "The CA file " + missing + " cannot be read (open " + missing + ": no such file or directory); fix network.ca_file or DUOTUI_CA_FILE."},
		{"CA file without certificates", duo.Config{CAFile: empty}, "The CA file " + empty + " holds no PEM certificate; point network.ca_file at a PEM bundle."},
		{"proxy that is not a URL", duo.Config{Proxy: "proxy:3128"}, `The proxy "proxy:3128" is not a URL like http://proxy.example:3128; fix network.proxy.`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := duo.NewClient(tc.cfg)
			if got := duo.Explain(err); got != tc.want {
				t.Errorf("Explain =\n %s\nwant\n %s", got, tc.want)
			}
		})
	}
}

// TestProxyFromEnvironmentByDefault: with no Proxy set, the transport asks
// the standard HTTPS_PROXY/NO_PROXY rules.
func TestProxyFromEnvironmentByDefault(t *testing.T) {
	c, err := duo.NewClient(duo.Config{Host: "api-x.duosecurity.com"})
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest("GET", "https://api-x.duosecurity.com/auth/v2/ping", nil)
	got, gerr := duo.TransportOf(c).Proxy(req)
	want, werr := http.ProxyFromEnvironment(req)
	if fmt.Sprint(got, gerr) != fmt.Sprint(want, werr) {
		t.Errorf("proxy = %v %v, environment says %v %v", got, gerr, want, werr)
	}
	tr := duo.TransportOf(c)
	if !tr.ForceAttemptHTTP2 || tr.IdleConnTimeout == 0 || tr.TLSClientConfig.RootCAs != nil {
		t.Errorf("transport: HTTP/2 %v, keep-alive idle %v, custom roots %v", tr.ForceAttemptHTTP2, tr.IdleConnTimeout, tr.TLSClientConfig.RootCAs != nil)
	}
}
