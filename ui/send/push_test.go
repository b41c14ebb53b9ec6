package send_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"duotui/duo/duotest"
	"duotui/model"
	"duotui/ui/uitest"
)

// TestPushOutcomes sends a push to alice while her scripted phone answers,
// and checks the order of Duo's statuses, the verdict on screen and the
// audit record.
func TestPushOutcomes(t *testing.T) {
	tests := []struct {
		name     string
		opts     []duotest.Option
		script   func(p *duotest.Phone)
		statuses []string
		outcome  model.Outcome
		screen   string
		msg      string
	}{
		{"approved", nil, func(p *duotest.Phone) { p.Approve(300 * time.Millisecond) },
			[]string{model.StatusRequested, "pushed", "allow"}, model.OutcomeAllow,
			"✓ Approved: Success. Logging you in...", "Success. Logging you in..."},
		{"denied", nil, func(p *duotest.Phone) { p.Deny(300 * time.Millisecond) },
			[]string{model.StatusRequested, "pushed", "deny"}, model.OutcomeDeny,
			"✗ Denied: Login request denied.", "Login request denied."},
		{"timed out", []duotest.Option{duotest.WithAnswerTimeout(300 * time.Millisecond)}, func(p *duotest.Phone) { p.Ignore() },
			[]string{model.StatusRequested, "pushed", "timeout"}, model.OutcomeTimeout,
			"! Timed out: Login timed out.", "Login timed out."},
		{"fraud", nil, func(p *duotest.Phone) { p.Fraud(300 * time.Millisecond) },
			[]string{model.StatusRequested, "pushed", "fraud"}, model.OutcomeFraud,
			"✗ Reported as fraud by the user: Login request reported as fraudulent.", "Login request reported as fraudulent."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := duotest.NewServer(t, tc.opts...)
			r := start(t, srv, uitest.Options{}, 80, 24)
			r.pick("alice")
			tc.script(srv.Phone("alice"))
			r.key("p")
			r.waitScreen(tc.screen)

			rec := r.only()
			if got := statuses(rec); !slices.Equal(got, tc.statuses) {
				t.Errorf("timeline statuses %q, want %q", got, tc.statuses)
			}
			if rec.Outcome != tc.outcome {
				t.Errorf("outcome %q, want %q", rec.Outcome, tc.outcome)
			}
			a := r.audited(1)[0]
			want := model.AuditRecord{
				Time: uitest.Epoch, Actor: model.Actor{User: "tester"}, Action: model.ActionPush, Host: srv.Host,
				User: "alice", Factor: "push", Device: "iOS (XXX-XXX-0100)", Result: string(tc.outcome),
				Status: tc.statuses[len(tc.statuses)-1], StatusMsg: tc.msg,
			}
			if !a.Time.Equal(want.Time) {
				t.Errorf("audit time %v, want %v", a.Time, want.Time)
			}
			a.Time = want.Time
			if a != want {
				t.Errorf("audit record\n got %+v\nwant %+v", a, want)
			}
		})
	}
}

// TestTimelineTimings checks the timings come from the session's clock at
// the instant each status arrived.
func TestTimelineTimings(t *testing.T) {
	srv := duotest.NewServer(t)
	r := start(t, srv, uitest.Options{}, 80, 24)
	r.pick("alice")
	r.key("p")
	r.waitScreen("0.0 s pushed")
	r.waitFor("the push on the phone", func() bool { return len(srv.Pending()) == 1 })
	r.clk.Advance(4100 * time.Millisecond)
	if err := srv.Answer(srv.Pending()[0].TxID, true); err != nil {
		t.Fatal(err)
	}
	r.waitScreen("0.0 s sent · 0.0 s pushed · 4.1 s approved")
	if a := r.audited(1)[0]; time.Duration(a.Duration) != 4100*time.Millisecond {
		t.Errorf("audited duration %v, want 4.1 s", time.Duration(a.Duration))
	}
	if !strings.Contains(r.h.screen(), "15:04:05 push     alice    approved") {
		t.Error("the recent list does not show the push")
	}
}

// TestPushDetails sends the type label, display username and pushinfo the
// admin typed, as the phone shows them.
func TestPushDetails(t *testing.T) {
	srv := duotest.NewServer(t)
	r := start(t, srv, uitest.Options{}, 80, 24)
	r.pick("alice")
	r.key("i")
	r.waitScreen("Push details")
	r.typeText("Deploy")
	r.key("tab")
	r.typeText("alice@example.com")
	r.key("tab")
	r.typeText("oops")
	r.key("enter")
	r.waitScreen(`"oops" is not`)
	for range 4 {
		r.key("backspace")
	}
	r.typeText("Server=web1, Command=ssh deploy")
	r.key("enter")
	r.waitScreen("Push shows: Deploy · as alice@example.com · Server=web1, Command=ssh deploy")
	r.key("p")
	r.waitFor("the push on the phone", func() bool { return len(srv.Pending()) == 1 })
	p := srv.Pending()[0]
	if p.Type != "Deploy" || p.DisplayUsername != "alice@example.com" {
		t.Errorf("type %q display %q", p.Type, p.DisplayUsername)
	}
	if p.PushInfo.Get("Server") != "web1" || p.PushInfo.Get("Command") != "ssh deploy" {
		t.Errorf("pushinfo %v", p.PushInfo)
	}
}

// TestCancel stops polling on esc and audits the push as canceled.
func TestCancel(t *testing.T) {
	srv := duotest.NewServer(t)
	r := start(t, srv, uitest.Options{}, 80, 24)
	r.pick("alice")
	r.key("p")
	r.waitScreen("0.0 s pushed")
	r.key("esc")
	r.waitScreen("! Canceled before Duo answered.", "Canceled: duotui stopped waiting")
	if got := statuses(r.only()); !slices.Equal(got, []string{model.StatusRequested, "pushed", "canceled"}) {
		t.Errorf("statuses %q", got)
	}
	if a := r.audited(1)[0]; a.Result != string(model.OutcomeCanceled) || a.Action != model.ActionPush {
		t.Errorf("audit %+v", a)
	}
	// The phone may still answer; the canceled transaction stays canceled.
	if err := srv.Answer(srv.Pending()[0].TxID, true); err != nil {
		t.Fatal(err)
	}
	r.key("p")
	r.waitFor("a second push", func() bool {
		l := r.s.Txs.List()
		return len(l) == 2 && len(l[0].Events) == 2
	})
	if l := r.s.Txs.List(); l[1].Outcome != model.OutcomeCanceled || l[0].Outcome != model.OutcomePending {
		t.Errorf("history %+v", l)
	}
}
