// Package clock is duotui's Clock pane: it measures Duo − local with pings
// aimed at Duo's second boundaries and shows the interval narrowing sample
// by sample, adds the kernel's sync state, an NTP server's opinion and the
// signed check's answer, grades the clock with the fix for this machine, and
// explains "The second factor you supplied was incorrect" — telling this
// server's clock from the phone's.
package clock

import (
	"context"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"duotui/duo"
	"duotui/model"
	"duotui/ui/common"
)

// measureTimeout bounds one measurement: 12 aimed samples take about 12 s
// (each waits for Duo's next second boundary), plus slack for slow links.
const measureTimeout = 45 * time.Second

// deps are the pane's windows on the machine and on Duo. Tests replace them
// (a virtual clock and probe for stable screens, a fixed kernel state).
type deps struct {
	probe    func(*duo.Client) model.ClockProbe
	now      func() time.Time // the measurement's timeline (monotonic), not the display clock
	sleep    func(context.Context, time.Duration) error
	samples  int
	kernel   func() (model.KernelSync, error)
	timeSync func() model.TimeSync
	ntp      func(ctx context.Context, server string, timeout time.Duration) (model.NTPResult, error)
	ntpWait  time.Duration // how long an NTP server gets to answer
}

func defaultDeps() deps {
	return deps{
		probe:    model.DuoProbe,
		samples:  model.DefaultClockSamples,
		kernel:   model.ReadKernelSync,
		timeSync: model.DetectLocalTimeSync,
		ntp:      model.QueryNTP,
		ntpWait:  3 * time.Second,
	}
}

// measurement is the state of Duo's clock reading: the run it belongs to
// and the latest estimate, which grows one sample at a time.
type measurement struct {
	run     int
	byHand  bool // asked for with r: audited whatever the verdict
	reused  bool // another session's recent reading, not a measurement of ours
	cancel  context.CancelFunc
	ch      <-chan tea.Msg // the running measurement's messages
	busy    bool
	host    string
	est     model.ClockEstimate
	err     error // why the measurement stopped early (or could not start)
	elapsed time.Duration
}

// probeResult is the answer of one side source (kernel, NTP, signed check).
type probeResult[T any] struct {
	done bool
	val  T
	err  error
}

// Model is the Clock pane. Create it with New.
type Model struct {
	s    *common.Session
	keys clockKeys
	deps deps

	width, height int

	m         measurement
	kernel    probeResult[model.KernelSync]
	hasAuth   bool   // the run has an Auth API client for the signed check
	ntpServer string // "" when not configured
	ntp       probeResult[model.NTPResult]
	check     probeResult[struct{}]
	sync      probeResult[model.TimeSync]
	limits    model.ClockLimits

	verdict model.Verdict
	sent    model.Verdict // last verdict sent to the status bar

	// The page is one document scrolled by the pane; explainAt is the line
	// where the "second factor" section starts, for the e key.
	lines     []string
	offset    int
	explainAt int
}

// New builds the Clock pane for a session.
func New(s *common.Session) *Model {
	return &Model{s: s, keys: newClockKeys(), deps: defaultDeps()}
}

// Title is the tab label.
func (p *Model) Title() string { return "Clock" }

// Capturing is always false: the pane has no text field.
func (p *Model) Capturing() bool { return false }

// ShortHelp implements help.KeyMap.
func (p *Model) ShortHelp() []key.Binding { return p.keys.ShortHelp() }

// FullHelp implements help.KeyMap.
func (p *Model) FullHelp() [][]key.Binding { return p.keys.FullHelp() }

// SetSize gives the pane its rectangle and lays the page out again.
func (p *Model) SetSize(w, h int) {
	p.width, p.height = w, h
	p.render()
}

// Init starts the first measurement and the side readings.
func (p *Model) Init() tea.Cmd {
	return p.start(false)
}

// start (re)measures everything: Duo's clock sample by sample, and in
// parallel the kernel, the installed time services, NTP and a signed check.
func (p *Model) start(byHand bool) tea.Cmd {
	if p.m.cancel != nil {
		p.m.cancel()
	}
	run := p.m.run + 1
	cl := p.s.Clients()
	p.m = measurement{run: run, busy: true, byHand: byHand}
	p.kernel = probeResult[model.KernelSync]{}
	p.ntp = probeResult[model.NTPResult]{}
	p.check = probeResult[struct{}]{}
	p.ntpServer, p.limits = clockSettings(p.s, cl)
	p.hasAuth = cl.Auth != nil

	ctx, cancel := context.WithTimeout(p.s.Ctx, measureTimeout)
	p.m.cancel = cancel
	measure := startMeasure(ctx, cancel, run, cl, p.deps)
	if r, ok := p.s.LastClock(hostOf(cl), p.s.Now(), reuseFor); ok && !byHand {
		cancel()
		measure = msgCmd(measureDoneMsg{run: run, host: r.Host, est: r.Est, reused: true})
	}
	cmds := []tea.Cmd{
		measure,
		readKernel(run, p.deps.kernel),
		queryNTP(p.s.Ctx, run, p.ntpServer, p.deps.ntpWait, p.deps.ntp),
		signedCheck(p.s.Ctx, run, cl.Auth),
	}
	if !p.sync.done {
		cmds = append(cmds, detectSync(p.deps.timeSync))
	}
	p.judge()
	p.render()
	return tea.Batch(cmds...)
}
