package setup

import (
	"path/filepath"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"duotui/config"
	"duotui/duo/duotest"
	"duotui/ui/common"
)

// workingSession has saved keys for srv, as after a finished setup.
func workingSession(t *testing.T, srv *duotest.Server) *common.Session {
	t.Helper()
	s := newSession(t, srv, common.RoleAdmin)
	cl := s.Clients()
	cl.Creds.Host = config.Setting{Value: srv.Host}
	cl.Creds.IKey = config.Setting{Value: srv.IKey}
	cl.Creds.SKey = config.SecretSetting{Value: config.Secret(srv.SKey)}
	cl.AuthErr = nil
	s.SetClients(cl.File, cl.Creds, cl)
	return s
}

// toUse goes from the checklist to the last section's target picker.
func toUse(w *wizard) { press(w, "tab", "esc", "tab", "tab") }

// A readable duo_unix file (from --import or duo_unix's own paths) fills
// the key form, and its keys pass the live check.
func TestImportFromDuoUnix(t *testing.T) {
	srv := newSim(t, 47331)
	for _, c := range []struct {
		name     string
		byImport bool
	}{{"given with --import", true}, {"found where duo_unix keeps it", false}} {
		t.Run(c.name, func(t *testing.T) {
			s := newSession(t, srv, common.RoleAdmin)
			path := filepath.Join(t.TempDir(), "login_duo.conf")
			conf := config.DuoUnixConf{IKey: srv.IKey, SKey: config.Secret(srv.SKey), Host: srv.Host}
			if err := config.WriteDuoUnix(path, conf); err != nil {
				t.Fatal(err)
			}
			var opts []Option
			if c.byImport {
				s.Import = path
			} else {
				opts = append(opts, WithImportPaths(filepath.Join(t.TempDir(), "missing.conf"), path))
			}
			w := run(t, s, 80, 24, opts...)
			waitFor(t, w, "press i to use")
			press(w, "i")
			waitFor(t, w, "Took the ikey, skey and host from")
			press(w, "enter") // the cursor is on the host: enter checks
			waitFor(t, w, "The keys work")
			m := finalModel(t, w)
			if got := m.auth.values(); got != (creds{srv.IKey, srv.SKey, srv.Host}) {
				t.Errorf("imported %+v", got)
			}
		})
	}
}

// The duo_unix target writes a 0600 file with the keys and the explained
// choices; the secret is on screen only when asked for.
func TestDuoUnixTargetWritesFile(t *testing.T) {
	srv := newSim(t, 47332)
	s := workingSession(t, srv)
	path := filepath.Join(t.TempDir(), "pam_duo.conf")
	w := run(t, s, 80, 24)
	toUse(w)
	press(w, "down", "enter") // duo_unix
	waitFor(t, w, "File to write")
	press(w, "e", "ctrl+u")
	w.Type(path)
	press(w, "enter", "right", "down", "down", "right", "enter") // failmode secure, autopush yes, write
	waitFor(t, w, "Wrote "+path+" (mode 0600)")
	if strings.Contains(w.scr.get(), srv.SKey) {
		t.Error("the secret key is on screen before it was asked for")
	}
	press(w, "r")
	waitFor(t, w, "skey = "+srv.SKey)
	finalView(t, w)

	got, warnings, err := config.ReadDuoUnix(path)
	if err != nil || len(warnings) > 0 {
		t.Fatalf("reading the written file: %v %v", err, warnings)
	}
	want := config.DuoUnixConf{IKey: srv.IKey, SKey: config.Secret(srv.SKey), Host: srv.Host,
		Failmode: config.FailSecure, Prompts: 3, AutoPush: true, CAFile: s.Clients().Creds.CAFile.Value}
	if got.IKey != want.IKey || got.SKey.Reveal() != want.SKey.Reveal() || got.Host != want.Host ||
		got.Failmode != want.Failmode || got.Prompts != want.Prompts || got.AutoPush != want.AutoPush || got.CAFile != want.CAFile {
		t.Errorf("wrote %+v (secret match %v), want %+v", got, got.SKey.Reveal() == want.SKey.Reveal(), want)
	}
	requireMode(t, path, 0o600)
	f, err := config.Load(s.ConfigPath)
	if err != nil || f.Config.Setup.Target != config.TargetDuoUnix || f.Config.Setup.DuoUnixPath != path {
		t.Errorf("the chosen target and path were not saved as progress: %+v %v", f, err)
	}
}

// WHMCS 8.9+ needs Web SDK credentials: the health check passes with the
// simulator's Web SDK application and fails with a wrong client secret,
// each with its sentence.
func TestWebSDKHealthCheck(t *testing.T) {
	srv := newSim(t, 47333)
	cases := []struct {
		name, secret, sentence string
		ok                     bool
	}{
		{"right secret", srv.ClientSecret, "Duo's health check accepted this Web SDK application's client ID and client secret.", true},
		{"wrong secret", "WrongSecret00000000000000000000000000001", "Duo rejected the Web SDK client ID or client secret", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := workingSession(t, srv)
			w := run(t, s, 80, 24)
			toUse(w)
			press(w, "enter") // WHMCS: the version field has the cursor
			w.Type("8.9")
			press(w, "enter")
			waitFor(t, w, "Web SDK application too")
			press(w, "enter")
			waitFor(t, w, "Client secret")
			paste(w, srv.ClientID)
			press(w, "tab")
			paste(w, c.secret)
			press(w, "enter", "enter") // to the host (filled in), then check
			waitFor(t, w, c.sentence)
			if c.ok {
				waitFor(t, w, "Saved them to")
			}
			m := finalModel(t, w)
			if !m.progress.WebSDK {
				t.Error("the checklist has no Web SDK step for WHMCS 8.9")
			}
			f, err := config.Load(s.ConfigPath)
			if err != nil {
				t.Fatal(err)
			}
			p := f.Config.Profiles["default"]
			if saved := p.ClientID == srv.ClientID && p.ClientSecret.Reveal() == srv.ClientSecret; saved != c.ok {
				t.Errorf("Web SDK credentials saved = %v, want %v", saved, c.ok)
			}
			if c.ok {
				requireMode(t, s.ConfigPath, 0o600)
			}
		})
	}
}

// Every guide ends with the usual post-setup error, explained as a clock
// problem, and c opens the Clock pane.
func TestSecondFactorLinksToClock(t *testing.T) {
	srv := newSim(t, 47334)
	w := run(t, workingSession(t, srv), 80, 24)
	toUse(w)
	press(w, "down", "down", "enter") // environment variables
	waitFor(t, w, "export DUOTUI_IKEY="+srv.IKey)
	waitFor(t, w, "The second factor you supplied was incorrect")
	waitFor(t, w, "only the clock's UTC time has to be right")
	press(w, "c")
	waitSent(t, w, "a switch to the Clock pane", func(m tea.Msg) bool {
		sw, ok := m.(common.SwitchMsg)
		return ok && sw.To == common.TabClock
	})
	finalView(t, w)
}
