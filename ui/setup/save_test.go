package setup

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"duotui/config"
	"duotui/duo/duotest"
	"duotui/model"
	"duotui/ui/common"
	"duotui/ui/uitest"
)

// The whole happy path: keys pasted, checked live, saved 0600 under the
// default profile, the root told, the audit log written.
func TestSuccessAndSave(t *testing.T) {
	srv := newSim(t, 47321)
	for _, sz := range sizes {
		t.Run(sz.name, func(t *testing.T) {
			s := newSession(t, srv, 0)
			w := run(t, s, sz.w, sz.h)
			enterKeys(w, " "+testKeys.IKey+" ", `"`+testKeys.SKey+`"`, "https://"+srv.Host+"/")
			waitFor(t, w, "The keys work")
			teatestGolden(t, "success", w.scr.get())
			press(w, "enter")
			waitFor(t, w, "Saved the keys to")
			waitSent(t, w, "CredentialsMsg", func(m tea.Msg) bool {
				c, ok := m.(common.CredentialsMsg)
				return ok && c.Path == s.ConfigPath
			})
			waitSent(t, w, "the audit record", func(m tea.Msg) bool {
				a, ok := m.(common.AuditedMsg)
				return ok && a.Record.Action == model.ActionSetupSave
			})
			requireGolden(t, finalView(t, w))

			f, err := config.Load(s.ConfigPath)
			if err != nil {
				t.Fatal(err)
			}
			p := f.Config.Profiles["default"]
			if p.IKey != testKeys.IKey || p.SKey.Reveal() != testKeys.SKey || p.Host != srv.Host {
				t.Errorf("saved profile = %s / %s / %v, want the simulator's keys", p.Host, p.IKey, p.SKey.Reveal() == testKeys.SKey)
			}
			requireMode(t, s.ConfigPath, 0o600)
			requireAudit(t, s, model.ActionSetupSave, "ok")
		})
	}
}

// Replacing working keys warns about re-enrolment first and keeps the old
// file as config.toml.bak.
func TestReplaceWarnsAndKeepsBackup(t *testing.T) {
	srv := newSim(t, 47322)
	s := newSession(t, srv, 0)
	old := &config.Config{Profiles: map[string]config.Profile{"default": {
		Host: "api-0ld00000.duosecurity.com", IKey: "DIOLD000000000000001", SKey: "OldSecret0000000000000000000000000000001"}}}
	if err := config.Save(s.ConfigPath, old); err != nil {
		t.Fatal(err)
	}
	if err := s.Load(t.Context()); err != nil {
		t.Fatal(err)
	}
	cl := s.Clients()
	cl.Creds.CAFile = config.Setting{Value: filepath.Join(filepath.Dir(s.ConfigPath), "ca.pem")}
	s.SetClients(cl.File, cl.Creds, cl)

	w := run(t, s, 80, 24)
	press(w, "tab", "ctrl+u")
	paste(w, testKeys.IKey)
	press(w, "tab", "ctrl+u")
	paste(w, testKeys.SKey)
	press(w, "tab", "ctrl+u")
	paste(w, srv.Host)
	press(w, "enter")
	waitFor(t, w, "users enrolled under the old account will have to enroll again at their next login")
	waitFor(t, w, "kept as config.toml.bak")
	press(w, "enter")
	waitFor(t, w, "The previous file is kept as config.toml.bak")
	finalView(t, w)

	bak, err := config.Load(s.ConfigPath + ".bak")
	if err != nil {
		t.Fatal(err)
	}
	if got := bak.Config.Profiles["default"].IKey; got != "DIOLD000000000000001" {
		t.Errorf("backup holds ikey %q, want the old one", got)
	}
	requireMode(t, s.ConfigPath+".bak", 0o600)
}

// A viewer sees the keys in use with the secret masked, and cannot tick,
// edit or save.
func TestViewerIsReadOnly(t *testing.T) {
	srv := newSim(t, 47323)
	s := uitest.Session(t, srv, uitest.Options{Role: common.RoleViewer})
	cl := s.Clients()
	cl.Creds.SKey = config.SecretSetting{Value: config.Secret(srv.SKey)}
	s.SetClients(cl.File, cl.Creds, cl)
	w := run(t, s, 80, 24)
	press(w, "space")
	waitFor(t, w, "read-only (viewer role)")
	press(w, "tab")
	waitFor(t, w, "Integration key")
	view := finalView(t, w)
	if strings.Contains(view, srv.SKey) {
		t.Error("the viewer's screen shows the secret key")
	}
	if !strings.Contains(view, "set (hidden)") || !strings.Contains(view, srv.IKey) {
		t.Errorf("the viewer's screen does not show the keys in use:\n%s", view)
	}
	if _, err := os.Stat(s.ConfigPath); err == nil {
		t.Error("a viewer's session wrote the config file")
	}
}

func requireMode(t *testing.T, path string, want os.FileMode) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != want {
		t.Errorf("%s has mode %v, want %v", path, got, want)
	}
}

func requireAudit(t *testing.T, s *common.Session, action, result string) {
	t.Helper()
	data, err := os.ReadFile(s.Audit.Path())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), `"action":"`+action+`"`) || !strings.Contains(string(data), `"result":"`+result+`"`) {
		t.Errorf("the audit log has no %s record with result %s:\n%s", action, result, data)
	}
	if strings.Contains(string(data), testKeys.SKey) {
		t.Error("the audit log holds the secret key")
	}
}

// An admin over SSH may replace the saved secret key but never read it:
// ctrl+r does nothing and the guides keep it hidden.
func TestRemoteAdminCannotRevealSecret(t *testing.T) {
	srv := duotest.NewServer(t)
	s := uitest.Session(t, srv, uitest.Options{})
	s.Remote = true
	s.Env.SetClients(nil, config.Credentials{
		Host: config.Setting{Value: srv.Host}, IKey: config.Setting{Value: srv.IKey},
		SKey: config.SecretSetting{Value: config.Secret(srv.SKey)},
	}, s.Clients())
	m := New(s)
	m.SetSize(120, 40)
	var p common.Pane = m
	for _, k := range []tea.KeyMsg{{Type: tea.KeyTab}, {Type: tea.KeyCtrlR}, {Type: tea.KeyEnter}, {Type: tea.KeyCtrlR}, {Type: tea.KeyEsc}, {Type: tea.KeyCtrlR}} {
		p, _ = p.Update(k)
		if strings.Contains(p.View(), srv.SKey) {
			t.Fatalf("the secret key is on a remote admin's screen after %v:\n%s", k, p.View())
		}
	}
}
