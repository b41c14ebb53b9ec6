package enroll

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"duotui/duo/duotest"
	"duotui/ui/common"
	"duotui/ui/uitest"
)

var goldenSizes = []struct{ w, h int }{{80, 24}, {120, 40}}

// until asks the running program about the pane until cond holds.
func until(t *testing.T, tm *teatest.TestModel, what string, cond func(*Model) bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		ch := make(chan bool, 1)
		tm.Send(probeMsg{f: cond, ch: ch})
		if <-ch {
			return
		}
		if time.Now().After(deadline) {
			var view string
			tm.Send(probeMsg{f: func(m *Model) bool { view = m.View(); return true }, ch: ch})
			<-ch
			t.Fatalf("timed out waiting for %s; the pane shows:\n%s", what, view)
		}
		select {
		case <-time.After(10 * time.Millisecond):
		case <-t.Context().Done():
			return
		}
	}
}

func typeKeys(tm *teatest.TestModel, ks ...string) {
	for _, k := range ks {
		tm.Send(uitest.Key(k))
	}
}

func finalView(t *testing.T, tm *teatest.TestModel) string {
	t.Helper()
	if err := tm.Quit(); err != nil {
		t.Fatal(err)
	}
	return tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).View()
}

// The form as the Users pane's enroll action leaves it.
func TestEnrollFormGolden(t *testing.T) {
	srv := duotest.NewServer(t)
	for _, sz := range goldenSizes {
		t.Run(fmt.Sprintf("%dx%d", sz.w, sz.h), func(t *testing.T) {
			s := uitest.Session(t, srv, uitest.Options{})
			tm := teatest.NewTestModel(t, newHarness(New(s)), teatest.WithInitialTermSize(sz.w, sz.h))
			tm.Send(common.SwitchMsg{To: common.TabEnroll, User: "vera"})
			until(t, tm, "the preselected user", func(m *Model) bool { return m.valid.Focused() })
			teatest.RequireEqualOutput(t, []byte(finalView(t, tm)))
		})
	}
}

// The code waiting for the phone. The simulator's codes and port are
// random, so the enrollment it returns is pinned before the pane sees it
// (and never polled: the pinned code is not Duo's).
func TestEnrollWaitingGolden(t *testing.T) {
	srv := duotest.NewServer(t)
	code := strings.Repeat("A1b2C", 4) + "-" + strings.Repeat("x9Y8z", 6)
	pin := func(msg tea.Msg) tea.Msg {
		if e, ok := msg.(enrolledMsg); ok && e.err == nil {
			e.enr.ActivationURL = "https://127.0.0.1:40000/activate/" + code
			e.enr.ActivationCode = "duo://" + code
			e.enr.UserID = "DU0000000000000000ZZ"
			return e
		}
		return msg
	}
	for _, sz := range goldenSizes {
		t.Run(fmt.Sprintf("%dx%d", sz.w, sz.h), func(t *testing.T) {
			s := uitest.Session(t, srv, uitest.Options{})
			m := New(s)
			m.pollEvery = time.Hour
			h := newHarness(m)
			h.rewrite = pin
			tm := teatest.NewTestModel(t, h, teatest.WithInitialTermSize(sz.w, sz.h))
			typeKeys(tm, "enter")
			typeKeys(tm, uitest.Chars(fmt.Sprintf("zoe%d", sz.w))...)
			typeKeys(tm, "tab", "1", "h", "enter")
			until(t, tm, "the code", func(m *Model) bool { return m.phase == phaseWaiting })
			teatest.RequireEqualOutput(t, []byte(finalView(t, tm)))
		})
	}
}

// The phone activated (through the simulator, as if it scanned the code).
func TestEnrollSuccessGolden(t *testing.T) {
	srv := duotest.NewServer(t)
	for _, sz := range goldenSizes {
		t.Run(fmt.Sprintf("%dx%d", sz.w, sz.h), func(t *testing.T) {
			s := uitest.Session(t, srv, uitest.Options{})
			m := New(s)
			m.pollEvery = 20 * time.Millisecond
			tm := teatest.NewTestModel(t, newHarness(m), teatest.WithInitialTermSize(sz.w, sz.h))
			name := fmt.Sprintf("uma%d", sz.w)
			tm.Send(common.SwitchMsg{To: common.TabEnroll, User: name})
			typeKeys(tm, "enter")
			var code, userID string
			until(t, tm, "the code", func(m *Model) bool {
				code, userID = m.enr.ActivationCode, m.enr.UserID
				return m.phase == phaseWaiting
			})
			if err := srv.Activate(code); err != nil {
				t.Fatal(err)
			}
			until(t, tm, "the activation", func(m *Model) bool { return m.phase == phaseDone })
			view := strings.ReplaceAll(finalView(t, tm), userID, "DU0000000000000000ZZ") // Duo's IDs are random
			teatest.RequireEqualOutput(t, []byte(view))
		})
	}
}
