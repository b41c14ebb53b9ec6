package duotest

import (
	"encoding/binary"
	"net"
	"testing"
	"time"
)

// NTP is a loopback NTP server for the clock checks' tests: no test may
// reach a real time server. Its clock runs Offset ahead of this machine's.
type NTP struct {
	Offset  time.Duration
	Stratum uint8 // 0 answers with a kiss of death ("stop asking")
	Silent  bool  // reads requests and never answers
}

// Start serves on 127.0.0.1 until the test ends and returns the address.
func (n NTP) Start(tb testing.TB) string {
	tb.Helper()
	conn, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { conn.Close() })
	go func() {
		buf := make([]byte, 512)
		for {
			k, addr, err := conn.ReadFrom(buf)
			if err != nil {
				return
			}
			if k < 48 || n.Silent {
				continue
			}
			now := time.Now().Add(n.Offset)
			out := make([]byte, 48)
			out[0] = 4<<3 | 4 // no leap warning, version 4, server mode
			out[1] = n.Stratum
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
