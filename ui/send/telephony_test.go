package send_test

import (
	"bytes"
	"os"
	"slices"
	"testing"
	"time"

	"duotui/duo/duotest"
	"duotui/model"
	"duotui/ui/uitest"
)

// TestPhoneCall confirms with the credit note, calls, and follows the call
// through calling and answered to the approval.
func TestPhoneCall(t *testing.T) {
	srv := duotest.NewServer(t)
	r := start(t, srv, uitest.Options{}, 80, 24)
	r.pick("alice")
	srv.Phone("alice").Approve(time.Second) // picks up at 0.5 s, presses # at 1 s
	r.key("c")
	r.waitScreen("Call alice on iOS (XXX-XXX-0100)?", "This spends Duo telephony credits: 1000 remain.")
	if n := len(r.s.Txs.List()); n != 0 {
		t.Fatalf("%d transactions before the admin confirmed", n)
	}
	r.key("y")
	r.waitScreen("✓ Approved: Success. Logging you in...")
	rec := r.only()
	if got, want := statuses(rec), []string{model.StatusRequested, "calling", "answered", "allow"}; !slices.Equal(got, want) {
		t.Errorf("statuses %q, want %q", got, want)
	}
	a := r.audited(1)[0]
	if a.Action != model.ActionCall || a.Factor != "phone" || a.Result != "allow" || a.Status != "allow" || a.User != "alice" {
		t.Errorf("audit %+v", a)
	}
	if got := srv.TelephonyCredits(); got != 999 {
		t.Errorf("credits %d, want 999", got)
	}
}

// TestTelephonyNote shows the note before an SMS or a call; the balance
// only when the Admin API can read it, and n/esc sends nothing.
func TestTelephonyNote(t *testing.T) {
	srv := duotest.NewServer(t, duotest.WithTelephonyCredits(42))
	for _, tc := range []struct {
		name    string
		noAdmin bool
		want    string
	}{
		{"with admin keys", false, "This spends Duo telephony credits: 42 remain."},
		{"without admin keys", true, "This spends Duo telephony credits."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := start(t, srv, uitest.Options{NoAdmin: tc.noAdmin}, 80, 24)
			r.pick("alice")
			r.key("s")
			r.waitScreen("Send SMS passcodes to alice on iOS (XXX-XXX-0100)?", tc.want)
			r.key("n")
			r.waitScreen("Nothing was sent.")
			if n := len(r.s.Txs.List()); n != 0 {
				t.Errorf("%d transactions after declining", n)
			}
		})
	}
	if got := srv.TelephonyCredits(); got != 42 {
		t.Errorf("credits %d, want 42", got)
	}
}

// TestSMSThenPasscode sends SMS passcodes, then verifies a wrong code and
// a right one from the simulator with factor=passcode. The code appears in
// neither the transactions nor the audit log.
func TestSMSThenPasscode(t *testing.T) {
	srv := duotest.NewServer(t)
	r := start(t, srv, uitest.Options{}, 80, 24)
	r.pick("alice")
	r.key("s")
	r.waitScreen("This spends Duo telephony credits")
	r.key("enter")
	r.waitScreen("✓ SMS passcodes sent: New SMS passcodes sent", "Type one of the passcodes the SMS brought to iOS (XXX-XXX-0100).")
	codes := srv.Phone("alice").SMSPasscodes()
	if len(codes) == 0 {
		t.Fatal("the simulator sent no passcodes")
	}
	wrong := wrongCode(codes)
	r.typeText(wrong)
	r.key("enter")
	r.waitScreen("✗ Passcode rejected: Incorrect passcode. Please try again.", "Type one of the passcodes")
	r.typeText(codes[0])
	r.key("enter")
	r.waitScreen("✓ Passcode accepted: Success. Logging you in...")

	l := r.s.Txs.List() // newest first
	if len(l) != 3 {
		t.Fatalf("%d transactions, want sms, rejected and accepted passcode", len(l))
	}
	wantTx := []struct {
		statuses []string
		outcome  model.Outcome
	}{
		{[]string{model.StatusRequested, "allow"}, model.OutcomeAllow},
		{[]string{model.StatusRequested, "deny"}, model.OutcomeDeny},
		{[]string{model.StatusRequested, "sent"}, model.OutcomeSMSSent},
	}
	for i, w := range wantTx {
		if got := statuses(l[i]); !slices.Equal(got, w.statuses) || l[i].Outcome != w.outcome {
			t.Errorf("transaction %d: %q %s, want %q %s", i, got, l[i].Outcome, w.statuses, w.outcome)
		}
	}
	recs := r.audited(3)
	wantAudit := []struct{ action, factor, result, status string }{
		{model.ActionSMS, "sms", "sms_sent", "sent"},
		{model.ActionPasscode, "passcode", "deny", "deny"},
		{model.ActionPasscode, "passcode", "allow", "allow"},
	}
	for i, w := range wantAudit {
		a := recs[i]
		if a.Action != w.action || a.Factor != w.factor || a.Result != w.result || a.Status != w.status || a.User != "alice" {
			t.Errorf("audit %d: %+v, want %+v", i, a, w)
		}
	}
	raw, err := os.ReadFile(r.s.Audit.Path())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []string{codes[0], wrong} {
		if bytes.Contains(raw, []byte(c)) {
			t.Errorf("the audit log holds the passcode %s", c)
		}
	}
}

// wrongCode is a passcode of the same length that is not one of codes.
func wrongCode(codes []string) string {
	c := []byte(codes[0])
	for {
		c[len(c)-1] = '0' + (c[len(c)-1]-'0'+1)%10
		if !slices.Contains(codes, string(c)) {
			return string(c)
		}
	}
}
