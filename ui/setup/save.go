package setup

import (
	"fmt"
	"path/filepath"
	"reflect"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"duotui/config"
	"duotui/model"
	"duotui/ui/common"
)

// saveState is the Save section.
type saveState struct {
	replaces *creds // the working keys this save would replace (no secret)
	saving   bool
}

// prepare notes, on entering the section, whether saving would replace
// working keys for other ones.
func (s *saveState) prepare(m *Model) {
	s.replaces = nil
	cl := m.s.Clients()
	v := m.provenNow()
	if cl.Auth == nil || v == nil {
		return
	}
	old := creds{ID: cl.Creds.IKey.Value, Host: cl.Creds.Host.Value}
	if old.ID != v.ID || old.Host != v.Host {
		s.replaces = &old
	}
}

// provenNow is the proven keys if the form still shows them.
func (m *Model) provenNow() *creds {
	if m.proven == nil || m.auth == nil || m.auth.values() != *m.proven {
		return nil
	}
	return m.proven
}

// credsSavedMsg reports the save of the Auth API keys.
type credsSavedMsg struct {
	path   string
	host   string
	backup bool // the previous file, with keys or settings, is PATH.bak
	err    error
}

func (credsSavedMsg) written() {}

func (m *Model) updateSave(msg tea.KeyMsg) tea.Cmd {
	if !key.Matches(msg, m.keys.Enter) || !m.mayChange() {
		return nil
	}
	v := m.provenNow()
	if v == nil {
		m.setStatus("Check the keys first: go back to Keys (shift+tab) and press enter on the last field.", common.Warning)
		return nil
	}
	if m.save.saving {
		return nil
	}
	m.save.saving = true
	path, profile, st, keys := m.s.ConfigPath, m.profile, m.setupSection(), *v
	return m.writer.enqueue(writeJob{run: func() tea.Msg {
		var backup bool
		_, err := updateFile(path, func(c *config.Config) error {
			// config.Save keeps the old file as .bak when more than [setup]
			// changes; say so only when there was more than [setup] to keep.
			before := *c
			before.Setup = config.Setup{}
			backup = !reflect.DeepEqual(before, config.Config{})
			if c.Profiles == nil {
				c.Profiles = map[string]config.Profile{}
			}
			p := c.Profiles[profile]
			p.Host, p.IKey, p.SKey = keys.Host, keys.ID, config.Secret(keys.Secret)
			p.SKeyEnv, p.SKeyCommand = "", "" // the file now holds the secret itself
			c.Profiles[profile] = p
			c.Setup = st
			return nil
		})
		return credsSavedMsg{path: path, host: keys.Host, backup: backup, err: err}
	}})
}

// onCredsSaved tells the root (which rebuilds the clients) and moves on to
// where the keys go next.
func (m *Model) onCredsSaved(msg credsSavedMsg) tea.Cmd {
	m.save.saving = false
	rec := model.AuditRecord{Time: m.now(), Action: model.ActionSetupSave, Host: msg.host, Result: "ok"}
	if msg.err != nil {
		rec.Result, rec.Error = "failed", msg.err.Error()
		m.setStatus(msg.err.Error(), common.Failure)
		return m.record(rec)
	}
	text := fmt.Sprintf("Saved the keys to %s (mode 0600) under profile %q.", msg.path, m.profile)
	if msg.backup {
		text += fmt.Sprintf(" The previous file is kept as %s.", filepath.Base(msg.path)+".bak")
	}
	m.setStatus(text, common.Success)
	m.save.replaces = nil
	tickUpTo(&m.progress, len(model.SetupSteps(false)))
	return tea.Batch(m.record(rec), m.goTo(stageUse), m.saveProgress(),
		func() tea.Msg { return common.CredentialsMsg{Path: msg.path} },
		statusCmd(text, common.Success))
}

// viewSave shows what will be written where, and what replacing working
// keys means for enrolled users.
func (m *Model) viewSave() string {
	t := m.s.Theme
	v := m.provenNow()
	if v == nil {
		return t.Text.Render(wrap("Nothing to save yet: the keys on the form have not passed the live check. Go back to Keys (shift+tab) and press enter on the last field.", m.width))
	}
	rows := [][2]string{
		{"File", m.s.ConfigPath},
		{"Profile", m.profile},
		{"API hostname", hostLabel(v.Host)},
		{"Integration key", v.ID},
		{"Secret key", "hidden, " + fmtCount(v.Secret)},
	}
	out := m.viewCheck(m.width) + "\n\n" + t.Text.Render("Saving writes them atomically, mode 0600:") + "\n" + table(t, rows)
	if r := m.save.replaces; r != nil {
		warn := fmt.Sprintf("This replaces the working keys (integration key %s on %s): users enrolled under the old account will have to enroll again at their next login. The current file is kept as %s.bak.",
			r.ID, hostLabel(r.Host), filepath.Base(m.s.ConfigPath))
		out += "\n\n" + t.Warning.Render(wrap("! "+warn, m.width))
	}
	if !m.s.Role.CanAct() {
		return out + "\n\n" + t.Muted.Render("This session is read-only: it cannot save.")
	}
	return out + "\n\n" + t.Text.Render("Press enter to save.")
}
