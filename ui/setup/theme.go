package setup

import (
	"github.com/charmbracelet/huh"
	"github.com/charmbracelet/lipgloss"

	"duotui/ui/common"
)

// huhTheme styles huh's inputs from the session's theme, on the session's
// renderer: huh's own themes use the process-wide renderer, which over SSH
// has the server's colour profile, not the client's.
func huhTheme(t common.Theme) *huh.Theme {
	r := t.Renderer()
	var h huh.Theme
	h.FieldSeparator = r.NewStyle().SetString("\n")
	focused := huh.FieldStyles{
		Base:           r.NewStyle().PaddingLeft(1).BorderStyle(lipgloss.ThickBorder()).BorderLeft(true).BorderForeground(t.Accent),
		Title:          t.Title,
		Description:    t.Muted,
		ErrorIndicator: t.Error.SetString(" *"),
		ErrorMessage:   t.Error,
		TextInput: huh.TextInputStyles{
			Cursor:      r.NewStyle().Foreground(t.Accent),
			Placeholder: t.Muted,
			Prompt:      t.Focused,
			Text:        t.Text,
		},
	}
	blurred := focused
	blurred.Base = focused.Base.BorderStyle(lipgloss.HiddenBorder())
	blurred.Title = t.Key
	blurred.TextInput.Prompt = t.Blurred
	h.Focused, h.Blurred = focused, blurred
	h.Group.Title, h.Group.Description = t.Title, t.Muted
	return &h
}
