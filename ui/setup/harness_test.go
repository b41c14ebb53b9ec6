package setup

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest"

	"duotui/config"
	"duotui/duo/duotest"
	"duotui/ui/common"
	"duotui/ui/uitest"
)

// testKeys are the simulator's keys in every test, so screens are the same
// on every run.
var testKeys = duotest.Keys{
	IKey: "DIWJ8X6AEYOR5OMC6TQ1", SKey: "Zh5eGmUq9zpfQnyUIu5OL9iWoMMv5ZNmk3zLJ4Ep",
	AdminIKey: "DIADMIN0000000000001", AdminSKey: "AdminSecret00000000000000000000000000001",
	ClientID: "DIWEBSDK000000000001", ClientSecret: "WebSdkSecret0000000000000000000000000001",
}

// newSim starts a simulator with the test keys on a free loopback port. The
// host shows on screen, so goldens see it as 127.0.0.1:PORT, the port the
// test names: a fixed port to listen on could be taken by any other process.
func newSim(t *testing.T, port int, opts ...duotest.Option) *duotest.Server {
	t.Helper()
	opts = append([]duotest.Option{duotest.WithKeys(testKeys)}, opts...)
	srv := duotest.NewServer(t, opts...)
	shown := fmt.Sprintf("127.0.0.1:%d", port)
	if len(shown) != len(srv.Host) {
		t.Fatalf("the simulator's host %s and the golden's %s differ in width", srv.Host, shown)
	}
	goldenHosts.Store(srv.Host, shown)
	t.Cleanup(func() { goldenHosts.Delete(srv.Host) })
	return srv
}

// goldenHosts maps each live simulator's host to the one its goldens show.
var goldenHosts sync.Map

// goldenDir is a fixed directory per test: the config path is on screen,
// and t.TempDir's random names would change the goldens on every run.
func goldenDir(t *testing.T) string {
	t.Helper()
	dir := filepath.Join("/tmp", "duotui-setup-test", strings.NewReplacer("/", "-").Replace(t.Name()))
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

// newSession is a first run: no keys yet, but the network settings (the
// simulator's CA) that reach srv, as DUOTUI_CA_FILE gives `duotui sim`.
func newSession(t *testing.T, srv *duotest.Server, role common.Role) *common.Session {
	t.Helper()
	s := uitest.Session(t, nil, uitest.Options{Role: role})
	dir := goldenDir(t)
	s.ConfigPath = filepath.Join(dir, "config.toml")
	var c config.Credentials
	if srv != nil {
		ca := filepath.Join(dir, "ca.pem")
		if err := srv.WriteCA(ca); err != nil {
			t.Fatal(err)
		}
		c.CAFile = config.Setting{Value: ca}
	}
	c.Timeout = 5 * time.Second
	s.SetClients(&config.File{Path: s.ConfigPath, Missing: true}, c, common.Clients{Creds: c, AuthErr: errors.New("no keys yet")})
	return s
}

// host stands in for the root app: it gives the pane the whole terminal,
// passes it every message and keeps what the pane says to the root.
type host struct {
	pane common.Pane
	log  *rootLog
	scr  *screen
}

type rootLog struct {
	mu      sync.Mutex
	msgs    []tea.Msg
	changed chan struct{}
}

func (l *rootLog) add(m tea.Msg) {
	l.mu.Lock()
	l.msgs = append(l.msgs, m)
	l.mu.Unlock()
	select {
	case l.changed <- struct{}{}:
	default:
	}
}

// waitSent waits until the pane has sent the root a message that ok accepts.
func waitSent(t *testing.T, w *wizard, what string, ok func(tea.Msg) bool) {
	t.Helper()
	timeout := time.After(20 * time.Second)
	for {
		for _, m := range w.log.all() {
			if ok(m) {
				return
			}
		}
		select {
		case <-w.log.changed:
		case <-timeout:
			t.Fatalf("the pane did not send the root %s within 20 s", what)
		}
	}
}

// all returns the messages for the root seen so far.
func (l *rootLog) all() []tea.Msg {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]tea.Msg(nil), l.msgs...)
}

func (h host) Init() tea.Cmd { return h.pane.Init() }

