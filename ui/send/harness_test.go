package send_test

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/help"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"duotui/duo/duotest"
	"duotui/model"
	"duotui/ui/common"
	"duotui/ui/send"
	"duotui/ui/uitest"
)

// chrome is what the root app draws around a pane: the tabs line, the help
// line and the two status-bar lines; the harness draws the same.
const chrome = 4

// harness stands in for the root app: it sizes the pane as the root does,
// routes every message to it, draws tabs, help and status bar around it,
// and remembers the last screen and the audit messages for the test.
type harness struct {
	pane common.Pane
	help help.Model

	mu      sync.Mutex
	view    string
	status  common.StatusMsg
	audited []model.AuditRecord
}

func newHarness(p common.Pane) *harness {
	return &harness{pane: p, help: help.New()}
}

func (h *harness) Init() tea.Cmd { return h.pane.Init() }

func (h *harness) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		h.help.Width = msg.Width
		h.pane.SetSize(msg.Width, msg.Height-chrome)
		return h, nil
	case common.StatusMsg:
		h.mu.Lock()
		h.status = msg
		h.mu.Unlock()
	case common.AuditedMsg:
		h.mu.Lock()
		h.audited = append(h.audited, msg.Record)
		h.mu.Unlock()
	}
	var cmd tea.Cmd
	h.pane, cmd = h.pane.Update(msg)
	return h, cmd
}

func (h *harness) View() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	v := "1 Setup  2 Users  3 Enroll  [4 Send]  5 Clock  6 Activity\n" +
		h.pane.View() + "\n" +
		h.help.ShortHelpView(h.pane.ShortHelp()) + "\n" +
		h.status.Text + "\n" +
		"profile test · simulator"
	h.view = v
	return v
}

// screen is the last frame drawn.
func (h *harness) screen() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.view
}

// records are the audit records the pane announced, oldest first.
func (h *harness) records() []model.AuditRecord {
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Clone(h.audited)
}

// run starts the pane in a teatest program of the given size.
type run struct {
	t   *testing.T
	tm  *teatest.TestModel
	h   *harness
	s   *common.Session
	srv *duotest.Server
	clk *uitest.Clock
}

func start(t *testing.T, srv *duotest.Server, o uitest.Options, w, hgt int) *run {
	t.Helper()
	if o.Clock == nil {
		o.Clock = uitest.NewClock()
	}
	s := uitest.Session(t, srv, o)
	h := newHarness(send.New(s))
	tm := teatest.NewTestModel(t, h, teatest.WithInitialTermSize(w, hgt))
	r := &run{t: t, tm: tm, h: h, s: s, srv: srv, clk: o.Clock}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("last screen:\n%s", h.screen())
		}
		_ = tm.Quit()
	})
	return r
}

// waitScreen waits until the screen contains every one of texts.
func (r *run) waitScreen(texts ...string) {
	r.t.Helper()
	r.waitFor(fmt.Sprintf("screen showing %q", texts), func() bool { return uitest.Shows(r.h.screen(), texts...) })
}

// waitFor polls cond with teatest's reader loop until it holds.
func (r *run) waitFor(what string, cond func() bool) {
	r.t.Helper()
	if err := uitest.WaitUntil(r.tm, waitLimit, cond); err != nil {
		r.t.Fatalf("waiting for %s: %v", what, err)
	}
}

const waitLimit = 10 * time.Second

// key presses a key by name ("p", "enter", "esc").
func (r *run) key(k string) { r.tm.Send(uitest.Key(k)) }

// typeText types text into the focused field.
func (r *run) typeText(s string) { uitest.Type(r.tm, s) }

// pick preselects a user as the Users pane does, and waits for the devices.
func (r *run) pick(user string) {
	r.t.Helper()
	r.tm.Send(common.SwitchMsg{To: common.TabSend, User: user})
	r.waitFor("the preauth of "+user, func() bool {
		v := r.h.screen()
		return strings.Contains(v, "Send to "+user) && !strings.Contains(v, "Asking Duo")
	})
}

// audited waits until n audit records were announced and returns them,
// after checking they are in the log file too.
func (r *run) audited(n int) []model.AuditRecord {
	r.t.Helper()
	r.waitFor(fmt.Sprintf("%d audit records", n), func() bool { return len(r.h.records()) >= n })
	recs := r.h.records()
	page, err := r.s.Audit.Read(model.AuditQuery{})
	if err != nil {
		r.t.Fatal(err)
	}
	if len(page.Records) != len(recs) {
		r.t.Fatalf("the log holds %d records, the pane announced %d", len(page.Records), len(recs))
	}
	return recs
}

// statuses lists the Duo statuses of a transaction's events.
func statuses(rec model.TxRecord) []string {
	var out []string
	for _, e := range rec.Events {
		out = append(out, e.Status)
	}
	return out
}

// only returns the single transaction in the history.
func (r *run) only() model.TxRecord {
	r.t.Helper()
	l := r.s.Txs.List()
	if len(l) != 1 {
		r.t.Fatalf("want 1 transaction, have %d", len(l))
	}
	return l[0]
}

// helpLine is the help line of a screen (the line after the pane).
func helpLine(screen string) string {
	lines := strings.Split(screen, "\n")
	if len(lines) < 3 {
		return ""
	}
	return lines[len(lines)-3]
}
