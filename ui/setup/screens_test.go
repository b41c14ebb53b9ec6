package setup

import (
	"github.com/charmbracelet/lipgloss"

	"strings"
	"testing"
	"time"

	"duotui/duo/duotest"
	"duotui/model"
)

// The first thing a new administrator sees: the checklist, nothing ticked.
func TestFirstScreen(t *testing.T) {
	for _, sz := range sizes {
		t.Run(sz.name, func(t *testing.T) {
			tm := run(t, newSession(t, nil, 0), sz.w, sz.h)
			waitFor(t, tm, "Create the Auth API application")
			view := finalView(t, tm)
			for _, s := range model.SetupSteps(false) {
				if !strings.Contains(view, s.Title) {
					t.Errorf("step %q is not on the first screen", s.Title)
				}
			}
			requireGolden(t, view)
		})
	}
}

// A key one character short says so as it is typed.
func TestFormatHint(t *testing.T) {
	for _, sz := range sizes {
		t.Run(sz.name, func(t *testing.T) {
			tm := run(t, newSession(t, nil, 0), sz.w, sz.h)
			press(tm, "tab")
			tm.Type(testKeys.IKey[:19])
			waitFor(t, tm, "this one has 19")
			requireGolden(t, finalView(t, tm))
		})
	}
}

// Each live failure points at its field with Duo's sentence, and keeps
// everything typed.
func TestLiveFailures(t *testing.T) {
	cases := []struct {
		name       string
		port       int
		opts       []duotest.Option
		ikey, skey string
		host       string // "" for the simulator
		sentence   string // in the status line
		field      int    // where the cursor goes (-1: nowhere, the clock)
	}{
		{name: "wrong ikey", port: 47311, ikey: "DIWJ8X6AEYOR5OMC6TQ2", skey: testKeys.SKey,
			sentence: "Duo does not know this integration key", field: posID},
		{name: "wrong skey", port: 47312, ikey: testKeys.IKey, skey: "Zh5eGmUq9zpfQnyUIu5OL9iWoMMv5ZNmk3zLJ4Eq",
			sentence: "the secret key is almost certainly wrong", field: posSecret},
		{name: "wrong host", port: 47313, ikey: testKeys.IKey, skey: testKeys.SKey, host: "127.0.0.1:1",
			sentence: "127.0.0.1:1 refused the connection", field: posHost},
		{name: "skewed clock", port: 47314, opts: []duotest.Option{duotest.WithClockOffset(10 * time.Minute)},
			ikey: testKeys.IKey, skey: testKeys.SKey,
			sentence: "this server's clock is 600 s slow", field: -1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv := newSim(t, c.port, c.opts...)
			host := c.host
			if host == "" {
				host = srv.Host
			}
			for _, sz := range sizes {
				t.Run(sz.name, func(t *testing.T) {
					tm := run(t, newSession(t, srv, 0), sz.w, sz.h)
					enterKeys(tm, c.ikey, c.skey, host)
					waitFor(t, tm, c.sentence)
					if c.field < 0 {
						waitFor(t, tm, "rejects every signed request") // the clock line measured it
					}
					m := finalModel(t, tm)
					view := m.View()
					if got := m.auth.values(); got != (creds{c.ikey, c.skey, host}) {
						t.Errorf("typed values not kept: %+v", got)
					}
					switch {
					case c.field >= 0 && (!m.auth.f.editing || m.auth.f.at != c.field):
						t.Errorf("cursor in field %d (editing %v), want field %d", m.auth.f.at, m.auth.f.editing, c.field)
					case c.field < 0 && m.auth.f.editing:
						t.Errorf("a clock failure put the cursor in field %d", m.auth.f.at)
					}
					requireGolden(t, view)
				})
			}
		})
	}
}

// Every section draws at any size without a line wider than the pane, and
// survives sizes smaller than anyone uses.
func TestResizeSafe(t *testing.T) {
	m := New(newSession(t, nil, 0), WithImportPaths())
	for st := stageChecklist; st < numStages; st++ {
		for _, v := range []useView{usePick, useWHMCS, useWebSDK, useDuoUnix, useEnv} {
			m.stage, m.use.view = st, v
			for _, sz := range [][2]int{{80, 24}, {200, 60}, {20, 6}, {1, 1}, {120, 40}, {79, 23}} {
				m.SetSize(sz[0], sz[1])
				for i, line := range strings.Split(m.View(), "\n") {
					if w := lipgloss.Width(line); w > max(sz[0], 20) {
						t.Errorf("stage %d page %d at %dx%d: line %d is %d wide", st, v, sz[0], sz[1], i, w)
					}
				}
			}
		}
	}
}
