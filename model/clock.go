// Package model holds duotui's state and rules with no terminal: the clock
// estimator and its verdict, transactions, the audit log, the setup checklist
// and the user roster. The UI panes and the one-shot commands both use it.
package model

import (
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"
)

// Sample is one reading of Duo's clock. Duo reports its time in whole seconds
// (ping's "time", the HTTP Date header), so one reading alone is worth ±1 s;
// the estimator intersects many readings taken at chosen sub-second phases.
type Sample struct {
	Server   time.Time // Duo's clock, whole seconds
	Sent     time.Time // local clock just before the request left (keep the monotonic reading)
	Received time.Time // local clock just after the answer arrived
}

// RTT is the sample's round trip, measured on the monotonic clock.
func (s Sample) RTT() time.Duration { return s.Received.Sub(s.Sent) }

// Bounds is the offset interval this sample alone allows. Duo read its clock
// at some local instant τ in [Sent, Received] and reported S = floor(τ + θ), so
// S − τ ≤ θ < S + 1 − τ, hence θ ∈ [S − Received, S + 1 − Sent].
func (s Sample) Bounds() Interval {
	sec := time.Unix(s.Server.Unix(), 0) // floor, and no monotonic reading: Sub uses wall clocks
	return Interval{Lo: sec.Sub(s.Received), Hi: sec.Add(time.Second).Sub(s.Sent)}
}

// ErrBadSample marks a sample the estimator refused; errors.Is works on the
// errors Add returns for unusable samples.
var ErrBadSample = errors.New("unusable clock sample")

// stepTolerance is how far the wall clock may move against the monotonic
// clock during one sample before we call it a step: NTP slews at most
// 500 ppm, which is 0.5 ms over a one-second round trip.
const stepTolerance = 5 * time.Millisecond

func (s Sample) check() error {
	switch {
	case s.Server.IsZero():
		return fmt.Errorf("%w: Duo's time is missing", ErrBadSample)
	case s.Sent.IsZero() || s.Received.IsZero():
		return fmt.Errorf("%w: the local send or receive time is missing", ErrBadSample)
	case s.Received.Before(s.Sent):
		return fmt.Errorf("%w: the answer arrived before the request left", ErrBadSample)
	}
	wall := s.Received.Round(0).Sub(s.Sent.Round(0))
	if d := wall - s.RTT(); d > stepTolerance || d < -stepTolerance {
		return fmt.Errorf("%w: this machine's clock was stepped by %v during the sample", ErrBadSample, d.Round(time.Millisecond))
	}
	return nil
}

// Interval is a closed range of possible offsets θ = Duo − local.
type Interval struct {
	Lo, Hi time.Duration
}

// Mid is the best single estimate: the error is at most Width/2.
func (i Interval) Mid() time.Duration { return i.Lo + (i.Hi-i.Lo)/2 }

// Width is the interval's length; the offset is known to within it.
func (i Interval) Width() time.Duration { return i.Hi - i.Lo }

// Contains reports whether d lies in the interval.
func (i Interval) Contains(d time.Duration) bool { return i.Lo <= d && d <= i.Hi }

// String prints the bounds, rounded to microseconds.
func (i Interval) String() string {
	return fmt.Sprintf("[%v, %v]", i.Lo.Round(time.Microsecond), i.Hi.Round(time.Microsecond))
}

// ClockEstimate is an immutable snapshot of the estimator, safe to hand to a
// UI message or print as JSON.
type ClockEstimate struct {
	Interval                  // current bound on Duo − local
	Samples   int             // accepted samples, all restarts included
	Rejected  int             // samples refused as unusable (see Note)
	RTT       time.Duration   // shortest round trip seen since the last restart
	Restarts  int             // times the samples disagreed and the estimate restarted
	Note      string          // why the last restart or rejection happened, one sentence
	History   []Interval      // the interval after each accepted sample, oldest first
	RTTs      []time.Duration // round trip of each accepted sample, aligned with History
	LastAdded time.Time       // local time of the last accepted sample's receipt
}

