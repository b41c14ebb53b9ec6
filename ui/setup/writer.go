package setup

import (
	tea "github.com/charmbracelet/bubbletea"

	"duotui/config"
)

// fileWriter runs the wizard's writes of config.toml one at a time. Each is
// load-modify-save of the whole file, so two at once could lose the first
// one's change (three quick ticks must save step 3, not step 2). A queued
// progress save is replaced by a newer one.
type fileWriter struct {
	busy  bool
	queue []writeJob
}

type writeJob struct {
	progress bool
	run      tea.Cmd
}

// writtenMsg is implemented by the result of every job, so Update can start
// the next one.
type writtenMsg interface{ written() }

func (w *fileWriter) enqueue(j writeJob) tea.Cmd {
	if !w.busy {
		w.busy = true
		return j.run
	}
	if n := len(w.queue); j.progress && n > 0 && w.queue[n-1].progress {
		w.queue[n-1] = j
		return nil
	}
	w.queue = append(w.queue, j)
	return nil
}

// done starts the next queued job, if any.
func (w *fileWriter) done() tea.Cmd {
	if len(w.queue) == 0 {
		w.busy = false
		return nil
	}
	j := w.queue[0]
	w.queue = w.queue[1:]
	return j.run
}

// progressSavedMsg reports a save of the [setup] section.
type progressSavedMsg struct{ err error }

func (progressSavedMsg) written() {}

// updateFile loads the file at path, lets change edit it, and saves it
// atomically (0600, keeping config.toml.bak when more than [setup] changed).
// It reports whether a file was there before. A file that cannot be read
// or parsed is left alone: its error says what to fix.
func updateFile(path string, change func(*config.Config) error) (existed bool, err error) {
	f, err := config.Load(path)
	if f == nil {
		return false, err
	}
	if err := change(&f.Config); err != nil {
		return !f.Missing, err
	}
	return !f.Missing, config.Save(path, &f.Config)
}

// saveProgress saves the checklist position and the chosen target.
func (m *Model) saveProgress() tea.Cmd {
	if !m.mayChangeQuiet() {
		return nil
	}
	st := m.setupSection()
	path := m.s.ConfigPath
	return m.writer.enqueue(writeJob{progress: true, run: func() tea.Msg {
		_, err := updateFile(path, func(c *config.Config) error {
			c.Setup = st
			return nil
		})
		return progressSavedMsg{err: err}
	}})
}

// setupSection is the [setup] section for the current state.
func (m *Model) setupSection() config.Setup {
	st := m.setup
	st.Step = len(m.progress.Ticked)
	return st
}
