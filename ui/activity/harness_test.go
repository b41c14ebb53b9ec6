package activity_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/help"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"duotui/model"
	"duotui/ui/activity"
	"duotui/ui/common"
	"duotui/ui/uitest"
)

// chrome is what the root app draws around a pane: the tabs line, the help
// line and the two status-bar lines; the harness draws the same.
const chrome = 4

// harness stands in for the root app: it sizes the pane as the root does,
// routes every message to it and remembers the last screen.
type harness struct {
	pane common.Pane
	help help.Model

	mu   sync.Mutex
	view string
}

func (h *harness) Init() tea.Cmd { return h.pane.Init() }

func (h *harness) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if msg, ok := msg.(tea.WindowSizeMsg); ok {
		h.help.Width = msg.Width
		h.pane.SetSize(msg.Width, msg.Height-chrome)
		return h, nil
	}
	var cmd tea.Cmd
	h.pane, cmd = h.pane.Update(msg)
	return h, cmd
}

func (h *harness) View() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	v := "1 Setup  2 Users  3 Enroll  4 Send  5 Clock  [6 Activity]\n" +
		h.pane.View() + "\n" +
		h.help.ShortHelpView(h.pane.ShortHelp()) + "\n" +
		"\n" +
		"profile test · simulator"
	h.view = v
	return v
}

func (h *harness) screen() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.view
}

// run is the pane in a teatest program.
type run struct {
	t  *testing.T
	tm *teatest.TestModel
	h  *harness
	s  *common.Session
}

func start(t *testing.T, s *common.Session, w, hgt int) *run {
	t.Helper()
	h := &harness{pane: activity.New(s), help: help.New()}
	tm := teatest.NewTestModel(t, h, teatest.WithInitialTermSize(w, hgt))
	r := &run{t: t, tm: tm, h: h, s: s}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("last screen:\n%s", h.screen())
		}
		_ = tm.Quit()
	})
	return r
}

// final quits and returns the last frame the pane drew.
func (r *run) final() string {
	r.t.Helper()
	if err := r.tm.Quit(); err != nil {
		r.t.Fatal(err)
	}
	return r.tm.FinalModel(r.t, teatest.WithFinalTimeout(5*time.Second)).View()
}

func (r *run) waitScreen(texts ...string) {
	r.t.Helper()
	r.waitFor(fmt.Sprintf("screen showing %q", texts), func() bool { return uitest.Shows(r.h.screen(), texts...) })
}

func (r *run) waitFor(what string, cond func() bool) {
	r.t.Helper()
	if err := uitest.WaitUntil(r.tm, waitLimit, cond); err != nil {
		r.t.Fatalf("waiting for %s: %v", what, err)
	}
}

const waitLimit = 10 * time.Second

// key presses a key by name ("g", "enter", "esc", "down").
func (r *run) key(k string) { r.tm.Send(uitest.Key(k)) }

func (r *run) typeText(s string) { uitest.Type(r.tm, s) }

// record appends rec through the session, as a pane does, and announces it.
func (r *run) record(rec model.AuditRecord) {
	r.t.Helper()
	if err := r.s.Record(rec); err != nil {
		r.t.Fatal(err)
	}
	r.tm.Send(common.AuditedMsg{Record: rec})
}

// at is the test clock's now minus d.
func at(d time.Duration) time.Time { return uitest.Epoch.Add(-d) }

// sampleLog is a day of an administrator's work, oldest first: a local
// admin and an SSH viewer, successes and failures.
func sampleLog() []model.AuditRecord {
	const host = "api-1234abcd.duosecurity.com"
	viewer := model.Actor{KeyFingerprint: "SHA256:q2ZkYb0u9mJ8mX3mN6yJx8v0oGQ0nT9b3Jm7iYw0Fh8", KeyName: "ops@laptop", RemoteAddr: "10.0.0.5:50412"}
	return []model.AuditRecord{
		{Time: at(26 * time.Hour), Action: model.ActionSetupSave, Result: "ok", Duration: model.Millis(12 * time.Millisecond)},
		{Time: at(25 * time.Hour), Action: model.ActionCheck, Host: host, Result: "failed", Duration: model.Millis(310 * time.Millisecond),
			Error: "Duo rejected the request: this server's clock is 94 s fast; enable NTP (timedatectl set-ntp true) and retry."},
		{Time: at(40 * time.Minute), Action: model.ActionClock, Host: host, Result: "ok", Duration: model.Millis(11200 * time.Millisecond),
			StatusMsg: "Duo − local in [35ms, 39ms]: 37 ms slow (±2 ms)"},
		{Time: at(30 * time.Minute), Action: model.ActionEnroll, Host: host, User: "carol", Result: "ok", Duration: model.Millis(420 * time.Millisecond)},
		{Time: at(20 * time.Minute), Action: model.ActionPush, Host: host, User: "alice", Factor: "push", Device: "DPFZRS9FB0D46QFTM891",
			Result: "allow", Status: "allow", StatusMsg: "Success. Logging you in...", Duration: model.Millis(4100 * time.Millisecond)},
		{Time: at(12 * time.Minute), Actor: viewer, Action: model.ActionCall, Host: host, User: "bob", Factor: "phone", Result: "refused",
			Error: "The viewer role cannot call users: ask an administrator, or log in with an admin key."},
		{Time: at(5 * time.Minute), Action: model.ActionSMS, Host: host, User: "alice", Factor: "sms", Device: "DPFZRS9FB0D46QFTM891",
			Result: "sms_sent", Status: "sent", StatusMsg: "New SMS passcodes sent.", Duration: model.Millis(380 * time.Millisecond)},
		{Time: at(3 * time.Minute), Action: model.ActionPasscode, Host: host, User: "alice", Factor: "passcode",
			Result: "deny", Status: "deny", StatusMsg: "Incorrect passcode. Please try again.", Duration: model.Millis(290 * time.Millisecond)},
	}
}

// withLog is a session whose audit log already holds recs.
func withLog(t *testing.T, recs []model.AuditRecord) *common.Session {
	t.Helper()
	s := uitest.Session(t, nil, uitest.Options{})
	for _, rec := range recs {
		if rec.Actor == (model.Actor{}) {
			rec.Actor = model.Actor{User: "admin"}
		}
		if err := s.Record(rec); err != nil {
			t.Fatal(err)
		}
	}
	return s
}