func (h host) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		h.pane.SetSize(msg.Width, msg.Height)
		return h, nil
	case common.CredentialsMsg, common.SwitchMsg, common.StatusMsg, common.AuditedMsg:
		h.log.add(msg)
	}
	p, cmd := h.pane.Update(msg)
	h.pane = p
	return h, cmd
}

func (h host) View() string {
	v := h.pane.View()
	h.scr.set(v)
	return v
}

// wizard is the wizard running in a test terminal.
type wizard struct {
	*teatest.TestModel
	log *rootLog
	scr *screen
}

// run starts the wizard in a test terminal of w×h.
func run(t *testing.T, s *common.Session, w, h int, opts ...Option) *wizard {
	t.Helper()
	wz := &wizard{log: &rootLog{changed: make(chan struct{}, 1)}, scr: newScreen()}
	opts = append([]Option{WithImportPaths()}, opts...)
	wz.TestModel = teatest.NewTestModel(t, host{pane: New(s, opts...), log: wz.log, scr: wz.scr}, teatest.WithInitialTermSize(w, h))
	return wz
}

// screen keeps the last frame the program drew and signals each new one.
type screen struct {
	mu      sync.Mutex
	last    string
	changed chan struct{}
}

func newScreen() *screen { return &screen{changed: make(chan struct{}, 1)} }

func (s *screen) set(v string) {
	s.mu.Lock()
	s.last = v
	s.mu.Unlock()
	select {
	case s.changed <- struct{}{}:
	default:
	}
}

func (s *screen) get() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.last
}

var spaces = regexp.MustCompile(`\s+`)

// waitFor waits until the screen shows text. Spaces and line breaks are
// ignored, so a sentence the pane wrapped still matches (in the wide layout
// keep text short: two columns interleave their lines).
func waitFor(t *testing.T, w *wizard, text string) {
	t.Helper()
	want := spaces.ReplaceAllString(text, "")
	timeout := time.After(20 * time.Second)
	for {
		v := w.scr.get()
		if strings.Contains(spaces.ReplaceAllString(ansi.Strip(v), ""), want) {
			return
		}
		select {
		case <-w.scr.changed:
		case <-timeout:
			t.Fatalf("the screen did not show %q within 20 s; it shows:\n%s", text, v)
		}
	}
}

// finalModel quits and returns the wizard as it ended.
func finalModel(t *testing.T, w *wizard) *Model {
	t.Helper()
	if err := w.Quit(); err != nil {
		t.Fatal(err)
	}
	return w.FinalModel(t, teatest.WithFinalTimeout(10*time.Second)).(host).pane.(*Model)
}

// finalView quits and returns the last screen.
func finalView(t *testing.T, tm *wizard) string {
	t.Helper()
	return finalModel(t, tm).View()
}

// skewSeconds is Duo's reading of a 10-minute skew, which lands on 599 or
// 601 when a request crosses a second boundary: the golden says 600.
var skewSeconds = regexp.MustCompile(`\b(599|601) s\b`)

// teatestGolden checks a screen in the middle of a flow against its own
// golden, testdata/TEST/NAME.golden.
func teatestGolden(t *testing.T, name, view string) {
	t.Helper()
	t.Run(name, func(t *testing.T) { requireGolden(t, view) })
}

func requireGolden(t *testing.T, view string) {
	t.Helper()
	goldenHosts.Range(func(actual, shown any) bool {
		view = strings.ReplaceAll(view, actual.(string), shown.(string))
		return true
	})
	teatest.RequireEqualOutput(t, []byte(skewSeconds.ReplaceAllString(view, "600 s")))
}

// sizes are the two terminals every screen is checked at.
var sizes = []struct {
	name string
	w, h int
}{{"80x24", 80, 24}, {"120x40", 120, 40}}

func press(tm *wizard, keys ...string) {
	for _, k := range keys {
		tm.Send(uitest.Key(k))
	}
}

// paste sends text as a terminal's bracketed paste does.
func paste(tm *wizard, text string) {
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(text), Paste: true})
}

// enterKeys goes to the key form and pastes the three values, then runs
// the live check.
func enterKeys(tm *wizard, ikey, skey, host string) {
	press(tm, "tab")
	paste(tm, ikey)
	press(tm, "tab")
	paste(tm, skey)
	press(tm, "tab")
	paste(tm, host)
	press(tm, "enter")
}
