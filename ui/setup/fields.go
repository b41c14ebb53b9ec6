package setup

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"
	"github.com/charmbracelet/lipgloss"

	"duotui/config"
)

// fields is a column of huh inputs that the wizard drives itself rather
// than through huh.Form: a check must be able to put the cursor on the field
// at fault, esc must leave a field without submitting, and a huh.Form ends
// for good once submitted. Values live behind the pointers the inputs are
// bound to, so nothing typed is lost when focus moves.
type fields struct {
	in      []*huh.Input
	vals    []*string
	at      int
	editing bool
	width   int
	clean   bool // keys and hosts: clean pastes as they arrive (not paths)
}

// newFields binds one input per value; titles name them in order.
func newFields(theme *huh.Theme, vals []*string, titles []string) *fields {
	f := &fields{vals: vals}
	for i, v := range vals {
		in := huh.NewInput().Title(titles[i]).Value(v)
		in.WithTheme(theme)
		f.in = append(f.in, in)
	}
	return f
}

// setWidth sizes every input.
func (f *fields) setWidth(w int) {
	f.width = w
	for _, in := range f.in {
		in.WithWidth(w)
	}
}

// focus puts the cursor in field i and starts editing.
func (f *fields) focus(i int) tea.Cmd {
	if f.editing {
		f.in[f.at].Blur()
	}
	f.at = min(max(i, 0), len(f.in)-1)
	f.editing = true
	return f.in[f.at].Focus()
}

// blur stops editing, keeping the position for the next focus.
func (f *fields) blur() {
	if f.editing {
		f.in[f.at].Blur()
	}
	f.editing = false
}

// set replaces a value (an import, a clean-up) and shows it.
func (f *fields) set(i int, v string) {
	*f.vals[i] = v
	f.in[i].Value(f.vals[i])
}

// fieldAction is what a key did to the column.
type fieldAction int

const (
	actNone   fieldAction = iota
	actSubmit             // enter on the last field
	actLeave              // esc
)

// update handles a key while editing: field movement and submit here, the
// rest to the focused input. Pasted values are cleaned at once (spaces,
// quotes, https://, a trailing slash), so what the administrator sees is
// what gets checked.
func (f *fields) update(msg tea.KeyMsg, k keyMap) (fieldAction, tea.Cmd) {
	last := len(f.in) - 1
	switch {
	case key.Matches(msg, k.Leave):
		f.blur()
		return actLeave, nil
	case msg.Type == tea.KeyEnter:
		if f.at == last {
			f.blur()
			return actSubmit, nil
		}
		return actNone, f.focus(f.at + 1)
	case key.Matches(msg, k.NextField):
		return actNone, f.focus((f.at + 1) % len(f.in))
	case key.Matches(msg, k.PrevField):
		return actNone, f.focus((f.at + len(f.in) - 1) % len(f.in))
	}
	_, cmd := f.in[f.at].Update(msg)
	if v := *f.vals[f.at]; f.clean && config.Clean(v) != v {
		f.set(f.at, config.Clean(v))
	}
	return actNone, cmd
}

// forward passes a non-key message (the cursor's blink) to the focused input.
func (f *fields) forward(msg tea.Msg) tea.Cmd {
	if !f.editing {
		return nil
	}
	_, cmd := f.in[f.at].Update(msg)
	return cmd
}

// view stacks the inputs, with no blank lines between them: the wizard has
// 24 rows to share.
func (f *fields) view() string {
	parts := make([]string, len(f.in))
	for i, in := range f.in {
		parts[i] = strings.TrimRight(in.View(), " ")
	}
	return lipgloss.JoinVertical(lipgloss.Left, parts...)
}
