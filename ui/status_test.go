package ui

import (
	"strings"
	"testing"
	"time"

	"duotui/duo"
	"duotui/model"
	"duotui/ui/common"
	"duotui/ui/uitest"
)

func TestStatusBar(t *testing.T) {
	panes, _ := fakes(allTitles...)
	s := withCreds(t)
	a := New(s, panes)
	a.SetSize(120, 30)
	steps := []struct {
		name string
		msg  any
		want []string
	}{
		{"at start", nil, []string{"profile env", "simulator", "Duo not checked", "clock not measured", "tester (admin)"}},
		{"connected", common.ConnMsg{At: uitest.Epoch}, []string{"Duo ✓ connected"}},
		{"clock", common.ClockMsg{Verdict: model.Verdict{Level: model.LevelWarn}, Offset: 2500 * time.Millisecond}, []string{"clock warn +2.50 s"}},
		{"clock far behind", common.ClockMsg{Verdict: model.Verdict{Level: model.LevelBad}, Offset: -45 * time.Second}, []string{"clock bad -45 s"}},
		{"status", common.StatusMsg{Text: "Push sent to alice.", Level: common.Success}, []string{"✓ Push sent to alice."}},
		{"unreachable", common.ConnMsg{Err: &duo.Error{Op: "GET /auth/v2/check", Kind: duo.KindRefused}}, []string{"Duo ✗ unreachable"}},
		{"error sentence", common.StatusMsg{Text: "Duo rejected the keys.", Level: common.Failure}, []string{"✗ Duo rejected the keys."}},
	}
	for _, st := range steps {
		if st.msg != nil {
			a.Update(st.msg)
		}
		v := a.View()
		for _, w := range st.want {
			if !strings.Contains(v, w) {
				t.Errorf("%s: status bar lacks %q:\n%s", st.name, w, v)
			}
		}
	}
}

func TestStatusBarRoleAndActor(t *testing.T) {
	s := uitest.Session(t, nil, uitest.Options{Role: common.RoleViewer})
	s.Actor = model.Actor{KeyFingerprint: "SHA256:abc", KeyName: "ops@laptop"}
	panes, _ := fakes(allTitles...)
	a := New(s, panes)
	a.SetSize(100, 24)
	if v := a.View(); !strings.Contains(v, "ops@laptop (viewer)") {
		t.Errorf("who is connected is not shown:\n%s", v)
	}
}

func TestFormatOffset(t *testing.T) {
	for _, tc := range []struct {
		in   time.Duration
		want string
	}{
		{0, "+0.00 s"},
		{370 * time.Millisecond, "+0.37 s"},
		{-2900 * time.Millisecond, "-2.90 s"},
		{-45 * time.Second, "-45 s"},
		{94 * time.Second, "+94 s"},
		{5 * time.Minute, "+5m0s"},
	} {
		if got := formatOffset(tc.in); got != tc.want {
			t.Errorf("formatOffset(%v) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
