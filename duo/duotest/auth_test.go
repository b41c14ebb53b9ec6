package duotest

import (
	"net/url"
	"strings"
	"testing"
	"time"
)

type authResp struct {
	Result    string `json:"result"`
	Status    string `json:"status"`
	StatusMsg string `json:"status_msg"`
	TxID      string `json:"txid"`
}

func auth(t *testing.T, srv *Server, kv ...string) authResp {
	t.Helper()
	p := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		p.Set(kv[i], kv[i+1])
	}
	var a authResp
	do(t, srv, nil, "POST", "/auth/v2/auth", p, signOpts{}).decode(t, &a)
	return a
}

func authStatus(t *testing.T, srv *Server, txid string) authResp {
	t.Helper()
	var a authResp
	do(t, srv, nil, "GET", "/auth/v2/auth_status", url.Values{"txid": {txid}}, signOpts{}).decode(t, &a)
	return a
}

func TestAuthByUserStatus(t *testing.T) {
	srv := NewServer(t, WithPhone(ApproveAfter(0)))
	cases := []struct {
		user, result, status, msg string
	}{
		{"alice", "allow", "allow", msgAllow},
		{"erin", "allow", "bypass", msgBypass},
		{"frank", "deny", "locked_out", msgLockedOut},
		{"grace", "deny", "deny", msgDisabled},
		{"heidi", "deny", "deny", msgEnroll},
	}
	for _, c := range cases {
		t.Run(c.user, func(t *testing.T) {
			a := auth(t, srv, "username", c.user, "factor", "auto")
			if a.Result != c.result || a.Status != c.status || a.StatusMsg != c.msg {
				t.Errorf("got %+v, want %s/%s %q", a, c.result, c.status, c.msg)
			}
		})
	}
	r := do(t, srv, nil, "POST", "/auth/v2/auth", url.Values{"username": {"nobody"}, "factor": {"push"}}, signOpts{})
	if r.env.Code != CodeInvalidParam || r.env.MessageDetail != "username" {
		t.Errorf("unknown user: %s", r.body)
	}
}

func TestPushOutcomes(t *testing.T) {
	cases := []struct {
		name                string
		answer              func(p *Phone)
		result, status, msg string
	}{
		{"approve", func(p *Phone) { p.Approve(10 * time.Millisecond) }, "allow", "allow", msgAllow},
		{"deny", func(p *Phone) { p.Deny(10 * time.Millisecond) }, "deny", "deny", msgDeny},
		{"fraud", func(p *Phone) { p.Fraud(10 * time.Millisecond) }, "deny", "fraud", msgFraud},
		{"ignore", func(p *Phone) { p.Ignore() }, "deny", "timeout", msgPushTO},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv := NewServer(t, WithAnswerTimeout(150*time.Millisecond), WithPhone(ApproveAfter(0)))
			c.answer(srv.Phone("alice"))
			a := auth(t, srv, "username", "alice", "factor", "push", "device", "auto")
			if a.Result != c.result || a.Status != c.status || a.StatusMsg != c.msg {
				t.Errorf("got %+v, want %s/%s", a, c.result, c.status)
			}
			// The script was used once: the next push gets the default.
			if a := auth(t, srv, "username", "alice", "factor", "push"); a.Result != "allow" {
				t.Errorf("second push %+v, want the default approve", a)
			}
		})
	}
}

func TestPhoneCallSequence(t *testing.T) {
	srv := NewServer(t, WithPollInterval(3*time.Second))
	srv.Phone("carol").Approve(200 * time.Millisecond)
	a := auth(t, srv, "username", "carol", "factor", "phone", "async", "1")
	var seen []string
	for len(seen) < 4 {
		st := authStatus(t, srv, a.TxID)
		seen = append(seen, st.Status+"/"+st.StatusMsg)
		if st.Result != "waiting" {
			break
		}
	}
	want := []string{"calling/Dialing XXX-XXX-0103...", "answered/" + msgAnswered, "allow/" + msgAllow}
	if strings.Join(seen, "|") != strings.Join(want, "|") {
		t.Errorf("statuses\n%v\nwant\n%v", seen, want)
	}
}

