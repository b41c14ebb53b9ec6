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

// TestDemoKeyboard answers the simulated phone from the keyboard, as a
// newcomer does in `duotui demo`: a approves, d denies.
func TestDemoKeyboard(t *testing.T) {
	for _, tc := range []struct {
		key     string
		verdict string
		last    string
		outcome model.Outcome
	}{
		{"a", "✓ Approved: Success. Logging you in...", "allow", model.OutcomeAllow},
		{"d", "✗ Denied: Login request denied.", "deny", model.OutcomeDeny},
	} {
		t.Run(tc.key, func(t *testing.T) {
			srv := duotest.NewServer(t)
			r := start(t, srv, uitest.Options{Sim: uitest.SimOf(srv)}, 80, 24)
			r.pick("alice")
			r.key("p")
			r.waitScreen("Simulated phone: push waiting on XXX-XXX-0100 — a approves, d denies.")
			if h := helpLine(r.h.screen()); !strings.Contains(h, "a approve (sim)") || !strings.Contains(h, "d deny (sim)") {
				t.Errorf("help line %q", h)
			}
			r.key(tc.key)
			r.waitScreen(tc.verdict)
			if got, want := statuses(r.only()), []string{model.StatusRequested, "pushed", tc.last}; !slices.Equal(got, want) {
				t.Errorf("statuses %q, want %q", got, want)
			}
			if a := r.audited(1)[0]; a.Result != string(tc.outcome) || a.Action != model.ActionPush {
				t.Errorf("audit %+v", a)
			}
		})
	}
}

// TestApprovalRun sends N pushes one after another after a confirmation and
// reports the approval rate and latency percentiles.
func TestApprovalRun(t *testing.T) {
	srv := duotest.NewServer(t)
	r := start(t, srv, uitest.Options{}, 80, 24)
	r.pick("alice")
	ph := srv.Phone("alice")
	ph.Approve(50 * time.Millisecond)
	ph.Deny(50 * time.Millisecond)
	ph.Approve(50 * time.Millisecond)
	r.key("t")
	r.waitScreen("Pushes to send 5")
	r.key("backspace")
	r.typeText("3")
	r.key("enter")
	r.waitScreen("Send 3 pushes to alice on iOS (XXX-XXX-0100), one after another?")
	if n := len(r.s.Txs.List()); n != 0 {
		t.Fatalf("%d pushes before the confirmation", n)
	}
	r.key("y")
	r.waitScreen("Approval test of alice: 3 pushes", "2 approved · 1 denied · 0 timed out", "Approval rate 67%")
	recs := r.audited(3)
	var got []string
	for _, a := range recs {
		if a.Action != model.ActionPush {
			t.Errorf("audit %+v", a)
		}
		got = append(got, a.Result)
	}
	if want := []string{"allow", "deny", "allow"}; !slices.Equal(got, want) {
		t.Errorf("audited results %q, want %q", got, want)
	}
}

// TestApprovalRunStops ends a run on esc, summarising what finished.
func TestApprovalRunStops(t *testing.T) {
	srv := duotest.NewServer(t)
	r := start(t, srv, uitest.Options{}, 80, 24)
	r.pick("alice")
	r.key("t")
	r.waitScreen("Pushes to send 5")
	r.key("enter")
	r.waitScreen("Send 5 pushes to alice")
	r.key("enter")
	r.waitScreen("Approval test: push 1 of 5", "0.0 s pushed")
	r.key("esc")
	r.waitScreen("Approval test of alice: 1 pushes (stopped after 1 of 5)", "no approvals, so no latency")
	if n := len(r.s.Txs.List()); n != 1 {
		t.Errorf("%d pushes after stopping", n)
	}
	if a := r.audited(1)[0]; a.Result != string(model.OutcomeCanceled) {
		t.Errorf("audit %+v", a)
	}
}
