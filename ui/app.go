// Package ui is the root of duotui's Bubble Tea app: the tabs, the focused
// pane, the status bar, help and the banners. The panes live in their own
// packages (ui/setup, ui/users, …) and talk to the root through the messages
// of ui/common.
package ui

import (
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"duotui/ui/common"
)

// App is the root model. Keys go to the focused pane only; sizes reach the
// panes through SetSize; every other message is broadcast to all panes,
// which ignore what is not theirs.
type App struct {
	s      *common.Session
	panes  [common.NumTabs]common.Pane
	order  []common.Tab // the tabs that have a pane, in tab order
	active common.Tab

	keys     globalKeys
	help     help.Model
	fullHelp bool

	noCreds bool // no working Auth API credentials: the warning banner
	bar     statusBar

	width, height int
	lay           layout
	paneSize      [common.NumTabs]size // what each pane was last given
}

// New builds the root over the session's panes. A tab whose pane is missing
// from the map is not shown. The app starts on Setup while there are no
// working credentials, else on Users.
func New(s *common.Session, panes map[common.Tab]common.Pane) *App {
	a := &App{s: s, keys: newGlobalKeys(int(common.NumTabs)), help: newHelp(s.Theme)}
	for t := range common.NumTabs {
		if p := panes[t]; p != nil {
			a.panes[t] = p
			a.order = append(a.order, t)
		}
	}
	cl := s.Clients()
	a.noCreds = !credentialsWork(cl)
	start := common.TabUsers
	if a.noCreds {
		start = common.TabSetup
		if cl.AuthErr != nil {
			a.bar.status = common.StatusMsg{Text: sentence(cl.AuthErr), Level: common.Warning}
		}
	}
	a.active = a.nearest(start)
	return a
}

// Show focuses tab t (as `duotui setup` does for Setup); it reports false,
// changing nothing, when the tab has no pane.
func (a *App) Show(t common.Tab) bool {
	if t < 0 || t >= common.NumTabs || a.panes[t] == nil {
		return false
	}
	a.active = t
	a.layout()
	return true
}

// Active is the focused tab.
func (a *App) Active() common.Tab { return a.active }

// SetStatus puts a sentence in the status bar before the program starts
// (for example: the audit log could not be opened).
func (a *App) SetStatus(m common.StatusMsg) { a.bar.status = m }

// Init starts every pane and, when there are credentials, a first check of
// the connection for the status bar.
func (a *App) Init() tea.Cmd {
	cmds := make([]tea.Cmd, 0, len(a.order)+1)
	for _, t := range a.order {
		cmds = append(cmds, a.panes[t].Init())
	}
	if !a.noCreds {
		cmds = append(cmds, checkConnection(a.s))
	}
	return tea.Batch(cmds...)
}

// Update routes msg: see App.
func (a *App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		a.SetSize(msg.Width, msg.Height)
		return a, nil
	case tea.KeyMsg:
		if msg.Type == tea.KeyRunes && !msg.Paste && len(msg.Runes) > 1 {
			return a, a.typed(msg)
		}
		return a, a.key(msg)
	case tea.MouseMsg:
		return a, a.toFocused(msg)
	case common.SwitchMsg:
		return a, a.switchTo(msg)
	case common.CredentialsMsg:
		// Panes hear about new credentials once the clients are rebuilt
		// (credentialsLoadedMsg), so a reload never uses the old ones.
		return a, loadCredentials(a.s, msg)
	case credentialsLoadedMsg:
		return a, a.credentialsLoaded(msg)
	case common.StatusMsg:
		a.bar.status = msg
	case common.ConnMsg:
		a.bar.setConn(msg)
	case common.ClockMsg:
		a.bar.clock = &msg
	}
	return a, a.broadcast(msg)
}

