// Package uitest builds sessions for pane tests: a simulator-backed Env, an
// ASCII renderer so goldens hold no colour codes, and a clock that moves only
// when the test says so.
package uitest

import (
	"context"
	"io"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"duotui/config"
	"duotui/demo"
	"duotui/duo"
	"duotui/duo/duotest"
	"duotui/model"
	"duotui/ui/common"
)

// Epoch is the fixed instant every test clock starts at.
var Epoch = time.Date(2026, 12, 4, 15, 4, 5, 0, time.UTC)

// Clock is a settable clock for deterministic screens.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// NewClock starts a clock at Epoch.
func NewClock() *Clock { return &Clock{now: Epoch} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// Theme is the theme on an ASCII renderer: no escape codes in goldens.
func Theme() common.Theme {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	r.SetHasDarkBackground(true)
	return common.NewTheme(r)
}

// Options tune Session.
type Options struct {
	Clock   *Clock      // default NewClock()
	NoAdmin bool        // leave out the Admin API client
	Role    common.Role // default admin
	Sim     common.Sim  // e.g. SimOf(srv) for keyboard answers
}

// Session returns a session whose clients talk to srv, with an audit log and
// config path in a temporary directory. The context ends with the test.
func Session(t testing.TB, srv *duotest.Server, o Options) *common.Session {
	t.Helper()
	if o.Clock == nil {
		o.Clock = NewClock()
	}
	dir := t.TempDir()
	audit, err := model.OpenAuditLog(filepath.Join(dir, "audit.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { audit.Close() })
	env := &common.Env{
		Roster:     model.NewRoster(),
		Txs:        model.NewTxHistory(model.DefaultTxHistory),
		Audit:      audit,
		Sim:        o.Sim,
		ConfigPath: filepath.Join(dir, "config.toml"),
		Getenv:     func(string) string { return "" },
		Now:        o.Clock.Now,
	}
	var cl common.Clients
	if srv != nil {
		cl.Auth = mustClient(t, srv.Config())
		if !o.NoAdmin {
			cl.Admin = mustClient(t, srv.AdminConfig())
		}
		cl.WebSDK = mustClient(t, srv.WebSDKConfig())
		cl.Creds = config.Credentials{
			Host: config.Setting{Value: srv.Host},
			IKey: config.Setting{Value: srv.IKey},
		}
	} else {
		cl.AuthErr = errNoKeys
	}
	env.SetClients(&config.File{Path: env.ConfigPath, Missing: true}, cl.Creds, cl)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	return &common.Session{
		Env:   env,
		Ctx:   ctx,
		Actor: model.Actor{User: "tester"},
		Role:  o.Role,
		Theme: Theme(),
	}
}

type noKeysError struct{}

func (noKeysError) Error() string { return "no Duo credentials are configured yet" }

var errNoKeys error = noKeysError{}

func mustClient(t testing.TB, cfg duo.Config) *duo.Client {
	t.Helper()
	c, err := duo.NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// SimOf adapts the simulator to the demo's keyboard-answer interface; it is
// the adapter `duotui demo` uses, so pane tests exercise the same code.
func SimOf(srv *duotest.Server) common.Sim { return demo.SimOf(srv) }
