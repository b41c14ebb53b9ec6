package model

import (
	"context"
	"fmt"
	"testing"
	"time"

	"duotui/duo"
	"duotui/duo/duotest"
)

// The clock budget against the real simulator and the real client: Duo's
// clock offset by +0.37 s, +2.9 s and −45 s, latency jittered by fault rules
// (0–15 ms on top of loopback), measured with ProbeClock and real timers.
func TestMeasureAgainstSimulator(t *testing.T) {
	for _, off := range []time.Duration{370 * time.Millisecond, 2900 * time.Millisecond, -45 * time.Second} {
		t.Run(fmt.Sprintf("offset=%v", off), func(t *testing.T) {
			t.Parallel()
			srv := duotest.NewServer(t, duotest.WithClockOffset(off))
			for _, ms := range []int{6, 6, 3} {
				srv.AddFault(duotest.Fault{Path: "/auth/v2/ping", Kind: duotest.FaultLatency,
					Latency: time.Duration(ms) * time.Millisecond, Probability: 0.5})
			}
			client, err := duo.NewClient(srv.Config())
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			est, err := Measure(ctx, DuoProbe(client), DefaultClockSamples, MeasureOptions{
				OnSample: func(e ClockEstimate) {
					if !e.Contains(off) {
						t.Errorf("sample %d: %v misses the true offset %v", e.Samples, e.Interval, off)
					}
				},
			})
			if err != nil {
				t.Fatal(err)
			}
			var maxRTT time.Duration
			for _, r := range est.RTTs {
				maxRTT = max(maxRTT, r)
			}
			budget := max(maxRTT, 10*time.Millisecond)
			t.Logf("after %d samples: %v, width %v, mid error %v, largest RTT %v, restarts %d",
				est.Samples, est.Interval, est.Width(), est.Mid()-off, maxRTT, est.Restarts)
			if est.Width() > max(maxRTT*11/10, 10*time.Millisecond) {
				t.Errorf("width %v, budget %v", est.Width(), budget)
			}
			if e := absDur(est.Mid() - off); e > budget/2 {
				t.Errorf("midpoint error %v, budget %v", e, budget/2)
			}
		})
	}
}

// A clock stepped during a measurement: the estimate restarts from the
// latest reading, says so, and converges on the new offset.
func TestMeasureAgainstSimulatorClockStep(t *testing.T) {
	t.Parallel()
	srv := duotest.NewServer(t, duotest.WithClockOffset(2*time.Second))
	client, err := duo.NewClient(srv.Config())
	if err != nil {
		t.Fatal(err)
	}
	est := NewClockEstimator()
	opts := MeasureOptions{Estimator: est}
	if _, err := Measure(context.Background(), DuoProbe(client), 4, opts); err != nil {
		t.Fatal(err)
	}
	srv.SetClockOffset(-3 * time.Second)
	got, err := Measure(context.Background(), DuoProbe(client), 8, opts)
	if err != nil {
		t.Fatal(err)
	}
	if got.Restarts != 1 || got.Note != restartNote || !got.Contains(-3*time.Second) || got.Width() > 20*time.Millisecond {
		t.Fatalf("after the step: %v width %v, %d restarts, note %q", got.Interval, got.Width(), got.Restarts, got.Note)
	}
}
