package duotest

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// assertion builds a client_assertion the way duo_universal does.
func assertion(t *testing.T, clientID, secret, aud string, exp time.Time, jti string) string {
	t.Helper()
	tok := jwt.NewWithClaims(jwt.SigningMethodHS512, jwt.MapClaims{
		"iss": clientID, "sub": clientID, "aud": aud, "exp": float64(exp.UnixNano()) / 1e9, "jti": jti,
	})
	s, err := tok.SignedString([]byte(secret))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func healthCheck(t *testing.T, srv *Server, form url.Values) (int, healthFail, []byte) {
	t.Helper()
	resp, err := srv.HTTPClient().PostForm(srv.URL+"/oauth/v1/health_check", form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var raw json.RawMessage
	json.NewDecoder(resp.Body).Decode(&raw)
	var f healthFail
	json.Unmarshal(raw, &f)
	return resp.StatusCode, f, raw
}

func TestHealthCheck(t *testing.T) {
	srv := NewServer(t)
	aud := srv.URL + "/oauth/v1/health_check"
	soon := time.Now().Add(5 * time.Minute)
	jti := func() string { return randomString(alnum, 36) }
	cases := []struct {
		name   string
		form   url.Values
		status int
		detail string
	}{
		{"valid", url.Values{"client_id": {srv.ClientID}, "client_assertion": {assertion(t, srv.ClientID, srv.ClientSecret, aud, soon, jti())}}, 200, ""},
		{"audience without port", url.Values{"client_id": {srv.ClientID}, "client_assertion": {assertion(t, srv.ClientID, srv.ClientSecret,
			"https://127.0.0.1/oauth/v1/health_check", soon, jti())}}, 200, ""},
		{"wrong secret", url.Values{"client_id": {srv.ClientID}, "client_assertion": {assertion(t, srv.ClientID, strings.Repeat("a", 40), aud, soon, jti())}}, 400, detailBadAssertion},
		{"unknown client id", url.Values{"client_id": {"DIXXXXXXXXXXXXXXXXXY"}, "client_assertion": {assertion(t, "DIXXXXXXXXXXXXXXXXXY", srv.ClientSecret, aud, soon, jti())}}, 400, detailBadAssertion},
		{"Auth API keys", url.Values{"client_id": {srv.IKey}, "client_assertion": {assertion(t, srv.IKey, srv.SKey, aud, soon, jti())}}, 400, detailBadAssertion},
		{"expired", url.Values{"client_id": {srv.ClientID}, "client_assertion": {assertion(t, srv.ClientID, srv.ClientSecret, aud, time.Now().Add(-time.Minute), jti())}}, 400, detailExpired},
		{"wrong audience", url.Values{"client_id": {srv.ClientID}, "client_assertion": {assertion(t, srv.ClientID, srv.ClientSecret, "https://example.com/oauth/v1/health_check", soon, jti())}}, 400, detailBadAssertion},
		{"missing assertion", url.Values{"client_id": {srv.ClientID}}, 400, "Missing client_assertion."},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			status, f, raw := healthCheck(t, srv, c.form)
			if status != c.status {
				t.Fatalf("HTTP %d %s, want %d", status, raw, c.status)
			}
			if c.status == 200 {
				var ok struct {
					Stat     string
					Response struct{ Timestamp int64 }
				}
				json.Unmarshal(raw, &ok)
				if ok.Stat != "OK" || ok.Response.Timestamp == 0 {
					t.Errorf("got %s", raw)
				}
				return
			}
			if f.Stat != "FAIL" || f.Code/100 != 400 || f.MessageDetail != c.detail || f.Timestamp == 0 {
				t.Errorf("got %s, want detail %q", raw, c.detail)
			}
		})
	}
}

func TestHealthCheckReplayAndClock(t *testing.T) {
	srv := NewServer(t)
	aud := srv.URL + "/oauth/v1/health_check"
	form := url.Values{"client_id": {srv.ClientID}, "client_assertion": {assertion(t, srv.ClientID, srv.ClientSecret, aud, time.Now().Add(5*time.Minute), "same-jti-0123456789012345678901234567")}}
	if status, _, raw := healthCheck(t, srv, form); status != http.StatusOK {
		t.Fatalf("first use: %s", raw)
	}
	if status, _, raw := healthCheck(t, srv, form); status != http.StatusBadRequest {
		t.Errorf("replayed jti: HTTP %d %s", status, raw)
	}
	// An assertion valid for five minutes by the client's clock has expired
	// by Duo's clock when Duo is ten minutes ahead.
	srv.SetClockOffset(10 * time.Minute)
	form.Set("client_assertion", assertion(t, srv.ClientID, srv.ClientSecret, aud, time.Now().Add(5*time.Minute), randomString(alnum, 36)))
	if _, f, raw := healthCheck(t, srv, form); f.MessageDetail != detailExpired {
		t.Errorf("Duo 10 min ahead: %s", raw)
	}
}
