package clock_test

import (
	"strings"
	"testing"
	"time"

	"duotui/duo/duotest"
	"duotui/model"
	"duotui/ui/clock"
	"duotui/ui/uitest"
)

// The pane against the real simulator and the real client, with Duo's clock
// off by +0.37 s, +2.9 s and −45 s and the ping's latency jittered: the
// interval narrows on screen sample by sample, always holds the truth, and
// the verdict names the right direction and level — on screen, in the
// status bar's ClockMsg and in the audit record.
func TestVerdictAgainstSimulator(t *testing.T) {
	tests := []struct {
		name   string
		offset time.Duration
		level  model.Level
		words  string // FormatOffset's direction as the screen shows it
	}{
		{"duo 0.37 s ahead", 370 * time.Millisecond, model.LevelOK, "slow"},
		// The wording rounds the interval's middle (2.90 or 2.91 s under load);
		// the interval itself is checked against the truth below.
		{"duo 2.9 s ahead", 2900 * time.Millisecond, model.LevelWarn, " s slow"},
		{"duo 45 s behind", -45 * time.Second, model.LevelBad, "45 s fast"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := duotest.NewServer(t, duotest.WithClockOffset(tc.offset))
			for _, ms := range []int{6, 6, 3} {
				srv.AddFault(duotest.Fault{Path: "/auth/v2/ping", Kind: duotest.FaultLatency,
					Latency: time.Duration(ms) * time.Millisecond, Probability: 0.5})
			}
			s := uitest.Session(t, srv, uitest.Options{})
			ts := timesyncd
			r := start(t, s, clock.Fakes{
				Kernel:   func() (model.KernelSync, error) { return synced, nil },
				TimeSync: &ts,
			}, 80, 24)
			r.waitScreen("Duo − local  ")
			r.waitFor("the verdict in the status bar", func() bool { return len(r.h.clockMsgs()) > 0 })
			r.waitScreen(tc.level.String()+": This server's clock is", tc.words)

			msg := r.h.clockMsgs()[0]
			if msg.Verdict.Level != tc.level {
				t.Errorf("ClockMsg level %v, want %v: %s", msg.Verdict.Level, tc.level, msg.Verdict.Summary)
			}
			if (msg.Offset > 0) != (tc.offset > 0) || !strings.Contains(msg.Verdict.Summary, tc.words) {
				t.Errorf("ClockMsg offset %v, summary %q; want the sign of %v and %q", msg.Offset, msg.Verdict.Summary, tc.offset, tc.words)
			}
			// The measurement every session starts with is audited only when
			// it finds trouble; one asked for with r always is.
			if tc.level == model.LevelOK {
				if n := len(r.h.records()); n != 0 {
					t.Fatalf("%d audit records for an automatic measurement that found nothing wrong", n)
				}
				r.key("r")
			}
			r.waitFor("the audit record", func() bool { return len(r.h.records()) == 1 })
			rec := r.h.records()[0]
			if rec.Action != model.ActionClock || rec.Result != tc.level.String() || rec.Host != srv.Host || rec.Duration <= 0 {
				t.Errorf("audit record %+v", rec)
			}

			est := r.final().Estimate()
			if est.Samples != model.DefaultClockSamples || !est.Contains(tc.offset) {
				t.Fatalf("%d samples, interval %v; want %d samples around %v", est.Samples, est.Interval, model.DefaultClockSamples, tc.offset)
			}
			for i, iv := range est.History {
				if !iv.Contains(tc.offset) {
					t.Errorf("after sample %d the interval %v misses %v", i+1, iv, tc.offset)
				}
			}
			var maxRTT time.Duration
			for _, rtt := range est.RTTs {
				maxRTT = max(maxRTT, rtt)
			}
			if budget := max(maxRTT*11/10, 10*time.Millisecond); est.Width() > budget {
				t.Errorf("width %v after %d samples, budget %v", est.Width(), est.Samples, budget)
			}
			t.Logf("interval %v (width %v, largest round trip %v), verdict %v %q, sample counts shown %v",
				est.Interval, est.Width(), maxRTT, msg.Verdict.Level, model.FormatOffset(msg.Offset, est.Width()/2), r.h.seenCounts())
			// The screen followed the samples one by one, not only the end.
			if seen := r.h.seenCounts(); len(seen) < 6 || seen[len(seen)-1] != model.DefaultClockSamples {
				t.Errorf("sample counts shown %v, want the narrowing live up to %d", seen, model.DefaultClockSamples)
			}
		})
	}
}
