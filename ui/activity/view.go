package activity

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"duotui/model"
)

// Layout constants: the detail's height when stacked under the list at 80
// columns, and its width when beside the list from 100 columns.
const (
	detailLines = 8
	detailWide  = 44
	labelW      = 10
)

// detailWidth is the detail's width beside the list.
func (p *Model) detailWidth() int { return max(detailWide, p.width*2/5) }

// rows is how many records the list shows at once.
func (p *Model) rows() int {
	h := p.height - 2 - len(p.banner()) // filter line, column titles
	if !p.wide() {
		h -= detailLines + 1 // the rule above the detail
	}
	return max(h, 1)
}

// banner is the no-log warning, wrapped, when there is one.
func (p *Model) banner() []string {
	if p.noLog == "" || p.width <= 0 {
		return nil
	}
	return wrap(p.s.Theme.Warning.Render(p.noLog), p.width)
}

// View draws the filter line, the list and the detail of the selected record.
func (p *Model) View() string {
	if p.width <= 0 || p.height <= 0 {
		return ""
	}
	out := p.banner()
	if p.path == "" {
		return strings.Join(out, "\n")
	}
	out = append(out, p.filterLine())
	listW := p.width
	if p.wide() {
		listW = p.width - p.detailWidth() - 2
	}
	list := p.list(listW)
	if p.wide() {
		detail := p.detail(p.detailWidth())
		out = append(out, strings.Split(lipgloss.JoinHorizontal(lipgloss.Top, strings.Join(list, "\n"), "  ", strings.Join(detail, "\n")), "\n")...)
	} else {
		out = append(out, list...)
		out = append(out, p.s.Theme.Muted.Render(strings.Repeat("─", p.width)))
		out = append(out, p.detail(p.width)...)
	}
	if len(out) > p.height {
		out = out[:p.height]
	}
	return strings.Join(out, "\n")
}

// filterLine is the filter field (or its hint) and what the list holds.
func (p *Model) filterLine() string {
	th := p.s.Theme
	var left string
	if p.filtering || p.filter.Value() != "" {
		left = p.filter.View()
	} else {
		left = th.Muted.Render("/ filter: text, action:push, user:alice")
	}
	var right string
	switch n := len(p.records); {
	case p.path == "":
	case p.loading && !p.ready:
		right = "reading…"
	case p.more:
		right = fmt.Sprintf("%d newest shown · G reads older", n)
	case n == 1:
		right = "1 record"
	default:
		right = fmt.Sprintf("%d records", n)
	}
	if p.skipped > 0 {
		right += fmt.Sprintf(" · %d unreadable lines skipped", p.skipped)
	}
	right = th.Muted.Render(right)
	gap := p.width - lipgloss.Width(left) - lipgloss.Width(right)
	if gap < 1 {
		return ansi.Truncate(left, p.width, "…")
	}
	return left + strings.Repeat(" ", gap) + right
}

// list is the column titles and the visible rows, exactly rows()+1 lines.
func (p *Model) list(w int) []string {
	th := p.s.Theme
	rows := p.rows()
	cols := p.columns(w)
	out := []string{th.Muted.Render("  " + p.cells(cols, func(c column) string { return c.title }))}
	switch {
	case p.err != nil:
		out = append(out, wrap(th.Error.Render("✗ ")+"The audit log could not be read: "+p.err.Error()+"; check its permissions, then press r.", w)...)
	case p.loading && !p.ready:
		out = append(out, th.Muted.Render("Reading the audit log…"))
	case len(p.records) == 0 && p.filter.Value() != "":
		out = append(out, wrap(fmt.Sprintf("No record matches %q: change the filter, or esc clears it.", p.filter.Value()), w)...)
	case len(p.records) == 0:
		out = append(out, wrap("No actions recorded yet: checks, enrolls, sends and clock measurements appear here as they happen. The log is "+p.path+".", w)...)
	}
	for i := p.top; i < len(p.records) && i < p.top+rows; i++ {
		r := p.records[i]
		line := p.cells(cols, func(c column) string { return c.cell(p, r) })
		if i == p.cursor {
			out = append(out, th.Selected.Render("▸ "+line))
		} else {
			out = append(out, "  "+p.styleRow(r, line))
		}
	}
	for len(out) < rows+1 {
		out = append(out, "")
	}
	for i := range out {
		out[i] = pad(out[i], w)
	}
	return out[:rows+1]
}

// styleRow colours a row by its outcome, so failures stand out.
func (p *Model) styleRow(r model.AuditRecord, line string) string {
	switch resultTone(r) {
	case toneBad:
		return p.s.Theme.Error.Render(line)
	case toneWarn:
		return p.s.Theme.Warning.Render(line)
	}
	return line
}

// cells lays out one line of the columns.
func (p *Model) cells(cols []column, text func(column) string) string {
	parts := make([]string, len(cols))
	for i, c := range cols {
		parts[i] = pad(ansi.Truncate(text(c), c.width, "…"), c.width)
	}
	return strings.TrimRight(strings.Join(parts, " "), " ")
}

// pad fills s with spaces to w cells.
func pad(s string, w int) string {
	if n := lipgloss.Width(s); n < w {
		return s + strings.Repeat(" ", w-n)
	}
	return s
}

// wrap breaks text into lines of at most w cells at word boundaries.
func wrap(text string, w int) []string {
	return strings.Split(ansi.Wrap(text, max(w, 10), ""), "\n")
}
