package model

import (
	"fmt"
	"time"
)

// Level grades a verdict; the UI colours it and the status bar shows it.
type Level int

// Levels, from good to bad. The zero value means nothing is known yet.
const (
	LevelUnknown Level = iota
	LevelOK
	LevelWarn
	LevelBad
)

var levelNames = [...]string{"unknown", "ok", "warn", "bad"}

// String is the level's lower-case name.
func (l Level) String() string {
	if l < 0 || int(l) >= len(levelNames) {
		return fmt.Sprintf("Level(%d)", int(l))
	}
	return levelNames[l]
}

// MarshalText writes the level's name, for --json output.
func (l Level) MarshalText() ([]byte, error) { return []byte(l.String()), nil }

// UnmarshalText reads a level's name back, so scripts in Go can decode
// --json output into the same types.
func (l *Level) UnmarshalText(b []byte) error {
	for i, n := range levelNames {
		if n == string(b) {
			*l = Level(i)
			return nil
		}
	}
	return fmt.Errorf("unknown clock level %q", b)
}

// Clock thresholds for |Duo − local|. Each line of the chain Duo → this
// server → the integration has its own tolerance; the verdict warns well
// before the first one breaks.
const (
	// ClockWarnFrom: a clock kept by NTP stays within tens of milliseconds,
	// so a full second means time sync is not working; a free-running clock
	// drifts seconds a day, and will reach the limits below within weeks.
	ClockWarnFrom = 1 * time.Second
	// ClockPasscodeRisk: TOTP codes live in 30 s steps; an integration that
	// checks one-time codes itself (WHMCS's Time Based Tokens, for example)
	// starts rejecting them when its clock is off by about half a step.
	ClockPasscodeRisk = 15 * time.Second
	// ClockBadFrom: half of the Web SDK's 60 s leeway, so a week of drift
	// from here breaks Universal Prompt logins.
	ClockBadFrom = 30 * time.Second
	// ClockWebSDKLeeway: Universal Prompt integrations (WHMCS 8.9+) validate
	// Duo's id_token with 60 s leeway on iat/exp; beyond it every login fails.
	ClockWebSDKLeeway = 60 * time.Second
	// ClockDateWindow: Duo rejects a signed request whose Date is further
	// off than this with 401/40105 (Duo does not publish the window; duo_unix's
	// mock and the simulator use ±300 s).
	ClockDateWindow = 300 * time.Second
)

// Verdict is the clock pane's conclusion: how bad, in one sentence, and the
// fix for this machine.
type Verdict struct {
	Level    Level    `json:"level"`
	Summary  string   `json:"summary"`            // one sentence: what the clock is doing and what it breaks
	Fix      string   `json:"fix,omitempty"`      // one sentence: what to do
	Commands []string `json:"commands,omitempty"` // exact commands for this machine, in order
}

// ClockFacts is everything the verdict looks at; nil parts were not measured.
type ClockFacts struct {
	Duo    *ClockEstimate // Duo − local, from Measure
	Kernel *KernelSync    // the kernel's own view (adjtimex)
	NTP    *NTPResult     // an NTP server's offset
	Sync   TimeSync       // the time services installed here
	// Limits overrides ClockWarnFrom and ClockBadFrom (config's [clock]
	// warn_offset and fail_offset); zero fields keep the defaults.
	Limits ClockLimits
}

// ClockLimits are the administrator's own thresholds.
type ClockLimits struct {
	Warn, Bad time.Duration
}

func (l ClockLimits) orDefault() ClockLimits {
	if l.Warn <= 0 {
		l.Warn = ClockWarnFrom
	}
	if l.Bad <= 0 {
		l.Bad = ClockBadFrom
	}
	return l
}

