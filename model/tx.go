package model

import (
	"fmt"
	"strings"
	"sync"
	"time"

	"duotui/duo"
)

// StatusRequested is the first event of every transaction: our request left.
// Duo's own statuses ("pushed", "calling", "sent", "allow", …) follow.
const StatusRequested = "requested"

// TxEvent is one change of a transaction's state, as Duo reported it.
type TxEvent struct {
	At        time.Time  `json:"at"`
	Status    string     `json:"status"`           // StatusRequested or Duo's status
	Result    duo.Result `json:"result,omitempty"` // allow, deny or waiting
	StatusMsg string     `json:"status_msg,omitempty"`
}

// Outcome is how a transaction ended.
type Outcome string

// Outcomes. OutcomeSMSSent ends an SMS request: Duo answers deny/sent, and
// the user then types one of the passcodes (a new passcode transaction).
const (
	OutcomePending  Outcome = "pending"
	OutcomeAllow    Outcome = "allow"
	OutcomeDeny     Outcome = "deny"
	OutcomeTimeout  Outcome = "timeout"
	OutcomeFraud    Outcome = "fraud"
	OutcomeSMSSent  Outcome = "sms_sent"
	OutcomeError    Outcome = "error"
	OutcomeCanceled Outcome = "canceled"
)

// outcomeOf maps Duo's final (result, status) to an outcome.
func outcomeOf(r duo.AuthResult) Outcome {
	switch {
	case r.Result == duo.ResultAllow:
		return OutcomeAllow
	case r.Status == "timeout":
		return OutcomeTimeout
	case r.Status == "fraud":
		return OutcomeFraud
	case r.Status == "sent":
		return OutcomeSMSSent
	default:
		return OutcomeDeny
	}
}

// TxRecord is an immutable snapshot of a transaction, for panes, --json and
// the audit log.
type TxRecord struct {
	ID        uint64     `json:"id"`   // local, unique within a TxHistory
	TxID      string     `json:"txid"` // Duo's, once known
	User      string     `json:"user"`
	Device    string     `json:"device,omitempty"`
	Factor    duo.Factor `json:"factor"`
	Start     time.Time  `json:"start"`
	Events    []TxEvent  `json:"events"`
	Outcome   Outcome    `json:"outcome"`
	StatusMsg string     `json:"status_msg,omitempty"` // Duo's words for the last status
	Err       string     `json:"error,omitempty"`      // one sentence, for OutcomeError
}

// Final reports whether the transaction is over.
func (r TxRecord) Final() bool { return r.Outcome != OutcomePending && r.Outcome != "" }

// Elapsed is the time from the request to the last event.
func (r TxRecord) Elapsed() time.Duration {
	if len(r.Events) == 0 {
		return 0
	}
	return r.Events[len(r.Events)-1].At.Sub(r.Start)
}

// Timeline renders the events with their times since the request, e.g.
// "0.0 s sent · 0.3 s pushed · 4.1 s approved".
func (r TxRecord) Timeline() string {
	parts := make([]string, 0, len(r.Events))
	for _, e := range r.Events {
		parts = append(parts, fmt.Sprintf("%.1f s %s", e.At.Sub(r.Start).Seconds(), r.label(e)))
	}
	return strings.Join(parts, " · ")
}

// label names an event in words an administrator reads.
func (r TxRecord) label(e TxEvent) string {
	pass := r.Factor == duo.FactorPasscode
	switch e.Status {
	case StatusRequested:
		return "sent"
	case "pushed":
		return "pushed"
	case "push_failed":
		return "push failed"
	case "calling":
		return "calling"
	case "answered":
		return "answered"
	case "sent":
		return "SMS sent"
	case "bypass":
		return "allowed (bypass)"
	case "timeout":
		return "timed out"
	case "fraud":
		return "reported as fraud"
	case "locked_out":
		return "locked out"
	case "error":
		return "failed"
	case "canceled":
		return "canceled"
	}
	switch {
	case e.Result == duo.ResultAllow && pass:
		return "accepted"
	case e.Result == duo.ResultAllow:
		return "approved"
	case e.Result == duo.ResultDeny && pass:
		return "rejected"
	case e.Result == duo.ResultDeny:
		return "denied"
	case e.Status != "":
		return strings.ReplaceAll(e.Status, "_", " ")
	}
	return string(e.Result)
}

