package ui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"duotui/duo/duotest"
	"duotui/ui/common"
	"duotui/ui/uitest"
)

// fakePane records what the root gives it.
type fakePane struct {
	title     string
	w, h      int
	sizes     int // SetSize calls
	capturing bool
	got       []tea.Msg
	keys      fakeKeys
	inits     int
	lines     int           // extra lines View draws, to test clipping
	extra     []key.Binding // more short-help keys
}

type fakeKeys struct{ Do, Undo, Hidden key.Binding }

func (k fakeKeys) ShortHelp() []key.Binding { return []key.Binding{k.Do, k.Hidden} }
func (k fakeKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Do, k.Undo}, {k.Hidden}}
}

func newFake(title string) *fakePane {
	hidden := key.NewBinding(key.WithKeys("h"), key.WithHelp("h", "hidden"))
	hidden.SetEnabled(false)
	return &fakePane{title: title, keys: fakeKeys{
		Do:     key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "do "+strings.ToLower(title))),
		Undo:   key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "undo")),
		Hidden: hidden,
	}}
}

func (p *fakePane) Init() tea.Cmd { p.inits++; return nil }
func (p *fakePane) Update(msg tea.Msg) (common.Pane, tea.Cmd) {
	p.got = append(p.got, msg)
	return p, nil
}
func (p *fakePane) SetSize(w, h int) { p.w, p.h = w, h; p.sizes++ }
func (p *fakePane) Title() string    { return p.title }
func (p *fakePane) Capturing() bool  { return p.capturing }
func (p *fakePane) ShortHelp() []key.Binding {
	return append(p.keys.ShortHelp(), p.extra...)
}
func (p *fakePane) FullHelp() [][]key.Binding { return p.keys.FullHelp() }
func (p *fakePane) View() string {
	lines := []string{fmt.Sprintf("%s pane %dx%d", p.title, p.w, p.h)}
	if k := p.lastKey(); k != "" {
		lines = append(lines, "last key: "+k)
	}
	for i := range p.lines {
		lines = append(lines, fmt.Sprintf("line %d %s", i, strings.Repeat("=", p.w+10)))
	}
	return strings.Join(lines, "\n")
}

func (p *fakePane) lastKey() string {
	for i := len(p.got) - 1; i >= 0; i-- {
		if k, ok := p.got[i].(tea.KeyMsg); ok {
			return k.String()
		}
	}
	return ""
}

// count is how many messages of type T the pane received.
func count[T any](p *fakePane) int {
	n := 0
	for _, m := range p.got {
		if _, ok := m.(T); ok {
			n++
		}
	}
	return n
}

// fakes builds a pane per title (in tab order); "" leaves the tab out.
func fakes(titles ...string) (map[common.Tab]common.Pane, map[common.Tab]*fakePane) {
	panes := map[common.Tab]common.Pane{}
	byTab := map[common.Tab]*fakePane{}
	for i, title := range titles {
		if title == "" {
			continue
		}
		p := newFake(title)
		panes[common.Tab(i)], byTab[common.Tab(i)] = p, p
	}
	return panes, byTab
}

var allTitles = []string{"Setup", "Users", "Enroll", "Send", "Clock", "Activity"}

// withCreds is a session whose clients talk to a simulator.
func withCreds(t *testing.T) *common.Session {
	return uitest.Session(t, duotest.NewServer(t), uitest.Options{})
}

// noCreds is a session with no Duo credentials at all.
func noCreds(t *testing.T) *common.Session {
	return uitest.Session(t, nil, uitest.Options{})
}

// press sends keys to the app and returns the last command.
func press(a *App, keys ...string) tea.Cmd {
	var cmd tea.Cmd
	for _, k := range keys {
		_, cmd = a.Update(uitest.Key(k))
	}
	return cmd
}

// isQuit runs cmd and reports whether it quits the program.
func isQuit(cmd tea.Cmd) bool {
	if cmd == nil {
		return false
	}
	_, ok := cmd().(tea.QuitMsg)
	return ok
}
