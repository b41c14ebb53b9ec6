package setup

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"duotui/config"
	"duotui/ui/common"
)

// The key form and the live check sit side by side only when the pane is
// wide but too short to stack them; stacked, each line has the full width.
const (
	wideFrom  = 110
	stackFrom = 30 // rows
)

func (m *Model) sideBySide() bool { return m.width >= wideFrom && m.height < stackFrom }

// formWidth is the key form's width: the values are at most 40 characters,
// so wider only spreads the hints thin.
func (m *Model) formWidth() int {
	if m.sideBySide() {
		return min(64, m.width/2)
	}
	return min(m.width, 96)
}

// SetSize gives the wizard its rectangle and sizes the fields to it.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = max(w, 20), max(h, 6)
	for _, f := range m.allFields() {
		if f != nil {
			f.setWidth(m.formWidth() - 2)
		}
	}
	m.refreshForms()
}

// compactFrom is the pane height below which forms fold the ✓ lines.
const compactFrom = 26

// refreshForms redraws the credential forms' hints after anything that
// can change them: a key, a check's verdict, focus, the size.
func (m *Model) refreshForms() {
	for _, c := range []*credForm{m.auth, m.use.web.form} {
		if c != nil {
			c.compact = m.height < compactFrom
			c.describe()
		}
	}
}

// View draws the section title line, the section and the status line; the
// section is cut to fit, so a small terminal never pushes the status away.
func (m *Model) View() string {
	h := m.bodyHeight()
	out := m.viewHeader() + "\n" + fit(m.viewBody(h), h)
	if status := m.viewStatus(); status != "" {
		out += "\n\n" + status
	}
	return clipLines(out, m.width)
}

// clipLines cuts every line to the pane's width (a long path must not wrap
// the terminal and shift everything below) and drops the padding lipgloss
// leaves at line ends.
func clipLines(s string, w int) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(ansi.Truncate(l, w, "…"), " ")
	}
	return strings.Join(lines, "\n")
}

// bodyHeight is the rows left for the section under the title line (and
// the blank after it) and above the status line (and the blank before it).
func (m *Model) bodyHeight() int {
	h := m.height - 2
	if s := m.viewStatus(); s != "" {
		h -= lipgloss.Height(s) + 1
	}
	return max(h, 1)
}

func (m *Model) viewBody(h int) string {
	switch m.stage {
	case stageChecklist:
		return m.viewChecklist(h)
	case stageKeys:
		return m.viewKeys()
	case stageSave:
		return m.viewSave()
	}
	return m.viewUse(h)
}

// viewHeader names the sections, the current one bracketed.
func (m *Model) viewHeader() string {
	t := m.s.Theme
	parts := make([]string, numStages)
	for i, n := range stageNames {
		if stage(i) == m.stage {
			parts[i] = t.TabActive.Render("[" + n + "]")
		} else {
			parts[i] = t.TabIdle.Render(n)
		}
	}
	return t.Title.Render("Set up Duo") + "  " + strings.Join(parts, t.Muted.Render(" › ")) + "\n"
}

func (m *Model) viewStatus() string {
	if m.status.text == "" {
		return ""
	}
	t := m.s.Theme
	style, mark := t.Muted, ""
	switch m.status.level {
	case common.Success:
		style, mark = t.Good, "✓ "
	case common.Warning:
		style, mark = t.Warning, "! "
	case common.Failure:
		style, mark = t.Error, "✗ "
	}
	return style.Render(wrap(mark+m.status.text, m.width))
}

// fit cuts s to h lines, marking the cut, and pads it to h lines so the
// status line stays at the bottom.
func fit(s string, h int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = append(lines[:h-1], "…")
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

// wrap word-wraps s (which may hold styles) to w cells.
func wrap(s string, w int) string { return ansi.Wrap(s, max(w, 10), " ") }

// indent prefixes every line of s with n spaces.
func indent(s string, n int) string {
	pad := strings.Repeat(" ", n)
	return pad + strings.ReplaceAll(s, "\n", "\n"+pad)
}

// indentRest indents every line of s but the first.
func indentRest(s string, n int) string {
	return strings.ReplaceAll(s, "\n", "\n"+strings.Repeat(" ", n))
}

// table lines up label/value rows.
func table(t common.Theme, rows [][2]string) string {
	w := 0
	for _, r := range rows {
		w = max(w, lipgloss.Width(r[0]))
	}
	var b []string
	for _, r := range rows {
		b = append(b, "  "+t.Muted.Render(r[0]+strings.Repeat(" ", w-lipgloss.Width(r[0])))+"  "+r[1])
	}
	return strings.Join(b, "\n")
}

// hostLabel shows a loopback host as the simulator it is.
func hostLabel(h string) string {
	if config.IsSimulatorHost(h) {
		return h + " (simulator)"
	}
	return h
}
