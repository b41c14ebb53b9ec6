package model

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// ClockProbe reads Duo's clock once (duo.Client.ProbeClock adapted with
// SampleFromDuo, or a fake in tests).
type ClockProbe func(context.Context) (Sample, error)

// MeasureOptions tunes Measure. The zero value uses the real clock.
type MeasureOptions struct {
	// Now is the local clock; default time.Now. It must share a timeline
	// with the probe's Sent/Received stamps.
	Now func() time.Time
	// Sleep waits for d or until ctx ends; default a timer.
	Sleep func(ctx context.Context, d time.Duration) error
	// Target stops the loop early once the interval is at most this wide;
	// zero takes all n samples.
	Target time.Duration
	// OnSample, when set, receives a snapshot after every accepted or
	// rejected sample (on Measure's goroutine), for a live plot.
	OnSample func(ClockEstimate)
	// Estimator continues an existing estimate; nil starts a new one.
	Estimator *ClockEstimator
}

// DefaultClockSamples is enough for the budget in design.md: the first
// sample bounds the offset to 1 s plus a round trip, and each aimed sample
// halves the excess over one round trip (2⁻¹¹ s ≈ 0.5 ms after 12).
const DefaultClockSamples = 12

// Measure takes up to n samples with probe, each aimed at Duo's next
// predicted second boundary, and returns the estimate. A probe error stops
// the loop and is returned (wrapped) with the estimate so far; an unusable
// sample is skipped and counted as Rejected.
func Measure(ctx context.Context, probe ClockProbe, n int, opts MeasureOptions) (ClockEstimate, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Sleep == nil {
		opts.Sleep = sleepCtx
	}
	est := opts.Estimator
	if est == nil {
		est = NewClockEstimator()
	}
	// lag is how late, on average, the probe stamps Sent after the instant
	// we aimed at (timer slack, scheduling, TLS write): aim that much early.
	var lag time.Duration
	for i := 0; i < n; i++ {
		if err := ctx.Err(); err != nil {
			return est.Estimate(), err
		}
		now := opts.Now()
		target := est.NextSendAt(now)
		if wait := target.Add(-lag).Sub(now); wait > 0 {
			if err := opts.Sleep(ctx, wait); err != nil {
				return est.Estimate(), err
			}
		}
		s, err := probe(ctx)
		if err != nil {
			return est.Estimate(), fmt.Errorf("clock reading %d of %d: %w", i+1, n, err)
		}
		if late := s.Sent.Sub(target); target.After(now) && late > -time.Second && late < time.Second {
			// We woke at target−lag, so the observed delay is late+lag;
			// move lag halfway towards it.
			lag = max(lag+late/2, 0)
		}
		if err := est.Add(s); err != nil && !errors.Is(err, ErrBadSample) {
			return est.Estimate(), err
		}
		snap := est.Estimate()
		if opts.OnSample != nil {
			opts.OnSample(snap)
		}
		if opts.Target > 0 && snap.Known() && snap.Width() <= opts.Target {
			break
		}
	}
	return est.Estimate(), nil
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
