package clock

import (
	"github.com/charmbracelet/bubbles/key"
)

// clockKeys is the pane's key map. Explain is disabled when the whole page
// fits (the explanation is already on screen), so help hides it.
type clockKeys struct {
	Measure, Explain, Up, Down, PageUp, PageDown, Top key.Binding
}

func newClockKeys() clockKeys {
	return clockKeys{
		Measure:  key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "measure again")),
		Explain:  key.NewBinding(key.WithKeys("e"), key.WithHelp("e", `"second factor incorrect"?`)),
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "scroll up")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "scroll down")),
		PageUp:   key.NewBinding(key.WithKeys("pgup", "b"), key.WithHelp("pgup", "page up")),
		PageDown: key.NewBinding(key.WithKeys("pgdown", " ", "f"), key.WithHelp("pgdn", "page down")),
		Top:      key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("home", "top")),
	}
}

// ShortHelp is the one-line help: measure, explain and scrolling when the
// page is taller than the pane.
func (k clockKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Measure, k.Explain, k.Down}
}

// FullHelp adds the rest of the scrolling keys.
func (k clockKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Measure, k.Explain}, {k.Up, k.Down, k.PageUp, k.PageDown, k.Top}}
}

// setScrollable enables the scrolling keys only when there is something to
// scroll to.
func (k *clockKeys) setScrollable(scroll, explainOffscreen bool) {
	for _, b := range []*key.Binding{&k.Up, &k.Down, &k.PageUp, &k.PageDown, &k.Top} {
		b.SetEnabled(scroll)
	}
	k.Explain.SetEnabled(explainOffscreen)
}
