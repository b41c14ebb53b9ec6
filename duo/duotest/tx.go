package duotest

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"time"
)

// Duo's status messages. Where duo-api.md does not quote Duo, the wording
// follows duo_unix's mock and Duo's documentation examples.
const (
	msgPushed    = "Pushed a login request to your phone."
	msgAllow     = "Success. Logging you in..."
	msgDeny      = "Login request denied."
	msgPushTO    = "Login timed out."
	msgCallTO    = "Authentication timed out."
	msgFraud     = "Login request reported as fraudulent."
	msgAnswered  = "Answered. Press '#' on your phone to log in."
	msgSMSSent   = "New SMS passcodes sent"
	msgBadCode   = "Incorrect passcode. Please try again."
	msgBypass    = "Allowing bypass user without two-factor authentication."
	msgDisabled  = "Your account is disabled."
	msgLockedOut = "Your account has been locked out due to excessive authentication failures."
	msgNoCredits = "Unable to complete the request: the account is out of telephony credits."
)

// tx is one authentication attempt, guarded by Server.mu.
type tx struct {
	id                  string
	user                *user
	dev                 *device
	factor              string // push, phone, sms, passcode, or a final-at-once status
	result, status, msg string
	version             int // bumped on every change
	reported            int // version auth_status last returned
	changed             chan struct{}
	done, ignored       bool
	finished            time.Time
	timers              []*time.Timer
	pending             Pending
}

// txState is what auth and auth_status return.
type txState struct {
	Result    string `json:"result"`
	Status    string `json:"status"`
	StatusMsg string `json:"status_msg"`
}

// Pending is an open push or phone call, as a UI shows it to be answered.
type Pending struct {
	TxID            string
	Username        string
	DeviceID        string
	Device          string // what the menu calls it, e.g. "XXX-XXX-0100"
	Factor          string // "push" or "phone"
	Status          string // "pushed", "calling" or "answered"
	Started         time.Time
	Type            string // the push's type label ("Login" unless the client set one)
	DisplayUsername string
	PushInfo        url.Values
	IPAddr          string
	Hostname        string
}

func (t *tx) state() txState { return txState{t.result, t.status, t.msg} }

func (t *tx) stopTimers() {
	for _, tm := range t.timers {
		tm.Stop()
	}
	t.timers = nil
}

// newTxLocked registers a transaction in its first state.
func (s *Server) newTxLocked(u *user, d *device, factor string) *tx {
	t := &tx{id: randomString("0123456789abcdef", 8) + "-" + randomString("0123456789abcdef", 4) + "-" +
		randomString("0123456789abcdef", 4) + "-" + randomString("0123456789abcdef", 4) + "-" +
		randomString("0123456789abcdef", 12), user: u, dev: d, factor: factor, changed: make(chan struct{})}
	s.txs[t.id] = t
	return t
}

// setLocked moves a transaction to a new state and wakes its long polls.
func (s *Server) setLocked(t *tx, result, status, msg string) {
	if t.done {
		return
	}
	t.result, t.status, t.msg = result, status, msg
	t.version++
	close(t.changed)
	t.changed = make(chan struct{})
	if result == "waiting" {
		t.pending.Status = status
		return
	}
	t.done = true
	t.finished = time.Now()
	t.stopTimers()
	u := t.user
	switch result {
	case "allow":
		u.failures = 0
		if status != "bypass" {
			u.lastLogin = s.Now()
			if t.dev != nil {
				t.dev.lastSeen = s.Now()
			}
		}
		u.json = nil
	case "deny":
		if status == "deny" && t.factor == "passcode" && s.cfg.lockout > 0 {
			u.failures++
			if u.failures >= s.cfg.lockout && u.status == StatusActive {
				u.status = StatusLockedOut
				u.json = nil
			}
		}
	}
}

