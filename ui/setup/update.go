package setup

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"

	"duotui/ui/common"
)

// statusLine is the pane's own one-sentence status.
type statusLine struct {
	text  string
	level common.Level
}

func (m *Model) setStatus(text string, l common.Level) { m.status = statusLine{text, l} }

// Update handles keys (only when the pane is focused) and every broadcast
// message; results of this pane's commands are its own unexported types.
func (m *Model) Update(msg tea.Msg) (common.Pane, tea.Cmd) {
	var cmds []tea.Cmd
	if _, ok := msg.(writtenMsg); ok {
		cmds = append(cmds, m.writer.done())
	}
	switch msg := msg.(type) {
	case tea.KeyMsg:
		cmds = append(cmds, m.updateKey(msg))
	case spinner.TickMsg:
		if m.busy() {
			var cmd tea.Cmd
			m.spin, cmd = m.spin.Update(msg)
			cmds = append(cmds, cmd)
		}
	case importFoundMsg:
		m.onImportFound(msg)
	case dialMsg:
		cmds = append(cmds, m.onDial(msg))
	case pingMsg:
		cmds = append(cmds, m.onPing(msg))
	case signedMsg:
		cmds = append(cmds, m.onSigned(msg))
	case clockMsg:
		cmds = append(cmds, m.onClock(msg))
	case healthMsg:
		cmds = append(cmds, m.onHealth(msg))
	case progressSavedMsg:
		if msg.err != nil {
			m.setStatus("The checklist progress was not saved: "+msg.err.Error(), common.Warning)
		}
	case credsSavedMsg:
		cmds = append(cmds, m.onCredsSaved(msg))
	case webSavedMsg:
		cmds = append(cmds, m.onWebSaved(msg))
	case duoUnixWrittenMsg:
		cmds = append(cmds, m.onDuoUnixWritten(msg))
	default:
		if f := m.editing(); f != nil {
			cmds = append(cmds, f.forward(msg))
		}
	}
	m.refreshForms()
	m.syncKeys()
	return m, tea.Batch(cmds...)
}

func (m *Model) busy() bool { return m.check.busy || m.use.web.busy }

// updateKey routes a key: a focused field takes nearly all of them.
func (m *Model) updateKey(msg tea.KeyMsg) tea.Cmd {
	if f := m.editing(); f != nil {
		return m.updateEditing(f, msg)
	}
	if m.refused(msg) {
		return nil
	}
	k := m.keys
	switch {
	case key.Matches(msg, k.NextSection):
		return m.goTo(m.stage + 1)
	case key.Matches(msg, k.PrevSection):
		return m.goTo(m.stage - 1)
	case key.Matches(msg, k.Import):
		return m.applyImport()
	case key.Matches(msg, k.Clock):
		return switchTo(common.TabClock)
	}
	switch m.stage {
	case stageChecklist:
		return m.updateChecklist(msg)
	case stageKeys:
		return m.updateKeysIdle(msg)
	case stageSave:
		return m.updateSave(msg)
	}
	return m.updateUse(msg)
}

// updateEditing handles a key while a field has focus.
func (m *Model) updateEditing(f *fields, msg tea.KeyMsg) tea.Cmd {
	k := m.keys
	if m.auth != nil && f == m.auth.f {
		switch {
		case key.Matches(msg, k.Reveal):
			if m.s.MayReveal() {
				m.auth.toggleReveal()
			}
			return nil
		case key.Matches(msg, k.ImportField):
			return m.applyImport()
		}
		act, cmd := f.update(msg, k)
		if act == actSubmit {
			return tea.Batch(cmd, m.submitKeys())
		}
		return cmd
	}
	return m.updateUseEditing(f, msg)
}

// submitKeys runs the live check, or sends the cursor to a value whose
// format Duo could never accept.
func (m *Model) submitKeys() tea.Cmd {
	if i, hint, bad := m.auth.formatProblem(); bad {
		m.setStatus(fmt.Sprintf("The %s needs fixing: %s.", strings.ToLower(m.auth.kind.titles[i]), hint), common.Failure)
		return m.auth.f.focus(i)
	}
	return m.startCheck(m.auth.values())
}

// updateKeysIdle handles the key form's section when no field has focus.
func (m *Model) updateKeysIdle(msg tea.KeyMsg) tea.Cmd {
	switch {
	case m.auth == nil:
		m.mayChange()
	case key.Matches(msg, m.keys.Edit), msg.Type == tea.KeyEnter:
		return m.auth.f.focus(m.auth.f.at)
	case key.Matches(msg, m.keys.Reveal) && m.s.MayReveal():
		m.auth.toggleReveal()
	}
	return nil
}

// refused reports (and says why in the status line) a key that would
// change the setup in a read-only session: those keys are hidden from help,
// but someone who presses one anyway deserves an answer.
func (m *Model) refused(msg tea.KeyMsg) bool {
	if m.s.Role.CanAct() {
		return false
	}
	s, no := msg.String(), false
	switch m.stage {
	case stageChecklist:
		no = s == " " || s == "enter"
	case stageKeys, stageSave:
		no = s == "enter" || s == "e" || s == "i"
	default:
		no = m.use.view != usePick && m.use.view != useEnv && (s == "enter" || s == "e")
	}
	if no {
		m.mayChange()
	}
	return no
}

func switchTo(t common.Tab) tea.Cmd {
	return func() tea.Msg { return common.SwitchMsg{To: t} }
}

func statusCmd(text string, l common.Level) tea.Cmd {
	return func() tea.Msg { return common.StatusMsg{Text: text, Level: l} }
}
