package duo

import (
	"context"
	"crypto/rand"
	"net/http"
	"net/url"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

const healthCheckPath = "/oauth/v1/health_check"

// HealthCheck proves a Web SDK (Universal Prompt) application's client ID
// and secret without a user: POST /oauth/v1/health_check with a client
// assertion JWT (HS512, signed with the client secret), as Duo's Universal
// SDKs do. Build the Client with IKey = client ID and SKey = client secret.
// It returns Duo's time.
func (c *Client) HealthCheck(ctx context.Context) (time.Time, error) {
	aud := "https://" + c.host + healthCheckPath
	now := c.now()
	claims := jwt.MapClaims{
		"iss": c.ikey,
		"sub": c.ikey,
		"aud": aud,
		"exp": now.Add(5 * time.Minute).Unix(),
		"iat": now.Unix(),
		"jti": randomAlnum(36),
	}
	assertion, err := jwt.NewWithClaims(jwt.SigningMethodHS512, claims).SignedString([]byte(c.skey))
	if err != nil {
		return time.Time{}, &Error{Op: http.MethodPost + " " + healthCheckPath, Host: c.host, Kind: KindUnknown, Err: err}
	}
	p := url.Values{"client_id": {c.ikey}, "client_assertion": {assertion}}
	v, _, err := get[struct {
		Timestamp int64 `json:"timestamp"`
	}](ctx, c, &call{method: http.MethodPost, path: healthCheckPath, params: p, unsigned: true, form: true})
	if err != nil {
		return time.Time{}, err
	}
	return time.Unix(v.Timestamp, 0), nil
}

const alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

// randomAlnum returns n characters from a CSPRNG, as Duo's SDKs make jti.
func randomAlnum(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alnum[randIndex(len(alnum))]
	}
	return string(b)
}

// randIndex draws without modulo bias by rejecting bytes past the last
// whole multiple of n.
func randIndex(n int) int {
	limit := 256 - 256%n
	var one [1]byte
	for {
		rand.Read(one[:])
		if int(one[0]) < limit {
			return int(one[0]) % n
		}
	}
}
