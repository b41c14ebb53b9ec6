package setup

import (
	"context"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"duotui/duo"
	"duotui/model"
	"duotui/ui/common"
)

// Each live step has its own deadline, so a black-holed host fails in
// seconds with a sentence instead of leaving a spinner.
const (
	stepTimeout  = 20 * time.Second
	clockTimeout = 15 * time.Second
	clockSamples = 4                      // enough to tell 1 s from 5 min
	clockTarget  = 200 * time.Millisecond // stop early once this sure
)

// checkRun is one live validation of typed credentials.
type checkRun struct {
	plan model.ValidationPlan
	seq  int // tags results; a newer run makes older results stale
	busy bool
	on   creds       // the values being checked
	c    *duo.Client // built from them, for every step
}

// dialMsg is the DNS lookup, TCP connect and TLS handshake, step by step.
type dialMsg struct {
	seq int
	rep duo.DialReport
	err error
}

// pingMsg is the unsigned /auth/v2/ping: the host answers as Duo.
type pingMsg struct {
	seq int
	err error
}

// signedMsg is the signed /auth/v2/check.
type signedMsg struct {
	seq int
	err error
}

// clockMsg is a short clock measurement against Duo.
type clockMsg struct {
	seq int
	est model.ClockEstimate
	err error
}

// newClient builds a client from typed values with the session's network
// settings (CA file, proxy, timeout): the keys are the thing on trial, the
// network is whatever this machine has to use.
func (m *Model) newClient(v creds) (*duo.Client, error) {
	n := m.s.Clients().Creds
	return duo.NewClient(duo.Config{
		Host: v.Host, IKey: v.ID, SKey: duo.Secret(v.Secret),
		CAFile: n.CAFile.Value, Proxy: n.Proxy.Value, Timeout: n.Timeout,
		Trace: m.s.Trace, RetryDeadline: stepTimeout,
	})
}

// startCheck runs the live validation of v, step by step.
func (m *Model) startCheck(v creds) tea.Cmd {
	m.check = checkRun{plan: model.NewValidationPlan(), seq: m.check.seq + 1, busy: true, on: v}
	m.proven = nil
	m.check.plan.Start(model.CheckDNSTLS, m.now())
	m.setStatus("Checking the keys with Duo…", common.Info)
	c, err := m.newClient(v)
	if err != nil {
		m.check.plan.Finish(model.CheckDNSTLS, m.now(), "", err)
		return m.checkDone()
	}
	m.check.c = c
	return tea.Batch(m.spin.Tick, dialHost(m.ctx(), c, m.check.seq))
}

func dialHost(ctx context.Context, c *duo.Client, seq int) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, stepTimeout)
		defer cancel()
		rep, err := c.Dial(ctx)
		return dialMsg{seq: seq, rep: rep, err: err}
	}
}

func ping(ctx context.Context, c *duo.Client, seq int) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, stepTimeout)
		defer cancel()
		_, err := c.Ping(ctx)
		return pingMsg{seq: seq, err: err}
	}
}

func signedCheck(ctx context.Context, c *duo.Client, seq int) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, stepTimeout)
		defer cancel()
		_, err := c.Check(ctx)
		return signedMsg{seq: seq, err: err}
	}
}

func measureClock(ctx context.Context, c *duo.Client, seq int) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, clockTimeout)
		defer cancel()
		est, err := model.Measure(ctx, model.DuoProbe(c), clockSamples, model.MeasureOptions{Target: clockTarget})
		return clockMsg{seq: seq, est: est, err: err}
	}
}

// next starts a step of the check.
func (m *Model) next(id model.CheckID, step func(context.Context, *duo.Client, int) tea.Cmd) tea.Cmd {
	m.check.plan.Start(id, m.now())
	return step(m.ctx(), m.check.c, m.check.seq)
}

// onDial finishes the DNS and TLS line.
func (m *Model) onDial(msg dialMsg) tea.Cmd {
	if msg.seq != m.check.seq || !m.check.busy {
		return nil
	}
	m.check.plan.Finish(model.CheckDNSTLS, m.now(), dialDetail(msg.rep), msg.err)
	if msg.err != nil {
		return m.checkDone()
	}
	return m.next(model.CheckPing, ping)
}

func dialDetail(r duo.DialReport) string {
	if r.Via != "" {
		return "through the proxy " + r.Via + "; the ping tests the rest"
	}
	return strings.Join(r.Addrs[:min(len(r.Addrs), 2)], ", ") + "; " + r.TLSVersion + ", certificate trusted"
}

// onPing finishes the unsigned ping's line.
func (m *Model) onPing(msg pingMsg) tea.Cmd {
	if msg.seq != m.check.seq || !m.check.busy {
		return nil
	}
	m.check.plan.Finish(model.CheckPing, m.now(), "Duo answered: this is a Duo API host.", msg.err)
	if msg.err != nil {
		return m.checkDone()
	}
	return m.next(model.CheckSigned, signedCheck)
}

// onSigned finishes the keys' line. A bad timestamp (40105) still measures
// the clock, which is then the whole story.
func (m *Model) onSigned(msg signedMsg) tea.Cmd {
	if msg.seq != m.check.seq || !m.check.busy {
		return nil
	}
	p, now := &m.check.plan, m.now()
	if msg.err != nil {
		p.Finish(model.CheckSigned, now, "", msg.err)
		if duo.KindOf(msg.err) != duo.KindBadDate {
			return m.checkDone()
		}
	} else {
		p.Finish(model.CheckSigned, now, "Duo accepted the integration key and the signature.", nil)
		on := m.check.on
		m.proven = &on
	}
	return m.next(model.CheckClock, measureClock)
}

// onClock grades the clock. The wizard shows the offset without its
// uncertainty (the Clock pane has the interval), so a healthy clock reads
// the same on every run.
func (m *Model) onClock(msg clockMsg) tea.Cmd {
	if msg.seq != m.check.seq || !m.check.busy {
		return nil
	}
	p, now := &m.check.plan, m.now()
	if msg.err != nil && !msg.est.Known() {
		p.Finish(model.CheckClock, now, "", msg.err)
		return m.checkDone()
	}
	e := msg.est
	e.Interval = model.Interval{Lo: e.Mid(), Hi: e.Mid()}
	v := model.JudgeClock(model.ClockFacts{Duo: &e})
	switch v.Level {
	case model.LevelOK:
		p.Finish(model.CheckClock, now, "Within a second of Duo's clock: nothing fails because of time.", nil)
	case model.LevelWarn:
		p.Finish(model.CheckClock, now, v.Summary, nil)
	default:
		p.Fail(model.CheckClock, now, v.Summary, model.FieldClock)
	}
	return m.checkDone()
}
