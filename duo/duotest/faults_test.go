package duotest

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"
)

// get sends an unsigned GET and returns the status, body and any transport
// or read error.
func get(srv *Server, client *http.Client, path string) (int, http.Header, []byte, error) {
	resp, err := client.Get(srv.URL + path)
	if err != nil {
		return 0, nil, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, b, err
}

func TestFaultStatuses(t *testing.T) {
	cases := []struct {
		name   string
		fault  Fault
		status int
		code   int
		retry  string
	}{
		{"429", Fault{Path: "/auth/v2/ping", Kind: Fault429, Count: 1}, 429, 42901, ""},
		{"429 with Retry-After", Fault{Path: "/auth/v2/ping", Kind: Fault429, Count: 1, RetryAfter: 1500 * time.Millisecond}, 429, 42901, "2"},
		{"500", Fault{Path: "/auth/v2/*", Kind: Fault500, Count: 1}, 500, 50001, ""},
		{"503", Fault{Kind: Fault503, Count: 1}, 503, 50301, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv := NewServer(t, WithFaults(c.fault))
			client := srv.HTTPClient()
			status, hdr, body, err := get(srv, client, "/auth/v2/ping")
			if err != nil {
				t.Fatal(err)
			}
			var env failBody
			json.Unmarshal(body, &env)
			if status != c.status || env.Stat != "FAIL" || env.Code != c.code {
				t.Fatalf("HTTP %d %s, want %d/%d", status, body, c.status, c.code)
			}
			if got := hdr.Get("Retry-After"); got != c.retry {
				t.Errorf("Retry-After %q, want %q", got, c.retry)
			}
			if status, _, _, _ := get(srv, client, "/auth/v2/ping"); status != 200 {
				t.Errorf("after Count ran out: HTTP %d", status)
			}
		})
	}
}

// TestFault429OfficialClientRetries: Duo's Go client backs off and retries.
func TestFault429OfficialClientRetries(t *testing.T) {
	if testing.Short() {
		t.Skip("the official client sleeps 1-2 s before retrying")
	}
	srv := NewServer(t, WithFaults(Fault{Path: "/auth/v2/check", Kind: Fault429, Count: 1}))
	res, err := official(srv, srv.IKey, srv.SKey).Check()
	if err != nil || res.Stat != "OK" {
		t.Fatalf("Check after one 429 = %+v, %v", res, err)
	}
}

func TestFaultLatency(t *testing.T) {
	srv := NewServer(t, WithFaults(Fault{Path: "/auth/v2/ping", Kind: FaultLatency, Latency: 150 * time.Millisecond, Count: 1}))
	start := time.Now()
	status, _, _, err := get(srv, srv.HTTPClient(), "/auth/v2/ping")
	if err != nil || status != 200 {
		t.Fatalf("HTTP %d, %v", status, err)
	}
	if d := time.Since(start); d < 150*time.Millisecond {
		t.Errorf("answered after %v, want at least 150ms", d)
	}
}

func TestFaultTransport(t *testing.T) {
	cases := []struct {
		name  string
		kind  FaultKind
		check func(t *testing.T, status int, body []byte, err error)
	}{
		{"bad JSON", FaultBadJSON, func(t *testing.T, status int, body []byte, err error) {
			var v any
			if err != nil || status != 200 || json.Unmarshal(body, &v) == nil {
				t.Errorf("HTTP %d %q %v; want 200 with invalid JSON", status, body, err)
			}
		}},
		{"truncated", FaultTruncated, func(t *testing.T, status int, body []byte, err error) {
			if !errors.Is(err, io.ErrUnexpectedEOF) {
				t.Errorf("HTTP %d %q %v; want unexpected EOF", status, body, err)
			}
		}},
		{"reset", FaultReset, func(t *testing.T, status int, body []byte, err error) {
			if !errors.Is(err, syscall.ECONNRESET) && !errors.Is(err, io.EOF) {
				t.Errorf("HTTP %d %v; want a connection reset", status, err)
			}
		}},
		{"TLS handshake", FaultTLS, func(t *testing.T, status int, body []byte, err error) {
			if err == nil || !strings.Contains(err.Error(), "tls") {
				t.Errorf("HTTP %d %v; want a TLS error", status, err)
			}
		}},
		{"TLS unknown CA", FaultTLSUnknownCA, func(t *testing.T, status int, body []byte, err error) {
			if err == nil || !strings.Contains(err.Error(), "unknown authority") {
				t.Errorf("HTTP %d %v; want an unknown-authority error", status, err)
			}
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv := NewServer(t)
			srv.AddFault(Fault{Path: "/auth/v2/ping", Kind: c.kind, Count: 1})
			status, _, body, err := get(srv, srv.HTTPClient(), "/auth/v2/ping")
			c.check(t, status, body, err)
			if status, _, _, err := get(srv, srv.HTTPClient(), "/auth/v2/ping"); err != nil || status != 200 {
				t.Errorf("next request: HTTP %d, %v", status, err)
			}
			if f := srv.Faults(); len(f) != 0 {
				t.Errorf("rules left %+v", f)
			}
		})
	}
}

func TestFaultProbabilityAndClear(t *testing.T) {
	srv := NewServer(t)
	srv.AddFault(Fault{Path: "/auth/v2/ping", Kind: Fault503, Probability: 0.5})
	client := srv.HTTPClient()
	failed := 0
	const n = 200
	for i := 0; i < n; i++ {
		if status, _, _, err := get(srv, client, "/auth/v2/ping"); err != nil {
			t.Fatal(err)
		} else if status == 503 {
			failed++
		}
	}
	if failed < n/5 || failed > n*4/5 {
		t.Errorf("%d of %d failed with probability 0.5", failed, n)
	}
	if status, _, _, _ := get(srv, client, "/auth/v2/check"); status == 503 {
		t.Error("a rule for /auth/v2/ping hit /auth/v2/check")
	}
	srv.ClearFaults()
	for i := 0; i < 20; i++ {
		if status, _, _, _ := get(srv, client, "/auth/v2/ping"); status != 200 {
			t.Fatalf("after ClearFaults: HTTP %d", status)
		}
	}
}