func TestAuthStatusLongPoll(t *testing.T) {
	srv := NewServer(t, WithPollInterval(300*time.Millisecond))
	a := auth(t, srv, "username", "alice", "factor", "push", "async", "1")
	start := time.Now()
	if st := authStatus(t, srv, a.TxID); st.Status != "pushed" || st.Result != "waiting" || st.StatusMsg != msgPushed {
		t.Fatalf("first poll %+v", st)
	}
	if d := time.Since(start); d > 200*time.Millisecond {
		t.Errorf("first poll held %v; an unseen state returns at once", d)
	}
	start = time.Now()
	if st := authStatus(t, srv, a.TxID); st.Status != "pushed" {
		t.Fatalf("second poll %+v", st)
	}
	if d := time.Since(start); d < 250*time.Millisecond {
		t.Errorf("second poll returned after %v; it should hold for the poll interval", d)
	}
	done := make(chan authResp)
	go func() { done <- authStatus(t, srv, a.TxID) }()
	eventually(t, time.Second, func() bool { return len(srv.Pending()) == 1 })
	if err := srv.Answer(a.TxID, false); err != nil {
		t.Fatal(err)
	}
	if st := <-done; st.Result != "deny" || st.Status != "deny" {
		t.Errorf("poll after denial %+v", st)
	}
	if err := srv.Answer(a.TxID, true); err == nil {
		t.Error("answering a finished transaction succeeded")
	}
	r := do(t, srv, nil, "GET", "/auth/v2/auth_status", url.Values{"txid": {"nope"}}, signOpts{})
	if r.env.Code != CodeInvalidParam || r.env.MessageDetail != "txid" {
		t.Errorf("unknown txid: %s", r.body)
	}
}

func TestSMSThenPasscode(t *testing.T) {
	srv := NewServer(t)
	before := srv.TelephonyCredits()
	a := auth(t, srv, "username", "dave", "factor", "sms", "device", "auto", "async", "1")
	if st := authStatus(t, srv, a.TxID); st.Result != "deny" || st.Status != "sent" || st.StatusMsg != msgSMSSent {
		t.Fatalf("sms status %+v", st)
	}
	if got := srv.TelephonyCredits(); got != before-1 {
		t.Errorf("credits %d, want %d", got, before-1)
	}
	codes := srv.Phone("dave").SMSPasscodes()
	if len(codes) != 10 || len(codes[0]) != 7 {
		t.Fatalf("SMS batch %v", codes)
	}
	var pre preauthJSON
	do(t, srv, nil, "POST", "/auth/v2/preauth", url.Values{"username": {"dave"}, "text_prompt": {"1"}}, signOpts{}).decode(t, &pre)
	if pre.Devices[0].SMSNextcode != codes[0][:1] {
		t.Errorf("sms_nextcode %q, want %q", pre.Devices[0].SMSNextcode, codes[0][:1])
	}
	if !strings.Contains(pre.Prompt.Text, "SMS passcodes to XXX-XXX-0104 (next code starts with: "+codes[0][:1]+")") {
		t.Errorf("menu does not show the next code:\n%s", pre.Prompt.Text)
	}
	if a := auth(t, srv, "username", "dave", "factor", "passcode", "passcode", codes[3]); a.Result != "allow" {
		t.Errorf("SMS passcode: %+v", a)
	}
}

func TestTextPromptMenu(t *testing.T) {
	srv := NewServer(t)
	cases := []struct {
		user, text string
		factors    map[string]string
	}{
		{"alice", "Duo two-factor login for alice\n\nEnter a passcode or select one of the following options:\n\n" +
			" 1. Duo Push to XXX-XXX-0100\n 2. Phone call to XXX-XXX-0100\n 3. SMS passcodes to XXX-XXX-0100\n\n" +
			"Passcode or option (1-3): ",
			map[string]string{"1": "push1", "2": "phone1", "3": "sms1", "default": "push1"}},
		{"bob", "Duo two-factor login for bob\n\nEnter a passcode or select one of the following options:\n\n" +
			" 1. Duo Push to XXX-XXX-0101\n 2. Phone call to XXX-XXX-0101\n 3. Phone call to XXX-XXX-0102\n" +
			" 4. SMS passcodes to XXX-XXX-0101\n\nPasscode or option (1-4): ",
			map[string]string{"1": "push1", "2": "phone1", "3": "phone2", "4": "sms1", "default": "push1"}},
		{"ivan", "Duo two-factor login for ivan\n\nEnter a passcode or select one of the following options:\n\n" +
			" 1. Duo Push to Work iPad (iOS)\n\nPasscode or option (1-1): ",
			map[string]string{"1": "push1", "default": "push1"}},
	}
	for _, c := range cases {
		t.Run(c.user, func(t *testing.T) {
			var pre preauthJSON
			do(t, srv, nil, "POST", "/auth/v2/preauth", url.Values{"username": {c.user}, "text_prompt": {"1"},
				"hostname": {"bastion"}, "failmode": {"closed"}}, signOpts{}).decode(t, &pre)
			if pre.Prompt == nil || pre.Prompt.Text != c.text {
				t.Fatalf("prompt %+v\nwant text %q", pre.Prompt, c.text)
			}
			if len(pre.Prompt.Factors) != len(c.factors) {
				t.Fatalf("factors %v, want %v", pre.Prompt.Factors, c.factors)
			}
			for k, v := range c.factors {
				if pre.Prompt.Factors[k] != v {
					t.Errorf("factors %v, want %v", pre.Prompt.Factors, c.factors)
				}
			}
		})
	}
	var pre preauthJSON
	do(t, srv, nil, "POST", "/auth/v2/preauth", url.Values{"username": {"heidi"}, "text_prompt": {"1"}}, signOpts{}).decode(t, &pre)
	if pre.Result != "enroll" || pre.Prompt == nil || pre.Prompt.Text != "Please enroll at "+pre.EnrollPortalURL {
		t.Errorf("enroll prompt %+v", pre)
	}
}

