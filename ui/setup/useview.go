package setup

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"duotui/model"
)

// viewUse draws the last section's current page; guides scroll.
func (m *Model) viewUse(h int) string {
	u := &m.use
	switch u.view {
	case useWHMCS:
		return scrolled(m.viewWHMCS(), u.scroll, h)
	case useWebSDK:
		return m.viewWebSDK()
	case useDuoUnix:
		return m.viewDuoUnix()
	case useEnv:
		return scrolled(m.viewEnv(), u.scroll, h)
	}
	return m.viewPick()
}

func (m *Model) viewPick() string {
	t := m.s.Theme
	b := []string{t.Text.Render(wrap("Where will these keys be used? The page for each says where to paste them, and what to do when logins then fail.", m.width)), ""}
	for i, tg := range targets {
		cur, title := "  ", tg.title
		if i == m.use.cursor {
			cur, title = t.Selected.Render("› "), t.Selected.Render(title)
		}
		b = append(b, cur+title, indent(t.Muted.Render(wrap(tg.help, m.width-4)), 4))
	}
	return strings.Join(b, "\n")
}

// guideValue is what a guide's field name stands for.
func (m *Model) guideValue(name string) string {
	k, web := m.keysForUse(), m.use.web.values()
	secret := func(s string) string {
		switch {
		case s == "":
			return m.s.Theme.Muted.Render("not captured yet")
		case m.use.reveal && m.s.MayReveal():
			return s
		}
		return m.s.Theme.Muted.Render("hidden, " + fmtCount(s) + " (r shows it)")
	}
	switch name {
	case "Integration Key", "ikey":
		return k.ID
	case "Secret Key", "skey":
		return secret(k.Secret)
	case "API Hostname", "host":
		return hostLabel(k.Host)
	case "Client ID":
		if web.ID == "" {
			return m.s.Theme.Muted.Render("not captured yet")
		}
		return web.ID
	case "Client Secret":
		return secret(web.Secret)
	}
	return ""
}

// viewGuide draws a paste guide: the menu, numbered steps, the values to
// paste in the integration's own words, and the notes.
func (m *Model) viewGuide(g model.PasteGuide) string {
	t, w := m.s.Theme, m.width
	title := g.Title
	if g.Menu != "" {
		title += ": " + g.Menu
	}
	b := []string{t.Title.Render(wrap(title, w))}
	for i, s := range g.Steps {
		b = append(b, indentRest(wrap(fmt.Sprintf("%d. %s", i+1, s), w-3), 3))
	}
	var rows [][2]string
	for _, f := range g.Fields {
		rows = append(rows, [2]string{f, m.guideValue(f)})
	}
	b = append(b, "", table(t, rows), "")
	for _, n := range g.Notes {
		b = append(b, t.Muted.Render(indentRest(wrap("• "+n, w-2), 2)))
	}
	b = append(b, t.Text.Render("  Press c for the Clock pane."))
	return strings.Join(b, "\n")
}

func (m *Model) viewWHMCS() string {
	u := &m.use
	out := u.ver.view()
	g, err := model.WHMCSGuide(m.setup.WHMCSVersion)
	if m.setup.WHMCSVersion == "" || err != nil {
		return out
	}
	out += "\n\n" + m.viewGuide(g)
	if g.WebSDK {
		out += "\n\n" + m.s.Theme.Text.Render(wrap("Press enter to capture and check the Web SDK application's Client ID and Client secret.", m.width))
	}
	return out
}

func (m *Model) viewEnv() string {
	t := m.s.Theme
	k := m.keysForUse()
	g := model.EnvGuide(k.Host, k.ID)
	b := []string{t.Title.Render(g.Title), t.Text.Render("Add these to the environment of duotui, a script or a container:"), ""}
	for _, s := range g.Steps {
		b = append(b, "  "+indentRest(wrap(s, m.width-4), 4))
	}
	if ca := m.s.Clients().Creds.CAFile.Value; ca != "" {
		b = append(b, "  export DUOTUI_CA_FILE="+ca)
	}
	b = append(b, "")
	for _, n := range g.Notes {
		b = append(b, t.Muted.Render(indentRest(wrap("• "+n, m.width-2), 2)))
	}
	b = append(b, t.Text.Render("  Press c for the Clock pane."))
	return strings.Join(b, "\n")
}

// scrollGuide moves a long guide by a line.
func (m *Model) scrollGuide(msg tea.KeyMsg) {
	u := &m.use
	switch {
	case key.Matches(msg, m.keys.Up):
		u.scroll = max(u.scroll-1, 0)
	case key.Matches(msg, m.keys.Down):
		body := m.viewEnv()
		if u.view == useWHMCS {
			body = m.viewWHMCS()
		}
		u.scroll = min(u.scroll+1, max(lipgloss.Height(body)-m.bodyHeight()+1, 0))
	}
}

// scrolled shows h lines of s from line top (clamped so the end stays on
// screen), the last of them saying what is cut off.
func scrolled(s string, top, h int) string {
	lines := strings.Split(s, "\n")
	if len(lines) <= h || h < 2 {
		return s
	}
	body := h - 1
	top = min(max(top, 0), len(lines)-body)
	win := append(lines[top:top+body:top+body], fmt.Sprintf("  — lines %d–%d of %d: ↑/↓ scroll —", top+1, top+body, len(lines)))
	return strings.Join(win, "\n")
}
