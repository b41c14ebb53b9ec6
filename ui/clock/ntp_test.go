package clock_test

import (
	"net"
	"testing"
	"time"

	"duotui/model"
	"duotui/ui/uitest"

	"duotui/duo/duotest"
)

// closedUDPPort is a loopback port nobody listens on.
func closedUDPPort(t testing.TB) string {
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
		server func(testing.TB) string
		wait   time.Duration // how long the pane gives the server
		want   []string
	}{
		{"answering 2.5 s ahead", duotest.NTP{Offset: 2500 * time.Millisecond, Stratum: 2}.Start, 5 * time.Second,
			// 2.5 s give or take half the round trip on a busy machine
			[]string{"says this clock is 2.", "s slow (±", "stratum 2"}},
		{"silent", duotest.NTP{Silent: true}.Start, 300 * time.Millisecond,
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