// startOutOfBandLocked starts a push or call: its timeout and the answer the
// simulated phone will give.
func (s *Server) startOutOfBandLocked(t *tx, a Answer) {
	timeoutMsg := msgPushTO
	if t.factor == "phone" {
		timeoutMsg = msgCallTO
	}
	t.timers = append(t.timers, time.AfterFunc(s.cfg.answerTimeout, func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.setLocked(t, "deny", "timeout", timeoutMsg)
	}))
	if a.Action == ActionIgnore {
		return
	}
	if t.factor == "phone" {
		t.timers = append(t.timers, time.AfterFunc(a.After/2, func() {
			s.mu.Lock()
			defer s.mu.Unlock()
			s.answerCallLocked(t)
		}))
	}
	t.timers = append(t.timers, time.AfterFunc(a.After, func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.actLocked(t, a.Action)
	}))
}

func (s *Server) answerCallLocked(t *tx) {
	if t.factor == "phone" && t.status == "calling" && !t.done {
		s.setLocked(t, "waiting", "answered", msgAnswered)
	}
}

// actLocked applies a phone's action to an open push or call.
func (s *Server) actLocked(t *tx, a Action) {
	if t.done {
		return
	}
	switch a {
	case ActionIgnore:
		t.ignored = true
		return
	case ActionApprove:
		s.answerCallLocked(t)
		s.setLocked(t, "allow", "allow", msgAllow)
	case ActionDeny:
		s.answerCallLocked(t)
		s.setLocked(t, "deny", "deny", msgDeny)
	case ActionFraud:
		s.answerCallLocked(t)
		s.setLocked(t, "deny", "fraud", msgFraud)
	}
}

// ErrNoTransaction is returned by Answer and Respond for an unknown txid.
var ErrNoTransaction = errors.New("no such transaction")

// Answer approves or denies an open push or call, as the user would on the
// phone (for a UI that answers from the keyboard).
func (s *Server) Answer(txid string, approve bool) error {
	if approve {
		return s.Respond(txid, ActionApprove)
	}
	return s.Respond(txid, ActionDeny)
}

// Respond applies any action to an open push or call.
func (s *Server) Respond(txid string, a Action) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.txs[txid]
	if t == nil {
		return fmt.Errorf("%w %q; pick a txid from Pending", ErrNoTransaction, txid)
	}
	if t.done {
		return fmt.Errorf("transaction %q already ended with %q; only open pushes and calls can be answered", txid, t.status)
	}
	if t.factor != "push" && t.factor != "phone" {
		return fmt.Errorf("transaction %q is a %s, which is not answered on the phone; answer a push or call", txid, t.factor)
	}
	s.actLocked(t, a)
	return nil
}

// Pending lists the open pushes and calls that nobody chose to ignore, oldest
// first.
func (s *Server) Pending() []Pending {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []Pending
	for _, t := range s.txs {
		if !t.done && !t.ignored && (t.factor == "push" || t.factor == "phone") {
			p := t.pending
			p.PushInfo = cloneValues(p.PushInfo)
			out = append(out, p)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].Started.Equal(out[j].Started) {
			return out[i].Started.Before(out[j].Started)
		}
		return out[i].TxID < out[j].TxID
	})
	return out
}

// waitChange holds until the transaction has a state the caller has not
// seen, or hold passes, or ctx ends; it returns the state then.
func (s *Server) waitChange(ctx context.Context, t *tx, hold time.Duration) txState {
	s.mu.Lock()
	if t.done || t.reported < t.version {
		t.reported = t.version
		st := t.state()
		s.mu.Unlock()
		return st
	}
	ch := t.changed
	s.mu.Unlock()
	timer := time.NewTimer(hold)
	defer timer.Stop()
	select {
	case <-ch:
	case <-timer.C:
	case <-ctx.Done():
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t.reported = t.version
	return t.state()
}

// waitFinal holds a synchronous auth until the transaction ends (bounded by
// the answer timeout) or ctx ends.
func (s *Server) waitFinal(ctx context.Context, t *tx) (txState, bool) {
	for {
		s.mu.Lock()
		if t.done {
			st := t.state()
			s.mu.Unlock()
			return st, true
		}
		ch := t.changed
		s.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return txState{}, false
		}
	}
}
