package ui

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"duotui/ui/common"
)

// Banner texts.
const (
	DemoBanner    = "DEMO — simulated Duo, nothing leaves this machine"
	NoCredsBanner = "No working Duo credentials yet"
	TooSmall      = "terminal too small (need 80x24)"
)

// View assembles the screen from the layout computed in SetSize.
func (a *App) View() string {
	if a.width <= 0 || a.height <= 0 {
		return ""
	}
	if a.lay.tooSmall {
		return a.tooSmallView()
	}
	th := a.s.Theme
	w := a.width
	lines := make([]string, 0, a.height)
	if a.s.Demo {
		lines = append(lines, fit(lipgloss.PlaceHorizontal(w, lipgloss.Center, th.Banner.Render(DemoBanner)), w))
	}
	if a.noCreds {
		lines = append(lines, fit(a.noCredsView(), w))
	}
	lines = append(lines, fit(a.tabsView(), w))
	lines = appendBlock(lines, a.bodyView(), a.lay.body.h, w)
	lines = append(lines, fit(a.bar.facts(a.s, w), w), fit(a.bar.message(th), w))
	lines = appendBlock(lines, a.helpView(), a.lay.helpH, w)
	return strings.Join(lines, "\n")
}

// helpView is the full help, or one line whose end always shows the root's
// keys: the pane's own keys are cut short first.
func (a *App) helpView() string {
	k := a.helpKeys()
	if a.fullHelp {
		return a.help.FullHelpView(k.FullHelp())
	}
	h := a.help
	h.Width = 0
	globals := h.ShortHelpView(k.globals())
	if k.pane == nil {
		return globals
	}
	sep := h.Styles.ShortSeparator.Render(h.ShortSeparator)
	own := a.shortHelpWithin(k.pane.ShortHelp(), a.width-lipgloss.Width(globals)-lipgloss.Width(sep))
	if own == "" {
		return globals
	}
	return own + sep + globals
}

// shortHelpWithin renders as many of bindings as fit in w cells, with an
// ellipsis when some are left out. (help.Model's own cut keeps adding items
// once its ellipsis no longer fits.)
func (a *App) shortHelpWithin(bindings []key.Binding, w int) string {
	st := a.help.Styles
	sep := st.ShortSeparator.Render(a.help.ShortSeparator)
	tail := " " + st.Ellipsis.Render(a.help.Ellipsis)
	var items []string
	for _, b := range bindings {
		if b.Enabled() {
			items = append(items, st.ShortKey.Render(b.Help().Key)+" "+st.ShortDesc.Render(b.Help().Desc))
		}
	}
	if all := strings.Join(items, sep); lipgloss.Width(all) <= w {
		return all
	}
	var out strings.Builder
	used, room := 0, w-lipgloss.Width(tail)
	for i, it := range items {
		if i > 0 {
			it = sep + it
		}
		if used+lipgloss.Width(it) > room {
			break
		}
		out.WriteString(it)
		used += lipgloss.Width(it)
	}
	if used == 0 {
		return ""
	}
	return out.String() + tail
}

// noCredsView points at the Setup tab from every screen.
func (a *App) noCredsView() string {
	th := a.s.Theme
	where := " — run duotui setup to add them."
	switch {
	case a.active == common.TabSetup && a.panes[common.TabSetup] != nil:
		where = " — the Setup steps below add them."
	case a.panes[common.TabSetup] != nil:
		where = " — press " + th.Key.Render("1") + th.Warning.Render(" for Setup to add them.")
	}
	return th.Warning.Render("! "+NoCredsBanner) + th.Warning.Render(where)
}

// tabsView numbers the tabs by their key; the focused one is bracketed so
// it shows without colour too.
func (a *App) tabsView() string {
	th := a.s.Theme
	var b strings.Builder
	b.WriteString(th.Title.Render("duotui"))
	b.WriteString(" ")
	for _, t := range a.order {
		label := strconv.Itoa(int(t)+1) + " " + a.panes[t].Title()
		b.WriteString(" ")
		if t == a.active {
			b.WriteString(th.TabActive.Render("[" + label + "]"))
		} else {
			b.WriteString(th.TabIdle.Render(" " + label + " "))
		}
	}
	return b.String()
}

func (a *App) bodyView() string {
	if p := a.panes[a.active]; p != nil {
		return p.View()
	}
	return a.s.Theme.Muted.Render("No panes are part of this build yet.")
}

func (a *App) tooSmallView() string {
	lines := []string{TooSmall, "now " + strconv.Itoa(a.width) + "x" + strconv.Itoa(a.height) + " · q quits"}
	out := make([]string, 0, a.height)
	for range max(0, (a.height-len(lines))/2) {
		out = append(out, "")
	}
	for _, l := range lines {
		if len(out) == a.height {
			break
		}
		pad := max(0, (a.width-ansi.StringWidth(l))/2)
		out = append(out, fit(strings.Repeat(" ", pad)+l, a.width))
	}
	return strings.Join(out, "\n")
}

// appendBlock adds exactly h lines of s to lines: clipped, padded, and each
// cut to width w, so a pane that draws too much never pushes the status bar
// off the screen.
func appendBlock(lines []string, s string, h, w int) []string {
	n := 0
	for l := range strings.SplitSeq(s, "\n") {
		if n == h {
			break
		}
		lines = append(lines, fit(l, w))
		n++
	}
	for ; n < h; n++ {
		lines = append(lines, "")
	}
	return lines
}

// fit cuts a line to w cells.
func fit(s string, w int) string {
	if ansi.StringWidth(s) <= w {
		return s
	}
	return ansi.Truncate(s, w, "…")
}
