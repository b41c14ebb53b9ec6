package ui

import (
	"reflect"
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"duotui/ui/common"
)

// resultMsg stands for a pane's async result.
type resultMsg struct{ seq int }

func TestKeysGoOnlyToTheFocusedPane(t *testing.T) {
	panes, byTab := fakes(allTitles...)
	a := New(withCreds(t), panes)
	a.SetSize(80, 24)
	press(a, "x")
	for tab, p := range byTab {
		want := 0
		if tab == common.TabUsers {
			want = 1
		}
		if got := count[tea.KeyMsg](p); got != want {
			t.Errorf("%s got %d keys, want %d", p.title, got, want)
		}
	}
}

func TestOtherMessagesAreBroadcast(t *testing.T) {
	for _, tc := range []struct {
		name string
		msg  tea.Msg
	}{
		{"a pane's result", resultMsg{seq: 7}},
		{"status", common.StatusMsg{Text: "hello"}},
		{"connection", common.ConnMsg{}},
		{"clock", common.ClockMsg{}},
		{"audited", common.AuditedMsg{}},
		{"preauth", common.UserPreauthMsg{Username: "alice"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			panes, byTab := fakes(allTitles...)
			a := New(withCreds(t), panes)
			a.SetSize(80, 24)
			a.Update(tc.msg)
			for _, p := range byTab {
				if len(p.got) != 1 || !reflect.DeepEqual(p.got[0], tc.msg) {
					t.Errorf("%s got %v, want exactly %v", p.title, p.got, tc.msg)
				}
			}
		})
	}
}

func TestSizeGoesThroughSetSize(t *testing.T) {
	panes, byTab := fakes(allTitles...)
	a := New(withCreds(t), panes)
	a.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	for _, p := range byTab {
		if count[tea.WindowSizeMsg](p) != 0 {
			t.Errorf("%s was sent the WindowSizeMsg; sizes go through SetSize", p.title)
		}
		// tabs, status (2) and help (1) take 4 lines.
		if p.w != 100 || p.h != 26 {
			t.Errorf("%s is %dx%d, want 100x26", p.title, p.w, p.h)
		}
	}
	sizes := byTab[common.TabUsers].sizes
	a.SetSize(100, 30)
	if byTab[common.TabUsers].sizes != sizes {
		t.Error("an unchanged size was given again")
	}
}

func TestStartTab(t *testing.T) {
	for _, tc := range []struct {
		name   string
		creds  bool
		titles []string
		want   common.Tab
	}{
		{"no credentials opens setup", false, allTitles, common.TabSetup},
		{"credentials open users", true, allTitles, common.TabUsers},
		{"no users pane: the first tab", true, []string{"Setup", "", "Enroll"}, common.TabSetup},
		{"no setup pane: the first tab", false, []string{"", "", "Enroll", "Send"}, common.TabEnroll},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := noCreds(t)
			if tc.creds {
				s = withCreds(t)
			}
			panes, _ := fakes(tc.titles...)
			if got := New(s, panes).Active(); got != tc.want {
				t.Errorf("starts on %v, want %v", got, tc.want)
			}
		})
	}
}

func TestTabSwitching(t *testing.T) {
	for _, tc := range []struct {
		name   string
		titles []string
		keys   []string
		want   common.Tab
	}{
		{"tab moves right", allTitles, []string{"tab"}, common.TabEnroll},
		{"shift+tab moves left", allTitles, []string{"shift+tab"}, common.TabSetup},
		{"tab wraps around", allTitles, []string{"6", "tab"}, common.TabSetup},
		{"shift+tab wraps around", allTitles, []string{"1", "shift+tab"}, common.TabActivity},
		{"number keys", allTitles, []string{"4"}, common.TabSend},
		{"each number", allTitles, []string{"5", "3", "6", "2"}, common.TabUsers},
		{"missing tab's number does nothing", []string{"Setup", "Users", "", "Send"}, []string{"3"}, common.TabUsers},
		{"tab skips missing panes", []string{"Setup", "Users", "", "Send"}, []string{"tab"}, common.TabSend},
		{"7 is not a tab", allTitles, []string{"7"}, common.TabUsers},
	} {
		t.Run(tc.name, func(t *testing.T) {
			panes, byTab := fakes(tc.titles...)
			a := New(withCreds(t), panes)
			a.SetSize(80, 24)
			press(a, tc.keys...)
			if a.Active() != tc.want {
				t.Errorf("on %v, want %v", a.Active(), tc.want)
			}
			for _, p := range byTab {
				if n := count[tea.KeyMsg](p); n != 0 && tc.keys[0] != "7" {
					t.Errorf("%s received %d switching keys", p.title, n)
				}
			}
			if v := a.View(); !strings.Contains(v, "["+tabLabel(tc.want, byTab)+"]") {
				t.Errorf("the tabs bar does not mark %v:\n%s", tc.want, v)
			}
		})
	}
}

func tabLabel(t common.Tab, byTab map[common.Tab]*fakePane) string {
	return string(rune('1'+t)) + " " + byTab[t].title
}

