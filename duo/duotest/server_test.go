package duotest

import (
	"crypto/tls"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"
)

func TestKeysAndCertificate(t *testing.T) {
	srv := NewServer(t)
	ikey, skey := regexp.MustCompile(`^DI[0-9A-Z]{18}$`), regexp.MustCompile(`^[0-9A-Za-z]{40}$`)
	for _, k := range []string{srv.IKey, srv.AdminIKey, srv.ClientID} {
		if !ikey.MatchString(k) {
			t.Errorf("integration key %q", k)
		}
	}
	for _, k := range []string{srv.SKey, srv.AdminSKey, srv.ClientSecret} {
		if !skey.MatchString(k) {
			t.Errorf("secret of %d characters does not match Duo's format", len(k))
		}
	}
	if srv.SKey == srv.AdminSKey || srv.IKey == srv.AdminIKey {
		t.Error("the applications share keys")
	}
	for _, name := range []string{"127.0.0.1", "localhost"} {
		conn, err := tls.Dial("tcp", srv.Host, &tls.Config{RootCAs: srv.CertPool(), ServerName: name})
		if err != nil {
			t.Errorf("TLS as %s: %v", name, err)
			continue
		}
		conn.Close()
	}
	path := filepath.Join(t.TempDir(), "ca.pem")
	if err := srv.WriteCA(path); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != string(srv.CACertPEM()) {
		t.Error("WriteCA wrote something else")
	}
	conf := filepath.Join(t.TempDir(), "login_duo.conf")
	if err := srv.WriteLoginDuoConf(conf, path, "failmode = secure"); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(conf); fi.Mode().Perm() != 0o600 {
		t.Errorf("login_duo.conf mode %v", fi.Mode().Perm())
	}
}

func TestWithKeysAndIPv6(t *testing.T) {
	k := Keys{IKey: "DIWJ8X6AEYOR5OMC6TQ1", SKey: "Zh5eGmUq9zpfQnyUIu5OL9iWoMMv5ZNmk3zLJ4Ep"}
	srv, err := Start(WithKeys(k), WithAddr("[::1]:0"))
	if err != nil {
		t.Skipf("no IPv6 loopback here: %v", err)
	}
	defer srv.Close()
	if srv.IKey != k.IKey || srv.SKey != k.SKey || srv.AdminIKey == "" {
		t.Errorf("keys %s / %s", srv.IKey, srv.AdminIKey)
	}
	if r := do(t, srv, nil, "GET", "/auth/v2/check", nil, signOpts{}); r.status != 200 {
		t.Errorf("check over IPv6: %s", r.body)
	}
	if r := do(t, srv, nil, "GET", "/auth/v2/check", nil, signOpts{hostNoPort: true}); r.status != 200 {
		t.Errorf("check over IPv6 signed without the port: %s", r.body)
	}
}

// TestCloseEndsLongPolls: Close does not wait for a held auth_status.
func TestCloseEndsLongPolls(t *testing.T) {
	srv, err := Start(WithPollInterval(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	client := srv.HTTPClient()
	a := auth(t, srv, "username", "alice", "factor", "push", "async", "1")
	authStatus(t, srv, a.TxID) // the first poll answers at once
	done := make(chan error, 1)
	go func() {
		_, err := send(srv, client, "GET", "/auth/v2/auth_status", url.Values{"txid": {a.TxID}}, signOpts{})
		done <- err
	}()
	eventually(t, time.Second, func() bool { return len(srv.Pending()) == 1 })
	start := time.Now()
	srv.Close()
	srv.Close() // idempotent
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("Close took %v", d)
	}
	select {
	case <-done:
	case <-time.After(3 * time.Second):
		t.Error("the held poll did not end")
	}
	if _, err := http.Get(srv.URL); err == nil {
		t.Error("server still answers after Close")
	}
}

func TestStartErrors(t *testing.T) {
	if _, err := Start(WithAddr("127.0.0.1:-1")); err == nil {
		t.Error("bad address accepted")
	}
	if _, err := Start(WithUsers(User{Name: "a"}, User{Name: "A"})); err == nil {
		t.Error("duplicate usernames accepted")
	}
}
