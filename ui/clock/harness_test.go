package clock_test

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/help"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"duotui/duo/duotest"
	"duotui/model"
	"duotui/ui/clock"
	"duotui/ui/common"
	"duotui/ui/uitest"
)

// chrome is what the root app draws around a pane: the tabs line, the help
// line and the two status-bar lines; the harness draws the same.
const chrome = 4

// harness stands in for the root app: it sizes the pane as the root does,
// routes every message to it, and remembers the screens and the messages
// the pane sent to the root.
type harness struct {
	pane common.Pane
	help help.Model

	mu      sync.Mutex
	view    string
	status  common.StatusMsg
	clocks  []common.ClockMsg
	conns   []common.ConnMsg
	audited []model.AuditRecord
	seen    []int // the sample counts shown, in order: the live narrowing
}

func (h *harness) Init() tea.Cmd { return h.pane.Init() }

func (h *harness) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	h.mu.Lock()
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		h.help.Width = msg.Width
		h.mu.Unlock()
		h.pane.SetSize(msg.Width, msg.Height-chrome)
		return h, nil
	case common.StatusMsg:
		h.status = msg
	case common.ClockMsg:
		h.clocks = append(h.clocks, msg)
	case common.ConnMsg:
		h.conns = append(h.conns, msg)
	case common.AuditedMsg:
		h.audited = append(h.audited, msg.Record)
	}
	h.mu.Unlock()
	var cmd tea.Cmd
	h.pane, cmd = h.pane.Update(msg)
	return h, cmd
}

var samplesShown = regexp.MustCompile(`after (\d+) of \d+ samples`)

func (h *harness) View() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	v := "1 Setup  2 Users  3 Enroll  4 Send  [5 Clock]  6 Activity\n" +
		h.pane.View() + "\n" +
		h.help.ShortHelpView(h.pane.ShortHelp()) + "\n" +
		h.status.Text + "\n" +
		"profile test · simulator"
	h.view = v
	if m := samplesShown.FindStringSubmatch(v); m != nil {
		n, _ := strconv.Atoi(m[1])
		if len(h.seen) == 0 || h.seen[len(h.seen)-1] != n {
			h.seen = append(h.seen, n)
		}
	}
	return v
}

func (h *harness) screen() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.view
}

func (h *harness) clockMsgs() []common.ClockMsg {
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Clone(h.clocks)
}

func (h *harness) records() []model.AuditRecord {
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Clone(h.audited)
}

// run is one pane in a teatest program.
type run struct {
	t    *testing.T
	tm   *teatest.TestModel
	h    *harness
	s    *common.Session
	pane *clock.Model
}

// start builds the pane on s, lets setup fake its parts, and runs it.
func start(t *testing.T, s *common.Session, fakes clock.Fakes, w, hgt int) *run {
	t.Helper()
	p := clock.New(s)
	p.Fake(fakes)
	h := &harness{pane: p, help: help.New()}
	tm := teatest.NewTestModel(t, h, teatest.WithInitialTermSize(w, hgt))
	r := &run{t: t, tm: tm, h: h, s: s, pane: p}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("last screen:\n%s", h.screen())
		}
		_ = tm.Quit()
	})
	return r
}

// final quits and returns the pane as the program left it.
func (r *run) final() *clock.Model {
	r.t.Helper()
	if err := r.tm.Quit(); err != nil {
		r.t.Fatal(err)
	}
	h := r.tm.FinalModel(r.t, teatest.WithFinalTimeout(5*time.Second)).(*harness)
	return h.pane.(*clock.Model)
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

// waitLimit covers a real measurement: 12 pings, each aimed at the next of
// Duo's second boundaries, on a machine shared with other tests.
const waitLimit = 40 * time.Second

func (r *run) key(k string) { r.tm.Send(uitest.Key(k)) }

// virtualDuo is Duo's clock on a virtual timeline: offset ahead of ours,
// each ping taking rtt with Duo reading its clock halfway. Sleeping moves
// the timeline, so a 12-sample measurement runs instantly and the same way
// every time.
type virtualDuo struct {
	mu     sync.Mutex
	now    time.Time
	offset time.Duration
	rtt    time.Duration
	count  int // probes answered
}

// probes counts the pings the virtual Duo answered.
func (v *virtualDuo) probes() int {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.count
}

func newVirtualDuo(offset time.Duration) *virtualDuo {
	return &virtualDuo{now: uitest.Epoch.Add(123456789), offset: offset, rtt: 4 * time.Millisecond}
}

func (v *virtualDuo) Now() time.Time {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.now
}

func (v *virtualDuo) Sleep(ctx context.Context, d time.Duration) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.now = v.now.Add(d)
	return ctx.Err()
}

func (v *virtualDuo) Probe(context.Context) (model.Sample, error) {
	v.mu.Lock()
	v.count++
	defer v.mu.Unlock()
	sent := v.now
	duo := sent.Add(v.rtt/2 + v.offset)
	v.now = v.now.Add(v.rtt)
	return model.Sample{Server: time.Unix(duo.Unix(), 0), Sent: sent, Received: v.now}, nil
}

// fakes runs the pane on a virtual Duo with a fixed machine.
func (v *virtualDuo) fakes(k model.KernelSync, ts model.TimeSync) clock.Fakes {
	return clock.Fakes{
		Probe: v.Probe, Now: v.Now, Sleep: v.Sleep,
		Kernel:   func() (model.KernelSync, error) { return k, nil },
		TimeSync: &ts,
	}
}

// Machines for the fix.
var (
	timesyncd = model.TimeSync{Systemd: true, Timedatectl: true, Timesyncd: true, Installer: "apt-get"}
	chrony    = model.TimeSync{Systemd: true, Timedatectl: true, Chrony: true, ChronyUnit: "chronyd", Installer: "dnf"}
	synced    = model.KernelSync{Synchronised: true, EstError: 1500 * time.Microsecond, MaxError: 20 * time.Millisecond}
	unsynced  = model.KernelSync{EstError: 16 * time.Second, MaxError: 16 * time.Second}
)

// newServer is a simulator whose clock runs offset ahead of ours.
func newServer(t *testing.T, offset time.Duration) *duotest.Server {
	return duotest.NewServer(t, duotest.WithClockOffset(offset))
}

// seenCounts are the sample counts the screen showed, in order.
func (h *harness) seenCounts() []int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Clone(h.seen)
}
