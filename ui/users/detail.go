package users

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"duotui/duo"
	"duotui/model"
)

const labelW = 10 // "Devices   "

// detailLines renders the selected user in the detail's rectangle: who,
// status, devices, groups, Duo's live preauth answer and what the user's
// state means, trimmed to fit (devices first, then the fix).
func (m *Model) detailLines() []string {
	w, h := m.lay.detailW, m.lay.detailH
	u := m.current()
	if u == nil {
		return m.wrapped("Select a user to see their devices, groups and what Duo would do at their next login.", w, m.st.muted)
	}
	title := m.st.title.Render(u.Username)
	if u.RealName != "" {
		title += " · " + u.RealName
	}
	if u.Email != "" {
		title += " · " + m.st.muted.Render(u.Email)
	}
	info := u.Explain()
	devs := m.devices(u)
	ml := wrap(info.Meaning, w-labelW)
	if i := strings.Index(ml[0], ":"); i > 0 {
		ml[0] = m.st.level(info.Level).Render(ml[0][:i]) + ml[0][i:] // "Locked out:" in its colour
	}
	meaning := m.label("State", ml)
	var fix []string
	if info.Fix != "" {
		fix = m.labelled("Fix", info.Fix, w)
	}
	status := first(m.labelled("Status", m.statusText(u), w), 2)
	pre := first(m.labelled("Preauth", m.preauthText(u), w), 2)
	var extra []string
	if h >= 16 && u.InAdmin { // room to spare: side by side, or a tall terminal
		if !u.Created.IsZero() {
			extra = append(extra, m.line("Created", m.when(u.Created), w))
		}
		if len(u.Aliases) > 0 {
			extra = append(extra, m.line("Aliases", strings.Join(u.Aliases, ", "), w))
		}
	}
	// Title, status, groups and preauth always show; then one device line,
	// the meaning, the other devices, the fix (whole or not at all) and
	// the actions line, which help repeats anyway.
	avail := h - 2 - len(status) - len(pre) - len(extra)
	nDev := min(len(devs), max(1, avail-len(meaning)))
	if nDev < len(devs) {
		devs = append(devs[:nDev-1:nDev-1], fmt.Sprintf("… and %d more", len(devs)-nDev+1))
	}
	nMean := max(0, min(len(meaning), avail-nDev))
	left := avail - nDev - nMean
	if len(fix) > left {
		fix = nil
	}
	actions := left-len(fix) > 0

	out := make([]string, 0, h)
	out = append(out, ansi.Truncate(title, w, "…"))
	out = append(out, status...)
	for i, d := range devs {
		label := ""
		if i == 0 {
			label = "Devices"
		}
		out = append(out, ansi.Truncate(m.st.muted.Render(pad(label, labelW))+d, w, "…"))
	}
	out = append(out, m.line("Groups", groups(u), w))
	out = append(out, extra...)
	out = append(out, pre...)
	out = append(out, meaning[:nMean]...)
	out = append(out, fix...)
	if actions {
		out = append(out, m.actionsText())
	}
	if len(out) > h {
		out = out[:h]
	}
	return out
}

// first keeps at most n lines, the last cut short with "…" if more followed.
func first(lines []string, n int) []string {
	if len(lines) <= n {
		return lines
	}
	lines = lines[:n]
	lines[n-1] = strings.TrimRight(lines[n-1], " ") + "…"
	return lines
}

// line is one labelled line, cut to the width.
func (m *Model) line(label, text string, w int) string {
	return ansi.Truncate(m.st.muted.Render(pad(label, labelW))+text, w, "…")
}

// labelled wraps text after a label column.
func (m *Model) labelled(label, text string, w int) []string {
	return m.label(label, wrap(text, w-labelW))
}

func wrap(text string, w int) []string {
	return strings.Split(ansi.Wrap(text, max(10, w), " "), "\n")
}

// label puts label before the first line and indents the others.
func (m *Model) label(label string, lines []string) []string {
	for i := range lines {
		l := strings.Repeat(" ", labelW)
		if i == 0 {
			l = m.st.muted.Render(pad(label, labelW))
		}
		lines[i] = l + lines[i]
	}
	return lines
}

func (m *Model) wrapped(text string, w int, st interface{ Render(...string) string }) []string {
	lines := strings.Split(ansi.Wrap(text, w, " "), "\n")
	for i := range lines {
		lines[i] = st.Render(lines[i])
	}
	return lines
}

func (m *Model) statusText(u *model.RosterUser) string {
	if !u.InAdmin {
		s := "not in an Admin API list"
		if !u.LastSeen.IsZero() {
			s += " · seen here " + m.when(u.LastSeen)
		}
		return s
	}
	parts := []string{u.Status}
	if u.IsEnrolled {
		parts = append(parts, "enrolled")
	} else {
		parts = append(parts, "not enrolled")
	}
	if u.LastLogin.IsZero() {
		parts = append(parts, "never logged in")
	} else {
		parts = append(parts, "last login "+m.when(u.LastLogin))
	}
	return strings.Join(parts, " · ")
}

// when is a date with how long ago it was, by the session's clock.
func (m *Model) when(t time.Time) string {
	d := m.s.Now().Sub(t)
	if d < 24*time.Hour && d >= 0 {
		return t.UTC().Format("15:04") + " UTC (" + ago(d) + ")"
	}
	return t.UTC().Format("2006-01-02") + " (" + ago(d) + ")"
}

func ago(d time.Duration) string {
	day := 24 * time.Hour
	plural := func(n int, unit string) string {
		if n == 1 {
			return "1 " + unit + " ago"
		}
		return fmt.Sprintf("%d %ss ago", n, unit)
	}
	switch {
	case d < 0:
		return "in the future"
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return plural(int(d/time.Minute), "minute")
	case d < day:
		return plural(int(d/time.Hour), "hour")
	case d < 60*day:
		return plural(int(d/day), "day")
	case d < 730*day:
		return plural(int(d/(30*day)), "month")
	}
	return plural(int(d/(365*day)), "year")
}

// preauthText is Duo's live answer for the user.
func (m *Model) preauthText(u *model.RosterUser) string {
	if _, ok := m.pending[strings.ToLower(strings.TrimSpace(u.Username))]; ok {
		return m.st.muted.Render("asking Duo…")
	}
	p := u.Preauth
	if p == nil {
		if m.s.Clients().Auth == nil {
			return m.st.muted.Render("needs Auth API keys (Setup)")
		}
		return m.st.muted.Render("not asked yet (r asks Duo)")
	}
	at := m.st.muted.Render(" · " + p.At.UTC().Format("15:04:05"))
	if p.Err != "" {
		return m.st.bad.Render("failed: "+p.Err) + at
	}
	var s string
	switch p.Result {
	case duo.PreauthAuth:
		s = fmt.Sprintf("auth: a second factor is needed (%d device%s)", len(p.Devices), plural(len(p.Devices)))
	case duo.PreauthAllow:
		s = "allow: let in without a second factor"
	case duo.PreauthDeny:
		s = "deny"
		if p.StatusMsg != "" {
			s += ": " + p.StatusMsg
		}
	case duo.PreauthEnroll:
		s = "enroll: Duo would ask them to enroll"
	default:
		s = string(p.Result)
	}
	return s + at
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func (m *Model) actionsText() string {
	if !m.s.Role.CanAct() {
		return m.st.muted.Render("viewer role: sending and enrolling are off")
	}
	k := func(s string) string { return m.st.title.Render(s) }
	return k("s") + m.st.muted.Render(" send · ") + k("e") + m.st.muted.Render(" enroll · ") + k("r") + m.st.muted.Render(" refresh")
}
