package setup

import (
	"fmt"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"duotui/model"
	"duotui/ui/common"
)

// checkDone ends a live check: success moves on to saving; a failure puts
// the cursor on the field at fault, keeps everything typed and says in one
// sentence what to do.
func (m *Model) checkDone() tea.Cmd {
	m.check.busy = false
	p := m.check.plan
	rec := model.AuditRecord{Time: m.now(), Action: model.ActionCheck, Host: m.check.on.Host, Result: "ok"}
	fail, failed := p.Failure()
	if failed {
		rec.Result, rec.Error = "failed", fail.Detail
	}
	cmds := []tea.Cmd{m.record(rec)}
	switch {
	case !failed:
		m.setStatus("The keys work: check what will be saved, then press enter.", common.Success)
		cmds = append(cmds, m.goTo(stageSave))
	case m.proven != nil:
		m.setStatus("The keys work, but this server's clock is off: press c for the Clock pane and its fix, or tab to save the keys anyway.", common.Warning)
	default:
		m.setStatus(fail.Detail, common.Failure)
		if m.auth != nil {
			m.auth.setBlame(fail.Field, m.check.on)
			if pos := fieldPos(fail.Field); pos >= 0 && m.stage == stageKeys {
				cmds = append(cmds, m.auth.f.focus(pos))
			}
		}
	}
	return tea.Batch(cmds...)
}

// record appends to the audit log off the update loop and tells the
// Activity pane.
func (m *Model) record(r model.AuditRecord) tea.Cmd {
	s := m.s
	if r.Actor == (model.Actor{}) {
		r.Actor = s.Actor
	}
	return func() tea.Msg {
		if err := s.Record(r); err != nil {
			return common.StatusMsg{Text: "The audit log could not be written: " + err.Error(), Level: common.Warning}
		}
		return common.AuditedMsg{Record: r}
	}
}

// blameText names the field a failed step points at.
func blameText(f model.Field) string {
	switch f {
	case model.FieldIKey:
		return "→ fix the integration key"
	case model.FieldSKey:
		return "→ fix the secret key"
	case model.FieldHost:
		return "→ fix the API hostname"
	case model.FieldClock:
		return "→ this server's clock (c: Clock pane)"
	}
	return "→ see the sentence below"
}

// viewCheck draws the live check, one line per step: a mark, the step and
// what was learnt. The first failure points at its field (its sentence is
// in the status line); later lines give their own detail.
func (m *Model) viewCheck(w int) string {
	t := m.s.Theme
	p := m.check.plan
	if len(p.Steps) == 0 {
		p = model.NewValidationPlan()
	}
	titleW := 0
	for _, s := range p.Steps {
		titleW = max(titleW, lipgloss.Width(s.Title))
	}
	detailW := max(w-titleW-4, 16)
	head := t.Title.Render("Live check")
	if len(m.check.plan.Steps) == 0 {
		head += t.Muted.Render(" — press enter on the last field to run it")
	}
	lines := []string{head}
	firstFail := true
	for _, s := range p.Steps {
		mark, detail := t.Muted.Render("·"), ""
		switch s.Status {
		case model.StatusRunning:
			mark = m.spin.View()
		case model.StatusOK:
			mark, detail = t.Mark(true), t.Muted.Render(s.Detail)
		case model.StatusFailed:
			mark, detail = t.Mark(false), t.Error.Render(s.Detail)
			if firstFail {
				detail = t.Error.Render(blameText(s.Field))
			}
			firstFail = false
		case model.StatusSkipped:
			detail = t.Muted.Render("skipped")
		}
		title := s.Title + strings.Repeat(" ", titleW-lipgloss.Width(s.Title))
		body := wrap(detail, detailW)
		lines = append(lines, mark+" "+title+"  "+indentRest(body, titleW+4))
	}
	return strings.Join(lines, "\n")
}

// viewKeys is the key form with the live check under it, or beside it
// when the pane is wide.
func (m *Model) viewKeys() string {
	if m.auth == nil {
		return m.viewReadOnlyKeys()
	}
	intro := m.s.Theme.Text.Render("Paste the three values from the Auth API application's page.")
	if m.height < stackFrom {
		intro = "" // 24 rows: the form's own titles say it
	}
	if m.sideBySide() {
		left := lipgloss.NewStyle().Width(m.formWidth()).Render(m.auth.f.view())
		right := m.viewCheck(m.width - m.formWidth() - 2)
		return intro + "\n\n" + lipgloss.JoinHorizontal(lipgloss.Top, left, "  ", right)
	}
	return strings.TrimPrefix(intro+"\n"+m.auth.f.view(), "\n") + "\n\n" + m.viewCheck(m.width)
}

// viewReadOnlyKeys shows a viewer the keys in use, the secret masked.
func (m *Model) viewReadOnlyKeys() string {
	t := m.s.Theme
	c := m.s.Clients().Creds
	secret := "not set"
	if c.SKey.Value.IsSet() {
		secret = "set (hidden)"
	}
	rows := [][2]string{
		{"API hostname", orNone(hostLabel(c.Host.Value))},
		{"Integration key", orNone(c.IKey.Value)},
		{"Secret key", secret},
	}
	return t.Warning.Render(wrap("This session is read-only (viewer role): it shows the keys in use, and only an administrator can change them.", m.width)) +
		"\n\n" + table(t, rows)
}

func orNone(s string) string {
	if s == "" {
		return "not set"
	}
	return s
}

// fmtCount says how many characters a hidden value has.
func fmtCount(s string) string { return fmt.Sprintf("%d characters", len([]rune(s))) }

// clockFailure is the failed step that blames this server's clock, if any.
func (m *Model) clockFailure() (model.ValidationStep, bool) {
	for _, s := range m.check.plan.Steps {
		if s.Status == model.StatusFailed && s.Field == model.FieldClock {
			return s, true
		}
	}
	return model.ValidationStep{}, false
}
