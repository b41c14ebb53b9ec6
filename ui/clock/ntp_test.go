package clock_test

import (
	"encoding/binary"
	"net"
	"testing"
	"time"

	"duotui/model"
	"duotui/ui/uitest"
)

// ntpResponder is a loopback NTP server whose clock runs offset ahead of
// ours; a silent one reads requests and never answers.
type ntpResponder struct {
	offset time.Duration
	silent bool
}

func (n ntpResponder) start(t *testing.T) string {
	t.Helper()
	conn, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	go func() {
		buf := make([]byte, 512)
		for {
			k, addr, err := conn.ReadFrom(buf)
			if err != nil {
				return
			}
			if k < 48 || n.silent {
				continue
			}
			now := time.Now().Add(n.offset)
			out := make([]byte, 48)
			out[0] = 4<<3 | 4 // no leap warning, version 4, server mode
			out[1] = 2        // stratum
			out[2] = 4
			out[3] = 0xec // precision 2⁻²⁰ s
			copy(out[12:16], "LOCL")
			putNTPTime(out[16:], now.Add(-time.Minute)) // reference time
			copy(out[24:32], buf[40:48])                // origin = the client's transmit stamp
			putNTPTime(out[32:], now)
			putNTPTime(out[40:], now)
			_, _ = conn.WriteTo(out, addr)
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

// closedUDPPort is a loopback port nobody listens on.
func closedUDPPort(t *testing.T) string {
	t.Helper()
	conn, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := conn.LocalAddr().String()
	conn.Close()
	return addr
}

// An NTP server's opinion is shown next to Duo's; when the server cannot be
// reached its sentence is shown instead and the verdict still comes from Duo.
func TestNTP(t *testing.T) {
	tests := []struct {
		name   string
		server func(t *testing.T) string
		wait   time.Duration // how long the pane gives the server
		want   []string
	}{
		{"answering 2.5 s ahead", ntpResponder{offset: 2500 * time.Millisecond}.start, 5 * time.Second,
			// 2.5 s give or take half the round trip on a busy machine
			[]string{"says this clock is 2.", "s slow (±", "stratum 2"}},
		{"silent", ntpResponder{silent: true}.start, 300 * time.Millisecond,
			[]string{"did not answer within 300ms", "UDP port 123"}},
		{"nothing listening", closedUDPPort, 5 * time.Second,
			[]string{"gave no usable time", "configure another NTP server"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			addr := tc.server(t)
			s := uitest.Session(t, newServer(t, 0), uitest.Options{})
			setNTP(s, addr)
			v := newVirtualDuo(20 * time.Millisecond)
			f := v.fakes(synced, timesyncd)
			f.NTPWait = tc.wait
			r := start(t, s, f, 120, 40)
			r.waitScreen(append([]string{addr}, tc.want...)...)
			r.waitScreen("✓ ok: This server's clock is 20 ms slow (±2 ms) of Duo's clock")
			if got := r.final().Verdict().Level; got != model.LevelOK {
				t.Errorf("verdict %v", got)
			}
		})
	}
}
