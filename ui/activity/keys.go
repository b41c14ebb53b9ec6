package activity

import (
	"github.com/charmbracelet/bubbles/key"
)

// activityKeys is the pane's key map; syncKeys enables what applies, so
// help shows only those.
type activityKeys struct {
	Filter, Clear, Reload      key.Binding
	Up, Down, PageUp, PageDown key.Binding
	Home, End                  key.Binding
	Leave, Apply               key.Binding
}

func newActivityKeys() activityKeys {
	return activityKeys{
		Filter:   key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),
		Clear:    key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear filter")),
		Reload:   key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "reload")),
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "newer")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "older")),
		PageUp:   key.NewBinding(key.WithKeys("pgup", "b"), key.WithHelp("pgup", "page up")),
		PageDown: key.NewBinding(key.WithKeys("pgdown", "f", " "), key.WithHelp("pgdn", "page down")),
		Home:     key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("g", "newest")),
		End:      key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("G", "oldest loaded")),
		Leave:    key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "leave field")),
		Apply:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "done")),
	}
}

// ShortHelp is the one-line help.
func (k activityKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Filter, k.Apply, k.Leave, k.Clear, k.Up, k.Down, k.Reload}
}

// FullHelp lists every key in columns.
func (k activityKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Filter, k.Apply, k.Leave, k.Clear, k.Reload},
		{k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End},
	}
}

// syncKeys enables the keys that apply: the field's own keys while typing,
// the list's keys otherwise, clearing only with a filter set.
func (p *Model) syncKeys() {
	k := &p.keys
	typing := p.filtering
	hasRows := len(p.records) > 0
	for _, b := range []*key.Binding{&k.Up, &k.Down, &k.PageUp, &k.PageDown, &k.Home, &k.End} {
		b.SetEnabled(!typing && hasRows)
	}
	k.Filter.SetEnabled(!typing && p.path != "")
	k.Reload.SetEnabled(!typing && p.path != "")
	k.Clear.SetEnabled(!typing && p.filter.Value() != "")
	k.Leave.SetEnabled(typing)
	k.Apply.SetEnabled(typing)
}