func TestFactorPrompt(t *testing.T) {
	srv := NewServer(t, WithPhone(ApproveAfter(0)))
	cases := []struct {
		name, user, prompt, status string
		before                     func()
	}{
		{"push by menu name", "bob", "push1", "allow", nil},
		{"call to the second device", "bob", "phone2", "allow", nil},
		{"legacy voice name", "carol", "voice1", "allow", nil},
		{"sms", "bob", "sms1", "sent", nil},
		{"typed Duo Mobile passcode", "alice", "", "allow", nil},
		{"typed wrong passcode", "alice", "000000", "deny", nil},
		{"push denied on the phone", "alice", "push1", "deny", func() { srv.Phone("alice").Deny(0) }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.before != nil {
				c.before()
			}
			prompt := c.prompt
			if prompt == "" {
				prompt = srv.Phone(c.user).Passcode()
			}
			a := auth(t, srv, "username", c.user, "factor", "prompt", "prompt", prompt, "async", "1",
				"pushinfo", "Server+IP=192.0.2.7&Command=true", "hostname", "bastion")
			st := authStatus(t, srv, a.TxID)
			for st.Result == "waiting" {
				st = authStatus(t, srv, a.TxID)
			}
			if st.Status != c.status {
				t.Errorf("status %+v, want %s", st, c.status)
			}
		})
	}
	r := do(t, srv, nil, "POST", "/auth/v2/auth", url.Values{"username": {"carol"}, "factor": {"prompt"}, "prompt": {"push1"}}, signOpts{})
	if r.env.Code != CodeInvalidParam || r.env.MessageDetail != "prompt" {
		t.Errorf("push to a landline: %s", r.body)
	}
}

func TestPendingCarriesPushInfo(t *testing.T) {
	srv := NewServer(t)
	a := auth(t, srv, "username", "alice", "factor", "push", "async", "1", "type", "SSH login",
		"display_username", "Alice A.", "pushinfo", "Server+IP=192.0.2.7&Command=ls", "ipaddr", "198.51.100.4")
	p := srv.Pending()
	if len(p) != 1 {
		t.Fatalf("Pending = %+v", p)
	}
	got := p[0]
	if got.TxID != a.TxID || got.Username != "alice" || got.Factor != "push" || got.Status != "pushed" ||
		got.Type != "SSH login" || got.DisplayUsername != "Alice A." || got.PushInfo.Get("Server IP") != "192.0.2.7" ||
		got.IPAddr != "198.51.100.4" || got.Device != "XXX-XXX-0100" {
		t.Errorf("Pending[0] = %+v", got)
	}
	if err := srv.Respond(a.TxID, ActionIgnore); err != nil {
		t.Fatal(err)
	}
	if p := srv.Pending(); len(p) != 0 {
		t.Errorf("an ignored push is still pending: %+v", p)
	}
}

func TestHOTPTokenAndBypassCodes(t *testing.T) {
	srv := NewServer(t)
	tok := srv.Token("dave")
	first := tok.Passcode()
	cases := []struct {
		name, user, code, result string
	}{
		{"token press", "dave", first, "allow"},
		{"token code reused", "dave", first, "deny"},
		{"bypass code", "ivan", "123456789", "allow"},
		{"bypass code reused", "ivan", "123456789", "deny"},
	}
	// A press several codes ahead is still within Duo's look-ahead.
	tok.Passcode()
	tok.Passcode()
	cases = append(cases, struct{ name, user, code, result string }{"token three presses ahead", "dave", tok.Passcode(), "allow"})
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if a := auth(t, srv, "username", c.user, "factor", "passcode", "passcode", c.code); a.Result != c.result {
				t.Errorf("got %+v, want %s", a, c.result)
			}
		})
	}
}

func TestLockoutAfterWrongPasscodes(t *testing.T) {
	srv := NewServer(t, WithLockout(3))
	for i := 0; i < 3; i++ {
		if a := auth(t, srv, "username", "alice", "factor", "passcode", "passcode", "000000"); a.Status != "deny" {
			t.Fatalf("attempt %d: %+v", i, a)
		}
	}
	if got := srv.UserStatus("alice"); got != StatusLockedOut {
		t.Fatalf("status %q after 3 failures, want locked out", got)
	}
	a := auth(t, srv, "username", "alice", "factor", "passcode", "passcode", srv.Phone("alice").Passcode())
	if a.Status != "locked_out" {
		t.Errorf("locked-out user's correct passcode: %+v", a)
	}
}
