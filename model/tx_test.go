package model

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"duotui/duo"
)

var t0 = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

func at(s float64) time.Time { return t0.Add(time.Duration(s * float64(time.Second))) }

type step struct {
	s float64
	r duo.AuthResult
}

func waiting(status, msg string) duo.AuthResult {
	return duo.AuthResult{Result: duo.ResultWaiting, Status: status, StatusMsg: msg}
}

func TestTxLifecycle(t *testing.T) {
	tests := []struct {
		name     string
		factor   duo.Factor
		steps    []step
		timeline string
		outcome  Outcome
		verdict  string
	}{
		{"push approved", duo.FactorPush, []step{
			{0.05, duo.AuthResult{TxID: "tx1", Result: duo.ResultWaiting}},
			{0.3, waiting("pushed", "Pushed a login request to your phone.")},
			{2.0, waiting("pushed", "Pushed a login request to your phone.")},
			{4.1, duo.AuthResult{Result: duo.ResultAllow, Status: "allow", StatusMsg: "Success. Logging you in..."}},
		}, "0.0 s sent · 0.3 s pushed · 4.1 s approved", OutcomeAllow, "Approved: Success. Logging you in..."},
		{"push denied", duo.FactorPush, []step{
			{0.3, waiting("pushed", "")},
			{2.5, duo.AuthResult{Result: duo.ResultDeny, Status: "deny", StatusMsg: "Login request denied."}},
		}, "0.0 s sent · 0.3 s pushed · 2.5 s denied", OutcomeDeny, "Denied: Login request denied."},
		{"push timed out", duo.FactorPush, []step{
			{0.2, waiting("pushed", "")},
			{60.2, duo.AuthResult{Result: duo.ResultDeny, Status: "timeout", StatusMsg: "Login timed out."}},
		}, "0.0 s sent · 0.2 s pushed · 60.2 s timed out", OutcomeTimeout, "Timed out: Login timed out."},
		{"push reported as fraud", duo.FactorPush, []step{
			{0.2, waiting("pushed", "")},
			{3, duo.AuthResult{Result: duo.ResultDeny, Status: "fraud", StatusMsg: "Login request reported as fraudulent."}},
		}, "0.0 s sent · 0.2 s pushed · 3.0 s reported as fraud", OutcomeFraud, "Reported as fraud by the user: Login request reported as fraudulent."},
		{"phone call answered", duo.FactorPhone, []step{
			{0.4, waiting("calling", "Calling your phone...")},
			{6.0, waiting("answered", "Answered. Press any key on your phone to log in.")},
			{8.2, duo.AuthResult{Result: duo.ResultAllow, Status: "allow", StatusMsg: "Success. Logging you in..."}},
		}, "0.0 s sent · 0.4 s calling · 6.0 s answered · 8.2 s approved", OutcomeAllow, "Approved: Success. Logging you in..."},
		{"sms sent", duo.FactorSMS, []step{
			{0.6, duo.AuthResult{Result: duo.ResultDeny, Status: "sent", StatusMsg: "New SMS passcodes sent."}},
		}, "0.0 s sent · 0.6 s SMS sent", OutcomeSMSSent, "SMS passcodes sent: New SMS passcodes sent."},
		{"passcode accepted", duo.FactorPasscode, []step{
			{0.2, duo.AuthResult{Result: duo.ResultAllow, Status: "allow", StatusMsg: "Success. Logging you in..."}},
		}, "0.0 s sent · 0.2 s accepted", OutcomeAllow, "Passcode accepted: Success. Logging you in..."},
		{"passcode rejected", duo.FactorPasscode, []step{
			{0.2, duo.AuthResult{Result: duo.ResultDeny, Status: "deny", StatusMsg: "Incorrect passcode. Please try again."}},
		}, "0.0 s sent · 0.2 s rejected", OutcomeDeny, "Passcode rejected: Incorrect passcode. Please try again."},
		{"bypass user", duo.FactorAuto, []step{
			{0.1, duo.AuthResult{Result: duo.ResultAllow, Status: "bypass", StatusMsg: "Bypass code accepted."}},
		}, "0.0 s sent · 0.1 s allowed (bypass)", OutcomeAllow, "Approved: Bypass code accepted."},
		{"statuses after the end are ignored", duo.FactorPush, []step{
			{1, duo.AuthResult{Result: duo.ResultAllow, Status: "allow"}},
			{2, duo.AuthResult{Result: duo.ResultDeny, Status: "deny"}},
		}, "0.0 s sent · 1.0 s approved", OutcomeAllow, "Approved."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tx := NewTx(tc.factor, "alice", "DPFZRS9FB0D46QFTM891", t0)
			for _, s := range tc.steps {
				tx.Record(s.r, at(s.s))
			}
			r := tx.Snapshot()
			if got := r.Timeline(); got != tc.timeline {
				t.Errorf("timeline %q, want %q", got, tc.timeline)
			}
			if r.Outcome != tc.outcome || !r.Final() {
				t.Errorf("outcome %q, want %q", r.Outcome, tc.outcome)
			}
			if got := r.Verdict(); got != tc.verdict {
				t.Errorf("verdict %q, want %q", got, tc.verdict)
			}
		})
	}
}

