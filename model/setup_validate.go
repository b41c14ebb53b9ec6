package model

import (
	"time"

	"duotui/duo"
)

// Field is a form field of the key form that an error points at, so the
// wizard can move the cursor there. The Web SDK form maps FieldIKey to its
// Client ID and FieldSKey to its Client secret.
type Field string

// Fields.
const (
	FieldNone  Field = ""
	FieldIKey  Field = "ikey"
	FieldSKey  Field = "skey"
	FieldHost  Field = "host"
	FieldClock Field = "clock" // not a form field: this machine's clock
)

// FieldFor names the field at fault for a duo error kind (FieldNone when no
// field is: a Duo outage, a rate limit, the proxy).
func FieldFor(k duo.Kind) Field {
	switch k {
	case duo.KindBadIKey, duo.KindUnauthorized:
		return FieldIKey
	case duo.KindBadSignature:
		return FieldSKey
	case duo.KindDNS, duo.KindRefused, duo.KindTimeout, duo.KindReset,
		duo.KindTLSUnknownAuthority, duo.KindTLSName, duo.KindTLSExpired, duo.KindTLS, duo.KindNotFound:
		return FieldHost
	case duo.KindBadDate:
		return FieldClock
	}
	return FieldNone
}

// CheckID names a live validation step.
type CheckID string

// The live validation steps, in order: each proves one more thing.
const (
	CheckDNSTLS CheckID = "dns-tls" // the host resolves and presents a valid certificate
	CheckPing   CheckID = "ping"    // unsigned /auth/v2/ping: it is a Duo API host
	CheckSigned CheckID = "check"   // signed /auth/v2/check: the keys and signing work
	CheckClock  CheckID = "clock"   // this clock against Duo's
)

// CheckStatus is a validation step's state.
type CheckStatus string

// Statuses.
const (
	StatusPending CheckStatus = "pending"
	StatusRunning CheckStatus = "running"
	StatusOK      CheckStatus = "ok"
	StatusFailed  CheckStatus = "failed"
	StatusSkipped CheckStatus = "skipped" // an earlier step failed
)

// ValidationStep is one line of the live validation.
type ValidationStep struct {
	ID       CheckID       `json:"id"`
	Title    string        `json:"title"`
	Status   CheckStatus   `json:"status"`
	Started  time.Time     `json:"-"`
	Duration time.Duration `json:"duration"`
	Detail   string        `json:"detail,omitempty"` // on success: what was learnt; on failure: one sentence, what to do
	Field    Field         `json:"field,omitempty"`  // the form field at fault
}

// ValidationPlan is the live validation as data: the wizard starts and
// finishes steps as its commands report back and draws the list. It is a
// value: copy it freely between Update calls.
type ValidationPlan struct {
	Steps []ValidationStep `json:"steps"`
}

// NewValidationPlan returns the four steps, all pending.
func NewValidationPlan() ValidationPlan {
	return ValidationPlan{Steps: []ValidationStep{
		{ID: CheckDNSTLS, Title: "DNS and TLS", Status: StatusPending},
		{ID: CheckPing, Title: "Unsigned ping (the host)", Status: StatusPending},
		{ID: CheckSigned, Title: "Signed check (the keys)", Status: StatusPending},
		{ID: CheckClock, Title: "Clock against Duo's", Status: StatusPending},
	}}
}

func (p *ValidationPlan) step(id CheckID) *ValidationStep {
	for i := range p.Steps {
		if p.Steps[i].ID == id {
			return &p.Steps[i]
		}
	}
	return nil
}

// Start marks a step running. The plan's slice is copied first, so earlier
// copies of the plan (in an old model value) do not change.
func (p *ValidationPlan) Start(id CheckID, at time.Time) {
	p.Steps = append([]ValidationStep(nil), p.Steps...)
	if s := p.step(id); s != nil {
		s.Status, s.Started, s.Detail, s.Field = StatusRunning, at, "", FieldNone
	}
}

// Finish ends a step: ok with detail when err is nil, otherwise failed with
// duo.Explain's sentence and the field at fault (detail is then unused); the
// steps after a failure are skipped.
func (p *ValidationPlan) Finish(id CheckID, at time.Time, detail string, err error) {
	p.Steps = append([]ValidationStep(nil), p.Steps...)
	s := p.step(id)
	if s == nil {
		return
	}
	if !s.Started.IsZero() {
		s.Duration = at.Sub(s.Started)
	}
	if err == nil {
		s.Status, s.Detail = StatusOK, detail
		return
	}
	p.fail(s, duo.Explain(err), FieldFor(duo.KindOf(err)))
}

// Fail ends a step as failed for a reason that is not a duo error (the
// clock check's verdict), with its sentence and the field at fault.
func (p *ValidationPlan) Fail(id CheckID, at time.Time, sentence string, field Field) {
	p.Steps = append([]ValidationStep(nil), p.Steps...)
	s := p.step(id)
	if s == nil {
		return
	}
	if !s.Started.IsZero() {
		s.Duration = at.Sub(s.Started)
	}
	p.fail(s, sentence, field)
}

func (p *ValidationPlan) fail(s *ValidationStep, sentence string, field Field) {
	s.Status, s.Detail, s.Field = StatusFailed, sentence, field
	id := s.ID
	after := false
	for i := range p.Steps {
		if after && p.Steps[i].Status == StatusPending {
			p.Steps[i].Status = StatusSkipped
		}
		after = after || p.Steps[i].ID == id
	}
}

// Next is the first pending step, or "" when none is left.
func (p ValidationPlan) Next() CheckID {
	for _, s := range p.Steps {
		if s.Status == StatusPending {
			return s.ID
		}
	}
	return ""
}

// Failure is the first failed step, if any.
func (p ValidationPlan) Failure() (ValidationStep, bool) {
	for _, s := range p.Steps {
		if s.Status == StatusFailed {
			return s, true
		}
	}
	return ValidationStep{}, false
}

// OK reports whether every step passed.
func (p ValidationPlan) OK() bool {
	for _, s := range p.Steps {
		if s.Status != StatusOK {
			return false
		}
	}
	return len(p.Steps) > 0
}
