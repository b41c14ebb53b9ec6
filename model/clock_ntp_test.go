package model

import (
	"context"
	"encoding/binary"
	"errors"
	"net"
	"strings"
	"testing"
	"time"
)

// ntpResponder is a loopback NTP server whose clock runs offset ahead of
// ours; stratum 0 makes it answer with a kiss of death, silent not at all.
type ntpResponder struct {
	offset  time.Duration
	stratum uint8
	silent  bool
}

func (r ntpResponder) start(t *testing.T) string {
	t.Helper()
	conn, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	go func() {
		buf := make([]byte, 512)
		for {
			n, addr, err := conn.ReadFrom(buf)
			if err != nil {
				return
			}
			if n < 48 || r.silent {
				continue
			}
			now := time.Now().Add(r.offset)
			out := make([]byte, 48)
			out[0] = 0<<6 | 4<<3 | 4 // no leap warning, version 4, server mode
			out[1] = r.stratum
			out[2] = 4
			out[3] = 0xec // precision 2⁻²⁰ s
			copy(out[12:16], "LOCL")
			putNTPTime(out[16:], now.Add(-time.Minute)) // reference time
			copy(out[24:32], buf[40:48])                // origin = the client's transmit stamp
			putNTPTime(out[32:], now)                   // receive
			putNTPTime(out[40:], now)                   // transmit
			conn.WriteTo(out, addr)
		}
	}()
	return conn.LocalAddr().String()
}

func putNTPTime(b []byte, t time.Time) {
	const ntpEpoch = 2208988800 // seconds from 1900 to 1970
	sec := uint64(t.Unix() + ntpEpoch)
	frac := uint64(t.Nanosecond()) << 32 / 1e9
	binary.BigEndian.PutUint64(b, sec<<32|frac)
}

func TestQueryNTP(t *testing.T) {
	addr := ntpResponder{offset: 2500 * time.Millisecond, stratum: 2}.start(t)
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
		r    ntpResponder
		want string
	}{
		{"no answer", ntpResponder{silent: true}, "did not answer within 200ms"},
		{"kiss of death", ntpResponder{stratum: 0}, "asked us to stop"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			addr := tc.r.start(t)
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
	addr := ntpResponder{silent: true}.start(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := QueryNTP(ctx, addr, time.Second); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
}
