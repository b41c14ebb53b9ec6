package users

import "github.com/charmbracelet/bubbles/key"

// keyMap is the Users pane's keys. Keys that do not apply right now are
// disabled, so help hides them; pressing one anyway says why.
type keyMap struct {
	Up, Down, PageUp, PageDown, Top, Bottom key.Binding
	Filter, Accept, Clear                   key.Binding
	Send, Enroll, Refresh, Reload, Stop     key.Binding
}

func newKeyMap() keyMap {
	return keyMap{
		Up:       key.NewBinding(key.WithKeys("up", "k", "ctrl+p"), key.WithHelp("↑/k", "up")),
		Down:     key.NewBinding(key.WithKeys("down", "j", "ctrl+n"), key.WithHelp("↓/j", "down")),
		PageUp:   key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "page up")),
		PageDown: key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgdn", "page down")),
		Top:      key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("g", "first")),
		Bottom:   key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("G", "last")),
		Filter:   key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),
		Accept:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "done")),
		Clear:    key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear")),
		Send:     key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "send")),
		Enroll:   key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "enroll")),
		Refresh:  key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "refresh")),
		Reload:   key.NewBinding(key.WithKeys("L"), key.WithHelp("L", "reload list")),
		Stop:     key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "stop loading")),
	}
}

// ShortHelp implements help.KeyMap.
func (k keyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Filter, k.Accept, k.Clear, k.Send, k.Enroll, k.Refresh, k.Stop, k.Reload}
}

// FullHelp implements help.KeyMap.
func (k keyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom},
		{k.Filter, k.Accept, k.Clear},
		{k.Send, k.Enroll, k.Refresh, k.Reload, k.Stop},
	}
}
