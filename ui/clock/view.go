package clock

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"duotui/model"
)

// labelW is the width of the section labels on the left of the page.
const labelW = 12

// View shows the visible part of the page; the last line says when there
// is more below.
func (p *Model) View() string {
	if p.height <= 0 || len(p.lines) == 0 {
		return ""
	}
	end := min(p.offset+p.height, len(p.lines))
	vis := append([]string(nil), p.lines[p.offset:end]...)
	if end < len(p.lines) {
		n := len(p.lines) - end
		more := fmt.Sprintf("↓ %d more lines (j, pgdn)", n)
		if n == 1 {
			more = "↓ 1 more line (j)"
		}
		if p.offset < p.explainAt {
			more += ` · e: "second factor incorrect"?`
		}
		vis[len(vis)-1] = p.s.Theme.Muted.Render(more)
	}
	return strings.Join(vis, "\n")
}

// scrollTo moves the page, keeping it within its length.
func (p *Model) scrollTo(off int) {
	p.offset = min(max(off, 0), max(len(p.lines)-p.height, 0))
}

// render lays the page out for the pane's width; Update calls it after
// every change so View only slices.
func (p *Model) render() {
	if p.width <= 0 || p.height <= 0 {
		return
	}
	w := p.width
	var out []string
	out = append(out, p.measureBlock(w)...)
	out = append(out, "")
	out = append(out, p.verdictLines(w)...)
	out = append(out, p.checkLines(w)...)
	out = append(out, p.kernelLines(w)...)
	out = append(out, p.ntpLines(w)...)
	out = append(out, section(p.s.Theme.Muted.Render("Time zone"), model.TimeZoneLine(p.s.Now()), w)...)
	out = append(out, "")
	p.explainAt = len(out)
	out = append(out, p.explainLines(w)...)
	p.lines = out
	p.scrollTo(p.offset)
	fits := len(out) <= p.height
	p.keys.setScrollable(!fits, !fits)
}

// measureBlock is the plot of the interval per sample beside the numbers.
func (p *Model) measureBlock(w int) []string {
	rows, cw := 5, 2
	if p.height >= 30 {
		rows = 7
	}
	if w >= 100 {
		cw = 3
	}
	slots := max(p.deps.samples, len(p.m.est.History))
	plotW := len(signedSeconds(-99*1e9)) + 1 + slots*cw
	plot := rangePlot(p.m.est.History, slots, rows, plotW)
	factsW := max(w-plotW-3, 20)
	facts := p.facts(factsW)
	for i := range facts {
		facts[i] = ansi.Truncate(facts[i], factsW, "…")
	}
	return strings.Split(lipgloss.JoinHorizontal(lipgloss.Top, strings.Join(plot, "\n"), "   ", strings.Join(facts, "\n")), "\n")
}

// facts are the numbers beside the plot.
func (p *Model) facts(w int) []string {
	th := p.s.Theme
	m := p.m
	est := m.est
	out := []string{th.Title.Render("Duo − local")}
	switch {
	case !est.Known() && m.busy:
		out = append(out, th.Muted.Render("Reading Duo's clock…"))
	case !est.Known() && m.err != nil:
		out = append(out, wrap(th.Error.Render("✗ ")+p.measureError(), w)...)
	case est.Known():
		out[0] += "  " + th.Key.Render(signedSeconds(est.Lo)+" … "+signedSeconds(est.Hi))
		out = append(out,
			fmt.Sprintf("width %s after %d of %d samples", span(est.Width()), est.Samples, max(p.deps.samples, est.Samples)),
			"round trip "+span(est.RTT)+" (fastest)",
			"this clock is "+th.Key.Render(model.FormatOffset(est.Mid(), est.Width()/2)))
		switch {
		case m.busy:
			out = append(out, th.Muted.Render("measuring: pings wait for Duo's next second"))
		case m.err != nil:
			out = append(out, wrap(th.Error.Render("✗ stopped early: ")+p.measureError(), w)...)
		case est.Restarts > 0 || est.Rejected > 0:
			out = append(out, wrap(th.Warning.Render(est.Note), w)...)
		case m.reused:
			out = append(out, th.Muted.Render("a recent reading of this app's (r measures)"))
		default:
			out = append(out, th.Muted.Render("pings aimed at Duo's second boundaries"))
		}
	}
	return out
}

