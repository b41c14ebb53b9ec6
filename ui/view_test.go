package ui

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/x/ansi"

	"duotui/config"
	"duotui/duo/duotest"
	"duotui/ui/common"
)

// checkScreen fails unless v fills exactly w×h cells or fewer, never more.
func checkScreen(t *testing.T, v string, w, h int) {
	t.Helper()
	if h == 0 {
		if v != "" {
			t.Errorf("drew %q on a terminal with no lines", v)
		}
		return
	}
	lines := strings.Split(v, "\n")
	if len(lines) > h {
		t.Errorf("%d lines on a %d-line terminal", len(lines), h)
	}
	for i, l := range lines {
		if n := ansi.StringWidth(l); n > w {
			t.Errorf("line %d is %d cells on a %d-cell terminal: %q", i, n, w, l)
		}
	}
}

func TestScreenFitsTheTerminal(t *testing.T) {
	for _, sz := range []size{{80, 24}, {120, 40}, {200, 60}, {80, 100}} {
		t.Run(fmt.Sprintf("%dx%d", sz.w, sz.h), func(t *testing.T) {
			panes, byTab := fakes(allTitles...)
			s := noCreds(t)
			s.Demo = true
			a := New(s, panes)
			byTab[common.TabSetup].lines = 200 // draws far too much
			a.SetSize(sz.w, sz.h)
			v := a.View()
			checkScreen(t, v, sz.w, sz.h)
			if n := len(strings.Split(v, "\n")); n != sz.h {
				t.Errorf("%d lines, want the full %d", n, sz.h)
			}
			press(a, "?")
			checkScreen(t, a.View(), sz.w, sz.h)
		})
	}
}

func TestTinyTerminal(t *testing.T) {
	for _, sz := range []size{{40, 10}, {79, 24}, {80, 23}, {1, 1}, {10, 2}, {0, 0}} {
		t.Run(fmt.Sprintf("%dx%d", sz.w, sz.h), func(t *testing.T) {
			panes, byTab := fakes(allTitles...)
			a := New(withCreds(t), panes)
			a.SetSize(sz.w, sz.h)
			v := a.View()
			checkScreen(t, v, sz.w, sz.h)
			if sz.w >= len(TooSmall) && sz.h > 0 && !strings.Contains(v, TooSmall) {
				t.Errorf("no %q on a %dx%d terminal:\n%s", TooSmall, sz.w, sz.h, v)
			}
			for _, k := range []string{"x", "?", "tab", "3"} {
				press(a, k)
			}
			if a.Active() != common.TabUsers || count[interface{}](byTab[common.TabUsers]) != 0 {
				t.Error("keys acted on a screen too small to show them")
			}
			if !isQuit(press(a, "q")) {
				t.Error("q does not quit a too-small terminal")
			}
			a.SetSize(80, 24)
			if v := a.View(); strings.Contains(v, TooSmall) || !strings.Contains(v, "Users pane 80x") {
				t.Errorf("growing back to 80x24 does not show the pane:\n%s", v)
			}
		})
	}
}

func TestBanners(t *testing.T) {
	for _, tc := range []struct {
		name                  string
		creds, demo           bool
		wantDemo, wantNoCreds bool
	}{
		{"working credentials: none", true, false, false, false},
		{"no credentials: warning", false, false, false, true},
		{"demo: demo banner", true, true, true, false},
		{"demo without credentials: both", false, true, true, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := noCreds(t)
			if tc.creds {
				s = withCreds(t)
			}
			s.Demo = tc.demo
			panes, byTab := fakes(allTitles...)
			a := New(s, panes)
			a.SetSize(80, 24)
			for _, k := range []string{"1", "2", "5"} { // every screen
				press(a, k)
				v := a.View()
				if got := strings.Contains(v, DemoBanner); got != tc.wantDemo {
					t.Errorf("tab %s: demo banner shown %v, want %v", k, got, tc.wantDemo)
				}
				if got := strings.Contains(v, NoCredsBanner); got != tc.wantNoCreds {
					t.Errorf("tab %s: credentials banner shown %v, want %v", k, got, tc.wantNoCreds)
				}
			}
			banners := 0
			if tc.wantDemo {
				banners++
			}
			if tc.wantNoCreds {
				banners++
			}
			if h := byTab[common.TabClock].h; h != 20-banners {
				t.Errorf("pane height %d with %d banners, want %d", h, banners, 20-banners)
			}
		})
	}
}

func TestNoCredsBannerPointsAtSetup(t *testing.T) {
	panes, _ := fakes(allTitles...)
	a := New(noCreds(t), panes)
	a.SetSize(80, 24)
	if v := a.View(); !strings.Contains(v, "Setup steps below") {
		t.Errorf("on Setup the banner does not point below:\n%s", v)
	}
	press(a, "2")
	if v := a.View(); !strings.Contains(v, "press 1 for Setup") {
		t.Errorf("on Users the banner does not point at Setup:\n%s", v)
	}
}

