package duotest

import (
	"fmt"
	"strings"
	"time"
)

// Action is what a simulated phone does with a push or call.
type Action int

const (
	// ActionIgnore leaves it unanswered: it ends with status "timeout"
	// unless Server.Answer or the control API answers it first.
	ActionIgnore Action = iota
	// ActionApprove approves the push or answers the call and presses '#'.
	ActionApprove
	// ActionDeny denies the push or answers the call and hangs up.
	ActionDeny
	// ActionFraud reports the request as fraud.
	ActionFraud
)

var actionNames = [...]string{"ignore", "approve", "deny", "fraud"}

// String returns the action's control-API name.
func (a Action) String() string {
	if a >= 0 && int(a) < len(actionNames) {
		return actionNames[a]
	}
	return fmt.Sprintf("Action(%d)", int(a))
}

// ParseAction reads "approve", "deny", "fraud" or "ignore".
func ParseAction(s string) (Action, error) {
	for i, n := range actionNames {
		if strings.EqualFold(s, n) {
			return Action(i), nil
		}
	}
	return 0, fmt.Errorf("unknown phone action %q; use approve, deny, fraud or ignore", s)
}

// Answer is a scripted reaction of a phone: an action after a delay. For a
// call the phone picks up halfway through the delay (status "answered").
type Answer struct {
	Action Action
	After  time.Duration
}

// ApproveAfter approves after d.
func ApproveAfter(d time.Duration) Answer { return Answer{ActionApprove, d} }

// DenyAfter denies after d.
func DenyAfter(d time.Duration) Answer { return Answer{ActionDeny, d} }

// FraudAfter reports fraud after d.
func FraudAfter(d time.Duration) Answer { return Answer{ActionFraud, d} }

// Ignore never answers; the request times out.
func Ignore() Answer { return Answer{Action: ActionIgnore} }

// SetDefaultAnswer changes how phones answer when neither a script nor the
// device says otherwise (see WithPhone).
func (s *Server) SetDefaultAnswer(a Answer) {
	s.mu.Lock()
	s.cfg.phone = a
	s.mu.Unlock()
}

// nextAnswerLocked picks the answer for a new push or call: the user's next
// script, else the device's own Answer, else the server default.
func (s *Server) nextAnswerLocked(u *user, d *device) Answer {
	if q := s.scripts[u.name]; len(q) > 0 {
		a := q[0]
		if len(q) == 1 {
			delete(s.scripts, u.name)
		} else {
			s.scripts[u.name] = q[1:]
		}
		return a
	}
	if d.answer != nil {
		return *d.answer
	}
	return s.cfg.phone
}
