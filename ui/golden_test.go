package ui

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"duotui/model"
	"duotui/ui/common"
	"duotui/ui/uitest"
)

// The goldens are the screens users get, with fake panes: read them after
// `go test ./ui -update`.
func TestGolden(t *testing.T) {
	for _, tc := range []struct {
		name  string
		creds bool
		demo  bool
		send  []tea.Msg
		wait  string // on screen once the sends took effect
	}{
		{
			name: "demo_on_send", creds: true, demo: true,
			send: []tea.Msg{
				common.ClockMsg{Verdict: model.Verdict{Level: model.LevelOK}, Offset: 40 * time.Millisecond},
				common.StatusMsg{Text: "Push approved by alice in 4.1 s.", Level: common.Success},
				uitest.Key("4"),
			},
			wait: "[4 Send]",
		},
		{
			name: "no_credentials_help",
			send: []tea.Msg{
				common.StatusMsg{Text: "No Duo credentials are configured yet.", Level: common.Warning},
				uitest.Key("?"),
			},
			wait: "fewer keys",
		},
	} {
		for _, sz := range []size{{80, 24}, {120, 40}} {
			t.Run(fmt.Sprintf("%s/%dx%d", tc.name, sz.w, sz.h), func(t *testing.T) {
				s := noCreds(t)
				if tc.creds {
					s = withCreds(t)
				}
				s.Demo = tc.demo
				panes, _ := fakes(allTitles...)
				tm := teatest.NewTestModel(t, New(s, panes), teatest.WithInitialTermSize(sz.w, sz.h))
				if tc.creds {
					waitFor(t, tm, "connected")
				}
				for _, m := range tc.send {
					tm.Send(m)
				}
				waitFor(t, tm, tc.wait)
				tm.Send(uitest.Key("q"))
				final := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second))
				teatest.RequireEqualOutput(t, []byte(final.View()))
			})
		}
	}
}

func waitFor(t *testing.T, tm *teatest.TestModel, s string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(s)) },
		teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
}
