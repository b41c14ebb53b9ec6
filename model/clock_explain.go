package model

import (
	"fmt"
	"time"
)

// Explanations of "The second factor you supplied was incorrect", the message
// integrations (WHMCS among them) show for several different failures. Two of
// them are clocks, and they are told apart by which factors still work.
const (
	// SecondFactorServerClock: this server's clock.
	SecondFactorServerClock = "This server's clock is off: Duo rejects its signed requests once the Date header is more than about 5 minutes out (401, code 40105, bad request timestamp), and integrations that check expiring tokens (Universal Prompt's id_token, 60 s leeway) fail well before that."
	// SecondFactorPhoneClock: the phone's clock.
	SecondFactorPhoneClock = "The phone's clock is off: Duo Mobile's passcodes are time-based (30 s steps), so codes from a phone with the wrong time are rejected while pushes to the same phone still work."
	// SecondFactorTest is how to tell the two apart.
	SecondFactorTest = "To tell them apart, send a push and then try a passcode: the push works but the passcode fails → the phone's clock; any request fails with 40105 → this server's clock."
	// TimeZoneNote: the usual false lead.
	TimeZoneNote = "Time zones don't matter: Duo, the Date header and passcodes all use UTC, so only the clock's UTC time has to be right."
	// PhoneClockFix is what the user does on the phone.
	PhoneClockFix = "On the phone, turn on automatic date and time (iPhone: Settings → General → Date & Time → Set Automatically; Android: Settings → System → Date & time → Set time automatically), then try a new passcode."
)

// Culprit is which clock a diagnosis blames.
type Culprit int

// Culprits.
const (
	CulpritUnknown Culprit = iota // not enough evidence yet: run SecondFactorTest
	CulpritServer                 // this server's clock
	CulpritPhone                  // the phone's clock
	CulpritNone                   // both clocks look fine: the factor itself was wrong
)

// String is the culprit's name.
func (c Culprit) String() string {
	names := [...]string{"unknown", "server", "phone", "none"}
	if c < 0 || int(c) >= len(names) {
		return "unknown"
	}
	return names[c]
}

// MarshalText writes the culprit's name, for --json output.
func (c Culprit) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// SecondFactorClues are what the app has seen recently.
type SecondFactorClues struct {
	BadDate        bool           // a signed request failed with 401/40105
	PushApproved   bool           // a push to the user's phone was approved
	PasscodeDenied bool           // a passcode from that phone was denied
	Server         *ClockEstimate // this server's measured offset, if any
}

// Diagnosis names the clock at fault with the fix.
type Diagnosis struct {
	Culprit Culprit `json:"culprit"`
	Summary string  `json:"summary"`
	Fix     string  `json:"fix"`
}

// DiagnoseSecondFactor applies SecondFactorTest to the clues.
func DiagnoseSecondFactor(c SecondFactorClues) Diagnosis {
	serverOff := c.Server != nil && c.Server.Known() && absDur(c.Server.Mid()) >= ClockWebSDKLeeway
	switch {
	case c.BadDate || serverOff:
		s := SecondFactorServerClock
		if c.Server != nil && c.Server.Known() {
			s = fmt.Sprintf("This server's clock is %s of Duo's: %s", FormatOffset(c.Server.Mid(), 0), s)
		}
		return Diagnosis{Culprit: CulpritServer, Summary: s,
			Fix: "Turn on time sync on this server (see the Clock pane for the commands), then retry."}
	case c.PushApproved && c.PasscodeDenied:
		return Diagnosis{Culprit: CulpritPhone, Summary: SecondFactorPhoneClock, Fix: PhoneClockFix}
	case c.PushApproved && c.Server != nil && c.Server.Known():
		return Diagnosis{Culprit: CulpritNone,
			Summary: "Pushes work and this server's clock agrees with Duo's, so neither clock is at fault.",
			Fix:     "Check the passcode itself (a fresh one, for this user's device), then the integration's keys."}
	}
	return Diagnosis{Culprit: CulpritUnknown, Summary: SecondFactorServerClock + " " + SecondFactorPhoneClock, Fix: SecondFactorTest}
}

// TimeZoneLine shows this machine's zone and says it is irrelevant.
func TimeZoneLine(now time.Time) string {
	name, off := now.Zone()
	return fmt.Sprintf("Local time zone: %s (UTC%s). %s", now.Location(), formatZone(off, name), TimeZoneNote)
}

func formatZone(off int, name string) string {
	sign := "+"
	if off < 0 {
		sign, off = "-", -off
	}
	s := fmt.Sprintf("%s%02d:%02d", sign, off/3600, off%3600/60)
	if name != "" && name != "UTC" {
		s += ", " + name
	}
	return s
}

func absDur(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}
