package uitest

import (
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"duotui/ui/common"
)

// Runner is a small synchronous program for tests of a pane's behaviour:
// commands run in goroutines, their messages are handed to Update on the
// test's goroutine, and Until waits for a condition with a deadline.
type Runner struct {
	t    testing.TB
	P    common.Pane // the pane as Update last returned it
	ch   chan tea.Msg
	done chan struct{}
	Seen []tea.Msg // every message the commands produced, in order
}

// NewRunner sizes p, runs its Init command and stops with the test.
func NewRunner(t testing.TB, p common.Pane, w, h int) *Runner {
	r := &Runner{t: t, P: p, ch: make(chan tea.Msg, 1024), done: make(chan struct{})}
	t.Cleanup(func() { close(r.done) })
	p.SetSize(w, h)
	r.Exec(p.Init())
	return r
}

// Exec runs cmd (and the commands of a batch) in the background; their
// messages wait for Until.
func (r *Runner) Exec(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	go func() {
		msg := cmd()
		if b, ok := msg.(tea.BatchMsg); ok {
			for _, c := range b {
				r.Exec(c)
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

// Send gives msg to the pane now.
func (r *Runner) Send(msg tea.Msg) {
	p, cmd := r.P.Update(msg)
	r.P = p
	r.Exec(cmd)
}

// Keys presses keys one at a time (named keys as "enter", "esc", "down").
func (r *Runner) Keys(ks ...string) {
	for _, k := range ks {
		r.Send(Key(k))
	}
}

// Until processes messages until cond holds, failing after ten seconds.
func (r *Runner) Until(what string, cond func() bool) {
	r.t.Helper()
	deadline := time.After(10 * time.Second)
	for !cond() {
		select {
		case msg := <-r.ch:
			r.Seen = append(r.Seen, msg)
			r.Send(msg)
		case <-deadline:
			r.t.Fatalf("timed out waiting for %s; screen:\n%s", what, r.P.View())
		}
	}
}

// Key is the key message for one of Bubble Tea's key names ("enter",
// "esc", "shift+tab", "ctrl+r", "space", …) or for typed text.
func Key(k string) tea.KeyMsg {
	if t, ok := keyTypes[k]; ok {
		if t == tea.KeySpace {
			return tea.KeyMsg{Type: t, Runes: []rune{' '}}
		}
		return tea.KeyMsg{Type: t}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)}
}

// keyTypes reverses Bubble Tea's key names, so tests name keys as help does.
var keyTypes = func() map[string]tea.KeyType {
	m := map[string]tea.KeyType{"space": tea.KeySpace}
	for i := -1024; i < 1024; i++ {
		if t := tea.KeyType(i); t != tea.KeyRunes && t != tea.KeySpace && t.String() != "" {
			m[t.String()] = t
		}
	}
	return m
}()

// Chars splits s into one key per character, to type it as a person does.
func Chars(s string) []string {
	out := make([]string, 0, len(s))
	for _, c := range s {
		out = append(out, string(c))
	}
	return out
}
