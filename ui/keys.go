package ui

import (
	"slices"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
)

// globalKeys are the keys the root keeps for itself while the focused pane
// is not capturing text.
type globalKeys struct {
	Quit, ForceQuit, Help, Next, Prev, Tabs key.Binding
	// jump holds one binding per tab number, "1" to "6"; Tabs stands for
	// them all in help.
	jump []key.Binding
}

func newGlobalKeys(tabs int) globalKeys {
	k := globalKeys{
		Quit:      key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit")),
		ForceQuit: key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),
		Help:      key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "more keys")),
		Next:      key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next tab")),
		Prev:      key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous tab")),
		Tabs:      key.NewBinding(key.WithKeys("1", "2", "3", "4", "5", "6"), key.WithHelp("1-6", "go to tab")),
	}
	for i := range tabs {
		d := string(rune('1' + i))
		k.jump = append(k.jump, key.NewBinding(key.WithKeys(d)))
	}
	return k
}

// appKeys is what help shows: the focused pane's keys, then the root's.
// While the pane captures text only ctrl+c belongs to the root.
type appKeys struct {
	pane      help.KeyMap
	global    globalKeys
	capturing bool
	fullHelp  bool
}

func (k appKeys) globals() []key.Binding {
	if k.capturing {
		return []key.Binding{k.global.ForceQuit}
	}
	h := k.global.Help
	if k.fullHelp {
		h.SetHelp("?", "fewer keys")
	}
	return []key.Binding{k.tabKey(k.global.Next), h, k.global.Quit}
}

// tabKey hides the root's tab or shift+tab from help when the pane binds
// the same key (the pane gets it; see App.key).
func (k appKeys) tabKey(b key.Binding) key.Binding {
	if binds(k.pane, b.Keys()[0]) {
		b.SetEnabled(false)
	}
	return b
}

// binds reports whether an enabled binding of km answers to the key named
// name ("tab", "shift+tab").
func binds(km help.KeyMap, name string) bool {
	if km == nil {
		return false
	}
	groups := append(slices.Clip(km.FullHelp()), km.ShortHelp())
	for _, g := range groups {
		for _, b := range g {
			if b.Enabled() && slices.Contains(b.Keys(), name) {
				return true
			}
		}
	}
	return false
}

// ShortHelp is one line: the pane's main keys, then tab, ? and q.
func (k appKeys) ShortHelp() []key.Binding {
	var out []key.Binding
	if k.pane != nil {
		out = append(out, k.pane.ShortHelp()...)
	}
	return append(out, k.globals()...)
}

// FullHelp is the pane's columns and a last column for the root.
func (k appKeys) FullHelp() [][]key.Binding {
	var out [][]key.Binding
	if k.pane != nil {
		out = append(out, k.pane.FullHelp()...)
	}
	if k.capturing {
		return append(out, k.globals())
	}
	h := k.global.Help
	h.SetHelp("?", "fewer keys")
	return append(out, []key.Binding{k.tabKey(k.global.Next), k.tabKey(k.global.Prev), k.global.Tabs, h, k.global.Quit, k.global.ForceQuit})
}
