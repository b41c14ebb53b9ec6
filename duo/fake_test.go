package duo_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"duotui/duo"
)

const (
	testIKey = "DIWJ8X6AEYOR5OMC6TQ1"
	testSKey = "Zh5eGmUq9zpfQnyUIu5OL9iWoMMv5ZNmk3zLJ4Ep"
)

// seen is one request as the fake server received it.
type seen struct {
	Method, Host, Path, RawQuery string
	Header                       http.Header
	Body                         []byte
	Proto                        int
}

// fake is a minimal Duo stand-in on an httptest TLS server: it records every
// request and lets each test script the answers.
type fake struct {
	srv    *httptest.Server
	mu     sync.Mutex
	seen   []seen
	sleeps []time.Duration
}

type handler func(w http.ResponseWriter, r *http.Request, body []byte)

func newFake(t *testing.T, h handler) *fake {
	t.Helper()
	f := &fake{}
	f.srv = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		f.mu.Lock()
		f.seen = append(f.seen, seen{Method: r.Method, Host: r.Host, Path: r.URL.Path, RawQuery: r.URL.RawQuery,
			Header: r.Header.Clone(), Body: body, Proto: r.ProtoMajor})
		f.mu.Unlock()
		h(w, r, body)
	}))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fake) host() string { return strings.TrimPrefix(f.srv.URL, "https://") }

// config is a Config for this server whose retries sleep instantly.
func (f *fake) config() duo.Config {
	return duo.Config{
		Host: f.host(), IKey: testIKey, SKey: testSKey,
		HTTPClient: f.srv.Client(),
		Sleep: func(ctx context.Context, d time.Duration) error {
			f.mu.Lock()
			f.sleeps = append(f.sleeps, d)
			f.mu.Unlock()
			return ctx.Err()
		},
	}
}

func (f *fake) client(t *testing.T, mods ...func(*duo.Config)) *duo.Client {
	t.Helper()
	cfg := f.config()
	for _, m := range mods {
		m(&cfg)
	}
	c, err := duo.NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func (f *fake) requests() []seen {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]seen(nil), f.seen...)
}

func (f *fake) waits() []time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]time.Duration(nil), f.sleeps...)
}

// ok answers Duo's success envelope.
func ok(w http.ResponseWriter, response any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{"stat": "OK", "response": response})
}

// fail answers Duo's FAIL envelope; the HTTP status is the code's first
// three digits, as Duo does.
func fail(w http.ResponseWriter, code int, message, detail string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code / 100)
	env := map[string]any{"stat": "FAIL", "code": code, "message": message}
	if detail != "" {
		env["message_detail"] = detail
	}
	json.NewEncoder(w).Encode(env)
}

// verify recomputes the signature of s the way Duo would and reports a
// mismatch: params from the query or form body, or the raw JSON body (v5).
func verify(s seen, v duo.SigVersion) error {
	req := duo.Request{Method: s.Method, Host: s.Host, Path: s.Path, Date: s.Header.Get("Date")}
	switch {
	case strings.HasPrefix(s.Header.Get("Content-Type"), "application/json"):
		req.Body = s.Body
	case len(s.Body) > 0:
		p, err := url.ParseQuery(string(s.Body))
		if err != nil {
			return err
		}
		if duo.Encode(p) != string(s.Body) {
			return fmt.Errorf("form body %q is not in canonical form", s.Body)
		}
		req.Params = p
	default:
		p, err := url.ParseQuery(s.RawQuery)
		if err != nil {
			return err
		}
		if duo.Encode(p) != s.RawQuery {
			return fmt.Errorf("query %q is not in canonical form", s.RawQuery)
		}
		req.Params = p
	}
	if got, want := s.Header.Get("Authorization"), duo.Sign(v, req, testIKey, testSKey); got != want {
		return fmt.Errorf("signature mismatch for %s %s", s.Method, s.Path)
	}
	return nil
}

// quietLog drops the server's "TLS handshake error" lines: those failures
// are what the TLS tests provoke.
func quietLog() *log.Logger { return log.New(io.Discard, "", 0) }