func TestCapturingPaneGetsEveryKey(t *testing.T) {
	panes, byTab := fakes(allTitles...)
	a := New(withCreds(t), panes)
	a.SetSize(80, 24)
	users := byTab[common.TabUsers]
	users.capturing = true
	for _, k := range []string{"q", "?", "3", "tab", "shift+tab", "esc"} {
		if cmd := press(a, k); isQuit(cmd) {
			t.Errorf("%q quit while the pane captured text", k)
		}
	}
	if a.Active() != common.TabUsers || a.fullHelp {
		t.Errorf("the root acted on captured keys: tab %v, help %v", a.Active(), a.fullHelp)
	}
	if n := count[tea.KeyMsg](users); n != 6 {
		t.Errorf("the pane got %d of 6 keys", n)
	}
	if !isQuit(press(a, "ctrl+c")) {
		t.Error("ctrl+c did not quit while the pane captured text")
	}
}

func TestQuit(t *testing.T) {
	for _, k := range []string{"q", "ctrl+c"} {
		t.Run(k, func(t *testing.T) {
			panes, _ := fakes(allTitles...)
			a := New(withCreds(t), panes)
			a.SetSize(80, 24)
			if !isQuit(press(a, k)) {
				t.Errorf("%s did not quit", k)
			}
		})
	}
}

func TestSwitchMsg(t *testing.T) {
	panes, byTab := fakes(allTitles...)
	a := New(withCreds(t), panes)
	a.SetSize(80, 24)
	msg := common.SwitchMsg{To: common.TabSend, User: "alice"}
	a.Update(msg)
	if a.Active() != common.TabSend {
		t.Fatalf("on %v after SwitchMsg to Send", a.Active())
	}
	for tab, p := range byTab {
		want := 0
		if tab == common.TabSend {
			want = 1
		}
		if n := count[common.SwitchMsg](p); n != want {
			t.Errorf("%s got the SwitchMsg %d times, want %d", p.title, n, want)
		}
	}
	if got := byTab[common.TabSend].got[0].(common.SwitchMsg).User; got != "alice" {
		t.Errorf("Send was told user %q", got)
	}
}

func TestSwitchToMissingPane(t *testing.T) {
	panes, _ := fakes("Setup", "Users")
	a := New(withCreds(t), panes)
	a.SetSize(80, 24)
	a.Update(common.SwitchMsg{To: common.TabClock})
	if a.Active() != common.TabUsers {
		t.Errorf("moved to %v", a.Active())
	}
	if !strings.Contains(a.View(), "The Clock pane is not part of this build") {
		t.Errorf("no explanation in the status bar:\n%s", a.View())
	}
}

func TestInitStartsEveryPane(t *testing.T) {
	panes, byTab := fakes(allTitles...)
	New(noCreds(t), panes).Init()
	for _, p := range byTab {
		if p.inits != 1 {
			t.Errorf("%s Init ran %d times", p.title, p.inits)
		}
	}
}

func TestInitChecksTheConnection(t *testing.T) {
	panes, _ := fakes(allTitles...)
	a := New(withCreds(t), panes)
	var conn *common.ConnMsg
	for _, m := range runCmd(a.Init()) {
		if c, ok := m.(common.ConnMsg); ok {
			conn = &c
		}
	}
	if conn == nil || conn.Err != nil {
		t.Fatalf("Init's connection check: %+v", conn)
	}
}

// runCmd runs cmd and the commands of any batch it returns.
func runCmd(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	if b, ok := msg.(tea.BatchMsg); ok {
		var out []tea.Msg
		for _, c := range b {
			out = append(out, runCmd(c)...)
		}
		return out
	}
	return []tea.Msg{msg}
}

// A pane that binds tab itself (the wizard's sections) keeps it; the
// number keys still switch, and help does not offer the root's tab.
func TestPaneThatBindsTab(t *testing.T) {
	panes, byTab := fakes(allTitles...)
	a := New(noCreds(t), panes)
	a.SetSize(80, 24)
	setup := byTab[common.TabSetup]
	setup.keys.Undo = key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next section"))
	press(a, "?")
	if v := squeeze(a.View()); strings.Contains(v, "next tab") || !strings.Contains(v, "shift+tab previous tab") {
		t.Errorf("help offers the root's tab over the pane's:\n%s", v)
	}
	press(a, "tab")
	if a.Active() != common.TabSetup || setup.lastKey() != "tab" {
		t.Errorf("tab left the pane: on %v, pane's last key %q", a.Active(), setup.lastKey())
	}
	press(a, "shift+tab")
	if a.Active() != common.TabActivity {
		t.Errorf("shift+tab, which the pane does not bind, went to %v", a.Active())
	}
	press(a, "1", "3")
	if a.Active() != common.TabEnroll {
		t.Errorf("3 went to %v", a.Active())
	}
	setup.keys.Undo.SetEnabled(false)
	press(a, "1", "tab")
	if a.Active() != common.TabUsers {
		t.Errorf("with the pane's tab disabled, tab went to %v", a.Active())
	}
}
