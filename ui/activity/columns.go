package activity

import (
	"fmt"
	"net"
	"strings"
	"time"

	"duotui/model"
)

// column is one column of the list.
type column struct {
	title string
	width int
	cell  func(p *Model, r model.AuditRecord) string
}

// columns fits the columns into w cells (less the cursor's two). The error
// sentence takes what is left and is dropped when too narrow to read; the
// detail always shows it whole.
func (p *Model) columns(w int) []column {
	cols := []column{
		{"time", p.timeWidth(), func(p *Model, r model.AuditRecord) string { return p.when(r.Time) }},
		{"who", 13, func(_ *Model, r model.AuditRecord) string { return who(r.Actor) }},
		{"action", 10, func(_ *Model, r model.AuditRecord) string { return r.Action }},
		{"user", 9, func(_ *Model, r model.AuditRecord) string { return r.User }},
		{"result", 8, func(_ *Model, r model.AuditRecord) string { return r.Result }},
		{"took", 7, func(_ *Model, r model.AuditRecord) string { return took(r.Duration) }},
	}
	used := 2
	for _, c := range cols {
		used += c.width + 1
	}
	left := w - used
	if left >= 12 {
		return append(cols, column{"error", left, func(_ *Model, r model.AuditRecord) string { return r.Error }})
	}
	// No room for the error: give the spare cells to who and user.
	cols[1].width += max(left, 0) / 2
	cols[3].width += max(left, 0) - max(left, 0)/2
	return cols
}

// timeWidth is "15:04:05" when every record is from today, else with the date.
func (p *Model) timeWidth() int {
	for _, r := range p.records {
		if len(p.when(r.Time)) > 8 {
			return 12
		}
	}
	return 8
}

// when prints a record's time in the session's zone: the time alone for
// today, with the date otherwise.
func (p *Model) when(t time.Time) string {
	now := p.s.Now()
	t = t.In(now.Location())
	if y, m, d := t.Date(); y == now.Year() && m == now.Month() && d == now.Day() {
		return t.Format("15:04:05")
	}
	return t.Format("Jan 02 15:04")
}

// who names the actor in a few cells: the local user, or the SSH key's name
// (else the start of its fingerprint) and the address it came from.
func who(a model.Actor) string {
	if a.KeyFingerprint == "" {
		return a.User
	}
	name := a.KeyName
	if name == "" {
		name = strings.TrimPrefix(a.KeyFingerprint, "SHA256:")
		if len(name) > 8 {
			name = name[:8]
		}
	}
	if a.RemoteAddr != "" {
		host := a.RemoteAddr
		if h, _, err := net.SplitHostPort(host); err == nil {
			host = h
		}
		name += " " + host
	}
	return name
}

// took prints a duration compactly; zero prints nothing.
func took(m model.Millis) string {
	d := time.Duration(m)
	switch {
	case d <= 0:
		return ""
	case d < time.Second:
		return fmt.Sprintf("%d ms", d.Milliseconds())
	case d < 100*time.Second:
		return fmt.Sprintf("%.1f s", d.Seconds())
	}
	return d.Round(time.Second).String()
}

// ago says how long before now t was.
func ago(now, t time.Time) string {
	d := now.Sub(t)
	switch {
	case d < 0:
		return "in the future (a clock moved)"
	case d < 5*time.Second:
		return "just now"
	case d < time.Minute:
		return fmt.Sprintf("%d s ago", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%d min ago", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%d h ago", int(d.Hours()))
	}
	return fmt.Sprintf("%d days ago", int(d.Hours()/24))
}

type tone int

const (
	toneNormal tone = iota
	toneWarn
	toneBad
)

// resultTone grades a record's result for colour: failures and refusals
// stand out, timeouts and warnings less so.
func resultTone(r model.AuditRecord) tone {
	switch strings.ToLower(r.Result) {
	case "deny", "fraud", "failed", "error", "bad", "refused", "invalid":
		return toneBad
	case "timeout", "warn", "canceled", "expired":
		return toneWarn
	}
	if r.Error != "" {
		return toneBad
	}
	return toneNormal
}
