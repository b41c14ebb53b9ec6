package users

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/progress"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"duotui/model"
	"duotui/ui/common"
)

// sideBySideFrom is the width from which list and detail sit side by side.
const sideBySideFrom = 100

type styles struct {
	text, muted, sel, match, selMatch, title, good, warn, bad lipgloss.Style
}

func newStyles(t common.Theme) styles {
	return styles{text: t.Text, muted: t.Muted, sel: t.Selected, match: t.Match,
		selMatch: t.Match.Inherit(t.Selected), title: t.Title, good: t.Good, warn: t.Warning, bad: t.Error}
}

func (st styles) level(l model.Level) lipgloss.Style {
	switch l {
	case model.LevelOK:
		return st.good
	case model.LevelWarn:
		return st.warn
	case model.LevelBad:
		return st.bad
	}
	return st.muted
}

func newBar(t common.Theme) progress.Model {
	r := t.Renderer()
	fill := t.Accent.Light
	if r.HasDarkBackground() {
		fill = t.Accent.Dark
	}
	return progress.New(progress.WithSolidFill(fill), progress.WithoutPercentage(),
		progress.WithColorProfile(r.ColorProfile()), progress.WithWidth(20))
}

// layout is the pane's division, computed in SetSize.
type layout struct {
	side             bool
	listW, listH     int
	detailW, detailH int
	name, real       int // column widths of a row
	email, state     int
}

// SetSize implements common.Pane: a header line, the list and the detail
// (stacked under 100 columns, side by side from there) and a status line.
func (m *Model) SetSize(w, h int) {
	m.w, m.h = w, h
	body := max(2, h-2)
	l := layout{}
	if w >= sideBySideFrom {
		l.side = true
		l.listW = w * 9 / 20
		l.detailW = w - l.listW - 3
		l.listH, l.detailH = body, body
	} else {
		l.listW, l.detailW = w, w
		l.listH = max(1, body*2/5)
		l.detailH = max(1, body-l.listH-1)
	}
	l.state = 12
	rest := l.listW - 2 - l.state - 1
	if rest >= 56 {
		l.name = min(28, rest*35/100)
		l.real = rest * 30 / 100
		l.email = rest - l.name - l.real - 2
	} else {
		l.name = rest * 55 / 100
		l.real = max(0, rest-l.name-1)
	}
	m.lay = l
	m.input.Width = max(10, w/2-4)
	m.bar.Width = max(10, min(30, w/4))
	m.clampCursor()
}

// View implements common.Pane.
func (m *Model) View() string {
	lines := make([]string, 0, m.h)
	lines = append(lines, m.header())
	list := m.listLines()
	detail := m.detailLines()
	if m.lay.side {
		sep := m.st.muted.Render(" │ ")
		for i := range m.lay.listH {
			d := ""
			if i < len(detail) {
				d = detail[i]
			}
			lines = append(lines, list[i]+sep+d)
		}
	} else {
		lines = append(lines, list...)
		lines = append(lines, m.st.muted.Render(strings.Repeat("─", m.w)))
		lines = append(lines, detail...)
		for range m.lay.detailH - len(detail) {
			lines = append(lines, "")
		}
	}
	lines = append(lines, m.statusLine())
	return strings.Join(lines, "\n")
}

func (m *Model) header() string {
	var right string
	if fetched, total, ok := m.progress(); ok {
		pct := 0.0
		if total > 0 {
			pct = float64(fetched) / float64(total)
		}
		right = "loading " + m.bar.ViewAs(min(pct, 1)) + " " + count(fetched) + "/" + count(total)
	} else if m.ranked != nil {
		right = count(len(m.ranked)) + " of " + count(len(m.f.ix.users))
	} else {
		right = count(len(m.snap.Users)) + " users"
	}
	right = m.st.muted.Render(right)
	var left string
	if m.input.Focused() || m.input.Value() != "" {
		left = m.input.View()
	} else {
		left = m.st.muted.Render("/ filter · " + m.source())
	}
	room := m.w - lipgloss.Width(right) - 1
	left = ansi.Truncate(left, max(0, room), "…")
	return left + strings.Repeat(" ", max(1, m.w-lipgloss.Width(left)-lipgloss.Width(right))) + right
}

// progress is the listing's progress: this pane's own, or another
// session's as the shared roster shows it.
func (m *Model) progress() (fetched, total int, loading bool) {
	if m.load != nil {
		return m.load.fetched, m.load.total, true
	}
	return m.snap.Fetched, m.snap.Total, m.snap.Loading
}

// source says where the list comes from.
func (m *Model) source() string {
	switch {
	case m.s.Clients().Admin == nil:
		return "users seen here (no Admin API keys)"
	case m.snap.AdminComplete:
		return "all users, from the Admin API"
	case m.snap.Loading:
		return "Admin API"
	}
	return "Admin API list not loaded (L loads it)"
}

func (m *Model) statusLine() string {
	if m.status == "" {
		return ""
	}
	st := m.st.muted
	switch m.statusLevel {
	case common.Success:
		st = m.st.good
	case common.Warning:
		st = m.st.warn
	case common.Failure:
		st = m.st.bad
	}
	return st.Render(ansi.Truncate(m.status, m.w, "…"))
}

// count formats n with thousands separators.
func count(n int) string {
	s := strconv.Itoa(n)
	if n < 1000 && n > -1000 {
		return s
	}
	var b strings.Builder
	neg := s[0] == '-'
	if neg {
		b.WriteByte('-')
		s = s[1:]
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
