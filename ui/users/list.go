package users

import (
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/mattn/go-runewidth"

	"duotui/model"
)

// stateTag is a user's state in the list's last column (12 cells at most).
var stateTag = map[model.UserState]string{
	model.StateUnknown:         "not asked",
	model.StateActive:          "active",
	model.StateNotEnrolled:     "not enrolled",
	model.StateNoCapableDevice: "no device",
	model.StateLockedOut:       "locked out",
	model.StateBypass:          "bypass",
	model.StateDisabled:        "disabled",
	model.StatePendingDeletion: "deleting",
	model.StateDenied:          "denied",
}

// listLines renders only the rows on screen: the cost of a frame does not
// grow with the number of users.
func (m *Model) listLines() []string {
	h, w := m.lay.listH, m.lay.listW
	out := make([]string, 0, h)
	n := m.rows()
	if n == 0 {
		for _, l := range strings.Split(ansi.Wrap(m.emptyText(), w, " "), "\n") {
			if len(out) < h {
				out = append(out, m.st.muted.Render(pad(l, w)))
			}
		}
	}
	if m.posBuf == nil {
		m.posBuf = make([]int, maxQueryUnit)
	}
	var b strings.Builder
	for i := m.top; i < min(n, m.top+h); i++ {
		b.Reset()
		m.renderRow(&b, i)
		out = append(out, b.String())
	}
	for len(out) < h {
		out = append(out, strings.Repeat(" ", w))
	}
	return out
}

func (m *Model) emptyText() string {
	q := strings.TrimSpace(m.input.Value())
	switch {
	case m.snap.Loading:
		return "Loading users from the Admin API…"
	case q != "" && m.s.Clients().Auth == nil:
		return "No listed user matches \"" + q + "\"."
	case q != "" && m.input.Focused():
		return "No listed user matches \"" + q + "\": press enter to ask Duo about \"" + q + "\"."
	case q != "":
		return "No listed user matches \"" + q + "\": press / then enter to ask Duo about \"" + q + "\"."
	case m.s.Clients().Admin == nil:
		return "No users seen yet. Press / and type a username, then enter, to ask Duo about them."
	}
	return "Duo has no users yet."
}

func (m *Model) renderRow(b *strings.Builder, i int) {
	u, j := m.row(i)
	l := m.lay
	base, hi := m.st.text, m.st.match
	if i == m.cursor {
		base, hi = m.st.sel, m.st.selMatch
		b.WriteString(base.Render("> "))
	} else {
		b.WriteString("  ")
	}
	var pos []int
	if j >= 0 && len(m.pat.units) > 0 {
		pos = m.f.positions(&m.pat, j, m.posBuf)
	}
	units := m.pat.units
	start := 0
	cell(b, u.Username, start, pos, units, l.name, base, hi)
	start += len(u.Username) + 1
	b.WriteByte(' ')
	cell(b, u.RealName, start, pos, units, l.real, base, hi)
	start += len(u.RealName) + 1
	if l.email > 0 {
		b.WriteByte(' ')
		cell(b, u.Email, start, pos, units, l.email, base, hi)
	}
	b.WriteByte(' ')
	info := u.Explain()
	cell(b, stateTag[info.State], -1, nil, nil, l.state, m.st.level(info.Level), hi)
}

// cell writes text in w cells, truncated with "…", the characters at
// haystack offsets pos (the field starts at offset start) in hi.
func cell(b *strings.Builder, text string, start int, pos []int, units []string, w int, base, hi lipgloss.Style) {
	if w <= 0 {
		return
	}
	limit := w
	if textWidth(text) > w {
		limit = w - 1 // room for the ellipsis
	}
	used, seg, k := 0, 0, 0
	segHi := false
	i := 0
	for i < len(text) {
		r, n := utf8.DecodeRuneInString(text[i:])
		rw := 1
		if r >= utf8.RuneSelf {
			rw = runewidth.RuneWidth(r)
		}
		if used+rw > limit {
			break
		}
		at := start + i
		for k < len(pos) && pos[k]+len(units[k]) <= at {
			k++
		}
		matched := start >= 0 && k < len(pos) && pos[k] <= at
		if matched != segHi && i > seg {
			writeSeg(b, text[seg:i], segHi, base, hi)
			seg = i
		}
		segHi = matched
		used += rw
		i += n
	}
	if i > seg {
		writeSeg(b, text[seg:i], segHi, base, hi)
	}
	if limit < w {
		b.WriteString(base.Render("…"))
		used++
	}
	if used < w {
		b.WriteString(strings.Repeat(" ", w-used))
	}
}

func writeSeg(b *strings.Builder, s string, matched bool, base, hi lipgloss.Style) {
	if matched {
		b.WriteString(hi.Render(s))
	} else {
		b.WriteString(base.Render(s))
	}
}

func textWidth(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return ansi.StringWidth(s)
		}
	}
	return len(s)
}

// pad fills s with spaces to w cells.
func pad(s string, w int) string {
	if d := w - lipgloss.Width(s); d > 0 {
		return s + strings.Repeat(" ", d)
	}
	return s
}
