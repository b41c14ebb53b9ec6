package duotest

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// healthFail is the Web SDK's FAIL shape: Duo's envelope plus a timestamp,
// with OAuth-style messages (as duo_universal's tests record them).
type healthFail struct {
	Stat          string `json:"stat"`
	Code          int    `json:"code"`
	Message       string `json:"message"`
	MessageDetail string `json:"message_detail"`
	Timestamp     int64  `json:"timestamp"`
}

const (
	detailBadAssertion = "The provided client_assertion was invalid."
	detailExpired      = "The provided client_assertion has expired."
)

// handleHealthCheck verifies the client_assertion JWT of a Web SDK
// application: HS512 with the client secret, iss = sub = client_id, aud = the
// full endpoint URL, exp in the future by Duo's clock, a jti not seen before.
func (s *Server) handleHealthCheck(w http.ResponseWriter, q *request) {
	fail := func(code int, msg, detail string) {
		writeJSON(w, code/100, healthFail{"FAIL", code, msg, detail, s.Now().Unix()})
	}
	clientID, assertion := q.params.Get("client_id"), q.params.Get("client_assertion")
	if clientID == "" || assertion == "" {
		missing := "client_id"
		if clientID != "" {
			missing = "client_assertion"
		}
		fail(CodeMissingParam, "invalid_request", "Missing "+missing+".")
		return
	}
	a := s.apps[clientID]
	if a == nil || a.kind != appWebSDK {
		fail(CodeInvalidParam, "invalid_client", detailBadAssertion)
		return
	}
	claims := jwt.MapClaims{}
	_, err := jwt.ParseWithClaims(assertion, claims, func(*jwt.Token) (any, error) { return []byte(a.skey), nil },
		jwt.WithValidMethods([]string{"HS512"}), jwt.WithTimeFunc(s.Now), jwt.WithExpirationRequired(),
		jwt.WithIssuer(clientID), jwt.WithSubject(clientID), jwt.WithAudience(s.healthAudiences(q.r)...))
	switch {
	case errors.Is(err, jwt.ErrTokenExpired), errors.Is(err, jwt.ErrTokenNotValidYet):
		fail(CodeInvalidParam, "invalid_client", detailExpired)
		return
	case err != nil:
		fail(CodeInvalidParam, "invalid_client", detailBadAssertion)
		return
	}
	jti, _ := claims["jti"].(string)
	exp, _ := claims.GetExpirationTime()
	s.mu.Lock()
	_, replay := s.jtis[jti]
	if !replay && jti != "" {
		// Kept until the assertion expires by the local clock; the janitor
		// sweeps it then.
		s.jtis[jti] = time.Now().Add(exp.Sub(s.Now()))
	}
	s.mu.Unlock()
	if jti == "" || replay {
		fail(CodeInvalidParam, "invalid_client", detailBadAssertion)
		return
	}
	writeOK(w, map[string]int64{"timestamp": s.Now().Unix()})
}

// healthAudiences accepts the endpoint URL with the host as the client
// addressed it, with or without the port on loopback.
func (s *Server) healthAudiences(r *http.Request) []string {
	var out []string
	for _, h := range signedHosts(r.Host) {
		if strings.Contains(h, ":") && !strings.HasPrefix(h, "[") && strings.Count(h, ":") > 1 {
			continue // a bare IPv6 address cannot stand in a URL
		}
		out = append(out, "https://"+h+"/oauth/v1/health_check")
	}
	return out
}
