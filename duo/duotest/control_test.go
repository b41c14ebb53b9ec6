package duotest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// ctl calls the control API and decodes the envelope's response into v.
func ctl(t *testing.T, srv *Server, method, path string, form url.Values, v any) int {
	t.Helper()
	req, _ := http.NewRequest(method, srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := srv.HTTPClient().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var env struct {
		Stat     string
		Response json.RawMessage
	}
	json.NewDecoder(resp.Body).Decode(&env)
	if v != nil && env.Stat == "OK" {
		if err := json.Unmarshal(env.Response, v); err != nil {
			t.Fatalf("%s: %v", env.Response, err)
		}
	}
	return resp.StatusCode
}

func TestControlAPI(t *testing.T) {
	srv := NewServer(t)
	a := auth(t, srv, "username", "alice", "factor", "push", "async", "1", "pushinfo", "Command=ls")
	var pend []pendingJSON
	ctl(t, srv, "GET", "/sim/v1/pending", nil, &pend)
	if len(pend) != 1 || pend[0].TxID != a.TxID || pend[0].PushInfo["Command"][0] != "ls" {
		t.Fatalf("pending %+v", pend)
	}
	if st := ctl(t, srv, "POST", "/sim/v1/answer", url.Values{"txid": {a.TxID}, "action": {"approve"}}, nil); st != 200 {
		t.Fatalf("answer: HTTP %d", st)
	}
	if st := authStatus(t, srv, a.TxID); st.Result != "allow" {
		t.Errorf("after control approve: %+v", st)
	}

	ctl(t, srv, "POST", "/sim/v1/phone/alice", url.Values{"action": {"deny"}, "after": {"10ms"}}, nil)
	if a := auth(t, srv, "username", "alice", "factor", "push"); a.Status != "deny" {
		t.Errorf("scripted deny: %+v", a)
	}
	ctl(t, srv, "POST", "/sim/v1/default", url.Values{"action": {"fraud"}}, nil)
	if a := auth(t, srv, "username", "bob", "factor", "push"); a.Status != "fraud" {
		t.Errorf("default fraud: %+v", a)
	}

	var pc map[string]string
	ctl(t, srv, "GET", "/sim/v1/passcode/alice", nil, &pc)
	if a := auth(t, srv, "username", "alice", "factor", "passcode", "passcode", pc["passcode"]); a.Result != "allow" {
		t.Errorf("control passcode %q: %+v", pc["passcode"], a)
	}
	ctl(t, srv, "POST", "/sim/v1/token/dave", nil, &pc)
	if a := auth(t, srv, "username", "dave", "factor", "passcode", "passcode", pc["passcode"]); a.Result != "allow" {
		t.Errorf("control token code: %+v", a)
	}
	auth(t, srv, "username", "alice", "factor", "sms")
	var sms map[string][]string
	ctl(t, srv, "GET", "/sim/v1/sms/alice", nil, &sms)
	if len(sms["passcodes"]) != 10 {
		t.Errorf("sms %v", sms)
	}
	ctl(t, srv, "POST", "/sim/v1/phone/alice", url.Values{"skew": {"5m"}}, nil)
	if got := srv.Phone("alice").ClockSkew(); got != 5*time.Minute {
		t.Errorf("skew %v", got)
	}

	var clock map[string]any
	ctl(t, srv, "POST", "/sim/v1/clock", url.Values{"offset": {"90s"}}, &clock)
	if srv.ClockOffset() != 90*time.Second || clock["offset"] != "1m30s" {
		t.Errorf("clock %v, offset %v", clock, srv.ClockOffset())
	}
	srv.SetClockOffset(0)

	var faults []map[string]any
	ctl(t, srv, "POST", "/sim/v1/faults", url.Values{"path": {"/auth/v2/check"}, "kind": {"429"}, "count": {"2"}, "retry_after": {"1s"}}, &faults)
	if len(faults) != 1 || faults[0]["kind"] != "429" {
		t.Errorf("faults %v", faults)
	}
	if r := do(t, srv, nil, "GET", "/auth/v2/check", nil, signOpts{}); r.status != 429 || r.header.Get("Retry-After") != "1" {
		t.Errorf("fault from the control API: HTTP %d %v", r.status, r.header)
	}
	ctl(t, srv, "DELETE", "/sim/v1/faults", nil, &faults)
	if len(faults) != 0 || len(srv.Faults()) != 0 {
		t.Errorf("faults after DELETE %v", faults)
	}
	if st := ctl(t, srv, "POST", "/sim/v1/faults", url.Values{"kind": {"meteor"}}, nil); st != 400 {
		t.Errorf("bad kind: HTTP %d", st)
	}

	ctl(t, srv, "POST", "/sim/v1/status/alice", url.Values{"status": {"bypass"}}, nil)
	if srv.UserStatus("alice") != StatusBypass {
		t.Error("status not set")
	}
	var en enrollJSON
	do(t, srv, nil, "POST", "/auth/v2/enroll", url.Values{"username": {"newbie"}}, signOpts{}).decode(t, &en)
	if st := ctl(t, srv, "POST", "/sim/v1/activate", url.Values{"code": {en.ActivationCode}}, nil); st != 200 {
		t.Errorf("activate: HTTP %d", st)
	}
	if st := ctl(t, srv, "GET", "/sim/v1/nothing", nil, nil); st != 404 {
		t.Errorf("unknown control path: HTTP %d", st)
	}
}

func TestActivationURL(t *testing.T) {
	srv := NewServer(t)
	var en enrollJSON
	do(t, srv, nil, "POST", "/auth/v2/enroll", url.Values{"username": {"newbie"}}, signOpts{}).decode(t, &en)
	c := srv.HTTPClient()
	resp, err := c.Get(en.ActivationURL)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("GET activation page: %v %v", resp, err)
	}
	resp.Body.Close()
	resp, err = c.Post(en.ActivationURL, "", nil)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("POST activation: %v %v", resp, err)
	}
	resp.Body.Close()
	var st string
	do(t, srv, nil, "POST", "/auth/v2/enroll_status", url.Values{"user_id": {en.UserID}, "activation_code": {en.ActivationCode}}, signOpts{}).decode(t, &st)
	if st != "success" {
		t.Errorf("enroll_status %q", st)
	}
}

func TestControlAPILoopbackOnly(t *testing.T) {
	srv := NewServer(t)
	req := httptest.NewRequest("GET", "/sim/v1/pending", nil)
	req.RemoteAddr = "192.0.2.10:40000"
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	var f failBody
	json.Unmarshal(rec.Body.Bytes(), &f)
	if rec.Code != 403 || f.Code != CodeForbidden {
		t.Errorf("non-loopback caller: HTTP %d %s", rec.Code, rec.Body)
	}
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func TestRequestLogRedacts(t *testing.T) {
	var log lockedBuffer
	srv := NewServer(t, WithLog(&log))
	code := srv.Phone("alice").Passcode()
	auth(t, srv, "username", "alice", "factor", "passcode", "passcode", code)
	get(srv, srv.HTTPClient(), "/auth/v2/ping")
	out := log.String()
	if !strings.Contains(out, "POST /auth/v2/auth 200") || !strings.Contains(out, srv.IKey+":[redacted]") ||
		!strings.Contains(out, "GET /auth/v2/ping 200") {
		t.Errorf("log:\n%s", out)
	}
	for _, secret := range []string{srv.SKey, code} {
		if strings.Contains(out, secret) {
			t.Errorf("log leaks %q:\n%s", secret, out)
		}
	}
}
