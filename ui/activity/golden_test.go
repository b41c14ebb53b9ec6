package activity_test

import (
	"fmt"
	"testing"

	"github.com/charmbracelet/x/exp/teatest"

	"duotui/ui/common"
	"duotui/ui/uitest"
)

// TestGolden records the screens users get at 80x24 and 120x40.
func TestGolden(t *testing.T) {
	scenes := []struct {
		name  string
		setup func(t *testing.T) *common.Session
		play  func(r *run)
	}{
		{"log", func(t *testing.T) *common.Session { return withLog(t, sampleLog()) }, func(r *run) {
			r.waitScreen("8 records")
			r.key("down")
			r.key("down")
			r.waitScreen("14:52:05 UTC · 12 min ago")
		}},
		{"filtered", func(t *testing.T) *common.Session { return withLog(t, sampleLog()) }, func(r *run) {
			r.waitScreen("8 records")
			r.key("/")
			r.typeText("user:alice")
			r.waitScreen("3 records")
			r.key("enter")
			r.waitScreen("esc clear filter")
		}},
		{"no-log", func(t *testing.T) *common.Session {
			s := uitest.Session(t, nil, uitest.Options{})
			s.Audit = nil
			s.Getenv = func(k string) string {
				if k == "XDG_STATE_HOME" {
					return "/nonexistent/state"
				}
				return ""
			}
			return s
		}, func(r *run) { r.waitScreen("No audit log is open") }},
	}
	for _, sc := range scenes {
		for _, size := range [][2]int{{80, 24}, {120, 40}} {
			t.Run(fmt.Sprintf("%s/%dx%d", sc.name, size[0], size[1]), func(t *testing.T) {
				r := start(t, sc.setup(t), size[0], size[1])
				sc.play(r)
				teatest.RequireEqualOutput(t, []byte(r.final()))
			})
		}
	}
}
