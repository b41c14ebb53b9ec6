package duotest

import (
	"net/url"
	"testing"
	"time"
)

// TestTOTPClockSkew reproduces the first cause of "the second factor you
// supplied was incorrect": a phone whose clock is off beyond the TOTP window
// gives passcodes Duo denies, while its pushes still work.
func TestTOTPClockSkew(t *testing.T) {
	cases := []struct {
		name   string
		skew   time.Duration
		result string
	}{
		{"in step", 0, "allow"},
		{"20 s fast (within one step)", 20 * time.Second, "allow"},
		{"2 minutes fast", 2 * time.Minute, "deny"},
		{"2 minutes slow", -2 * time.Minute, "deny"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv := NewServer(t, WithPhone(ApproveAfter(0)))
			phone := srv.Phone("alice")
			phone.SetClockSkew(c.skew)
			a := auth(t, srv, "username", "alice", "factor", "passcode", "passcode", phone.Passcode())
			if a.Result != c.result {
				t.Fatalf("passcode: %+v, want %s", a, c.result)
			}
			if c.result == "deny" && a.StatusMsg != "Incorrect passcode. Please try again." {
				t.Errorf("status_msg %q", a.StatusMsg)
			}
			if p := auth(t, srv, "username", "alice", "factor", "push"); p.Result != "allow" {
				t.Errorf("push from the skewed phone: %+v, want allow", p)
			}
		})
	}
}

// TestTOTPSingleUse: a Duo Mobile code is accepted once.
func TestTOTPSingleUse(t *testing.T) {
	srv := NewServer(t)
	code := srv.Phone("alice").Passcode()
	if a := auth(t, srv, "username", "alice", "factor", "passcode", "passcode", code); a.Result != "allow" {
		t.Fatalf("first use: %+v", a)
	}
	if a := auth(t, srv, "username", "alice", "factor", "passcode", "passcode", code); a.Result != "deny" {
		t.Errorf("second use: %+v, want deny", a)
	}
}

// TestSampleSkewedUser: judy's phone is 3 minutes fast out of the box.
func TestSampleSkewedUser(t *testing.T) {
	srv := NewServer(t)
	if got := srv.Phone("judy").ClockSkew(); got != 3*time.Minute {
		t.Fatalf("judy's skew %v", got)
	}
	if a := auth(t, srv, "username", "judy", "factor", "passcode", "passcode", srv.Phone("judy").Passcode()); a.Result != "deny" {
		t.Errorf("judy's passcode: %+v, want deny", a)
	}
}

// TestServerClockOffset reproduces the second cause: Duo's clock moves, a
// client that signs with its own clock gets 40105, while passcodes (made on
// Duo's time by a phone in step) still verify for a client that corrects.
func TestServerClockOffset(t *testing.T) {
	srv := NewServer(t)
	srv.SetClockOffset(10 * time.Minute)
	local := time.Now().UTC().Format(time.RFC1123Z)
	r := do(t, srv, nil, "GET", "/auth/v2/check", nil, signOpts{date: local})
	if r.status != 401 || r.env.Code != CodeBadDate {
		t.Fatalf("local clock 10 min behind Duo: %s", r.body)
	}
	code := srv.Phone("alice").Passcode()
	if a := auth(t, srv, "username", "alice", "factor", "passcode", "passcode", code); a.Result != "allow" {
		t.Errorf("passcode with a corrected client: %+v", a)
	}
	p := url.Values{"username": {"alice"}, "factor": {"passcode"}, "passcode": {code}}
	if r := do(t, srv, nil, "POST", "/auth/v2/auth", p, signOpts{date: local}); r.env.Code != CodeBadDate {
		t.Errorf("auth with the local clock: %s", r.body)
	}
}
