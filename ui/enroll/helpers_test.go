package enroll

import (
	"sync"

	tea "github.com/charmbracelet/bubbletea"

	"duotui/ui/common"
)

// rootChrome is what the root app takes from the terminal around a pane:
// the tabs line, two status lines and the one-line help. Goldens are the
// pane in the rectangle it gets in an 80x24 or 120x40 terminal.
const rootChrome = 4

// harness runs a pane as a program, the way the root does: sizes through
// SetSize, everything else through Update. Messages meant for the root are
// recorded and, as the root does, passed on (a SwitchMsg to this pane is
// what the root hands it after switching).
type harness struct {
	p   common.Pane
	rec *recorder
	// rewrite, when set, changes messages before the pane sees them (to
	// pin the simulator's random codes in goldens).
	rewrite func(tea.Msg) tea.Msg
}

type recorder struct {
	mu   sync.Mutex
	msgs []tea.Msg
}

func (r *recorder) add(m tea.Msg) {
	r.mu.Lock()
	r.msgs = append(r.msgs, m)
	r.mu.Unlock()
}

func newHarness(p common.Pane) harness { return harness{p: p, rec: &recorder{}} }

func (h harness) Init() tea.Cmd { return h.p.Init() }

func (h harness) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if h.rewrite != nil {
		msg = h.rewrite(msg)
	}
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		h.p.SetSize(msg.Width, msg.Height-rootChrome)
		return h, nil
	case common.StatusMsg, common.AuditedMsg, common.ConnMsg:
		h.rec.add(msg)
	case probeMsg:
		msg.ch <- msg.f(h.p.(*Model))
		return h, nil
	}
	p, cmd := h.p.Update(msg)
	h.p = p
	return h, cmd
}

func (h harness) View() string { return h.p.View() }

// probeMsg asks the running program a question about the pane, answered
// on the program's goroutine (no data race with Update).
type probeMsg struct {
	f  func(*Model) bool
	ch chan bool
}
