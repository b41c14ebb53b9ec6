package setup

import "github.com/charmbracelet/bubbles/key"

// keyMap is the wizard's keys. Which ones apply depends on the section and
// on whether a text field has focus; sync enables exactly those, so help
// never offers a key that does nothing.
type keyMap struct {
	Up, Down    key.Binding
	Tick        key.Binding
	Enter       key.Binding
	Edit        key.Binding
	NextField   key.Binding
	PrevField   key.Binding
	Leave       key.Binding
	Reveal      key.Binding // ctrl+r: works inside a field too
	Show        key.Binding // r: show the secret in a guide
	Import      key.Binding
	ImportField key.Binding // ctrl+o: import while typing
	NextSection key.Binding
	PrevSection key.Binding
	Back        key.Binding
	Change      key.Binding // ←/→ through a choice
	Clock       key.Binding
}

func newKeyMap() keyMap {
	return keyMap{
		Up:          key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:        key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		Tick:        key.NewBinding(key.WithKeys(" "), key.WithHelp("space", "tick")),
		Enter:       key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "next")),
		Edit:        key.NewBinding(key.WithKeys("e"), key.WithHelp("enter/e", "edit")),
		NextField:   key.NewBinding(key.WithKeys("tab", "down"), key.WithHelp("tab", "next field")),
		PrevField:   key.NewBinding(key.WithKeys("shift+tab", "up"), key.WithHelp("shift+tab", "previous field")),
		Leave:       key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "leave the field")),
		Reveal:      key.NewBinding(key.WithKeys("ctrl+r"), key.WithHelp("ctrl+r", "show/hide secret")),
		Show:        key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "show/hide secret")),
		Import:      key.NewBinding(key.WithKeys("i"), key.WithHelp("i", "import duo_unix keys")),
		ImportField: key.NewBinding(key.WithKeys("ctrl+o"), key.WithHelp("ctrl+o", "import duo_unix keys")),
		NextSection: key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next section")),
		PrevSection: key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous section")),
		Back:        key.NewBinding(key.WithKeys("esc", "backspace"), key.WithHelp("esc", "back")),
		Change:      key.NewBinding(key.WithKeys("left", "right", "h", "l"), key.WithHelp("←/→", "change")),
		Clock:       key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "clock pane")),
	}
}

func (k *keyMap) all() []*key.Binding {
	return []*key.Binding{&k.Up, &k.Down, &k.Tick, &k.Enter, &k.Edit, &k.NextField, &k.PrevField,
		&k.Leave, &k.Reveal, &k.Show, &k.Import, &k.ImportField, &k.NextSection, &k.PrevSection,
		&k.Back, &k.Change, &k.Clock}
}

// ShortHelp is the one-line help: what is enabled, most useful first.
func (k keyMap) ShortHelp() []key.Binding {
	return enabled(k.Enter, k.Edit, k.Tick, k.Up, k.Down, k.NextField, k.Change, k.Reveal, k.Show,
		k.Import, k.ImportField, k.Clock, k.Leave, k.Back, k.NextSection, k.PrevSection)
}

// FullHelp groups the enabled keys: moving, acting, sections.
func (k keyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		enabled(k.Up, k.Down, k.NextField, k.PrevField, k.Change),
		enabled(k.Enter, k.Edit, k.Tick, k.Reveal, k.Show, k.Import, k.ImportField, k.Clock),
		enabled(k.Leave, k.Back, k.NextSection, k.PrevSection),
	}
}

func enabled(bs ...key.Binding) []key.Binding {
	var out []key.Binding
	for _, b := range bs {
		if b.Enabled() {
			out = append(out, b)
		}
	}
	return out
}

// syncKeys enables the keys that do something right now.
func (m *Model) syncKeys() {
	m.keys = newKeyMap()
	k := &m.keys
	for _, b := range k.all() {
		b.SetEnabled(false)
	}
	if f := m.editing(); f != nil {
		k.NextField.SetEnabled(len(f.in) > 1)
		k.PrevField.SetEnabled(len(f.in) > 1)
		k.Leave.SetEnabled(true)
		k.Enter.SetEnabled(true)
		k.Enter.SetHelp("enter", "next field")
		if f.at == len(f.in)-1 {
			k.Enter.SetHelp("enter", m.submitName(f))
		}
		// Over SSH an admin may replace a secret, not read it.
		k.Reveal.SetEnabled(m.s.MayReveal() && (m.auth != nil && f == m.auth.f || m.use.web.form != nil && f == m.use.web.form.f))
		k.ImportField.SetEnabled(m.imp != nil && m.auth != nil && f == m.auth.f)
		return
	}
	act := m.s.Role.CanAct()
	k.NextSection.SetEnabled(m.stage < numStages-1)
	k.PrevSection.SetEnabled(m.stage > 0)
	k.Import.SetEnabled(act && m.imp != nil && m.stage <= stageKeys)
	_, clockFailed := m.clockFailure()
	k.Clock.SetEnabled(clockFailed || m.stage == stageUse && m.use.view != usePick)
	switch m.stage {
	case stageChecklist:
		k.Up.SetEnabled(true)
		k.Down.SetEnabled(true)
		k.Tick.SetEnabled(act)
		k.Enter.SetEnabled(act)
		k.Enter.SetHelp("enter", "tick & next")
	case stageKeys:
		k.Edit.SetEnabled(m.auth != nil)
		k.Reveal.SetEnabled(m.auth != nil && m.s.MayReveal())
	case stageSave:
		k.Enter.SetEnabled(act && m.provenNow() != nil)
		k.Enter.SetHelp("enter", "save")
	case stageUse:
		m.syncUseKeys()
	}
}

// submitName is what enter does on a column's last field.
func (m *Model) submitName(f *fields) string {
	switch {
	case m.auth != nil && f == m.auth.f:
		return "check live"
	case m.use.web.form != nil && f == m.use.web.form.f:
		return "health check"
	}
	return "done"
}