// verdictLines are the verdict and, when something is wrong, the fix for
// this machine with its commands.
func (p *Model) verdictLines(w int) []string {
	th := p.s.Theme
	v := p.verdict
	label := th.Title.Render("Verdict")
	if p.m.busy {
		return section(label, th.Muted.Render("waiting for the last samples…"), w)
	}
	mark, style := "…", th.Muted
	switch v.Level {
	case model.LevelOK:
		mark, style = "✓", th.Good
	case model.LevelWarn:
		mark, style = "!", th.Warning
	case model.LevelBad:
		mark, style = "✗", th.Error
	}
	head := mark + " " + v.Level.String() + ": "
	if v.Level == model.LevelUnknown {
		head = mark + " "
	}
	out := section(label, style.Render(head)+v.Summary, w)
	if v.Fix != "" && v.Level > model.LevelOK {
		out = append(out, section(th.Title.Render("Fix"), v.Fix, w)...)
		for _, c := range v.Commands {
			out = append(out, strings.Repeat(" ", labelW+2)+th.Key.Render(c))
		}
	}
	return out
}

func (p *Model) checkLines(w int) []string {
	th := p.s.Theme
	label := th.Muted.Render("Signed check")
	switch {
	case !p.hasAuth:
		return section(label, "skipped: no Auth API keys yet (the ping above needs none).", w)
	case !p.check.done:
		return section(label, th.Muted.Render("asking Duo to judge a request dated by this clock…"), w)
	case p.check.err != nil:
		return section(label, th.Error.Render("✗ ")+explain(p.check.err), w)
	}
	return section(label, th.Good.Render("✓ ")+"Duo accepts requests dated by this clock (no 40105).", w)
}

func (p *Model) kernelLines(w int) []string {
	th := p.s.Theme
	label := th.Muted.Render("Kernel")
	switch {
	case !p.kernel.done:
		return section(label, th.Muted.Render("reading…"), w)
	case p.kernel.err != nil:
		return section(label, capitalise(p.kernel.err.Error())+".", w)
	case p.kernel.val.Synchronised:
		return section(label, th.Good.Render("✓ ")+p.kernel.val.Summary(), w)
	}
	return section(label, th.Warning.Render("! ")+p.kernel.val.Summary(), w)
}

func (p *Model) ntpLines(w int) []string {
	th := p.s.Theme
	label := th.Muted.Render("NTP")
	switch {
	case p.ntpServer == "":
		return section(label, `not configured: add ntp_server = "pool.ntp.org" under [clock] in config.toml to compare with an NTP server.`, w)
	case !p.ntp.done:
		return section(label, th.Muted.Render("asking "+p.ntpServer+"…"), w)
	case p.ntp.err != nil:
		return section(label, th.Error.Render("✗ ")+explain(p.ntp.err), w)
	}
	r := p.ntp.val
	return section(label, fmt.Sprintf("%s says this clock is %s; stratum %d, round trip %s.",
		r.Server, th.Key.Render(model.FormatOffset(r.Offset, r.RTT/2)), r.Stratum, span(r.RTT)), w)
}

// section puts label in the left column and text, wrapped, beside it.
func section(label, text string, w int) []string {
	body := wrap(text, max(w-labelW-2, 20))
	pad := strings.Repeat(" ", labelW+2)
	out := make([]string, len(body))
	for i, l := range body {
		if i == 0 {
			out[i] = label + strings.Repeat(" ", max(labelW+2-lipgloss.Width(label), 1)) + l
			continue
		}
		out[i] = pad + l
	}
	return out
}

// wrap breaks text into lines of at most w cells at word boundaries.
func wrap(text string, w int) []string {
	return strings.Split(ansi.Wrap(text, w, ""), "\n")
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
