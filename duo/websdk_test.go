package duo_test

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"regexp"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"duotui/duo"
)

func TestHealthCheckSendsClientAssertion(t *testing.T) {
	now := time.Now().Truncate(time.Second)
	var claims jwt.MapClaims
	var form url.Values
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, body []byte) {
		form, _ = url.ParseQuery(string(body))
		tok, err := jwt.Parse(form.Get("client_assertion"), func(*jwt.Token) (any, error) { return []byte(testSKey), nil },
			jwt.WithValidMethods([]string{"HS512"}), jwt.WithAudience("https://"+r.Host+"/oauth/v1/health_check"),
			jwt.WithIssuer(testIKey), jwt.WithSubject(testIKey), jwt.WithExpirationRequired())
		if err != nil {
			fail(w, 40002, "invalid_client", err.Error())
			return
		}
		claims = tok.Claims.(jwt.MapClaims)
		ok(w, map[string]any{"timestamp": 1573068322})
	})
	var trace bytes.Buffer
	c := f.client(t, func(c *duo.Config) { c.Now = func() time.Time { return now }; c.Trace = &trace })
	got, err := c.HealthCheck(context.Background())
	if err != nil {
		t.Fatal(duo.Explain(err))
	}
	if !got.Equal(time.Unix(1573068322, 0)) {
		t.Errorf("HealthCheck time %v", got)
	}
	s := f.requests()[0]
	if s.Method != "POST" || s.Path != "/oauth/v1/health_check" || s.Header.Get("Authorization") != "" ||
		s.Header.Get("Content-Type") != "application/x-www-form-urlencoded" || form.Get("client_id") != testIKey {
		t.Errorf("request %s %s auth=%q type=%q form=%v", s.Method, s.Path, s.Header.Get("Authorization"), s.Header.Get("Content-Type"), form)
	}
	if exp, _ := claims.GetExpirationTime(); !exp.Equal(now.Add(5 * time.Minute)) {
		t.Errorf("exp = %v, want now+300 s", exp)
	}
	if jti, _ := claims["jti"].(string); !regexp.MustCompile(`^[A-Za-z0-9]{36}$`).MatchString(jti) {
		t.Errorf("jti = %q, want 36 alphanumerics", jti)
	}
	if bytes.Contains(trace.Bytes(), []byte(form.Get("client_assertion"))) {
		t.Error("trace shows the client assertion")
	}
}

func TestHealthCheckWithWrongSecret(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, body []byte) {
		form, _ := url.ParseQuery(string(body))
		if _, err := jwt.Parse(form.Get("client_assertion"), func(*jwt.Token) (any, error) { return []byte("another secret"), nil }); err != nil {
			fail(w, 40002, "invalid_client", "The provided client_assertion was invalid.")
			return
		}
		ok(w, map[string]any{"timestamp": 1})
	})
	_, err := f.client(t).HealthCheck(context.Background())
	assertExplained(t, err, duo.KindBadRequest,
		"Duo rejected the Web SDK client ID or client secret (Duo 40002: invalid_client: The provided client_assertion was invalid): copy both again from Applications → your Web SDK application.")
}
