package enroll

import "github.com/charmbracelet/bubbles/key"

// keyMap is the Enroll pane's keys; those that do not apply are disabled,
// so help hides them.
type keyMap struct {
	Edit    key.Binding // focus the form
	Submit  key.Binding // enroll
	Next    key.Binding // the other field
	Leave   key.Binding // leave the field
	Check   key.Binding // ask enroll_status now
	Abandon key.Binding // stop waiting for this activation
	New     key.Binding // start over after a result
}

func newKeyMap() keyMap {
	return keyMap{
		Edit:    key.NewBinding(key.WithKeys("enter", "i"), key.WithHelp("enter", "type a username")),
		Submit:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "enroll")),
		Next:    key.NewBinding(key.WithKeys("tab", "shift+tab"), key.WithHelp("tab", "next field")),
		Leave:   key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "leave the field")),
		Check:   key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "check now")),
		Abandon: key.NewBinding(key.WithKeys("esc", "n"), key.WithHelp("esc", "abandon")),
		New:     key.NewBinding(key.WithKeys("n", "enter"), key.WithHelp("n", "new enrollment")),
	}
}

// ShortHelp implements help.KeyMap.
func (k keyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Edit, k.Submit, k.Next, k.Leave, k.Check, k.Abandon, k.New}
}

// FullHelp implements help.KeyMap.
func (k keyMap) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }
