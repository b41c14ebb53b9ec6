package clock

import (
	"context"
	"time"

	"duotui/duo"
	"duotui/model"
)

// Fakes replaces the pane's windows on the machine for tests; zero fields
// keep the real ones.
type Fakes struct {
	Probe    model.ClockProbe // with Now and Sleep: a virtual Duo on a virtual timeline
	Now      func() time.Time
	Sleep    func(context.Context, time.Duration) error
	Samples  int
	Kernel   func() (model.KernelSync, error)
	TimeSync *model.TimeSync
	NTP      func(context.Context, string, time.Duration) (model.NTPResult, error)
	NTPWait  time.Duration
}

// Fake installs f; call it before the program starts.
func (p *Model) Fake(f Fakes) {
	if f.Probe != nil {
		p.deps.probe = func(*duo.Client) model.ClockProbe { return f.Probe }
	}
	if f.Now != nil {
		p.deps.now = f.Now
	}
	if f.Sleep != nil {
		p.deps.sleep = f.Sleep
	}
	if f.Samples > 0 {
		p.deps.samples = f.Samples
	}
	if f.Kernel != nil {
		p.deps.kernel = f.Kernel
	}
	if f.TimeSync != nil {
		t := *f.TimeSync
		p.deps.timeSync = func() model.TimeSync { return t }
	}
	if f.NTP != nil {
		p.deps.ntp = f.NTP
	}
	if f.NTPWait > 0 {
		p.deps.ntpWait = f.NTPWait
	}
}

// Estimate is the latest estimate of Duo − local.
func (p *Model) Estimate() model.ClockEstimate { return p.m.est }

// Verdict is the current verdict.
func (p *Model) Verdict() model.Verdict { return p.verdict }

// RangePlot exposes the plot for its own test.
var RangePlot = rangePlot
