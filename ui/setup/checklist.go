package setup

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"duotui/config"
	"duotui/model"
)

// The checklist is ticked in order — each step needs the one before it — so
// progress is one number, the count of ticked steps from the first, which is
// also the step to resume at; config's [setup] step holds it.

// progressFrom rebuilds the checklist from the saved [setup] section.
func progressFrom(s config.Setup) model.SetupProgress {
	p := model.SetupProgress{WebSDK: needsWebSDK(s)}
	steps := p.Steps()
	n := min(max(s.Step, 0), len(steps))
	for _, st := range steps[:n] {
		p.Ticked = append(p.Ticked, st.ID)
	}
	p.Step = n
	return p.Normalized()
}

// needsWebSDK: WHMCS 8.9 and later need a Web SDK application too.
func needsWebSDK(s config.Setup) bool {
	if s.Target != config.TargetWHMCS || s.WHMCSVersion == "" {
		return false
	}
	v, err := model.ParseWHMCSVersion(s.WHMCSVersion)
	return err == nil && v.UsesWebSDK()
}

// tickUpTo ticks the steps before n and unticks the rest.
func tickUpTo(p *model.SetupProgress, n int) {
	p.Ticked = p.Ticked[:0:0]
	for _, st := range p.Steps()[:n] {
		p.Ticked = append(p.Ticked, st.ID)
	}
}

// updateChecklist handles a key on the checklist.
func (m *Model) updateChecklist(msg tea.KeyMsg) tea.Cmd {
	k, p := m.keys, &m.progress
	switch {
	case key.Matches(msg, k.Up):
		p.Back()
	case key.Matches(msg, k.Down):
		p.Next()
	case key.Matches(msg, k.Tick):
		if !m.mayChange() {
			return nil
		}
		if p.IsTicked(p.Current().ID) {
			tickUpTo(p, p.Step)
		} else {
			tickUpTo(p, p.Step+1)
			p.Next()
		}
		return m.saveProgress()
	case key.Matches(msg, k.Enter):
		if !m.mayChange() {
			return nil
		}
		tickUpTo(p, p.Step+1)
		if p.Next() {
			return m.saveProgress()
		}
		return tea.Batch(m.saveProgress(), m.goTo(stageKeys))
	}
	return nil
}

// viewChecklist draws the steps. Every step's help line is shown when the
// pane is tall enough, otherwise only the selected step's.
func (m *Model) viewChecklist(height int) string {
	t, p := m.s.Theme, m.progress
	steps := p.Steps()
	w := m.width
	var head []string
	head = append(head,
		t.Text.Render(fmt.Sprintf("Create the Auth API application in the Duo Admin Panel — %d of %d done.", len(p.Ticked), len(steps))),
		t.Muted.Render(wrap("Tick each step when done (space); enter ticks it and moves on; tab goes to the key form.", w)))
	if m.imp != nil && m.mayChangeQuiet() {
		head = append(head, t.Warning.Render(wrap(fmt.Sprintf("Found keys in %s: press i to use its ikey, skey and host.", m.imp.path), w)))
	}
	head = append(head, "")
	helpW := max(w-6, 20)
	lines := lipgloss.Height(strings.Join(head, "\n"))
	for _, s := range steps {
		lines += 1 + lipgloss.Height(wrap(s.Help, helpW))
	}
	allHelp := lines <= height
	var b []string
	for i, s := range steps {
		box := "[ ]"
		if p.IsTicked(s.ID) {
			box = t.Good.Render("[x]")
		}
		title := fmt.Sprintf("%d. %s", i+1, s.Title)
		cur := "  "
		if i == p.Step {
			cur = t.Selected.Render("› ")
			title = t.Selected.Render(title)
		}
		b = append(b, cur+box+" "+title)
		if allHelp || i == p.Step {
			help := wrap(s.Help, helpW)
			style := t.Muted
			if i == p.Step {
				style = t.Text
			}
			b = append(b, indent(style.Render(help), 6))
		}
	}
	return strings.Join(append(head, b...), "\n")
}
