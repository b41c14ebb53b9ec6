package duo_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"duotui/duo"
)

// TestExplainDuoFailures asserts the exact sentence for each FAIL envelope
// and status Duo answers with.
func TestExplainDuoFailures(t *testing.T) {
	serverDate := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	check := func(c *duo.Client) error { _, err := c.Check(context.Background()); return err }
	summary := func(c *duo.Client) error { _, err := c.Summary(context.Background()); return err }
	preauth := func(c *duo.Client) error {
		_, err := c.Preauth(context.Background(), duo.PreauthRequest{Username: "alice"})
		return err
	}
	health := func(c *duo.Client) error { _, err := c.HealthCheck(context.Background()); return err }
	for _, tc := range []struct {
		name    string
		handler handler
		now     time.Time // client clock; zero = real
		call    func(*duo.Client) error
		kind    duo.Kind
		want    string // HOST stands for the server's host:port
	}{
		{"40101 missing credentials", failWith(40101, "Missing request credentials", ""), time.Time{}, check, duo.KindUnauthorized,
			"Duo did not accept the request's credentials (Duo 40101: Missing request credentials): set the integration key and secret key of your Auth API application and retry."},
		{"40102 unknown integration key", failWith(40102, "Invalid integration key in request credentials", ""), time.Time{}, check, duo.KindBadIKey,
			"Duo does not know this integration key (Duo 40102: Invalid integration key in request credentials): copy it again from Applications → your Auth API application → Integration key (keys of an Admin API or Web SDK application do not work here)."},
		{"40102 on the Admin API", failWith(40102, "Invalid integration key in request credentials", ""), time.Time{}, summary, duo.KindBadIKey,
			"Duo does not know this integration key (Duo 40102: Invalid integration key in request credentials): copy it again from Applications → your Admin API application → Integration key (keys of an Auth API or Web SDK application do not work here)."},
		{"40103 bad signature", failWith(40103, "Invalid signature in request credentials", ""), time.Time{}, check, duo.KindBadSignature,
			"Duo rejected the request signature (Duo 40103: Invalid signature in request credentials): the secret key is almost certainly wrong or badly pasted, so copy it again from Applications → your Auth API application → Secret key."},
		{"40104 missing timestamp", failWith(40104, "Missing request timestamp", ""), time.Time{}, check, duo.KindBadDate,
			"Duo received the request without its Date header (Duo 40104: Missing request timestamp): something between this server and Duo strips it, so check the proxy or retry with --trace."},
		{"40105 clock fast", failAt(serverDate, 40105, "Bad request timestamp"), serverDate.Add(94 * time.Second), check, duo.KindBadDate,
			"Duo rejected the request timestamp (Duo 40105: Bad request timestamp): this server's clock is 94 s fast, so enable NTP (timedatectl set-ntp true) and retry."},
		{"40105 clock slow", failAt(serverDate, 40105, "Bad request timestamp"), serverDate.Add(-301 * time.Second), check, duo.KindBadDate,
			"Duo rejected the request timestamp (Duo 40105: Bad request timestamp): this server's clock is 301 s slow, so enable NTP (timedatectl set-ntp true) and retry."},
		{"40105 without a Date header", failAt(time.Time{}, 40105, "Bad request timestamp"), time.Time{}, check, duo.KindBadDate,
			"Duo rejected the request timestamp (Duo 40105: Bad request timestamp): this server's clock is probably wrong, so enable NTP (timedatectl set-ntp true) and retry."},
		{"40002 invalid parameter", failWith(40002, "Invalid request parameters", "username"), time.Time{}, preauth, duo.KindBadRequest,
			"Duo rejected a parameter of the request (Duo 40002: Invalid request parameters: username): correct that value and retry."},
		{"40002 Web SDK client", failWith(40002, "invalid_client", "The provided client_assertion was invalid."), time.Time{}, health, duo.KindBadRequest,
			"Duo rejected the Web SDK client ID or client secret (Duo 40002: invalid_client: The provided client_assertion was invalid): copy both again from Applications → your Web SDK application."},
		{"40301 forbidden on the Admin API", failWith(40301, "Access forbidden", ""), time.Time{}, summary, duo.KindForbidden,
			`Duo refused access (Duo 40301: Access forbidden): give the Admin API application the permission it needs (such as "Grant read resource") in the Duo Admin Panel, then retry.`},
		{"40401 not found", failWith(40401, "Resource not found", ""), time.Time{}, check, duo.KindNotFound,
			"Duo has no such resource (Duo 40401: Resource not found): check the API hostname and the name or ID you asked for."},
		{"42901 after every retry", failWith(42901, "Too Many Requests", ""), time.Time{}, check, duo.KindRateLimited,
			"Duo is rate-limiting these keys (Duo 42901: Too Many Requests) and still refused after retries: wait a minute before trying again and space out bulk requests."},
		{"503 without a Duo body", status(503, "text/html", "<h1>down</h1>"), time.Time{}, check, duo.KindServer,
			"Duo's server failed (HTTP 503: Service Unavailable): the fault is on Duo's side, so check status.duo.com and retry in a few minutes."},
		{"500 with a Duo body", failWith(50000, "Internal server error", ""), time.Time{}, preauth, duo.KindServer,
			"Duo's server failed (Duo 50000: Internal server error): the fault is on Duo's side, so check status.duo.com and retry in a few minutes."},
		{"malformed JSON", status(200, "application/json", "<html>login portal</html>"), time.Time{}, check, duo.KindBadResponse,
			"The answer from HOST was not a Duo answer (malformed JSON): check that it is your Duo API host and that no proxy rewrites the traffic, then retry with --trace."},
		{"truncated JSON", status(200, "application/json", `{"stat":"OK","resp`), time.Time{}, check, duo.KindBadResponse,
			"The answer from HOST was cut off before it was complete (truncated JSON): retry, and if it happens again check the proxy or network between this server and Duo."},
		{"truncated body", shortBody, time.Time{}, check, duo.KindBadResponse,
			"The answer from HOST was cut off before it was complete (truncated body): retry, and if it happens again check the proxy or network between this server and Duo."},
		{"not Duo at all", status(418, "text/plain", "teapot"), time.Time{}, check, duo.KindBadResponse,
			"HOST answered with HTTP 418 and no Duo error: check that it is your Duo API host (api-XXXXXXXX.duosecurity.com)."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake(t, tc.handler)
			c := f.client(t, func(c *duo.Config) {
				if !tc.now.IsZero() {
					c.Now = func() time.Time { return tc.now }
				}
			})
			duo.SetJitter(c, func(d time.Duration) time.Duration { return d })
			err := tc.call(c)
			assertExplained(t, err, tc.kind, strings.ReplaceAll(tc.want, "HOST", f.host()))
		})
	}
}

