package setup

import (
	"slices"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"duotui/config"
	"duotui/model"
	"duotui/ui/common"
	"duotui/ui/uitest"
)

// drain runs cmd and feeds what it returns back into m, as Bubble Tea
// would, until nothing is left. Use it only where no timer (spinner, cursor
// blink) is started: those would run forever.
func drain(t *testing.T, m *Model, cmd tea.Cmd) {
	t.Helper()
	queue := []tea.Cmd{cmd}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		switch msg := c().(type) {
		case nil:
		case tea.BatchMsg:
			queue = append(queue, msg...)
		default:
			_, next := m.Update(msg)
			queue = append(queue, next)
		}
	}
}

// restart is duotui started again on the same config file.
func restart(t *testing.T, s *common.Session) *Model {
	t.Helper()
	s2 := uitest.Session(t, nil, uitest.Options{})
	s2.ConfigPath = s.ConfigPath
	if err := s2.Load(t.Context()); err != nil && !strings.Contains(err.Error(), "no Duo credentials") {
		t.Fatal(err)
	}
	return New(s2, WithImportPaths())
}

func send(t *testing.T, m *Model, keys ...string) {
	t.Helper()
	for _, k := range keys {
		_, cmd := m.Update(uitest.Key(k))
		drain(t, m, cmd)
	}
}

// Quitting mid-way and starting again resumes at the same step, with the
// same boxes ticked.
func TestResumeAtSameStep(t *testing.T) {
	s := newSession(t, nil, 0)
	m := New(s, WithImportPaths())
	send(t, m, "enter", "enter", "space") // steps 1 and 2 ticked with enter, 3 with space
	send(t, m, "up")                      // reading step 3 again does not change progress

	m2 := restart(t, s)
	ids := []string{}
	for _, st := range model.SetupSteps(false)[:3] {
		ids = append(ids, st.ID)
	}
	if m2.progress.Step != 3 || !slices.Equal(m2.progress.Ticked, ids) {
		t.Fatalf("resumed at step %d with %v ticked, want step 3 with %v", m2.progress.Step, m2.progress.Ticked, ids)
	}
	if v := m2.View(); !strings.Contains(v, "3 of 7 done") || !strings.Contains(v, "› [ ] 4. ") {
		t.Errorf("the resumed screen does not show step 4 next:\n%s", v)
	}

	send(t, m2, "up", "space") // untick step 3: it and every later step are undone
	if m3 := restart(t, s); m3.progress.Step != 2 || len(m3.progress.Ticked) != 2 {
		t.Errorf("after unticking step 3, resumed at step %d with %v", m3.progress.Step, m3.progress.Ticked)
	}
}

// Progress saves run one at a time, and only the latest queued one is kept.
func TestFileWriterOneAtATime(t *testing.T) {
	var w fileWriter
	job := func(n int, progress bool) writeJob {
		return writeJob{progress: progress, run: func() tea.Msg { return n }}
	}
	if cmd := w.enqueue(job(1, true)); cmd == nil || cmd() != 1 {
		t.Fatal("the first job did not start at once")
	}
	for _, j := range []writeJob{job(2, true), job(3, true), job(4, false), job(5, true)} {
		if w.enqueue(j) != nil {
			t.Fatal("a job started while another was running")
		}
	}
	var got []any
	for cmd := w.done(); cmd != nil; cmd = w.done() {
		got = append(got, cmd())
	}
	if want := []any{3, 4, 5}; !slices.Equal(got, want) {
		t.Errorf("ran %v after the first, want %v", got, want)
	}
	if w.busy {
		t.Error("the writer is still busy with nothing queued")
	}
}

// The saved step survives a config file written by hand around it.
func TestProgressFromConfig(t *testing.T) {
	cases := []struct {
		name  string
		setup config.Setup
		step  int
		web   bool
	}{
		{"fresh", config.Setup{}, 0, false},
		{"middle", config.Setup{Step: 4}, 4, false},
		{"all done", config.Setup{Step: 7}, 6, false},
		{"past the end", config.Setup{Step: 99}, 6, false},
		{"WHMCS 8.8", config.Setup{Step: 7, Target: config.TargetWHMCS, WHMCSVersion: "8.8"}, 6, false},
		{"WHMCS 8.9 adds the Web SDK step", config.Setup{Step: 7, Target: config.TargetWHMCS, WHMCSVersion: "8.9"}, 7, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := progressFrom(c.setup)
			if p.Step != c.step || p.WebSDK != c.web {
				t.Errorf("step %d web %v, want %d %v", p.Step, p.WebSDK, c.step, c.web)
			}
		})
	}
}

// Back with every step ticked but no keys yet, the wizard opens on the key
// form with the cursor in it.
func TestAllTickedOpensKeyForm(t *testing.T) {
	s := newSession(t, nil, 0)
	m := New(s, WithImportPaths())
	send(t, m, "enter", "enter", "enter", "enter", "enter", "enter") // six of seven
	m2 := restart(t, s)
	if m2.stage != stageChecklist || m2.Capturing() {
		t.Fatalf("with a step left, restarted in section %d (capturing %v)", m2.stage, m2.Capturing())
	}
	send(t, m2, "space") // the seventh, ticked where it stands
	if m3 := restart(t, s); m3.stage != stageKeys || !m3.Capturing() || m3.auth.f.at != posID {
		t.Errorf("restarted in section %d, capturing %v, field %d; want the key form, integration key", m3.stage, m3.Capturing(), m3.auth.f.at)
	}
	m2.Update(uitest.Key("enter")) // enter on the last step opens the form (its blink timer is not run)
	if m2.stage != stageKeys || !m2.Capturing() {
		t.Error("enter on the last step did not put the cursor in the key form")
	}
}
