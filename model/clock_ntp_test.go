package model

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"duotui/duo/duotest"
)

func TestQueryNTP(t *testing.T) {
	addr := duotest.NTP{Offset: 2500 * time.Millisecond, Stratum: 2}.Start(t)
	got, err := QueryNTP(context.Background(), addr, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if d := got.Offset - 2500*time.Millisecond; d < -50*time.Millisecond || d > 50*time.Millisecond {
		t.Fatalf("offset %v, want 2.5 s", got.Offset)
	}
	if got.Server != addr || got.Stratum != 2 || got.RTT <= 0 {
		t.Fatalf("result %+v", got)
	}
}

func TestQueryNTPFailures(t *testing.T) {
	tests := []struct {
		name string
		r    duotest.NTP
		want string
	}{
		{"no answer", duotest.NTP{Silent: true}, "did not answer within 200ms"},
		{"kiss of death", duotest.NTP{Stratum: 0}, "asked us to stop"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			addr := tc.r.Start(t)
			_, err := QueryNTP(context.Background(), addr, 200*time.Millisecond)
			var ne *NTPError
			if !errors.As(err, &ne) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want an NTPError saying %q", err, tc.want)
			}
			if !strings.HasSuffix(err.Error(), ".") || strings.Count(err.Error(), ". ") > 0 {
				t.Fatalf("not one sentence: %q", err)
			}
		})
	}
}

func TestQueryNTPNeedsAServer(t *testing.T) {
	if _, err := QueryNTP(context.Background(), "", time.Second); !errors.Is(err, ErrNoNTPServer) {
		t.Fatalf("err = %v", err)
	}
}

func TestQueryNTPCancelled(t *testing.T) {
	addr := duotest.NTP{Silent: true}.Start(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := QueryNTP(ctx, addr, time.Second); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
}
