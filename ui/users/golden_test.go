package users

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/teatest"

	"duotui/duo/duotest"
	"duotui/ui/uitest"
)

var goldenSizes = []struct{ w, h int }{{80, 24}, {120, 40}}

// waitFor waits until the screen shows every one of want.
func waitFor(t *testing.T, tm *teatest.TestModel, want ...string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		for _, w := range want {
			if !bytes.Contains(b, []byte(w)) {
				return false
			}
		}
		return true
	}, teatest.WithDuration(10*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
}

// until asks the program about the pane until cond holds.
func until(t *testing.T, tm *teatest.TestModel, what string, cond func(*Model) bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		ch := make(chan bool, 1)
		tm.Send(probeMsg{f: cond, ch: ch})
		select {
		case ok := <-ch:
			if ok {
				return
			}
		case <-time.After(time.Until(deadline)):
		}
		if time.Now().After(deadline) {
			var view string
			ch := make(chan bool, 1)
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

// settled: the selected user is who, their preauth is in and nothing is
// being asked.
func settled(who string) func(*Model) bool {
	return func(m *Model) bool {
		u := m.current()
		return u != nil && u.Username == who && u.Preauth != nil && len(m.pending) == 0
	}
}

func typeKeys(tm *teatest.TestModel, ks ...string) {
	for _, k := range ks {
		tm.Send(uitest.Key(k))
	}
}

func finalView(t *testing.T, tm *teatest.TestModel) []byte {
	t.Helper()
	if err := tm.Quit(); err != nil {
		t.Fatal(err)
	}
	return []byte(tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).View())
}

// The sample users from the Admin API, frank (locked out) selected and
// looked up.
func TestUsersGolden(t *testing.T) {
	srv := duotest.NewServer(t)
	for _, sz := range goldenSizes {
		t.Run(fmt.Sprintf("%dx%d", sz.w, sz.h), func(t *testing.T) {
			s := uitest.Session(t, srv, uitest.Options{})
			tm := teatest.NewTestModel(t, newHarness(New(s)), teatest.WithInitialTermSize(sz.w, sz.h))
			waitFor(t, tm, "Loaded 10 users")
			typeKeys(tm, "j", "j", "j", "j", "j", "r")
			until(t, tm, "frank's preauth", settled("frank"))
			teatest.RequireEqualOutput(t, finalView(t, tm))
		})
	}
}

// Filtering for "ar" over the sample users, the second match selected.
func TestUsersFilterGolden(t *testing.T) {
	srv := duotest.NewServer(t)
	for _, sz := range goldenSizes {
		t.Run(fmt.Sprintf("%dx%d", sz.w, sz.h), func(t *testing.T) {
			s := uitest.Session(t, srv, uitest.Options{})
			tm := teatest.NewTestModel(t, newHarness(New(s)), teatest.WithInitialTermSize(sz.w, sz.h))
			waitFor(t, tm, "Loaded 10 users")
			typeKeys(tm, "/", "a", "r", "down")
			until(t, tm, "alice's preauth", settled("alice")) // carol ranks first ("ar" in her username), alice second
			teatest.RequireEqualOutput(t, finalView(t, tm))
		})
	}
}

// No Admin API keys: bob from the audit log, heidi looked up by name.
func TestUsersNoAdminGolden(t *testing.T) {
	srv := duotest.NewServer(t)
	for _, sz := range goldenSizes {
		t.Run(fmt.Sprintf("%dx%d", sz.w, sz.h), func(t *testing.T) {
			s := uitest.Session(t, srv, uitest.Options{NoAdmin: true})
			s.Roster.Seen("bob", "", uitest.Epoch.Add(-2*time.Hour))
			tm := teatest.NewTestModel(t, newHarness(New(s)), teatest.WithInitialTermSize(sz.w, sz.h))
			waitFor(t, tm, "bob")
			typeKeys(tm, "/")
			typeKeys(tm, uitest.Chars("heidi")...)
			typeKeys(tm, "enter")
			until(t, tm, "heidi's preauth", settled("heidi"))
			teatest.RequireEqualOutput(t, finalView(t, tm))
		})
	}
}
