package duo_test

import (
	"context"
	"net"
	"net/http"
	"testing"
	"time"

	"duotui/duo"
)

func TestDialReportsEachStep(t *testing.T) {
	now := time.Now()
	okHandler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { ok(w, map[string]any{"time": 1}) })
	ca := newTestCA(t, "Test Root", "duotui tests")
	good, _ := ca.leaf(t, []string{"127.0.0.1"}, now.Add(-time.Hour), now.Add(time.Hour))
	host := tlsServer(t, good, okHandler)

	t.Run("trusted server", func(t *testing.T) {
		c := realClient(t, duo.Config{Host: host, CAFile: ca.file})
		rep, err := c.Dial(context.Background())
		if err != nil {
			t.Fatal(duo.Explain(err))
		}
		if rep.Failed != "" || rep.Issuer != "Test Root (duotui tests)" || rep.TLSVersion == "" || len(rep.Addrs) != 1 {
			t.Errorf("report = %+v", rep)
		}
	})
	t.Run("unknown issuer fails at tls and names it", func(t *testing.T) {
		c := realClient(t, duo.Config{Host: host})
		rep, err := c.Dial(context.Background())
		if rep.Failed != "tls" || duo.KindOf(err) != duo.KindTLSUnknownAuthority {
			t.Fatalf("failed at %q with %v", rep.Failed, err)
		}
		var e *duo.Error
		if asError(err, &e); e.PeerIssuer != "Test Root (duotui tests)" {
			t.Errorf("PeerIssuer = %q", e.PeerIssuer)
		}
	})
	t.Run("closed port fails at connect", func(t *testing.T) {
		l, _ := net.Listen("tcp", "127.0.0.1:0")
		addr := l.Addr().String()
		l.Close()
		c := realClient(t, duo.Config{Host: addr})
		rep, err := c.Dial(context.Background())
		if rep.Failed != "connect" || duo.KindOf(err) != duo.KindRefused {
			t.Fatalf("failed at %q with %v", rep.Failed, err)
		}
	})
	t.Run("unknown name fails at dns", func(t *testing.T) {
		c := realClient(t, duo.Config{Host: "api-nonexistent.invalid"})
		rep, err := c.Dial(context.Background())
		if rep.Failed != "dns" || duo.KindOf(err) != duo.KindDNS {
			t.Fatalf("failed at %q with %v", rep.Failed, err)
		}
	})
	t.Run("proxy configured skips direct steps", func(t *testing.T) {
		c := realClient(t, duo.Config{Host: host, Proxy: "http://127.0.0.1:9"})
		rep, err := c.Dial(context.Background())
		if err != nil || rep.Via != "http://127.0.0.1:9" || rep.Addrs != nil {
			t.Fatalf("report %+v, err %v", rep, err)
		}
	})
}
