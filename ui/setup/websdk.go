package setup

import (
	"context"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"duotui/config"
	"duotui/duo"
	"duotui/model"
	"duotui/ui/common"
)

// webState is the Web SDK page: WHMCS 8.9 and later sign users in through
// Duo's Universal Prompt, which needs a Web SDK application's Client ID and
// Client secret, checked live with Duo's health check.
type webState struct {
	form   *credForm // nil for a viewer
	seq    int
	busy   bool
	result string
	ok     bool
}

func (w *webState) init(m *Model) {
	if !m.s.Role.CanAct() {
		return
	}
	c := m.s.Clients().Creds
	w.form = newCredForm(webSDKKind, m.s.Theme, m.ht, creds{c.ClientID.Value, c.ClientSecret.Value.Reveal(), c.Host.Value})
}

func (w *webState) values() creds {
	if w.form == nil {
		return creds{}
	}
	return w.form.values()
}

// healthMsg is the answer of Duo's Web SDK health check.
type healthMsg struct {
	seq int
	on  creds
	err error
}

// webSavedMsg reports the save of the Web SDK credentials.
type webSavedMsg struct {
	path string
	err  error
}

func (webSavedMsg) written() {}

// openWebSDK shows the Web SDK page, when this WHMCS needs one.
func (m *Model) openWebSDK() tea.Cmd {
	w := &m.use.web
	if !m.progress.WebSDK || w.form == nil {
		return nil
	}
	m.use.view = useWebSDK
	m.setStatus("", common.Info)
	if w.form.v.Host == "" {
		w.form.f.set(posHost, m.keysForUse().Host)
		w.form.describe()
	}
	return w.form.f.focus(w.form.firstToFill())
}

func (m *Model) updateWebSDK(msg tea.KeyMsg) tea.Cmd {
	w := &m.use.web
	switch {
	case w.form == nil:
		m.mayChange()
	case key.Matches(msg, m.keys.Edit), msg.Type == tea.KeyEnter:
		return w.form.f.focus(w.form.f.at)
	case key.Matches(msg, m.keys.Reveal) && m.s.MayReveal():
		w.form.toggleReveal()
	}
	return nil
}

func (m *Model) updateWebSDKEditing(msg tea.KeyMsg) tea.Cmd {
	w := &m.use.web
	if key.Matches(msg, m.keys.Reveal) {
		if m.s.MayReveal() {
			w.form.toggleReveal()
		}
		return nil
	}
	act, cmd := w.form.f.update(msg, m.keys)
	if act != actSubmit {
		return cmd
	}
	if i, hint, bad := w.form.formatProblem(); bad {
		m.setStatus(fmt.Sprintf("The %s needs fixing: %s.", strings.ToLower(webSDKKind.titles[i]), hint), common.Failure)
		return w.form.f.focus(i)
	}
	v := w.form.values()
	c, err := m.newClient(v)
	w.seq++
	w.result, w.ok = "", false
	if err != nil {
		return m.onHealth(healthMsg{seq: w.seq, on: v, err: err})
	}
	w.busy = true
	return tea.Batch(m.spin.Tick, healthCheck(m.ctx(), c, v, w.seq))
}

func healthCheck(ctx context.Context, c *duo.Client, v creds, seq int) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, stepTimeout)
		defer cancel()
		_, err := c.HealthCheck(ctx)
		return healthMsg{seq: seq, on: v, err: err}
	}
}

// onHealth shows the health check's sentence; a pass saves the credentials
// into the profile next to the Auth API keys.
func (m *Model) onHealth(msg healthMsg) tea.Cmd {
	w := &m.use.web
	if msg.seq != w.seq {
		return nil
	}
	w.busy = false
	if msg.err != nil {
		w.result, w.ok = duo.Explain(msg.err), false
		m.setStatus(w.result, common.Failure)
		field := model.FieldFor(duo.KindOf(msg.err))
		w.form.setBlame(field, msg.on)
		if pos := fieldPos(field); pos >= 0 {
			return w.form.f.focus(pos)
		}
		return nil
	}
	w.result, w.ok = "Duo's health check accepted this Web SDK application's client ID and client secret.", true
	m.setStatus(w.result, common.Success)
	path, profile, v := m.s.ConfigPath, m.profile, msg.on
	return m.writer.enqueue(writeJob{run: func() tea.Msg {
		_, err := updateFile(path, func(c *config.Config) error {
			if c.Profiles == nil {
				c.Profiles = map[string]config.Profile{}
			}
			p := c.Profiles[profile]
			if p.Host != "" && p.Host != v.Host {
				return fmt.Errorf("the Web SDK application is on %s but profile %q's Auth API keys are on %s — both come from one Duo account, so copy the API hostname again", v.Host, profile, p.Host)
			}
			p.Host, p.ClientID, p.ClientSecret = v.Host, v.ID, config.Secret(v.Secret)
			p.ClientSecretEnv, p.ClientSecretCommand = "", ""
			c.Profiles[profile] = p
			return nil
		})
		return webSavedMsg{path: path, err: err}
	}})
}

func (m *Model) onWebSaved(msg webSavedMsg) tea.Cmd {
	if msg.err != nil {
		m.setStatus(msg.err.Error(), common.Failure)
		return nil
	}
	text := fmt.Sprintf("%s Saved them to %s (mode 0600) under profile %q.", m.use.web.result, msg.path, m.profile)
	m.setStatus(text, common.Success)
	tickUpTo(&m.progress, len(m.progress.Steps()))
	return tea.Batch(m.saveProgress(),
		func() tea.Msg { return common.CredentialsMsg{Path: msg.path} },
		statusCmd(text, common.Success))
}

// viewWebSDK draws the Web SDK form, the health check and what switching
// means for this tool and for users.
func (m *Model) viewWebSDK() string {
	t, w := m.s.Theme, &m.use.web
	if w.form == nil {
		return t.Warning.Render(wrap("This session is read-only (viewer role): only an administrator can enter Web SDK credentials.", m.width))
	}
	b := []string{t.Text.Render(wrap("Web SDK application (Universal Prompt): paste its three values; enter on the last field runs Duo's health check.", m.width)), w.form.f.view(), ""}
	switch {
	case w.busy:
		b = append(b, m.spin.View()+" Asking Duo's health check…")
	case w.result != "":
		b = append(b, t.Mark(w.ok)+" "+indentRest(wrap(w.result, m.width-2), 2))
	}
	if g, err := model.WHMCSGuide(m.setup.WHMCSVersion); err == nil {
		for _, n := range g.Notes {
			if !strings.Contains(n, "second factor") && !strings.HasPrefix(n, "WHMCS 8.9") {
				b = append(b, t.Muted.Render(indentRest(wrap("• "+n, m.width-2), 2)))
			}
		}
	}
	return strings.Join(b, "\n")
}
