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
		{"at start", nil, []string{"profile env", "simulator", "simulator (not checked)", "clock not measured", "tester (admin)"}},
		{"connected", common.ConnMsg{At: uitest.Epoch}, []string{"simulator ✓ connected"}},
		{"clock", common.ClockMsg{Verdict: model.Verdict{Level: model.LevelWarn}, Offset: 2500 * time.Millisecond}, []string{"clock warn +2.50 s"}},
		{"clock far behind", common.ClockMsg{Verdict: model.Verdict{Level: model.LevelBad}, Offset: -45 * time.Second}, []string{"clock bad -45 s"}},
		{"status", common.StatusMsg{Text: "Push sent to alice.", Level: common.Success}, []string{"✓ Push sent to alice."}},
		{"unreachable", common.ConnMsg{Err: &duo.Error{Op: "GET /auth/v2/check", Kind: duo.KindRefused}}, []string{"simulator ✗ unreachable"}},
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
		{0, "0.00 s"},
		{-4 * time.Millisecond, "0.00 s"},
		{-6 * time.Millisecond, "-0.01 s"},
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

// A long host name pushes the profile, then who, out of a narrow bar.
func TestStatusBarDropsWhenNarrow(t *testing.T) {
	s := uitest.Session(t, nil, uitest.Options{})
	cl := s.Clients()
	cl.Creds.Profile = "production"
	cl.Creds.Host.Value = "api-12345678.duosecurity.com"
	s.SetClients(cl.File, cl.Creds, cl)
	s.Actor = model.Actor{User: "administrator"}
	for _, tc := range []struct {
		width      int
		want, lack []string
	}{
		{160, []string{"profile production", "api-12345678.duosecurity.com ✓ connected", "clock ok", "administrator (admin)"}, nil},
		{100, []string{"api-12345678.duosecurity.com ✓ connected", "administrator (admin)"}, []string{"production"}},
		{80, []string{"api-12345678.duosecurity.com ✓ connected", "clock ok +0.04 s"}, []string{"production", "administrator"}},
	} {
		var b statusBar
		b.setConn(common.ConnMsg{})
		b.clock = &common.ClockMsg{Verdict: model.Verdict{Level: model.LevelOK}, Offset: 40 * time.Millisecond}
		got := b.facts(s, tc.width)
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("at %d columns %q lacks %q", tc.width, got, w)
			}
		}
		for _, w := range tc.lack {
			if strings.Contains(got, w) {
				t.Errorf("at %d columns %q still has %q", tc.width, got, w)
			}
		}
	}
}
