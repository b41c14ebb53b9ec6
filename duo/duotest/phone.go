package duotest

import (
	"strings"
	"time"
)

// Phone is a user's simulated phone: it scripts answers to the user's next
// pushes and calls, and shows the passcodes the user would read on it. The
// user and device are looked up on every call, so a handle taken before an
// activation sees the new device.
type Phone struct {
	s    *Server
	user string
}

// Phone returns the simulated phone of a user (the first device that takes
// pushes or makes passcodes, else the first phone).
func (s *Server) Phone(username string) *Phone {
	return &Phone{s: s, user: strings.ToLower(username)}
}

// Approve approves the user's next push or call after d.
func (p *Phone) Approve(d time.Duration) { p.Script(ApproveAfter(d)) }

// Deny denies the user's next push or call after d.
func (p *Phone) Deny(d time.Duration) { p.Script(DenyAfter(d)) }

// Fraud reports the user's next push or call as fraud after d.
func (p *Phone) Fraud(d time.Duration) { p.Script(FraudAfter(d)) }

// Ignore leaves the user's next push or call unanswered (it times out).
func (p *Phone) Ignore() { p.Script(Ignore()) }

// Script queues an answer for the user's next push or call; scripts are used
// in order, one per push or call.
func (p *Phone) Script(a Answer) {
	p.s.mu.Lock()
	p.s.scripts[p.user] = append(p.s.scripts[p.user], a)
	p.s.mu.Unlock()
}

// deviceLocked is the phone this handle stands for, or nil.
func (p *Phone) deviceLocked() *device {
	u := p.s.byName[p.user]
	if u == nil {
		return nil
	}
	var first *device
	for _, d := range u.devices {
		if d.typ != TypePhone {
			continue
		}
		if d.can(CapMobileOTP) || d.can(CapPush) {
			return d
		}
		if first == nil {
			first = d
		}
	}
	return first
}

// Passcode returns the Duo Mobile passcode the phone shows now: TOTP at
// Duo's clock plus the device's own clock skew. It is "" when the user has
// no phone that makes passcodes.
func (p *Phone) Passcode() string {
	p.s.mu.RLock()
	defer p.s.mu.RUnlock()
	d := p.deviceLocked()
	if d == nil || !d.can(CapMobileOTP) {
		return ""
	}
	return totpAt(d.secret, p.s.Now().Add(d.skew))
}

// SetClockSkew sets how far the phone's clock is from Duo's. Beyond the
// TOTP window its passcodes are denied ("Incorrect passcode"); its pushes
// still work.
func (p *Phone) SetClockSkew(d time.Duration) {
	p.s.mu.Lock()
	defer p.s.mu.Unlock()
	if dev := p.deviceLocked(); dev != nil {
		dev.skew = d
	}
}

// ClockSkew returns the phone's clock skew.
func (p *Phone) ClockSkew() time.Duration {
	p.s.mu.RLock()
	defer p.s.mu.RUnlock()
	if dev := p.deviceLocked(); dev != nil {
		return dev.skew
	}
	return 0
}

// SMSPasscodes returns the unused passcodes of the last SMS batch the user
// was sent (to any device), first the one sms_nextcode refers to.
func (p *Phone) SMSPasscodes() []string {
	p.s.mu.RLock()
	defer p.s.mu.RUnlock()
	u := p.s.byName[p.user]
	if u == nil {
		return nil
	}
	for _, d := range u.devices {
		if len(d.sms) > 0 {
			return append([]string(nil), d.sms...)
		}
	}
	return nil
}

// Token is a user's simulated HOTP hardware token.
type Token struct {
	s    *Server
	user string
}

// Token returns the user's first hardware token.
func (s *Server) Token(username string) *Token {
	return &Token{s: s, user: strings.ToLower(username)}
}

// Passcode presses the token's button: it returns the next HOTP code and
// advances the token's counter. Duo accepts a code up to 10 presses ahead of
// the last one it saw. It is "" when the user has no token.
func (t *Token) Passcode() string {
	t.s.mu.Lock()
	defer t.s.mu.Unlock()
	u := t.s.byName[t.user]
	if u == nil {
		return ""
	}
	for _, d := range u.devices {
		if d.typ == TypeToken {
			code := hotp(d.secret, d.pressed)
			d.pressed++
			return code
		}
	}
	return ""
}

// UserStatus returns a user's status ("" for an unknown user), for tests of
// lockout.
func (s *Server) UserStatus(username string) string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if u := s.byName[strings.ToLower(username)]; u != nil {
		return u.status
	}
	return ""
}

// SetUserStatus changes a user's status (active, bypass, disabled, locked out).
func (s *Server) SetUserStatus(username, status string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.byName[strings.ToLower(username)]
	if u == nil {
		return false
	}
	u.status, u.json = status, nil
	if status == StatusActive {
		u.failures = 0
	}
	return true
}
