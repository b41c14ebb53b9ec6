package setup

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"duotui/config"
	"duotui/model"
	"duotui/ui/common"
)

// duoUnixState is the duo_unix page: where to write and the three choices
// that change how logins behave.
type duoUnixState struct {
	pathValue string
	path      *fields
	row       int // 0 failmode, 1 prompts, 2 autopush
	secure    bool
	prompts   int
	autopush  bool
	written   string // the path last written
	writing   bool
}

const defaultDuoUnixPath = "/etc/duo/pam_duo.conf"

func (d *duoUnixState) init(m *Model) {
	d.pathValue = m.setup.DuoUnixPath
	if d.pathValue == "" {
		d.pathValue = defaultDuoUnixPath
	}
	d.path = newFields(m.ht, []*string{&d.pathValue}, []string{"File to write"})
	d.path.in[0].Description(m.s.Theme.Muted.Render("pam_duo.conf for PAM (sshd, sudo); login_duo.conf for login_duo."))
	d.prompts = 3
}

// choice is one line of the page: its name, the value, what it means.
type choice struct{ name, value, means string }

func (d *duoUnixState) choices() []choice {
	fail := choice{"failmode", config.FailSafe, "If Duo cannot be reached, users log in without a second factor (duo_unix's default: an outage does not lock you out)."}
	if d.secure {
		fail = choice{"failmode", config.FailSecure, "If Duo cannot be reached, logins are refused (safer, but an outage locks everyone out — keep a console way in)."}
	}
	push := choice{"autopush", "no", "Users pick push, call or passcode from a menu."}
	if d.autopush {
		push = choice{"autopush", "yes", "A push goes to the user's first device at once, with no menu."}
	}
	return []choice{fail,
		{"prompts", fmt.Sprint(d.prompts), "How many times a user may try the second factor before the login fails (1–3)."},
		push}
}

// change steps the selected choice.
func (d *duoUnixState) change(dir int) {
	switch d.row {
	case 0:
		d.secure = !d.secure
	case 1:
		d.prompts = (d.prompts-1+dir+3)%3 + 1
	case 2:
		d.autopush = !d.autopush
	}
}

// duoUnixWrittenMsg reports the write of a duo_unix file.
type duoUnixWrittenMsg struct {
	path    string
	host    string
	existed bool
	err     error
}

func (m *Model) updateDuoUnix(msg tea.KeyMsg) tea.Cmd {
	d, k := &m.use.dux, m.keys
	switch {
	case key.Matches(msg, k.Up):
		d.row = max(d.row-1, 0)
	case key.Matches(msg, k.Down):
		d.row = min(d.row+1, 2)
	case key.Matches(msg, k.Change):
		dir := 1
		if s := msg.String(); s == "left" || s == "h" {
			dir = -1
		}
		d.change(dir)
	case key.Matches(msg, k.Edit):
		if m.mayChange() {
			return d.path.focus(0)
		}
	case key.Matches(msg, k.Enter):
		if !d.writing && m.mayChange() {
			return m.writeDuoUnix()
		}
	}
	return nil
}

// writeDuoUnix writes the file (atomically, 0600, keeping PATH.bak) with
// the keys and the network settings duotui itself uses (a CA file, a proxy).
func (m *Model) writeDuoUnix() tea.Cmd {
	d := &m.use.dux
	k := m.keysForUse()
	if _, ok := config.CheckIKey(k.ID); !ok || k.Secret == "" || k.Host == "" {
		m.setStatus("There are no keys to write yet: check and save them in the Keys section first.", common.Warning)
		return nil
	}
	n := m.s.Clients().Creds
	conf := config.DuoUnixConf{
		IKey: k.ID, SKey: config.Secret(k.Secret), Host: k.Host,
		Failmode: config.FailSafe, Prompts: d.prompts, AutoPush: d.autopush,
		CAFile: n.CAFile.Value, HTTPProxy: n.Proxy.Value,
	}
	if d.secure {
		conf.Failmode = config.FailSecure
	}
	path := strings.TrimSpace(d.pathValue)
	d.writing = true
	return func() tea.Msg {
		_, serr := os.Stat(path)
		err := config.WriteDuoUnix(path, conf)
		return duoUnixWrittenMsg{path: path, host: conf.Host, existed: !errors.Is(serr, fs.ErrNotExist), err: err}
	}
}

func (m *Model) onDuoUnixWritten(msg duoUnixWrittenMsg) tea.Cmd {
	d := &m.use.dux
	d.writing = false
	rec := model.AuditRecord{Time: m.now(), Action: model.ActionSetupSave, Host: msg.host, Result: "wrote " + msg.path}
	if msg.err != nil {
		rec.Result, rec.Error = "failed", msg.err.Error()
		m.setStatus(msg.err.Error(), common.Failure)
		return m.record(rec)
	}
	d.written = msg.path
	text := fmt.Sprintf("Wrote %s (mode 0600).", msg.path)
	if msg.existed {
		text += fmt.Sprintf(" The previous file is kept as %s.bak.", msg.path)
	}
	m.setStatus(text, common.Success)
	return m.record(rec)
}

func (m *Model) syncDuoUnixKeys() {
	k, act := &m.keys, m.mayChangeQuiet()
	k.Up.SetEnabled(true)
	k.Down.SetEnabled(true)
	k.Change.SetEnabled(true)
	k.Edit.SetEnabled(act)
	k.Edit.SetHelp("e", "edit the path")
	k.Enter.SetEnabled(act)
	k.Enter.SetHelp("enter", "write the file")
	k.Show.SetEnabled(act && m.s.MayReveal())
}

// viewDuoUnix draws the path, the choices with what each means, and what
// the file will hold (the secret only on request).
func (m *Model) viewDuoUnix() string {
	t, d := m.s.Theme, &m.use.dux
	b := []string{d.path.view(), ""}
	for i, c := range d.choices() {
		val := fmt.Sprintf("%-10s", "‹ "+c.value+" ›")
		if i != d.row {
			b = append(b, "  "+fmt.Sprintf("%-9s", c.name)+" "+val)
			continue
		}
		means := indentRest(t.Muted.Render(wrap(c.means, max(m.width-24, 20))), 24)
		b = append(b, t.Selected.Render("› "+fmt.Sprintf("%-9s", c.name)+" "+val)+"  "+means)
	}
	k := m.keysForUse()
	secret := "hidden (r shows it)"
	if m.use.reveal && m.s.MayReveal() {
		secret = k.Secret
	}
	file := []string{"ikey = " + k.ID, "skey = " + secret, "host = " + k.Host}
	if ca := m.s.Clients().Creds.CAFile.Value; ca != "" {
		file = append(file, "cafile = "+ca)
	}
	b = append(b, "", t.Muted.Render("The [duo] section will hold, with a comment above each choice:"), indent(strings.Join(file, "\n"), 2))
	if d.written != "" {
		g := model.DuoUnixGuide(d.written)
		b = append(b, "", t.Good.Render(wrap("✓ "+g.Steps[len(g.Steps)-1], m.width)))
	}
	return strings.Join(b, "\n")
}
