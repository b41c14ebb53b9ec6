package send_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"duotui/duo"
	"duotui/duo/duotest"
	"duotui/model"
	"duotui/ui/common"
	"duotui/ui/uitest"
)

// TestFactorsFollowCapabilities offers only what the device can take: the
// keys of other factors are hidden from help, and pressed anyway they send
// nothing and say why.
func TestFactorsFollowCapabilities(t *testing.T) {
	srv := duotest.NewServer(t)
	tests := []struct {
		name, user string
		down       int // device under the cursor
		caps       string
		press      string
		hidden     string
		why        string
	}{
		{"landline has no push", "carol", 0, "call", "p", "p push", "This device cannot take a push (it offers call)"},
		{"tablet has no call", "ivan", 0, "push · passcode · auto", "c", "c call", "This device cannot take a phone call"},
		{"tablet has no SMS", "ivan", 0, "push · passcode · auto", "s", "s sms", "This device cannot take SMS passcodes"},
		{"token has no push", "dave", 1, "passcode", "p", "p push", "This device cannot take a push (it offers passcode)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := start(t, srv, uitest.Options{}, 80, 24)
			r.pick(tc.user)
			for range tc.down {
				r.key("down")
			}
			r.waitScreen("› ")
			r.waitFor("the device's factors", func() bool {
				for _, l := range strings.Split(r.h.screen(), "\n") {
					if strings.HasPrefix(l, "› ") && strings.HasSuffix(l, "  "+tc.caps) {
						return true
					}
				}
				return false
			})
			if h := helpLine(r.h.screen()); strings.Contains(h, tc.hidden) {
				t.Errorf("help offers %q: %s", tc.hidden, h)
			}
			r.key(tc.press)
			r.waitScreen(tc.why)
			if n := len(r.s.Txs.List()); n != 0 {
				t.Errorf("%d transactions started", n)
			}
		})
	}
}

// TestViewerCannotSend keeps an SSH viewer from sending: the keys are
// hidden, pressed they say why, and the attempt is audited as refused.
func TestViewerCannotSend(t *testing.T) {
	srv := duotest.NewServer(t)
	r := start(t, srv, uitest.Options{Role: common.RoleViewer}, 80, 24)
	r.pick("alice")
	if h := helpLine(r.h.screen()); strings.Contains(h, "push") || strings.Contains(h, "sms") {
		t.Errorf("help offers sends to a viewer: %s", h)
	}
	r.key("p")
	r.waitScreen("This session has the viewer role, so it cannot send")
	a := r.audited(1)[0]
	want := model.AuditRecord{Time: uitest.Epoch, Actor: model.Actor{User: "tester"}, Action: model.ActionPush, Host: srv.Host,
		User: "alice", Factor: "push", Device: "iOS (XXX-XXX-0100)", Result: "refused", Error: a.Error}
	a.Time = a.Time.UTC()
	if a != want || !strings.Contains(a.Error, "viewer role") {
		t.Errorf("audit\n got %+v\nwant %+v", a, want)
	}
	r.key("t")
	r.audited(2)
	if n := len(r.s.Txs.List()); n != 0 || len(srv.Pending()) != 0 {
		t.Errorf("a viewer started %d transactions", n)
	}
}

// TestNoSecondFactor explains preauth answers other than "auth" and offers
// nothing to send.
func TestNoSecondFactor(t *testing.T) {
	srv := duotest.NewServer(t)
	tests := []struct{ user, meaning, duo string }{
		{"erin", "Bypass: Duo lets this user in without any second factor.", "Duo says: Allowing bypass user"},
		{"frank", "Locked out: Duo locked this user", "Duo says: Your account has been locked out"},
		{"grace", "Disabled: Duo refuses every login", "Duo says: Your account is disabled."},
		{"heidi", "Not enrolled: this user has no device yet", "Enrollment portal:"},
	}
	for _, tc := range tests {
		t.Run(tc.user, func(t *testing.T) {
			r := start(t, srv, uitest.Options{}, 80, 24)
			r.pick(tc.user)
			r.waitScreen(tc.meaning, tc.duo, "Nothing can be sent to "+tc.user)
			if h := helpLine(r.h.screen()); strings.Contains(h, "push") {
				t.Errorf("help offers a push: %s", h)
			}
			r.key("p")
			r.waitScreen("Duo does not ask " + tc.user + " for a second factor")
			if n := len(r.s.Txs.List()); n != 0 {
				t.Errorf("%d transactions started", n)
			}
		})
	}
}

// TestRateLimited shows Duo's 429 as its sentence, audits the failed send,
// keeps the chosen user and keeps answering keys.
func TestRateLimited(t *testing.T) {
	srv := duotest.NewServer(t, duotest.WithFaults(duotest.Fault{Path: "/auth/v2/auth", Kind: duotest.Fault429}))
	r := start(t, srv, uitest.Options{}, 80, 24)
	// Wait out Duo's backoff instantly: the 429 comes back after the retries.
	cfg := srv.Config()
	cfg.Sleep = func(context.Context, time.Duration) error { return nil }
	c, err := duo.NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	cl := r.s.Clients()
	cl.Auth = c
	r.s.SetClients(cl.File, cl.Creds, cl)

	r.pick("alice")
	r.key("p")
	r.waitScreen("Duo is rate-limiting these keys", "✗ Failed: the reason is in the status line below.")
	a := r.audited(1)[0]
	if a.Result != string(model.OutcomeError) || !strings.HasPrefix(a.Error, "Duo is rate-limiting these keys") {
		t.Errorf("audit %+v", a)
	}
	// Still responding, with alice still chosen.
	r.key("u")
	r.waitScreen("User alice")
	r.key("esc")
	r.waitScreen("Send to alice")
	srv.ClearFaults()
	r.key("p")
	r.waitFor("a push after the fault cleared", func() bool {
		l := r.s.Txs.List()
		return len(l) == 2 && len(l[0].Events) == 2 && l[0].Events[1].Status == "pushed"
	})
}

// TestNoAuthKeys says why nothing can be sent without Auth API keys.
func TestNoAuthKeys(t *testing.T) {
	r := start(t, nil, uitest.Options{}, 80, 24)
	r.waitScreen("No Duo credentials are configured yet; nothing can be sent")
	r.key("u")
	r.typeText("alice")
	r.key("enter")
	r.waitScreen("Send to nobody yet")
	r.key("p")
	r.waitFor("the reason in the status line too", func() bool {
		return strings.Count(r.h.screen(), "No Duo credentials are configured yet") == 2
	})
	if n := len(r.s.Txs.List()); n != 0 {
		t.Errorf("%d transactions started", n)
	}
}

// TestPreauthError shows a failed lookup as one sentence and keeps the
// user, so r tries again.
func TestPreauthError(t *testing.T) {
	srv := duotest.NewServer(t, duotest.WithFaults(duotest.Fault{Path: "/auth/v2/preauth", Kind: duotest.Fault500, Count: 1}))
	r := start(t, srv, uitest.Options{}, 80, 24)
	r.tm.Send(common.SwitchMsg{To: common.TabSend, User: "alice"})
	r.waitScreen("Duo's server failed", "Send to alice", "press r to look them up again")
	r.key("r")
	r.waitScreen("› iOS (XXX-XXX-0100)")
}
