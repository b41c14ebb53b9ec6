package clock

import (
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"duotui/duo"
	"duotui/model"
	"duotui/ui/common"
)

// Update handles keys (sent only while focused) and the pane's own results;
// every other broadcast is ignored except AuditedMsg, which may bring new
// second-factor evidence from the Send pane.
func (p *Model) Update(msg tea.Msg) (common.Pane, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyMsg:
		return p, p.key(msg)
	case measureStartedMsg:
		if msg.run != p.m.run {
			return p, nil
		}
		p.m.host, p.m.ch = msg.host, msg.ch
		p.render()
		return p, waitNext(msg.ch)
	case sampleMsg:
		if msg.run != p.m.run {
			return p, nil
		}
		p.m.est = msg.est
		p.render()
		return p, waitNext(p.m.ch)
	case measureDoneMsg:
		return p, p.measured(msg)
	case kernelMsg:
		if msg.run == p.m.run {
			p.kernel = probeResult[model.KernelSync]{done: true, val: msg.k, err: msg.err}
			return p, p.changed()
		}
	case ntpMsg:
		if msg.run == p.m.run {
			p.ntp = probeResult[model.NTPResult]{done: true, val: msg.r, err: msg.err}
			return p, p.changed()
		}
	case checkMsg:
		if msg.run == p.m.run {
			p.check = probeResult[struct{}]{done: true, err: msg.err}
			return p, p.changed()
		}
	case syncMsg:
		p.sync = probeResult[model.TimeSync]{done: true, val: msg.t}
		return p, p.changed()
	case common.AuditedMsg:
		p.render()
	case common.CredentialsMsg:
		// New host, keys or [clock] settings: what was measured no longer
		// describes what the app uses.
		return p, p.start(false)
	}
	return p, nil
}

func (p *Model) key(msg tea.KeyMsg) tea.Cmd {
	k := p.keys
	switch {
	case key.Matches(msg, k.Measure):
		return p.start(true)
	case key.Matches(msg, k.Explain):
		if p.offset >= p.explainAt {
			p.offset = 0
		} else {
			p.scrollTo(p.explainAt)
		}
	case key.Matches(msg, k.Up):
		p.scrollTo(p.offset - 1)
	case key.Matches(msg, k.Down):
		p.scrollTo(p.offset + 1)
	case key.Matches(msg, k.PageUp):
		p.scrollTo(p.offset - p.height + 1)
	case key.Matches(msg, k.PageDown):
		p.scrollTo(p.offset + p.height - 1)
	case key.Matches(msg, k.Top):
		p.scrollTo(0)
	}
	return nil
}

// measured ends a run: the verdict, the status bar, the connection state
// and the audit record.
func (p *Model) measured(msg measureDoneMsg) tea.Cmd {
	if msg.run != p.m.run {
		return nil
	}
	byHand := p.m.byHand
	p.m.busy, p.m.est, p.m.err, p.m.elapsed, p.m.ch = false, msg.est, msg.err, msg.elapsed, nil
	p.m.reused = msg.reused
	if msg.host != "" {
		p.m.host = msg.host
	}
	cmds := []tea.Cmd{p.changed()}
	if msg.err == errNoHost {
		return tea.Batch(cmds...)
	}
	connErr := msg.err
	if msg.est.Known() || (connErr != nil && !duo.KindOf(connErr).Network()) {
		connErr = nil // Duo answered at least once
	}
	at := p.s.Now()
	cmds = append(cmds, msgCmd(common.ConnMsg{Err: connErr, At: at}))
	rec := model.AuditRecord{
		Time: at, Action: model.ActionClock, Host: p.m.host,
		Result: p.verdict.Level.String(), Duration: model.Millis(msg.elapsed),
	}
	if msg.est.Known() {
		rec.StatusMsg = "Duo − local in " + msg.est.Interval.String() + ": " + model.FormatOffset(msg.est.Mid(), msg.est.Width()/2)
	}
	if msg.err != nil {
		rec.Result, rec.Error = "failed", p.measureError()
	}
	if msg.reused {
		return tea.Batch(cmds...) // measured and audited by the session that took it
	}
	if msg.err == nil && msg.est.Known() {
		p.s.SetClock(common.ClockReading{Host: p.m.host, Est: msg.est, At: at})
	}
	// The automatic measurement every session starts with is not an
	// administrator's action: it is audited only when it finds trouble.
	if !byHand && msg.err == nil && p.verdict.Level == model.LevelOK {
		return tea.Batch(cmds...)
	}
	return tea.Batch(append(cmds, record(p.s, rec))...)
}

// changed re-judges and re-renders after any new fact, and tells the status
// bar when the verdict moved.
func (p *Model) changed() tea.Cmd {
	p.judge()
	p.render()
	if p.m.busy || p.verdict.Level == model.LevelUnknown || sameVerdict(p.verdict, p.sent) {
		return nil
	}
	p.sent = p.verdict
	return msgCmd(common.ClockMsg{Verdict: p.verdict, Offset: p.offsetForBar()})
}

// judge grades the clock from what is known. While samples are still
// coming the interval is too wide to judge, so Duo's part waits for the end.
func (p *Model) judge() {
	f := model.ClockFacts{Sync: p.sync.val, Limits: p.limits}
	if !p.m.busy && p.m.est.Known() {
		est := p.m.est
		f.Duo = &est
	}
	if p.kernel.done && p.kernel.err == nil {
		k := p.kernel.val
		f.Kernel = &k
	}
	if p.ntp.done && p.ntp.err == nil {
		r := p.ntp.val
		f.NTP = &r
	}
	p.verdict = model.JudgeClock(f)
}

// offsetForBar is Duo − local for the status bar: Duo's midpoint, else the
// NTP server's offset.
func (p *Model) offsetForBar() (off time.Duration) {
	switch {
	case p.m.est.Known():
		return p.m.est.Mid()
	case p.ntp.done && p.ntp.err == nil:
		return p.ntp.val.Offset
	}
	return 0
}

func sameVerdict(a, b model.Verdict) bool {
	return a.Level == b.Level && a.Summary == b.Summary
}

// measureError is the sentence for a measurement that stopped early.
func (p *Model) measureError() string {
	if p.m.err == nil {
		return ""
	}
	if p.m.err == errNoHost {
		return errNoHost.Error()
	}
	return duo.Explain(p.m.err)
}
