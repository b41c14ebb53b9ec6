// Package common holds what every pane of the duotui app shares: the theme,
// the pane contract, the services a session works with, and the messages
// panes use to talk to the root.
package common

import "github.com/charmbracelet/lipgloss"

// Theme holds semantic colours and the styles built from them. Styles come
// from the session's renderer (SSH sessions each have their own colour
// profile), never from package-level lipgloss.NewStyle.
type Theme struct {
	OK, Warn, Bad, Faint, Accent, Subtle lipgloss.AdaptiveColor

	Title     lipgloss.Style // pane headings
	Text      lipgloss.Style
	Muted     lipgloss.Style // help lines, secondary facts
	Key       lipgloss.Style // a key name in running text
	Good      lipgloss.Style // success lines, ✓
	Warning   lipgloss.Style
	Error     lipgloss.Style // one-sentence errors, ✗
	Selected  lipgloss.Style // the cursor row of a list
	Match     lipgloss.Style // matched characters of a fuzzy filter
	Border    lipgloss.Style // boxes around a detail or a QR code
	TabActive lipgloss.Style
	TabIdle   lipgloss.Style
	StatusBar lipgloss.Style
	Banner    lipgloss.Style // the demo / no-credentials banner
	Focused   lipgloss.Style // a focused input's prompt
	Blurred   lipgloss.Style
	renderer  *lipgloss.Renderer
}

// NewTheme builds the theme on a renderer: lipgloss.DefaultRenderer() locally,
// bubbletea.MakeRenderer(session) over SSH.
func NewTheme(r *lipgloss.Renderer) Theme {
	if r == nil {
		r = lipgloss.DefaultRenderer()
	}
	t := Theme{
		OK:       lipgloss.AdaptiveColor{Light: "28", Dark: "78"},
		Warn:     lipgloss.AdaptiveColor{Light: "130", Dark: "214"},
		Bad:      lipgloss.AdaptiveColor{Light: "160", Dark: "203"},
		Faint:    lipgloss.AdaptiveColor{Light: "245", Dark: "243"},
		Accent:   lipgloss.AdaptiveColor{Light: "25", Dark: "39"},
		Subtle:   lipgloss.AdaptiveColor{Light: "254", Dark: "236"},
		renderer: r,
	}
	t.Title = r.NewStyle().Bold(true).Foreground(t.Accent)
	t.Text = r.NewStyle()
	t.Muted = r.NewStyle().Foreground(t.Faint)
	t.Key = r.NewStyle().Bold(true)
	t.Good = r.NewStyle().Foreground(t.OK)
	t.Warning = r.NewStyle().Foreground(t.Warn)
	t.Error = r.NewStyle().Foreground(t.Bad)
	t.Selected = r.NewStyle().Bold(true).Foreground(t.Accent)
	t.Match = r.NewStyle().Underline(true).Foreground(t.Warn)
	t.Border = r.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(t.Faint).Padding(0, 1)
	t.TabActive = r.NewStyle().Bold(true).Foreground(t.Accent).Underline(true)
	t.TabIdle = r.NewStyle().Foreground(t.Faint)
	t.StatusBar = r.NewStyle().Foreground(t.Faint)
	t.Banner = r.NewStyle().Bold(true).Foreground(t.Warn)
	t.Focused = r.NewStyle().Foreground(t.Accent)
	t.Blurred = r.NewStyle().Foreground(t.Faint)
	return t
}

// Renderer is the renderer the theme was built on, for panes that need
// extra styles (huh themes, charts).
func (t Theme) Renderer() *lipgloss.Renderer { return t.renderer }

// Mark returns the status marks used in step lists: ✓ ✗ and the pending dot.
func (t Theme) Mark(ok bool) string {
	if ok {
		return t.Good.Render("✓")
	}
	return t.Error.Render("✗")
}
