package model

import (
	"context"

	"duotui/duo"
)

// SampleFromDuo converts one duo.Client.ProbeClock reading.
func SampleFromDuo(s duo.ClockSample) Sample {
	return Sample{Server: s.Server, Sent: s.Sent, Received: s.Received}
}

// DuoProbe adapts a client's ProbeClock (the unsigned ping, which works even
// when the keys or this clock are wrong) for Measure.
func DuoProbe(c *duo.Client) ClockProbe {
	return func(ctx context.Context) (Sample, error) {
		s, err := c.ProbeClock(ctx)
		if err != nil {
			return Sample{}, err
		}
		return SampleFromDuo(s), nil
	}
}
