package common

import (
	"time"

	"duotui/duo"
	"duotui/model"
)

// Level grades a status-bar message.
type Level int

const (
	Info Level = iota
	Success
	Warning
	Failure
)

// StatusMsg puts one sentence in the status bar (the last error stays there
// until something replaces it).
type StatusMsg struct {
	Text  string
	Level Level
}

// SwitchMsg asks the root to show a pane, optionally with a user chosen
// (Users → Send, Users → Enroll, the wizard's "check the clock" link).
type SwitchMsg struct {
	To   Tab
	User string
}

// CredentialsMsg reports that the wizard saved new working credentials: the
// root rebuilds the Env's clients and leaves setup mode.
type CredentialsMsg struct {
	Path string // the config file written
}

// ClockMsg reports a clock verdict for the status bar.
type ClockMsg struct {
	Verdict model.Verdict
	Offset  time.Duration // Duo − local, the middle of the interval
}

// ConnMsg reports the connection state learnt by any call to Duo, for the
// status bar: nil error means Duo answered.
type ConnMsg struct {
	Err error
	At  time.Time
}

// AuditedMsg tells the Activity pane that a record was appended.
type AuditedMsg struct{ Record model.AuditRecord }

// UserPreauthMsg carries a fresh preauth for a user to any pane showing them.
type UserPreauthMsg struct {
	Username string
	Preauth  duo.Preauth
	Err      error
}
