package setup

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"duotui/config"
	"duotui/model"
	"duotui/ui/common"
)

// useView is a page of the last section, where the keys go next.
type useView int

const (
	usePick useView = iota
	useWHMCS
	useWebSDK
	useDuoUnix
	useEnv
)

// target is one choice of the picker.
type target struct {
	id, title, help string
	view            useView
}

var targets = []target{
	{config.TargetWHMCS, "WHMCS", "the Duo Security module of the WHMCS admin area; asks your WHMCS version", useWHMCS},
	{config.TargetDuoUnix, "duo_unix (login_duo, pam_duo)", "writes login_duo.conf or pam_duo.conf for SSH and console logins", useDuoUnix},
	{config.TargetEnv, "Environment variables", "for duotui itself, scripts, cron and containers", useEnv},
}

// useState is the last section.
type useState struct {
	view    useView
	cursor  int
	scroll  int  // first line shown of a long guide
	reveal  bool // show the secret key in guides
	version string
	ver     *fields // the WHMCS version
	verErr  string
	dux     duoUnixState
	web     webState
}

// init builds the section in place (its fields point into it).
func (u *useState) init(m *Model) {
	u.version = m.setup.WHMCSVersion
	u.ver = newFields(m.ht, []*string{&u.version}, []string{"WHMCS version"})
	u.describeVersion(m)
	for i, t := range targets {
		if t.id == m.setup.Target {
			u.cursor = i
		}
	}
	u.dux.init(m)
	u.web.init(m)
}

func (u *useState) describeVersion(m *Model) {
	d := m.s.Theme.Muted.Render("Shown at the bottom of every WHMCS admin page, like 8.9 or 8.13.")
	if u.verErr != "" {
		d = m.s.Theme.Error.Render("✗ " + u.verErr)
	}
	u.ver.in[0].Description(d)
}

// fieldColumns are the section's field columns, for focus and sizing.
func (u *useState) fieldColumns() []*fields {
	out := []*fields{u.ver, u.dux.path}
	if u.web.form != nil {
		out = append(out, u.web.form.f)
	}
	return out
}

// keysForUse are the keys the guides show: the ones proven here, else the
// session's own.
func (m *Model) keysForUse() creds {
	if v := m.provenNow(); v != nil {
		return *v
	}
	c := m.s.Clients().Creds
	return creds{c.IKey.Value, c.SKey.Value.Reveal(), c.Host.Value}
}

// updateUse handles a key in the last section with no field focused.
func (m *Model) updateUse(msg tea.KeyMsg) tea.Cmd {
	u, k := &m.use, m.keys
	if key.Matches(msg, k.Back) && u.view != usePick {
		if u.view == useWebSDK {
			u.view = useWHMCS
		} else {
			u.view = usePick
		}
		u.scroll = 0
		return nil
	}
	if key.Matches(msg, k.Show) && m.s.MayReveal() {
		u.reveal = !u.reveal
		return nil
	}
	switch u.view {
	case usePick:
		switch {
		case key.Matches(msg, k.Up):
			u.cursor = max(u.cursor-1, 0)
		case key.Matches(msg, k.Down):
			u.cursor = min(u.cursor+1, len(targets)-1)
		case key.Matches(msg, k.Enter):
			return m.pickTarget(targets[u.cursor])
		}
	case useWHMCS:
		switch {
		case key.Matches(msg, k.Edit):
			return u.ver.focus(0)
		case key.Matches(msg, k.Enter):
			return m.openWebSDK()
		}
		m.scrollGuide(msg)
	case useWebSDK:
		return m.updateWebSDK(msg)
	case useDuoUnix:
		return m.updateDuoUnix(msg)
	case useEnv:
		m.scrollGuide(msg)
	}
	return nil
}

// pickTarget opens a target's page and remembers the choice.
func (m *Model) pickTarget(t target) tea.Cmd {
	u := &m.use
	u.view, u.scroll = t.view, 0
	m.setup.Target = t.id
	m.progress.SetWebSDK(needsWebSDK(m.setup))
	var cmd tea.Cmd
	if t.view == useWHMCS && u.version == "" && m.mayChangeQuiet() {
		cmd = u.ver.focus(0)
	}
	return tea.Batch(cmd, m.saveProgress())
}

// updateUseEditing handles a key in one of the section's fields.
func (m *Model) updateUseEditing(f *fields, msg tea.KeyMsg) tea.Cmd {
	u := &m.use
	if u.web.form != nil && f == u.web.form.f {
		return m.updateWebSDKEditing(msg)
	}
	act, cmd := f.update(msg, m.keys)
	if act == actNone {
		return cmd
	}
	switch f {
	case u.ver:
		return tea.Batch(cmd, m.setWHMCSVersion())
	case u.dux.path:
		m.setup.DuoUnixPath = strings.TrimSpace(u.dux.pathValue)
		return tea.Batch(cmd, m.saveProgress())
	}
	return cmd
}

// setWHMCSVersion reads the typed version; 8.9 and later add the Web SDK
// step to the checklist.
func (m *Model) setWHMCSVersion() tea.Cmd {
	u := &m.use
	v, err := model.ParseWHMCSVersion(u.version)
	u.verErr = ""
	if err != nil {
		u.verErr = err.Error()
		u.describeVersion(m)
		return u.ver.focus(0)
	}
	u.describeVersion(m)
	m.setup.WHMCSVersion = config.Clean(u.version)
	m.progress.SetWebSDK(v.UsesWebSDK())
	if v.UsesWebSDK() {
		m.setStatus("WHMCS 8.9 and later need a Web SDK application too: the checklist now has that step; press enter to capture its credentials.", common.Info)
	}
	return m.saveProgress()
}

func (m *Model) syncUseKeys() {
	k, u := &m.keys, &m.use
	k.Back.SetEnabled(u.view != usePick)
	switch u.view {
	case usePick:
		k.Up.SetEnabled(true)
		k.Down.SetEnabled(true)
		k.Enter.SetEnabled(true)
		k.Enter.SetHelp("enter", "choose")
	case useWHMCS:
		k.Edit.SetEnabled(m.mayChangeQuiet())
		k.Edit.SetHelp("e", "edit the version")
		k.Show.SetEnabled(m.s.MayReveal())
		if m.progress.WebSDK {
			k.Enter.SetEnabled(m.mayChangeQuiet())
			k.Enter.SetHelp("enter", "Web SDK credentials")
		}
	case useWebSDK:
		k.Edit.SetEnabled(m.mayChangeQuiet())
		k.Edit.SetHelp("enter", "edit")
		k.Reveal.SetEnabled(m.mayChangeQuiet())
	case useDuoUnix:
		m.syncDuoUnixKeys()
	}
	if u.view == useWHMCS || u.view == useEnv {
		k.Up.SetEnabled(true)
		k.Down.SetEnabled(true)
		k.Up.SetHelp("↑/k", "scroll")
	}
}