func assertExplained(t *testing.T, err error, kind duo.Kind, want string) {
	t.Helper()
	if err == nil {
		t.Fatal("no error")
	}
	if got := duo.KindOf(err); got != kind {
		t.Errorf("KindOf = %v, want %v (%v)", got, kind, err)
	}
	if got := duo.Explain(err); got != want {
		t.Errorf("Explain =\n %s\nwant\n %s", got, want)
	}
	if n := strings.Count(duo.Explain(err), ". "); n > 0 && kind != duo.KindUnknown {
		t.Errorf("Explain is more than one sentence: %s", duo.Explain(err))
	}
}

func failWith(code int, message, detail string) handler {
	return func(w http.ResponseWriter, _ *http.Request, _ []byte) { fail(w, code, message, detail) }
}

// failAt answers with a FAIL and Duo's Date header set to at (none if zero).
func failAt(at time.Time, code int, message string) handler {
	return func(w http.ResponseWriter, _ *http.Request, _ []byte) {
		if at.IsZero() {
			w.Header()["Date"] = nil // net/http then sends no Date at all
		} else {
			w.Header().Set("Date", at.Format(http.TimeFormat))
		}
		fail(w, code, message, "")
	}
}

func status(code int, contentType, body string) handler {
	return func(w http.ResponseWriter, _ *http.Request, _ []byte) {
		w.Header().Set("Content-Type", contentType)
		w.WriteHeader(code)
		w.Write([]byte(body))
	}
}

// shortBody promises more bytes than it sends, then hangs up.
func shortBody(w http.ResponseWriter, _ *http.Request, _ []byte) {
	w.Header().Set("Content-Length", "200")
	w.WriteHeader(200)
	w.Write([]byte(`{"stat":"OK","response":`))
	w.(http.Flusher).Flush()
	conn, _, err := http.NewResponseController(w).Hijack()
	if err == nil {
		conn.Close()
	}
}

// closedAddr returns a loopback address nothing listens on.
func closedAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

func TestExplainOtherErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{"nil", nil, ""},
		{"bare cancel", context.Canceled, "The operation was canceled before it finished: retry when you are ready."},
		{"bare deadline", context.DeadlineExceeded, "The operation ran out of time: check the network path to Duo, then retry."},
		{"plain error becomes a sentence", errors.New("the config has no host; set host in [profiles.default]"),
			"The config has no host; set host in [profiles.default]."},
		{"wrapped *Error", fmt.Errorf("check: %w", &duo.Error{Op: "GET /auth/v2/check", Kind: duo.KindBadSignature, HTTPStatus: 401, Code: 40103, Message: "Invalid signature in request credentials"}),
			"Duo rejected the request signature (Duo 40103: Invalid signature in request credentials): the secret key is almost certainly wrong or badly pasted, so copy it again from Applications → your Auth API application → Secret key."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := duo.Explain(tc.err); got != tc.want {
				t.Errorf("Explain =\n %s\nwant\n %s", got, tc.want)
			}
		})
	}
	if k := duo.KindOf(errors.New("x")); k != duo.KindUnknown {
		t.Errorf("KindOf(plain) = %v", k)
	}
}

func TestKindNetwork(t *testing.T) {
	network := map[duo.Kind]bool{duo.KindDNS: true, duo.KindRefused: true, duo.KindTimeout: true, duo.KindReset: true,
		duo.KindProxy: true, duo.KindTLSUnknownAuthority: true, duo.KindTLSName: true, duo.KindTLSExpired: true, duo.KindTLS: true}
	for k := duo.KindUnknown; k <= duo.KindBadResponse; k++ {
		if k.Network() != network[k] {
			t.Errorf("%v.Network() = %v", k, k.Network())
		}
		if strings.HasPrefix(k.String(), "kind(") {
			t.Errorf("Kind %d has no name", k)
		}
	}
}