// After the wizard saves, the root reloads the Env, drops the banner and
// only then tells the panes.
func TestCredentialsMsg(t *testing.T) {
	srv := duotest.NewServer(t)
	s := noCreds(t)
	s.Now = time.Now // the reloaded clients sign with it: the simulator checks it
	panes, byTab := fakes(allTitles...)
	a := New(s, panes)
	a.SetSize(80, 24)

	ca := filepath.Join(t.TempDir(), "ca.pem")
	if err := srv.WriteCA(ca); err != nil {
		t.Fatal(err)
	}
	cfg := &config.Config{
		Profiles: map[string]config.Profile{"work": {Host: srv.Host, IKey: srv.IKey, SKey: config.Secret(srv.SKey)}},
		Network:  config.Network{CAFile: ca},
	}
	if err := config.Save(s.ConfigPath, cfg); err != nil {
		t.Fatal(err)
	}
	_, cmd := a.Update(common.CredentialsMsg{Path: s.ConfigPath})
	for _, p := range byTab {
		if count[common.CredentialsMsg](p) != 0 {
			t.Fatalf("%s heard of the credentials before the reload", p.title)
		}
	}
	var msgs []any
	for _, m := range runCmd(cmd) {
		_, cmd := a.Update(m)
		for _, m := range runCmd(cmd) {
			msgs = append(msgs, m)
			a.Update(m)
		}
	}
	v := a.View()
	if strings.Contains(v, NoCredsBanner) {
		t.Errorf("the banner stayed after working credentials were saved:\n%s", v)
	}
	if !strings.Contains(v, "New credentials in use") || !strings.Contains(v, "profile work") {
		t.Errorf("no report of the new credentials:\n%s", v)
	}
	if !strings.Contains(v, "simulator ✓ connected") {
		t.Errorf("no connection check after the reload (%v):\n%s", msgs, v)
	}
	for _, p := range byTab {
		if count[common.CredentialsMsg](p) != 1 {
			t.Errorf("%s was not told of the new credentials", p.title)
		}
	}
	if byTab[common.TabClock].h != 20 {
		t.Errorf("pane height %d after the banner went, want 20", byTab[common.TabClock].h)
	}
}

func TestCredentialsMsgIncomplete(t *testing.T) {
	s := noCreds(t)
	panes, _ := fakes(allTitles...)
	a := New(s, panes)
	a.SetSize(80, 24)
	if err := config.Save(s.ConfigPath, &config.Config{Profiles: map[string]config.Profile{"work": {Host: "127.0.0.1:1"}}}); err != nil {
		t.Fatal(err)
	}
	_, cmd := a.Update(common.CredentialsMsg{Path: s.ConfigPath})
	for _, m := range runCmd(cmd) {
		a.Update(m)
	}
	v := a.View()
	if !strings.Contains(v, NoCredsBanner) {
		t.Errorf("the banner went with incomplete credentials:\n%s", v)
	}
	if !strings.Contains(v, "! ") {
		t.Errorf("no warning in the status bar:\n%s", v)
	}
}

func TestHelpToggle(t *testing.T) {
	panes, byTab := fakes(allTitles...)
	a := New(withCreds(t), panes)
	a.SetSize(80, 24)
	users := byTab[common.TabUsers]
	short := a.View()
	for _, w := range []string{"d do users", "tab next tab", "? more keys", "q quit"} {
		if !strings.Contains(short, w) {
			t.Errorf("short help lacks %q:\n%s", w, short)
		}
	}
	if strings.Contains(short, "hidden") || strings.Contains(short, "undo") {
		t.Errorf("short help shows a disabled or full-only key:\n%s", short)
	}
	h := users.h

	press(a, "?")
	full := a.View()
	for _, w := range []string{"u undo", "shift+tab previous tab", "1-6 go to tab", "? fewer keys", "ctrl+c quit"} {
		if !strings.Contains(squeeze(full), w) {
			t.Errorf("full help lacks %q:\n%s", w, full)
		}
	}
	if users.h >= h {
		t.Errorf("the pane kept height %d under full help", users.h)
	}
	if count[any](users) != 0 {
		t.Error("? reached the pane")
	}

	press(a, "?")
	if a.View() != short || users.h != h {
		t.Errorf("? again does not restore the screen:\n%s", a.View())
	}
}

func TestHelpWhileCapturing(t *testing.T) {
	panes, byTab := fakes(allTitles...)
	a := New(withCreds(t), panes)
	a.SetSize(80, 24)
	byTab[common.TabUsers].capturing = true
	v := a.View()
	if !strings.Contains(v, "ctrl+c quit") || strings.Contains(v, "q quit") {
		t.Errorf("help offers keys the pane takes while capturing:\n%s", v)
	}
}

// squeeze collapses runs of spaces, so full help's aligned columns read as
// "key desc".
func squeeze(s string) string {
	var b strings.Builder
	for _, l := range strings.Split(s, "\n") {
		b.WriteString(strings.Join(strings.Fields(l), " "))
		b.WriteString("\n")
	}
	return b.String()
}

// However many keys a pane lists, the short help ends with the root's.
func TestShortHelpKeepsRootKeys(t *testing.T) {
	panes, byTab := fakes(allTitles...)
	for i := range 20 {
		k := fmt.Sprint(i)
		byTab[common.TabUsers].extra = append(byTab[common.TabUsers].extra,
			key.NewBinding(key.WithKeys("f"+k), key.WithHelp("f"+k, "function "+k)))
	}
	a := New(withCreds(t), panes)
	a.SetSize(80, 24)
	lines := strings.Split(a.View(), "\n")
	last := lines[len(lines)-1]
	if !strings.HasSuffix(last, "? more keys • q quit") || !strings.Contains(last, "d do users") || !strings.Contains(last, "…") {
		t.Errorf("short help %q: want the pane's first keys, an ellipsis, then ? and q", last)
	}
}
