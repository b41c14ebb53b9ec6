package duotest

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"hash"
	"net"
	"net/http"
	"net/mail"
	"net/url"
	"strings"
	"time"
)

// verify checks a signed request the way Duo does, in this order: credentials
// present (40101), integration key known and of the right application
// (40102), Date present (40104) and readable (40105), signature (40103), Date
// within the window of Duo's clock (40105). Checking the signature before the
// window means a 40105 tells the caller that the keys themselves are right.
//
// The legacy /rest/v1 API (legacy=true) is signed without a date, as duo_unix
// 1.11 does: METHOD, host, path and parameters, HMAC-SHA1. Such a request
// carries no Date, so only its signature is checked.
func (s *Server) verify(r *http.Request, want appKind, signed url.Values, body []byte, isJSON, legacy bool) (*app, *apiError) {
	ikey, sig, ok := basicAuth(r.Header.Get("Authorization"))
	if r.Header.Get("Authorization") == "" {
		return nil, &apiError{CodeMissingCreds, "Missing request credentials", "Authorization header"}
	}
	if !ok {
		return nil, &apiError{CodeMissingCreds, "Missing request credentials", "Authorization header is not Basic base64(ikey:signature)"}
	}
	a := s.apps[ikey]
	if a == nil || a.kind != want {
		return nil, &apiError{CodeInvalidIKey, "Invalid integration key in request credentials", ""}
	}
	dateHdr := r.Header.Get("X-Duo-Date")
	if dateHdr == "" {
		dateHdr = r.Header.Get("Date")
	}
	if dateHdr == "" && legacy {
		if !s.signatureOK(r, a.skey, sig, "", signed, body, false, true) {
			return nil, &apiError{CodeInvalidSignature, "Invalid signature in request credentials", ""}
		}
		return a, nil
	}
	if dateHdr == "" {
		return nil, &apiError{CodeMissingDate, "Missing request timestamp", "Date or X-Duo-Date header"}
	}
	date, err := mail.ParseDate(dateHdr)
	if err != nil {
		return nil, &apiError{CodeBadDate, "Bad request timestamp", "Date is not an RFC 2822 date"}
	}
	if !s.signatureOK(r, a.skey, sig, dateHdr, signed, body, isJSON, false) {
		return nil, &apiError{CodeInvalidSignature, "Invalid signature in request credentials", ""}
	}
	if skew := date.Sub(s.Now()); skew > s.cfg.dateWindow || skew < -s.cfg.dateWindow {
		return nil, &apiError{CodeBadDate, "Bad request timestamp", "Date is outside the allowed window of Duo's clock"}
	}
	return a, nil
}

func basicAuth(h string) (ikey, sig string, ok bool) {
	const prefix = "Basic "
	if len(h) < len(prefix) || !strings.EqualFold(h[:len(prefix)], prefix) {
		return "", "", false
	}
	raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(h[len(prefix):]))
	if err != nil {
		return "", "", false
	}
	ikey, sig, ok = strings.Cut(string(raw), ":")
	return ikey, sig, ok && ikey != ""
}

// signatureOK accepts every scheme Duo's clients use: v2 with HMAC-SHA1 (40
// hex) or HMAC-SHA512 (128 hex), v4 and v5 (SHA-512 only). The signature must
// be lower-case hex, as Duo's clients produce.
func (s *Server) signatureOK(r *http.Request, skey, sig, date string, signed url.Values, body []byte, isJSON, v1 bool) bool {
	if sig != strings.ToLower(sig) {
		return false
	}
	want, err := hex.DecodeString(sig)
	if err != nil {
		return false
	}
	var newHash func() hash.Hash
	switch len(want) {
	case sha1.Size:
		newHash = sha1.New
	case sha512.Size:
		newHash = sha512.New
	default:
		return false
	}
	check := func(canon string) bool {
		m := hmac.New(newHash, []byte(skey))
		m.Write([]byte(canon))
		return hmac.Equal(m.Sum(nil), want)
	}
	params := []string{canonParams(signed)}
	if alt := canonParamsWhole(signed); alt != params[0] {
		params = append(params, alt)
	}
	for _, host := range signedHosts(r.Host) {
		for _, p := range params {
			if v1 {
				if check(strings.Join([]string{strings.ToUpper(r.Method), strings.ToLower(host), r.URL.Path, p}, "\n")) {
					return true
				}
				continue
			}
			// v2 signs form or query parameters; a JSON body is never v2.
			if !isJSON && check(canonV2(date, r.Method, host, r.URL.Path, p)) {
				return true
			}
			if len(want) != sha512.Size {
				continue
			}
			if check(canonV5(date, r.Method, host, r.URL.Path, p, body, xDuoHeaders(r.Header, false))) ||
				check(canonV5(date, r.Method, host, r.URL.Path, p, body, xDuoHeaders(r.Header, true))) ||
				check(canonV4(date, r.Method, host, r.URL.Path, p, body)) {
				return true
			}
		}
	}
	return false
}

// signedHosts lists the host forms a signature may cover. Duo's Go client
// signs the host as given (with the port); duo_unix signs it without the port
// but sends "Host: 127.0.0.1:PORT". On a loopback host both are accepted.
func signedHosts(h string) []string {
	hosts := []string{h}
	name, _, err := net.SplitHostPort(h)
	if err != nil {
		return hosts
	}
	if ip := net.ParseIP(name); (ip != nil && ip.IsLoopback()) || strings.EqualFold(name, "localhost") {
		hosts = append(hosts, name)
		if strings.Contains(name, ":") {
			hosts = append(hosts, "["+name+"]")
		}
	}
	return hosts
}

// loopback reports whether a remote address is on this machine.
func loopback(remote string) bool {
	host, _, err := net.SplitHostPort(remote)
	if err != nil {
		host = remote
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// unixTime is Duo's integer seconds.
func unixTime(t time.Time) int64 { return t.Unix() }
