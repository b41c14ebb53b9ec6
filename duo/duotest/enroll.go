package duotest

import (
	"errors"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// enrollment is an activation code waiting for a phone. Guarded by Server.mu.
type enrollment struct {
	code      string // bare code, without "duo://"
	user      *user
	expires   time.Time // Duo's clock
	activated bool
}

type enrollJSON struct {
	ActivationBarcode string   `json:"activation_barcode"`
	ActivationCode    string   `json:"activation_code"`
	ActivationURL     string   `json:"activation_url"`
	Expiration        int64    `json:"expiration"`
	UserID            string   `json:"user_id"`
	Username          string   `json:"username"`
	BypassCodes       []string `json:"bypass_codes,omitempty"`
}

func validSecs(p url.Values, def int) (time.Duration, *apiError) {
	v := p.Get("valid_secs")
	if v == "" {
		return time.Duration(def) * time.Second, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 {
		return 0, errInvalidParam("valid_secs")
	}
	return time.Duration(n) * time.Second, nil
}

// handleEnroll creates a user (random name if none is given) and an
// activation code valid for valid_secs (default one day).
func (s *Server) handleEnroll(w http.ResponseWriter, q *request) {
	p := q.params
	valid, aerr := validSecs(p, 86400)
	if aerr != nil {
		writeFail(w, aerr)
		return
	}
	nBypass := 0
	if v := p.Get("bypass_codes"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > 10 {
			writeFail(w, errInvalidParam("bypass_codes"))
			return
		}
		nBypass = n
	}
	name := p.Get("username")
	if name == "" {
		name = randomString("0123456789abcdef", 29)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.byName[strings.ToLower(name)] != nil {
		writeFail(w, &apiError{CodeInvalidParam, "Invalid request parameters", "username already exists"})
		return
	}
	u, err := s.addUserLocked(User{Name: name}, map[string]string{}, s.Now())
	if err != nil {
		writeFail(w, errInvalidParam("username"))
		return
	}
	e := s.newEnrollmentLocked(u, valid)
	out := enrollJSON{
		ActivationBarcode: s.URL + "/frame/qr?value=" + url.QueryEscape(e.code),
		ActivationCode:    "duo://" + e.code,
		ActivationURL:     s.URL + "/activate/" + e.code,
		Expiration:        e.expires.Unix(),
		UserID:            u.id,
		Username:          u.name,
	}
	for i := 0; i < nBypass; i++ {
		c := randomString("0123456789", 9)
		u.bypass = append(u.bypass, c)
		out.BypassCodes = append(out.BypassCodes, c)
	}
	writeOK(w, out)
}

func (s *Server) newEnrollmentLocked(u *user, valid time.Duration) *enrollment {
	e := &enrollment{code: randomString(alnum, 20) + "-" + randomString(alnum, 30), user: u, expires: s.Now().Add(valid)}
	s.enrolls[e.code] = e
	return e
}

// handleEnrollStatus answers "waiting", "success" or "invalid" (unknown or
// mismatched code, or expired).
func (s *Server) handleEnrollStatus(w http.ResponseWriter, q *request) {
	userID, code := q.params.Get("user_id"), q.params.Get("activation_code")
	if userID == "" {
		writeFail(w, errMissingParam("user_id"))
		return
	}
	if code == "" {
		writeFail(w, errMissingParam("activation_code"))
		return
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	e := s.enrolls[bareCode(code)]
	switch {
	case e == nil || e.user.id != userID:
		writeOK(w, "invalid")
	case e.activated:
		writeOK(w, "success")
	case s.Now().After(e.expires):
		writeOK(w, "invalid")
	default:
		writeOK(w, "waiting")
	}
}

// bareCode strips "duo://" or an activation URL down to the code.
func bareCode(code string) string {
	code = strings.TrimPrefix(code, "duo://")
	if i := strings.LastIndex(code, "/activate/"); i >= 0 {
		code = code[i+len("/activate/"):]
	}
	return code
}

// ErrActivation is wrapped by Activate's errors.
var ErrActivation = errors.New("activation failed")

// Activate plays the user's phone scanning the activation barcode: the code
// ("duo://…", the bare code or the activation URL) gains a Duo Mobile device
// (push and passcodes) and enroll_status turns "success".
func (s *Server) Activate(code string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	e := s.enrolls[bareCode(code)]
	switch {
	case e == nil:
		return fmt.Errorf("%w: the activation code is unknown; use the code or URL that enroll returned", ErrActivation)
	case e.activated:
		return fmt.Errorf("%w: the code was already used; enroll the user again for a new one", ErrActivation)
	case s.Now().After(e.expires):
		return fmt.Errorf("%w: the code expired at %s; enroll the user again",
			ErrActivation, e.expires.UTC().Format(time.RFC3339))
	}
	e.activated = true
	e.user.devices = append(e.user.devices, newDevice(Device{Platform: "Apple iOS", Model: "Apple iPhone"}))
	e.user.json = nil
	return nil
}

// handleActivate is the activation_url a phone opens: GET shows a page with
// a button, POST activates.
func (s *Server) handleActivate(w http.ResponseWriter, q *request) {
	code := strings.TrimPrefix(q.r.URL.Path, "/activate/")
	switch q.r.Method {
	case http.MethodGet:
		s.mu.RLock()
		e := s.enrolls[code]
		s.mu.RUnlock()
		if e == nil {
			writeFail(w, &apiError{CodeNotFound, "Resource not found", "activation code"})
			return
		}
		page := `<!doctype html><title>Duo Mobile activation</title><h1>Activate Duo Mobile for ` +
			html.EscapeString(e.user.name) + `</h1><form method="post"><button>Activate</button></form>`
		writeRaw(w, http.StatusOK, "text/html; charset=utf-8", []byte(page))
	case http.MethodPost:
		if err := s.Activate(code); err != nil {
			writeFail(w, &apiError{CodeInvalidParam, "Invalid request parameters", err.Error()})
			return
		}
		writeOK(w, "activated")
	default:
		writeFail(w, &apiError{CodeMethodNotAllowed, "Method not allowed", q.r.Method})
	}
}
