package model

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"duotui/duo"
)

// Audit actions: what an administrator did.
const (
	ActionCheck     = "check"
	ActionEnroll    = "enroll"
	ActionPreauth   = "preauth"
	ActionPush      = "push"
	ActionSMS       = "sms"
	ActionCall      = "call"
	ActionPasscode  = "passcode"
	ActionAuto      = "auto"
	ActionClock     = "clock"
	ActionSetupSave = "setup-save"
)

// ActionFor names the audit action of an Auth factor.
func ActionFor(f duo.Factor) string {
	switch f {
	case duo.FactorPush:
		return ActionPush
	case duo.FactorSMS:
		return ActionSMS
	case duo.FactorPhone:
		return ActionCall
	case duo.FactorPasscode:
		return ActionPasscode
	}
	return ActionAuto
}

// Actor is who acted: the local OS user, or for an SSH session the key that
// logged in and where from.
type Actor struct {
	User           string `json:"user,omitempty"`
	KeyFingerprint string `json:"key_fingerprint,omitempty"` // SHA256:…
	KeyName        string `json:"key_name,omitempty"`        // the authorized_keys comment
	RemoteAddr     string `json:"remote_addr,omitempty"`
}

// LocalActor is the OS user running this process.
func LocalActor() Actor {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return Actor{User: u.Username}
	}
	return Actor{User: os.Getenv("USER")}
}

// String names the actor for the Activity pane: the local user, or the
// SSH key with its name and address.
func (a Actor) String() string {
	if a.KeyFingerprint == "" {
		return a.User
	}
	s := a.KeyFingerprint
	if a.KeyName != "" {
		s += " (" + a.KeyName + ")"
	}
	if a.RemoteAddr != "" {
		s += " from " + a.RemoteAddr
	}
	return s
}

// Millis is a duration written to JSON as milliseconds.
type Millis time.Duration

// MarshalJSON writes whole milliseconds with three decimals.
func (m Millis) MarshalJSON() ([]byte, error) {
	return strconv.AppendFloat(nil, float64(m)/float64(time.Millisecond), 'f', 3, 64), nil
}

// UnmarshalJSON reads milliseconds.
func (m *Millis) UnmarshalJSON(b []byte) error {
	f, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		return err
	}
	*m = Millis(f * float64(time.Millisecond))
	return nil
}

// AuditRecord is one line of the audit log. It has no field for a secret or
// a passcode by design, and Append also scrubs known secrets from every field.
type AuditRecord struct {
	Time      time.Time `json:"time"`
	Actor     Actor     `json:"actor"`
	Action    string    `json:"action"`
	Host      string    `json:"host,omitempty"`   // the Duo API host acted on
	User      string    `json:"user,omitempty"`   // the Duo user acted on
	Factor    string    `json:"factor,omitempty"` // push, sms, phone, passcode, auto
	Device    string    `json:"device,omitempty"`
	Result    string    `json:"result,omitempty"` // ok/failed, or the transaction's outcome
	Status    string    `json:"status,omitempty"` // Duo's status
	StatusMsg string    `json:"status_msg,omitempty"`
	Duration  Millis    `json:"duration_ms"`
	Error     string    `json:"error,omitempty"` // one sentence
}

// AuditFromTx builds the record of a finished transaction.
func AuditFromTx(actor Actor, host string, r TxRecord) AuditRecord {
	rec := AuditRecord{
		Time: r.Start, Actor: actor, Action: ActionFor(r.Factor), Host: host, User: r.User,
		Factor: string(r.Factor), Device: r.Device, Result: string(r.Outcome),
		StatusMsg: r.StatusMsg, Duration: Millis(r.Elapsed()), Error: r.Err,
	}
	if n := len(r.Events); n > 0 {
		rec.Status = r.Events[n-1].Status
	}
	return rec
}

// fields lists every string of the record, for scrubbing and text search.
func (r *AuditRecord) fields() []*string {
	return []*string{&r.Actor.User, &r.Actor.KeyFingerprint, &r.Actor.KeyName, &r.Actor.RemoteAddr,
		&r.Action, &r.Host, &r.User, &r.Factor, &r.Device, &r.Result, &r.Status, &r.StatusMsg, &r.Error}
}

// AuditLog appends records to a JSONL file. It is safe for concurrent use,
// and other processes may append to the same file: each record is a single
// O_APPEND write, so lines never interleave.
type AuditLog struct {
	path    string
	mu      sync.Mutex
	f       *os.File
	secrets []string
}

// OpenAuditLog opens (creating with 0600, in a 0700 directory) the log at
// path. A file left with a torn last line by a crash gets a newline first,
// so the next record starts on a line of its own.
func OpenAuditLog(path string) (*AuditLog, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("could not create the audit log's folder: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("could not open the audit log %s: %w", path, err)
	}
	if fi, err := f.Stat(); err == nil {
		if fi.Mode().Perm()&0o077 != 0 {
			_ = f.Chmod(0o600) // it names users and keys: tighten a log someone loosened
		}
		if fi.Size() > 0 && !endsWithNewline(path, fi.Size()) {
			if _, err := f.Write([]byte{'\n'}); err != nil {
				f.Close()
				return nil, fmt.Errorf("could not repair the audit log %s: %w", path, err)
			}
		}
	}
	return &AuditLog{path: path, f: f}, nil
}

func endsWithNewline(path string, size int64) bool {
	r, err := os.Open(path)
	if err != nil {
		return true
	}
	defer r.Close()
	b := make([]byte, 1)
	if _, err := r.ReadAt(b, size-1); err != nil && !errors.Is(err, io.EOF) {
		return true
	}
	return b[0] == '\n'
}

// Path is where the log lives.
func (l *AuditLog) Path() string { return l.path }

// AddSecret registers values (secret keys, client secrets) that must never
// appear in the log; Append replaces them with "[redacted]" wherever they
// occur. Values shorter than 4 characters are ignored.
func (l *AuditLog) AddSecret(values ...string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, v := range values {
		if len(v) >= 4 {
			l.secrets = append(l.secrets, v)
		}
	}
}

// ErrAuditClosed is returned by Append after Close.
var ErrAuditClosed = errors.New("the audit log is closed")

// Append writes one record. extra are one-off secrets for this record only
// (the passcode that was just tried). A zero Time is set to now.
func (l *AuditLog) Append(r AuditRecord, extra ...string) error {
	if r.Time.IsZero() {
		r.Time = time.Now()
	}
	r.Time = r.Time.UTC()
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil {
		return ErrAuditClosed
	}
	scrub(&r, l.secrets)
	scrub(&r, extra)
	b, err := json.Marshal(r)
	if err != nil {
		return err
	}
	b = append(b, '\n')
	if _, err := l.f.Write(b); err != nil {
		return fmt.Errorf("could not write the audit log %s: %w", l.path, err)
	}
	return nil
}

const redactedMark = "[redacted]"

func scrub(r *AuditRecord, secrets []string) {
	for _, s := range secrets {
		if len(s) < 4 {
			continue
		}
		for _, p := range r.fields() {
			if strings.Contains(*p, s) {
				*p = strings.ReplaceAll(*p, s, redactedMark)
			}
		}
	}
}

// Close closes the file; later Appends fail with ErrAuditClosed.
func (l *AuditLog) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil {
		return nil
	}
	err := l.f.Close()
	l.f = nil
	return err
}