// typed splits keys that arrived together (fast typing, or a terminal
// multiplexer sending a burst) into one key each: "u" then "alice" can
// arrive as "ualice", and the u must open the field before the rest lands
// in it. A bracketed paste stays whole.
func (a *App) typed(msg tea.KeyMsg) tea.Cmd {
	var cmds []tea.Cmd
	for i, r := range msg.Runes {
		one := tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}, Alt: msg.Alt && i == 0}
		cmds = append(cmds, a.key(one))
	}
	return tea.Batch(cmds...)
}

// key handles the root's keys unless the focused pane captures text.
func (a *App) key(msg tea.KeyMsg) tea.Cmd {
	if key.Matches(msg, a.keys.ForceQuit) {
		return tea.Quit
	}
	if a.lay.tooSmall {
		// Nothing is visible to type into; only quitting makes sense.
		if key.Matches(msg, a.keys.Quit) {
			return tea.Quit
		}
		return nil
	}
	if p := a.panes[a.active]; p != nil && p.Capturing() {
		return a.toFocused(msg)
	}
	switch {
	case key.Matches(msg, a.keys.Next, a.keys.Prev) && binds(a.panes[a.active], msg.String()):
		// A pane that moves between its own sections with tab keeps it;
		// the number keys still switch tabs.
		return a.toFocused(msg)
	case key.Matches(msg, a.keys.Quit):
		return tea.Quit
	case key.Matches(msg, a.keys.Help):
		a.fullHelp = !a.fullHelp
		a.layout()
		return nil
	case key.Matches(msg, a.keys.Next):
		a.Show(a.step(1))
		return nil
	case key.Matches(msg, a.keys.Prev):
		a.Show(a.step(-1))
		return nil
	}
	for i, b := range a.keys.jump {
		if key.Matches(msg, b) {
			a.Show(common.Tab(i)) // a missing tab: nothing happens
			return nil
		}
	}
	return a.toFocused(msg)
}

// toFocused gives msg to the focused pane alone.
func (a *App) toFocused(msg tea.Msg) tea.Cmd {
	cmd := a.updatePane(a.active, msg)
	a.refreshHelp()
	return cmd
}

// broadcast gives msg to every pane.
func (a *App) broadcast(msg tea.Msg) tea.Cmd {
	cmds := make([]tea.Cmd, 0, len(a.order))
	for _, t := range a.order {
		cmds = append(cmds, a.updatePane(t, msg))
	}
	a.refreshHelp()
	return tea.Batch(cmds...)
}

func (a *App) updatePane(t common.Tab, msg tea.Msg) tea.Cmd {
	p := a.panes[t]
	if p == nil {
		return nil
	}
	p, cmd := p.Update(msg)
	a.panes[t] = p
	return cmd
}

// switchTo shows the asked-for pane and hands it the message, so it can
// pick the user it names.
func (a *App) switchTo(msg common.SwitchMsg) tea.Cmd {
	if !a.Show(msg.To) {
		a.bar.status = common.StatusMsg{
			Text:  "The " + tabName(msg.To) + " pane is not part of this build, so it cannot be opened.",
			Level: common.Warning,
		}
		return nil
	}
	return a.toFocused(msg)
}

// step is the tab d places along the shown tabs, wrapping around.
func (a *App) step(d int) common.Tab {
	n := len(a.order)
	if n == 0 {
		return a.active
	}
	i := 0
	for j, t := range a.order {
		if t == a.active {
			i = j
		}
	}
	return a.order[((i+d)%n+n)%n]
}

// nearest is t when it has a pane, else the first tab that does.
func (a *App) nearest(t common.Tab) common.Tab {
	if t >= 0 && t < common.NumTabs && a.panes[t] != nil {
		return t
	}
	if len(a.order) > 0 {
		return a.order[0]
	}
	return t
}

// tabName names a tab whose pane may be missing.
func tabName(t common.Tab) string {
	names := [...]string{"Setup", "Users", "Enroll", "Send", "Clock", "Activity"}
	if t < 0 || int(t) >= len(names) {
		return "requested"
	}
	return names[t]
}
