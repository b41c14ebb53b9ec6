package ui_test

import (
	"bytes"
	"context"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"duotui/duo"
	"duotui/duo/duotest"
	"duotui/ui"
	"duotui/ui/activity"
	"duotui/ui/clock"
	"duotui/ui/common"
	"duotui/ui/enroll"
	"duotui/ui/send"
	"duotui/ui/setup"
	"duotui/ui/uitest"
	"duotui/ui/users"
)

// The failure suite, as an administrator meets it: each way Duo or the
// network can fail, injected into the simulator while the real app looks a
// user up on the Send pane. The pane must show the one sentence the client
// explains the failure with, keep what was typed, and keep answering keys.
func TestFailuresShowTheirSentence(t *testing.T) {
	for _, tc := range []struct {
		name  string
		fault duotest.Fault
		kind  duo.Kind
	}{
		{"429 storm", duotest.Fault{Path: "/auth/v2/preauth", Kind: duotest.Fault429}, duo.KindRateLimited},
		{"500", duotest.Fault{Path: "/auth/v2/preauth", Kind: duotest.Fault500}, duo.KindServer},
		{"503", duotest.Fault{Path: "/auth/v2/preauth", Kind: duotest.Fault503}, duo.KindServer},
		{"malformed JSON", duotest.Fault{Path: "/auth/v2/preauth", Kind: duotest.FaultBadJSON}, duo.KindBadResponse},
		{"truncated body", duotest.Fault{Path: "/auth/v2/preauth", Kind: duotest.FaultTruncated}, duo.KindBadResponse},
		{"connection reset", duotest.Fault{Path: "/auth/v2/preauth", Kind: duotest.FaultReset}, duo.KindReset},
		{"timeout", duotest.Fault{Path: "/auth/v2/preauth", Kind: duotest.FaultLatency, Latency: 3 * time.Second}, duo.KindTimeout},
		{"unknown TLS authority", duotest.Fault{Kind: duotest.FaultTLSUnknownCA}, duo.KindTLSUnknownAuthority},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := duotest.NewServer(t)
			s := uitest.Session(t, srv, uitest.Options{NoAdmin: true})
			// A short retry budget and per-attempt timeout, so a 429 storm and
			// a stalled answer end in seconds rather than Duo's minutes.
			cfg := srv.Config()
			cfg.Timeout, cfg.RetryDeadline = time.Second, 1500*time.Millisecond
			cfg.Sleep = func(ctx context.Context, d time.Duration) error { return ctx.Err() }
			auth, err := duo.NewClient(cfg)
			if err != nil {
				t.Fatal(err)
			}
			cl := s.Clients()
			cl.Auth = auth
			s.SetClients(cl.File, cl.Creds, cl)

			srv.AddFault(tc.fault)
			if tc.fault.Kind == duotest.FaultTLSUnknownCA {
				// TLS faults act on new handshakes: the sentence must name the
				// issuer the client actually received.
				cfg.HTTPClient = srv.HTTPClient()
			}
			// The sentence the client gives for this failure, from a call of
			// its own through a fresh connection.
			probe, _ := duo.NewClient(cfg)
			_, perr := probe.Preauth(context.Background(), duo.PreauthRequest{Username: "alice"})
			if duo.KindOf(perr) != tc.kind {
				t.Fatalf("the simulator's %s gave %v (%v), want kind %v", tc.name, duo.KindOf(perr), perr, tc.kind)
			}
			want := duo.Explain(perr)

			app := ui.New(s, map[common.Tab]common.Pane{
				common.TabSetup: setup.New(s), common.TabUsers: users.New(s), common.TabEnroll: enroll.New(s),
				common.TabSend: send.New(s), common.TabClock: clock.New(s), common.TabActivity: activity.New(s),
			})
			tm := teatest.NewTestModel(t, app, teatest.WithInitialTermSize(120, 40))
			out := &screen{r: tm.Output()}
			press(tm, "4")
			out.wait(t, "Send to nobody yet")
			press(tm, "u")
			tm.Type("alice")
			press(tm, "enter")
			out.wait(t, want)

			// Nothing typed is lost, and the app still answers: another tab
			// and back, then a retry once Duo recovers.
			press(tm, "5")
			out.wait(t, "[5 Clock]")
			press(tm, "4")
			out.wait(t, "[4 Send]")
			srv.ClearFaults()
			press(tm, "r")
			out.wait(t, "Account is active")
			if !strings.Contains(flatten(out.all()), flatten("Send to alice")) {
				t.Error("the typed username was lost")
			}
			tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
			tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
		})
	}
}

func press(tm *teatest.TestModel, k string) { tm.Send(uitest.Key(k)) }

// screen accumulates the program's output, so a sentence wrapped across
// lines and repainted in pieces can still be found.
type screen struct {
	r   io.Reader
	buf bytes.Buffer
}

func (s *screen) all() string { return s.buf.String() }

func (s *screen) wait(t *testing.T, text string) {
	t.Helper()
	want := flatten(text)
	deadline := time.Now().Add(15 * time.Second)
	chunk := make([]byte, 4096)
	for time.Now().Before(deadline) {
		if strings.Contains(flatten(s.buf.String()), want) {
			return
		}
		n, _ := s.r.Read(chunk)
		if n == 0 {
			time.Sleep(5 * time.Millisecond) // teatest's output buffer has no signal to wait on
		}
		s.buf.Write(chunk[:n])
	}
	t.Fatalf("never showed %q; last output:\n%s", text, tail(stripANSI(s.buf.String()), 3000))
}

var ansi = regexp.MustCompile(`\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][A-Z0-9]|\x1b[=>]`)

func stripANSI(s string) string { return ansi.ReplaceAllString(s, "") }

// flatten drops escapes and all white space: a wrapped sentence compares whole.
func flatten(s string) string {
	return strings.Join(strings.Fields(stripANSI(s)), "")
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

// Keys that arrive in one burst (fast typing, tmux, a slow link) act one by
// one: "u" opens the Send pane's user field and "alice" lands in it.
func TestBurstOfKeysActsOneByOne(t *testing.T) {
	srv := duotest.NewServer(t)
	s := uitest.Session(t, srv, uitest.Options{NoAdmin: true})
	app := ui.New(s, map[common.Tab]common.Pane{common.TabSend: send.New(s), common.TabClock: clock.New(s)})
	tm := teatest.NewTestModel(t, app, teatest.WithInitialTermSize(80, 24))
	out := &screen{r: tm.Output()}
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("4ualice")})
	press(tm, "enter")
	out.wait(t, "Send to alice")
	out.wait(t, "Account is active")
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
}
