package duotest

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// serveControl is the unsigned /sim/v1 API of `duotui sim`, accepted only
// from loopback addresses (see the package documentation).
func (s *Server) serveControl(w http.ResponseWriter, r *http.Request) {
	if !loopback(r.RemoteAddr) {
		writeFail(w, &apiError{CodeForbidden, "Forbidden", "the control API answers loopback clients only"})
		return
	}
	if err := r.ParseForm(); err != nil {
		writeFail(w, &apiError{CodeInvalidParam, "Invalid request parameters", "form"})
		return
	}
	path := strings.TrimPrefix(r.URL.Path, "/sim/v1/")
	head, arg, _ := strings.Cut(path, "/")
	get, post := r.Method == http.MethodGet, r.Method == http.MethodPost
	switch {
	case head == "pending" && get:
		s.ctlPending(w)
	case head == "answer" && post:
		s.ctlAnswer(w, r)
	case head == "phone" && post && arg != "":
		s.ctlPhone(w, r, arg)
	case head == "passcode" && get && arg != "":
		s.ctlCode(w, "passcode", s.Phone(arg).Passcode())
	case head == "token" && (get || post) && arg != "":
		s.ctlCode(w, "passcode", s.Token(arg).Passcode())
	case head == "sms" && get && arg != "":
		writeOK(w, map[string][]string{"passcodes": s.Phone(arg).SMSPasscodes()})
	case head == "clock" && (get || post):
		s.ctlClock(w, r)
	case head == "faults":
		s.ctlFaults(w, r)
	case head == "activate" && post:
		if err := s.Activate(r.Form.Get("code")); err != nil {
			writeFail(w, &apiError{CodeInvalidParam, "Invalid request parameters", err.Error()})
			return
		}
		writeOK(w, "activated")
	case head == "default" && post:
		a, aerr := formAnswer(r)
		if aerr != nil {
			writeFail(w, aerr)
			return
		}
		s.SetDefaultAnswer(a)
		writeOK(w, "ok")
	case head == "status" && post && arg != "":
		if !s.SetUserStatus(arg, r.Form.Get("status")) {
			writeFail(w, &apiError{CodeNotFound, "Resource not found", "user " + arg})
			return
		}
		writeOK(w, "ok")
	default:
		writeFail(w, &apiError{CodeNotFound, "Resource not found", r.Method + " " + r.URL.Path})
	}
}

type pendingJSON struct {
	TxID            string              `json:"txid"`
	Username        string              `json:"username"`
	DeviceID        string              `json:"device_id"`
	Device          string              `json:"device"`
	Factor          string              `json:"factor"`
	Status          string              `json:"status"`
	Started         int64               `json:"started"`
	Type            string              `json:"type"`
	DisplayUsername string              `json:"display_username,omitempty"`
	PushInfo        map[string][]string `json:"pushinfo,omitempty"`
	IPAddr          string              `json:"ipaddr,omitempty"`
	Hostname        string              `json:"hostname,omitempty"`
}

func (s *Server) ctlPending(w http.ResponseWriter) {
	out := []pendingJSON{}
	for _, p := range s.Pending() {
		out = append(out, pendingJSON{p.TxID, p.Username, p.DeviceID, p.Device, p.Factor, p.Status,
			p.Started.Unix(), p.Type, p.DisplayUsername, p.PushInfo, p.IPAddr, p.Hostname})
	}
	writeOK(w, out)
}

func formAnswer(r *http.Request) (Answer, *apiError) {
	a, err := ParseAction(r.Form.Get("action"))
	if err != nil {
		return Answer{}, &apiError{CodeInvalidParam, "Invalid request parameters", "action: approve, deny, fraud or ignore"}
	}
	var after time.Duration
	if v := r.Form.Get("after"); v != "" {
		if after, err = time.ParseDuration(v); err != nil || after < 0 {
			return Answer{}, errInvalidParam("after")
		}
	}
	return Answer{a, after}, nil
}

func (s *Server) ctlAnswer(w http.ResponseWriter, r *http.Request) {
	txid := r.Form.Get("txid")
	if txid == "" {
		writeFail(w, errMissingParam("txid"))
		return
	}
	a, aerr := formAnswer(r)
	if aerr != nil {
		writeFail(w, aerr)
		return
	}
	if err := s.Respond(txid, a.Action); err != nil {
		writeFail(w, &apiError{CodeInvalidParam, "Invalid request parameters", err.Error()})
		return
	}
	writeOK(w, "ok")
}

func (s *Server) ctlPhone(w http.ResponseWriter, r *http.Request, user string) {
	if s.UserStatus(user) == "" {
		writeFail(w, &apiError{CodeNotFound, "Resource not found", "user " + user})
		return
	}
	if v := r.Form.Get("skew"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			writeFail(w, errInvalidParam("skew"))
			return
		}
		s.Phone(user).SetClockSkew(d)
	}
	if r.Form.Get("action") != "" {
		a, aerr := formAnswer(r)
		if aerr != nil {
			writeFail(w, aerr)
			return
		}
		s.Phone(user).Script(a)
	}
	writeOK(w, "ok")
}

func (s *Server) ctlCode(w http.ResponseWriter, key, code string) {
	if code == "" {
		writeFail(w, &apiError{CodeNotFound, "Resource not found", "the user has no such device"})
		return
	}
	writeOK(w, map[string]string{key: code})
}

func (s *Server) ctlClock(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodPost {
		d, err := time.ParseDuration(r.Form.Get("offset"))
		if err != nil {
			writeFail(w, errInvalidParam("offset"))
			return
		}
		s.SetClockOffset(d)
	}
	writeOK(w, map[string]any{"offset": s.ClockOffset().String(), "time": s.Now().Unix()})
}

func (s *Server) ctlFaults(w http.ResponseWriter, r *http.Request) {
	switch r.Method {
	case http.MethodGet:
	case http.MethodDelete:
		s.ClearFaults()
	case http.MethodPost:
		f, aerr := formFault(r)
		if aerr != nil {
			writeFail(w, aerr)
			return
		}
		s.AddFault(f)
	default:
		writeFail(w, &apiError{CodeMethodNotAllowed, "Method not allowed", r.Method})
		return
	}
	out := []map[string]any{}
	for _, f := range s.Faults() {
		out = append(out, map[string]any{"path": f.Path, "kind": f.Kind.String(), "count": f.Count,
			"probability": f.Probability, "latency": f.Latency.String(), "retry_after": f.RetryAfter.String()})
	}
	writeOK(w, out)
}

func formFault(r *http.Request) (Fault, *apiError) {
	var f Fault
	var err error
	if f.Kind, err = ParseFaultKind(r.Form.Get("kind")); err != nil {
		return f, &apiError{CodeInvalidParam, "Invalid request parameters", "kind: " + err.Error()}
	}
	f.Path = r.Form.Get("path")
	if v := r.Form.Get("count"); v != "" {
		if f.Count, err = strconv.Atoi(v); err != nil || f.Count < 0 {
			return f, errInvalidParam("count")
		}
	}
	if v := r.Form.Get("probability"); v != "" {
		if f.Probability, err = strconv.ParseFloat(v, 64); err != nil || f.Probability < 0 || f.Probability > 1 {
			return f, errInvalidParam("probability")
		}
	}
	for name, dst := range map[string]*time.Duration{"latency": &f.Latency, "retry_after": &f.RetryAfter} {
		if v := r.Form.Get(name); v != "" {
			if *dst, err = time.ParseDuration(v); err != nil {
				return f, errInvalidParam(name)
			}
		}
	}
	return f, nil
}