// JudgeClock grades the clock. Duo's offset decides when it is known, as Duo
// is the clock that matters; an NTP offset stands in when Duo could not be
// reached. The kernel's unsynchronised flag alone only warns.
func JudgeClock(f ClockFacts) Verdict {
	var off time.Duration
	var unc time.Duration
	var source string
	switch {
	case f.Duo != nil && f.Duo.Known():
		off, unc, source = f.Duo.Mid(), f.Duo.Width()/2, "Duo's"
	case f.NTP != nil:
		off, source = f.NTP.Offset, "the NTP server's ("+f.NTP.Server+")"
	default:
		if f.Kernel != nil && !f.Kernel.Synchronised {
			return Verdict{Level: LevelWarn,
				Summary:  "The kernel says this clock is not synchronised, and Duo's clock has not been measured yet.",
				Fix:      f.Sync.FixSentence(),
				Commands: f.Sync.FixCommands()}
		}
		return Verdict{Level: LevelUnknown, Summary: "The clock has not been measured yet."}
	}
	a := off
	if a < 0 {
		a = -a
	}
	what := fmt.Sprintf("This server's clock is %s of %s clock", FormatOffset(off, unc), source)
	v := Verdict{Fix: f.Sync.FixSentence(), Commands: f.Sync.FixCommands()}
	lim := f.Limits.orDefault()
	switch {
	case a >= ClockDateWindow:
		v.Level, v.Summary = LevelBad, what+": Duo rejects every signed request from it (401, code 40105, bad request timestamp)."
	case a >= ClockWebSDKLeeway:
		v.Level, v.Summary = LevelBad, what+": Universal Prompt logins (Web SDK, WHMCS 8.9+) fail now, and Duo starts rejecting its requests at 5 minutes."
	case a >= lim.Bad && a >= ClockBadFrom:
		v.Level, v.Summary = LevelBad, what+": within days of drift Universal Prompt logins fail (60 s limit), and one-time codes checked on this server already do."
	case a >= lim.Bad:
		v.Level, v.Summary = LevelBad, what+", beyond the "+formatSpan(lim.Bad)+" limit set in the configuration."
	case a >= ClockPasscodeRisk && a >= lim.Warn:
		v.Level, v.Summary = LevelWarn, what+": one-time codes checked on this server are at risk (30 s steps); Duo itself still accepts it."
	case a >= lim.Warn:
		v.Level, v.Summary = LevelWarn, what+": harmless today, but it means time sync is not working and the drift will grow."
	default:
		v = Verdict{Level: LevelOK, Summary: what + ": nothing fails because of time."}
		if f.Kernel != nil && !f.Kernel.Synchronised {
			v.Level = LevelWarn
			v.Summary = what + ", but the kernel says it is not synchronised, so it will drift."
			v.Fix, v.Commands = f.Sync.FixSentence(), f.Sync.FixCommands()
		}
	}
	return v
}

// FormatOffset says θ = Duo − local the way an administrator reads it: a
// positive θ means Duo is ahead, so this clock is slow. unc, when positive,
// is the ± uncertainty.
func FormatOffset(theta, unc time.Duration) string {
	dir := "slow"
	if theta < 0 {
		dir, theta = "fast", -theta
	}
	s := formatSpan(theta) + " " + dir
	if unc > 0 {
		s += " (±" + formatSpan(unc) + ")"
	}
	return s
}

// formatSpan prints a duration with sensible precision for a clock offset.
func formatSpan(d time.Duration) string {
	switch {
	case d < time.Millisecond:
		return fmt.Sprintf("%d µs", d.Microseconds())
	case d < time.Second:
		return fmt.Sprintf("%d ms", d.Round(time.Millisecond).Milliseconds())
	case d < 10*time.Second:
		return fmt.Sprintf("%.2f s", d.Seconds())
	case d < 2*time.Minute:
		return fmt.Sprintf("%.0f s", d.Seconds())
	case d < 2*time.Hour:
		return fmt.Sprintf("%.0f min", d.Minutes())
	default:
		return fmt.Sprintf("%.1f h", d.Hours())
	}
}
