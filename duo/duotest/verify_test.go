package duotest

import (
	"net/http"
	"net/url"
	"testing"
	"time"
)

// TestVerification has one case per row of Duo's error table (duo-api.md §3)
// and one per signature variant the simulator must accept.
func TestVerification(t *testing.T) {
	srv := NewServer(t)
	client := srv.HTTPClient()
	adminOpts := signOpts{ikey: srv.AdminIKey, skey: srv.AdminSKey}
	cases := []struct {
		name         string
		method, path string
		params       url.Values
		o            signOpts
		status, code int
		detail       string
	}{
		{name: "v2 SHA512", method: "GET", path: "/auth/v2/check", status: 200},
		{name: "v2 SHA1", method: "GET", path: "/auth/v2/check", o: signOpts{sha1: true}, status: 200},
		{name: "v2 SHA1 form POST", method: "POST", path: "/auth/v2/preauth", params: url.Values{"username": {"alice"}}, o: signOpts{sha1: true}, status: 200},
		{name: "v2 query with spaces", method: "GET", path: "/admin/v1/users", params: url.Values{"username": {"no such user"}}, o: adminOpts, status: 200},
		{name: "v5 JSON POST", method: "POST", path: "/auth/v2/preauth", params: url.Values{"username": {"alice"}}, o: signOpts{v5: true}, status: 200},
		{name: "v5 GET", method: "GET", path: "/auth/v2/check", o: signOpts{v5: true}, status: 200},
		{name: "X-Duo-Date", method: "GET", path: "/auth/v2/check", o: signOpts{xDuoDate: true}, status: 200},
		{name: "host without port (duo_unix)", method: "POST", path: "/auth/v2/preauth", params: url.Values{"username": {"alice"}},
			o: signOpts{hostNoPort: true, xDuoDate: true, sha1: true}, status: 200},
		{name: "Date within the window", method: "GET", path: "/auth/v2/check", o: signOpts{skew: 4 * time.Minute}, status: 200},
		{name: "Date with GMT", method: "GET", path: "/auth/v2/check", o: signOpts{date: time.Now().UTC().Format(time.RFC1123)}, status: 200},
		{name: "ping needs no signature", method: "GET", path: "/auth/v2/ping", o: signOpts{noAuth: true}, status: 200},

		{name: "missing credentials", method: "GET", path: "/auth/v2/check", o: signOpts{noAuth: true}, status: 401, code: 40101},
		{name: "unreadable credentials", method: "GET", path: "/auth/v2/check", o: signOpts{auth: "Bearer abc"}, status: 401, code: 40101},
		{name: "unknown integration key", method: "GET", path: "/auth/v2/check", o: signOpts{ikey: "DIXXXXXXXXXXXXXXXXXX", skey: srv.SKey}, status: 401, code: 40102},
		{name: "Admin keys on the Auth API", method: "GET", path: "/auth/v2/check", o: adminOpts, status: 401, code: 40102},
		{name: "Auth keys on the Admin API", method: "GET", path: "/admin/v1/users", status: 401, code: 40102},
		{name: "Web SDK keys on the Auth API", method: "GET", path: "/auth/v2/check", o: signOpts{ikey: srv.ClientID, skey: srv.ClientSecret}, status: 401, code: 40102},
		{name: "wrong secret key", method: "GET", path: "/auth/v2/check", o: signOpts{ikey: srv.IKey, skey: "0123456789012345678901234567890123456789"}, status: 401, code: 40103},
		{name: "upper-case hex signature", method: "GET", path: "/auth/v2/check", o: signOpts{upperHex: true}, status: 401, code: 40103},
		{name: "missing Date", method: "GET", path: "/auth/v2/check", o: signOpts{date: "-"}, status: 401, code: 40104},
		{name: "malformed Date", method: "GET", path: "/auth/v2/check", o: signOpts{date: "yesterday at noon"}, status: 401, code: 40105},
		{name: "Date ten minutes fast", method: "GET", path: "/auth/v2/check", o: signOpts{skew: 10 * time.Minute}, status: 401, code: 40105},
		{name: "Date ten minutes slow", method: "GET", path: "/auth/v2/check", o: signOpts{skew: -10 * time.Minute}, status: 401, code: 40105},
		{name: "missing parameter", method: "POST", path: "/auth/v2/preauth", status: 400, code: 40001, detail: "username"},
		{name: "invalid parameter", method: "POST", path: "/auth/v2/auth", params: url.Values{"username": {"alice"}, "factor": {"carrier-pigeon"}}, status: 400, code: 40002, detail: "factor"},
		{name: "unknown path", method: "GET", path: "/auth/v2/nope", status: 404, code: 40401},
		{name: "wrong method", method: "POST", path: "/auth/v2/check", status: 405, code: 40501},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := do(t, srv, client, c.method, c.path, c.params, c.o)
			if r.status != c.status {
				t.Fatalf("HTTP %d (%s), want %d", r.status, r.body, c.status)
			}
			if c.status == http.StatusOK {
				if r.env.Stat != "OK" {
					t.Fatalf("stat %q: %s", r.env.Stat, r.body)
				}
				return
			}
			if r.env.Stat != "FAIL" || r.env.Code != c.code || r.env.Message == "" {
				t.Fatalf("got %s, want FAIL %d", r.body, c.code)
			}
			if c.detail != "" && r.env.MessageDetail != c.detail {
				t.Errorf("message_detail %q, want %q", r.env.MessageDetail, c.detail)
			}
		})
	}
}

// TestDateFollowsServerClock: the window is judged against Duo's clock
// including its offset, and the HTTP Date header reports that clock.
func TestDateFollowsServerClock(t *testing.T) {
	srv := NewServer(t, WithClockOffset(90*time.Second), WithDateWindow(60*time.Second))
	r := do(t, srv, nil, "GET", "/auth/v2/check", nil, signOpts{}) // do signs with Duo's clock
	if r.status != 200 {
		t.Fatalf("Date on Duo's clock: HTTP %d %s", r.status, r.body)
	}
	local := do(t, srv, nil, "GET", "/auth/v2/check", nil, signOpts{date: time.Now().UTC().Format(time.RFC1123Z)})
	if local.env.Code != CodeBadDate {
		t.Fatalf("local Date 90 s behind Duo with a 60 s window: %s, want 40105", local.body)
	}
	hdr, err := http.ParseTime(r.header.Get("Date"))
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Until(hdr) - 90*time.Second; d < -2*time.Second || d > 2*time.Second {
		t.Errorf("HTTP Date is %v from Duo's clock", d)
	}
}
