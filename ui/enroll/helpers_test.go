package enroll

import (
	"sync"
	"testing"
	"time"

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

// runner is a small synchronous program for tests of behaviour: commands
// run in goroutines, their messages are handed to Update on the test's
// goroutine, and until waits for a condition with a deadline.
type runner struct {
	t    *testing.T
	p    common.Pane
	ch   chan tea.Msg
	done chan struct{}
	seen []tea.Msg // every message Update was given
}

func newRunner(t *testing.T, p common.Pane, w, h int) *runner {
	r := &runner{t: t, p: p, ch: make(chan tea.Msg, 1024), done: make(chan struct{})}
	t.Cleanup(func() { close(r.done) })
	p.SetSize(w, h)
	r.exec(p.Init())
	return r
}

func (r *runner) exec(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	go func() {
		msg := cmd()
		if b, ok := msg.(tea.BatchMsg); ok {
			for _, c := range b {
				r.exec(c)
			}
			return
		}
		if msg == nil {
			return
		}
		select {
		case r.ch <- msg:
		case <-r.done:
		}
	}()
}

// send gives msg to the pane now.
func (r *runner) send(msg tea.Msg) {
	p, cmd := r.p.Update(msg)
	r.p = p
	r.exec(cmd)
}

// keys types s one key at a time (named keys as "enter", "esc", "down").
func (r *runner) keys(ks ...string) {
	for _, k := range ks {
		r.send(keyMsg(k))
	}
}

// until processes messages until cond holds, failing after a deadline.
func (r *runner) until(what string, cond func() bool) {
	r.t.Helper()
	deadline := time.After(10 * time.Second)
	for !cond() {
		select {
		case msg := <-r.ch:
			r.seen = append(r.seen, msg)
			r.send(msg)
		case <-deadline:
			r.t.Fatalf("timed out waiting for %s; screen:\n%s", what, r.p.View())
		}
	}
}

func keyMsg(k string) tea.KeyMsg {
	switch k {
	case "enter":
		return tea.KeyMsg{Type: tea.KeyEnter}
	case "esc":
		return tea.KeyMsg{Type: tea.KeyEsc}
	case "up":
		return tea.KeyMsg{Type: tea.KeyUp}
	case "down":
		return tea.KeyMsg{Type: tea.KeyDown}
	case "backspace":
		return tea.KeyMsg{Type: tea.KeyBackspace}
	case "tab":
		return tea.KeyMsg{Type: tea.KeyTab}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)}
}

// typeText types each character of s as its own key.
func typeText(s string) []string {
	out := make([]string, 0, len(s))
	for _, c := range s {
		out = append(out, string(c))
	}
	return out
}
