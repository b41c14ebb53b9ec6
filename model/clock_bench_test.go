package model

import (
	"context"
	"math/rand/v2"
	"testing"
	"time"
)

// BenchmarkClockEstimate compares the interval estimator (12 aimed samples)
// with one naive reading of Duo's whole-second Date header (offset = Date −
// local receive time, as duo_unix does with ping), on the same synthetic Duo:
// offsets uniform in ±60 s, round trip 20 ms ± 30 %. The metrics are the mean
// and worst absolute error of the estimate in milliseconds.
func BenchmarkClockEstimate(b *testing.B) {
	const rtt, jitter = 20 * time.Millisecond, 0.3
	offsetFor := func(rng *rand.Rand) time.Duration {
		return time.Duration(rng.Int64N(int64(120*time.Second))) - 60*time.Second
	}
	run := func(b *testing.B, estimate func(*fakeDuo) time.Duration) {
		rng := rand.New(rand.NewPCG(42, 42))
		var sum, worst time.Duration
		n := 0
		for b.Loop() {
			f := newFakeDuo(rng.Uint64(), offsetFor(rng), rtt, jitter)
			e := absDur(estimate(f) - f.offset)
			sum += e
			worst = max(worst, e)
			n++
		}
		b.ReportMetric(float64(sum)/float64(n)/float64(time.Millisecond), "err-ms")
		b.ReportMetric(float64(worst)/float64(time.Millisecond), "max-err-ms")
	}
	b.Run("impl=interval", func(b *testing.B) {
		run(b, func(f *fakeDuo) time.Duration {
			est, err := Measure(context.Background(), f.Probe, DefaultClockSamples, MeasureOptions{Now: f.Now, Sleep: f.Sleep})
			if err != nil {
				b.Fatal(err)
			}
			return est.Mid()
		})
	})
	b.Run("impl=date-header", func(b *testing.B) {
		run(b, func(f *fakeDuo) time.Duration {
			s, _ := f.Probe(context.Background())
			return s.Server.Sub(s.Received)
		})
	})
}