// Verdict is the final line: the outcome in words and Duo's reason, e.g.
// "Approved: Success. Logging you in...".
func (r TxRecord) Verdict() string {
	var head string
	switch r.Outcome {
	case OutcomeAllow:
		head = "Approved"
		if r.Factor == duo.FactorPasscode {
			head = "Passcode accepted"
		}
	case OutcomeDeny:
		head = "Denied"
		if r.Factor == duo.FactorPasscode {
			head = "Passcode rejected"
		}
	case OutcomeTimeout:
		head = "Timed out"
	case OutcomeFraud:
		head = "Reported as fraud by the user"
	case OutcomeSMSSent:
		head = "SMS passcodes sent"
	case OutcomeError:
		return r.Err
	case OutcomeCanceled:
		return "Canceled before Duo answered."
	default:
		head = "Waiting"
	}
	if r.StatusMsg != "" {
		return head + ": " + r.StatusMsg
	}
	return head + "."
}

// Tx is a live transaction. It is safe for concurrent use: the pane that
// drives it records statuses while other SSH sessions read its history.
type Tx struct {
	mu       sync.Mutex
	rec      TxRecord
	onChange func()
}

// NewTx starts a transaction whose request leaves at.
func NewTx(factor duo.Factor, user, device string, at time.Time) *Tx {
	return &Tx{rec: TxRecord{
		User: user, Device: device, Factor: factor, Start: at, Outcome: OutcomePending,
		Events: []TxEvent{{At: at, Status: StatusRequested}},
	}}
}

// Record adds Duo's answer (from Auth or AuthStatus) at the instant it
// arrived. Repeats of the last status (each long poll answers again) are
// dropped; it reports whether anything changed. Nothing changes after the
// transaction is final.
func (t *Tx) Record(r duo.AuthResult, at time.Time) bool {
	t.mu.Lock()
	if t.rec.Final() {
		t.mu.Unlock()
		return false
	}
	changed := false
	if r.TxID != "" && t.rec.TxID == "" {
		t.rec.TxID, changed = r.TxID, true
	}
	last := t.rec.Events[len(t.rec.Events)-1]
	if r.Status != "" || (r.Result != "" && r.Result != duo.ResultWaiting) {
		if last.Status != r.Status || last.Result != r.Result {
			t.rec.Events = append(t.rec.Events, TxEvent{At: at, Status: r.Status, Result: r.Result, StatusMsg: r.StatusMsg})
			changed = true
		}
		if r.StatusMsg != "" {
			t.rec.StatusMsg = r.StatusMsg
		}
	}
	if r.Final() {
		t.rec.Outcome, changed = outcomeOf(r), true
	}
	t.mu.Unlock()
	if changed {
		t.notify()
	}
	return changed
}

// Fail ends the transaction with an error; msg is the one sentence the user
// reads (duo.Explain(err)).
func (t *Tx) Fail(msg string, at time.Time) { t.end(OutcomeError, "error", msg, at) }

// Cancel ends the transaction because the administrator gave up waiting.
func (t *Tx) Cancel(at time.Time) { t.end(OutcomeCanceled, "canceled", "", at) }

func (t *Tx) end(o Outcome, status, msg string, at time.Time) {
	t.mu.Lock()
	if t.rec.Final() {
		t.mu.Unlock()
		return
	}
	t.rec.Events = append(t.rec.Events, TxEvent{At: at, Status: status})
	t.rec.Outcome, t.rec.Err = o, msg
	t.mu.Unlock()
	t.notify()
}

// Snapshot returns a copy that later changes do not touch.
func (t *Tx) Snapshot() TxRecord {
	t.mu.Lock()
	defer t.mu.Unlock()
	r := t.rec
	r.Events = append([]TxEvent(nil), t.rec.Events...)
	return r
}

func (t *Tx) notify() {
	if t.onChange != nil {
		t.onChange()
	}
}
