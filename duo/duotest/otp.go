package duotest

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha1"
	"encoding/binary"
	"fmt"
	"math/big"
	"time"
)

const totpStep = 30 // seconds, RFC 6238's default and Duo Mobile's

// hotp is RFC 4226 with six digits.
func hotp(secret []byte, counter uint64) string {
	var msg [8]byte
	binary.BigEndian.PutUint64(msg[:], counter)
	m := hmac.New(sha1.New, secret)
	m.Write(msg[:])
	sum := m.Sum(nil)
	off := sum[len(sum)-1] & 0x0f
	code := binary.BigEndian.Uint32(sum[off:off+4]) & 0x7fffffff
	return fmt.Sprintf("%06d", code%1_000_000)
}

// totpAt is RFC 6238 (30 s steps) at time t.
func totpAt(secret []byte, t time.Time) string {
	return hotp(secret, uint64(t.Unix()/totpStep))
}

// checkPasscodeLocked tries a passcode against everything a user may hold, in
// Duo's spirit: bypass codes, the current SMS batch, Duo Mobile TOTP codes
// (judged by Duo's clock, ±window steps, each step usable once) and HOTP
// tokens (up to 10 presses ahead). It consumes what it accepts.
func (s *Server) checkPasscodeLocked(u *user, code string, now time.Time) bool {
	for i, b := range u.bypass {
		if b == code {
			u.bypass = append(u.bypass[:i:i], u.bypass[i+1:]...)
			return true
		}
	}
	for _, d := range u.devices {
		for i, c := range d.sms {
			if c == code {
				d.sms = append(d.sms[:i:i], d.sms[i+1:]...)
				return true
			}
		}
	}
	step := now.Unix() / totpStep
	for _, d := range u.devices {
		if d.typ != TypePhone || !d.can(CapMobileOTP) || len(code) != 6 {
			continue
		}
		for k := -s.cfg.totpWindow; k <= s.cfg.totpWindow; k++ {
			st := step + int64(k)
			if st > d.lastStep && hotp(d.secret, uint64(st)) == code {
				d.lastStep = st
				return true
			}
		}
	}
	for _, d := range u.devices {
		if d.typ != TypeToken || len(code) != 6 {
			continue
		}
		for c := d.counter; c < d.counter+10; c++ {
			if hotp(d.secret, c) == code {
				d.counter = c + 1
				return true
			}
		}
	}
	return false
}

// newSMSBatch makes ten 7-digit single-use passcodes, like the batch Duo
// texts; the first digit of the first unused one is preauth's sms_nextcode.
func newSMSBatch() []string {
	out := make([]string, 10)
	for i := range out {
		n, err := rand.Int(rand.Reader, big.NewInt(9_000_000))
		if err != nil {
			panic("duotest: crypto/rand failed: " + err.Error())
		}
		out[i] = fmt.Sprint(1_000_000 + n.Int64())
	}
	return out
}