// Known reports whether at least one sample has been taken.
func (c ClockEstimate) Known() bool { return c.Samples > 0 }

// restartNote is what the user reads after an empty intersection.
const restartNote = "A new clock reading disagreed with the earlier ones (a clock was stepped, or a reading was bad), so the estimate restarted from the latest reading."

// ClockEstimator intersects clock samples into an ever narrower interval for
// θ = Duo − local. It is safe for concurrent use.
type ClockEstimator struct {
	mu       sync.Mutex
	iv       Interval
	n        int
	rejected int
	sinceRe  int             // samples since the last restart
	recent   []time.Duration // last few round trips, for aiming
	minRTT   time.Duration
	restarts int
	note     string
	history  []Interval
	rtts     []time.Duration
	last     time.Time
}

// NewClockEstimator returns an estimator with no samples.
func NewClockEstimator() *ClockEstimator { return &ClockEstimator{} }

// Add intersects one sample into the estimate. A sample that cannot be true
// together with the earlier ones restarts the estimate from itself (and the
// estimate's Note says so); a malformed one is refused with an ErrBadSample.
func (e *ClockEstimator) Add(s Sample) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if err := s.check(); err != nil {
		e.rejected++
		e.note = capitalise(err.Error()) + "; the reading was ignored."
		return err
	}
	b := s.Bounds()
	rtt := s.RTT()
	if e.sinceRe == 0 {
		e.iv = b
	} else {
		lo, hi := max(e.iv.Lo, b.Lo), min(e.iv.Hi, b.Hi)
		if lo > hi {
			// Keep the newest: a stepped clock makes the old samples wrong,
			// and a bad old sample would poison every later one.
			e.restarts++
			e.note = restartNote
			e.sinceRe, e.minRTT, e.recent = 0, 0, e.recent[:0]
			lo, hi = b.Lo, b.Hi
		}
		e.iv = Interval{Lo: lo, Hi: hi}
	}
	e.n++
	e.sinceRe++
	if e.minRTT == 0 || rtt < e.minRTT {
		e.minRTT = rtt
	}
	e.recent = append(e.recent, rtt)
	if len(e.recent) > 5 {
		e.recent = e.recent[1:]
	}
	e.history = append(e.history, e.iv)
	e.rtts = append(e.rtts, rtt)
	e.last = s.Received
	return nil
}

// Estimate returns a snapshot of the current state.
func (e *ClockEstimator) Estimate() ClockEstimate {
	e.mu.Lock()
	defer e.mu.Unlock()
	return ClockEstimate{
		Interval:  e.iv,
		Samples:   e.n,
		Rejected:  e.rejected,
		RTT:       e.minRTT,
		Restarts:  e.restarts,
		Note:      e.note,
		History:   slices.Clone(e.history),
		RTTs:      slices.Clone(e.rtts),
		LastAdded: e.last,
	}
}

// NextSendAt is the local instant (not before now) at which to send the next
// probe. Duo's clock has 1 s resolution, so a reading only tells us something
// new if Duo reads its clock right at a second boundary as predicted by the
// current midpoint: send so that, one expected one-way delay later, local +
// Mid crosses a whole second. Either answer (that second or the one before)
// then cuts the interval to half plus about half a round trip.
func (e *ClockEstimator) NextSendAt(now time.Time) time.Time {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.sinceRe == 0 {
		return now
	}
	lead := median(e.recent) / 2
	arrive := now.Add(lead + e.iv.Mid()) // Duo's time, as we predict it, when the request would arrive
	boundary := arrive.Truncate(time.Second)
	if boundary.Before(arrive) {
		boundary = boundary.Add(time.Second)
	}
	return now.Add(boundary.Sub(arrive))
}

func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

func capitalise(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}
