package serve

import (
	"strings"
	"testing"
	"time"
)

// TestWindowResize: the client's window changes reach its program.
func TestWindowResize(t *testing.T) {
	ts := startServer(t, nil)
	c := ts.open(t, 1, true, "")
	c.waitOut("at 80x24")
	if err := c.sess.WindowChange(40, 100); err != nil {
		t.Fatal(err)
	}
	c.waitOut("at 100x40")
}

// TestColourProfilePerSession: each session is styled for its own
// terminal, at the same time (wish v1.1 had one profile for all).
func TestColourProfilePerSession(t *testing.T) {
	ts := startServer(t, nil)
	tests := []struct {
		term, want, not string
	}{
		{"xterm-256color", "\x1b[38;5;", ""},
		{"dumb", "hello red", "\x1b[3"},
	}
	clients := make([]*client, len(tests))
	for i, tc := range tests {
		clients[i] = ts.openTerm(t, 1, true, "", tc.term)
	}
	for i, tc := range tests {
		c := clients[i] // its helpers report on t: no subtests
		c.waitOut("hello")
		c.waitOut(tc.want)
		if tc.not != "" && strings.Contains(c.out.String(), tc.not) {
			t.Errorf("colour codes sent to a %s terminal: %q", tc.term, c.out.String())
		}
	}
}

// TestSlowCallBlocksNobody: a command that never returns in one session
// leaves its own keys and every other session responsive.
func TestSlowCallBlocksNobody(t *testing.T) {
	ts := startServer(t, nil)
	slow, other := ts.open(t, 1, true, ""), ts.open(t, 2, true, "")
	slow.waitOut("at 80x24")
	other.waitOut("at 80x24")
	slow.press("b")
	slow.waitOut("blocked")
	other.press("r")
	other.waitOut("recorded 1 (<nil>)")
	slow.press("r")
	slow.waitOut("recorded 1 (<nil>)")
}

// TestAppPanicEndsOnlyItsSession: a panic in one session's app ends that
// session with a sentence; the others carry on.
func TestAppPanicEndsOnlyItsSession(t *testing.T) {
	ts := startServer(t, nil)
	bad, good := ts.open(t, 1, true, ""), ts.open(t, 2, true, "")
	bad.waitOut("at 80x24")
	good.waitOut("at 80x24")
	bad.press("!")
	if code := bad.exit(5 * time.Second); code != 1 || !strings.Contains(bad.stderr.String(), "the app stopped unexpectedly") {
		t.Errorf("status %d, stderr %q", code, bad.stderr.String())
	}
	good.press("r")
	good.waitOut("recorded 1 (<nil>)")
	waitUntil(t, "the logout line", 5*time.Second, func() bool {
		return strings.Contains(ts.log.String(), ": the app stopped unexpectedly after")
	})
}