func TestTxRecordsTxIDAndDropsRepeats(t *testing.T) {
	tx := NewTx(duo.FactorPush, "alice", "auto", t0)
	if !tx.Record(duo.AuthResult{TxID: "abc", Result: duo.ResultWaiting}, at(0.1)) {
		t.Fatal("txid not recorded")
	}
	if !tx.Record(waiting("pushed", ""), at(0.2)) || tx.Record(waiting("pushed", ""), at(5)) {
		t.Fatal("repeat status was recorded")
	}
	r := tx.Snapshot()
	if r.TxID != "abc" || len(r.Events) != 2 || r.Final() || r.Verdict() != "Waiting." {
		t.Fatalf("%+v", r)
	}
}

func TestTxErrorAndCancel(t *testing.T) {
	tx := NewTx(duo.FactorPush, "bob", "", t0)
	tx.Fail("Duo could not be reached: the connection was refused; check the API hostname.", at(1.5))
	tx.Cancel(at(2)) // no effect once failed
	r := tx.Snapshot()
	if r.Outcome != OutcomeError || r.Timeline() != "0.0 s sent · 1.5 s failed" || r.Verdict() != r.Err {
		t.Fatalf("%+v %q", r, r.Timeline())
	}
	tx = NewTx(duo.FactorPhone, "bob", "", t0)
	tx.Record(waiting("calling", ""), at(0.5))
	tx.Cancel(at(9))
	if r := tx.Snapshot(); r.Outcome != OutcomeCanceled || r.Timeline() != "0.0 s sent · 0.5 s calling · 9.0 s canceled" {
		t.Fatalf("%+v %q", r, r.Timeline())
	}
}

func TestTxSnapshotIsImmutable(t *testing.T) {
	tx := NewTx(duo.FactorPush, "alice", "", t0)
	snap := tx.Snapshot()
	tx.Record(waiting("pushed", ""), at(1))
	if len(snap.Events) != 1 {
		t.Fatal("snapshot changed")
	}
}

func TestTxHistoryBoundedAndConcurrent(t *testing.T) {
	h := NewTxHistory(50)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 20 {
				tx := h.Start(duo.FactorPush, fmt.Sprintf("user%d", g), "", at(float64(i)))
				tx.Record(waiting("pushed", ""), at(float64(i)+0.1))
				_ = h.List()
				tx.Record(duo.AuthResult{Result: duo.ResultAllow, Status: "allow"}, at(float64(i)+1))
			}
		}()
	}
	wg.Wait()
	list := h.List()
	if len(list) != 50 {
		t.Fatalf("kept %d, want 50", len(list))
	}
	if list[0].ID != 160 || list[49].ID != 111 {
		t.Fatalf("newest %d oldest %d", list[0].ID, list[49].ID)
	}
	if _, ok := h.Get(1); ok {
		t.Fatal("the oldest should have been dropped")
	}
	if r, ok := h.Get(160); !ok || r.Outcome != OutcomeAllow {
		t.Fatalf("%+v %v", r, ok)
	}
	v := h.Version()
	h.Start(duo.FactorSMS, "carol", "", t0)
	if h.Version() == v {
		t.Fatal("version did not move")
	}
}

func TestSummarizeApprovals(t *testing.T) {
	var rs []TxRecord
	final := func(o Outcome, secs float64) TxRecord {
		return TxRecord{Outcome: o, Start: t0, Events: []TxEvent{{At: t0}, {At: at(secs)}}}
	}
	for i := 1; i <= 100; i++ { // approvals taking 0.1 s … 10.0 s
		rs = append(rs, final(OutcomeAllow, float64(i)/10))
	}
	for range 10 {
		rs = append(rs, final(OutcomeDeny, 1))
	}
	rs = append(rs, final(OutcomeTimeout, 60), final(OutcomeFraud, 2), final(OutcomeError, 0), TxRecord{Outcome: OutcomePending})
	s := SummarizeApprovals(rs)
	want := ApprovalStats{N: 114, Approved: 100, Denied: 10, TimedOut: 1, Fraud: 1, Errors: 1, Pending: 1,
		Rate: 100.0 / 113, P50: 5 * time.Second, P90: 9 * time.Second, P99: 9900 * time.Millisecond}
	if s != want {
		t.Fatalf("got  %+v\nwant %+v", s, want)
	}
	if z := SummarizeApprovals(nil); z != (ApprovalStats{}) {
		t.Fatalf("%+v", z)
	}
}
