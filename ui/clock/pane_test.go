package clock_test

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"duotui/config"
	"duotui/duo"
	"duotui/duo/duotest"
	"duotui/model"
	"duotui/ui/clock"
	"duotui/ui/common"
	"duotui/ui/uitest"
)

// With no keys at all, only a host, the unsigned ping still measures Duo's
// clock; the signed check says it was skipped and why.
func TestHostOnly(t *testing.T) {
	srv := newServer(t, 1500*time.Millisecond)
	ca := filepath.Join(t.TempDir(), "ca.pem")
	if err := srv.WriteCA(ca); err != nil {
		t.Fatal(err)
	}
	s := uitest.Session(t, nil, uitest.Options{})
	creds := config.Credentials{Host: config.Setting{Value: srv.Host}, CAFile: config.Setting{Value: ca}}
	s.SetClients(&config.File{Path: s.ConfigPath, Missing: true}, creds, common.Clients{Creds: creds, AuthErr: errString("no keys")})
	r := start(t, s, clockFakes(synced, timesyncd), 120, 40)
	r.waitScreen("pings aimed at Duo's second boundaries", "skipped: no Auth API keys yet")
	r.waitScreen("ok: This server's clock is 1.50 s slow") // under warn_offset, 2 s by default
	if est := r.final().Estimate(); !est.Contains(1500 * time.Millisecond) {
		t.Errorf("interval %v misses 1.5 s", est.Interval)
	}
}

type errString string

func (e errString) Error() string { return string(e) }

// clockFakes fixes the machine but leaves Duo real.
func clockFakes(k model.KernelSync, ts model.TimeSync) clock.Fakes {
	return clock.Fakes{Kernel: func() (model.KernelSync, error) { return k, nil }, TimeSync: &ts}
}

// r measures again from scratch: a new run, a new audit record, and the
// answers of the old run are dropped.
func TestMeasureAgain(t *testing.T) {
	v := newVirtualDuo(2900 * time.Millisecond)
	s := uitest.Session(t, newServer(t, 0), uitest.Options{})
	r := start(t, s, v.fakes(synced, timesyncd), 80, 24)
	r.waitScreen("after 12 of 12 samples", "warn:")
	r.waitFor("the first record", func() bool { return len(r.h.records()) == 1 })
	v.mu.Lock()
	v.offset = -400 * time.Millisecond // someone fixed the clock, badly
	v.mu.Unlock()
	r.key("r")
	r.waitScreen("ok: This server's clock is 400 ms fast")
	r.waitFor("the second record", func() bool { return len(r.h.records()) == 2 })
	recs := r.h.records()
	if recs[0].Result != "warn" || recs[1].Result != "ok" || !strings.Contains(recs[1].StatusMsg, "400 ms fast") {
		t.Errorf("records %+v", recs)
	}
	r.waitFor("the second verdict for the status bar", func() bool { return len(r.h.clockMsgs()) == 2 })
	msgs := r.h.clockMsgs()
	if len(msgs) != 2 || msgs[1].Verdict.Level != model.LevelOK || msgs[1].Offset >= 0 {
		t.Errorf("clock messages %+v", msgs)
	}
}

// The second-factor section applies the test to this session's evidence:
// a push approved and a passcode denied for the same user blame the phone.
func TestSecondFactorEvidence(t *testing.T) {
	v := newVirtualDuo(20 * time.Millisecond)
	s := uitest.Session(t, newServer(t, 0), uitest.Options{})
	push := s.Txs.Start(duo.FactorPush, "alice", "DP1", uitest.Epoch)
	push.Record(duo.AuthResult{Result: "allow", Status: "allow", StatusMsg: "Success."}, uitest.Epoch.Add(time.Second))
	code := s.Txs.Start(duo.FactorPasscode, "alice", "DP1", uitest.Epoch.Add(time.Minute))
	code.Record(duo.AuthResult{Result: "deny", Status: "deny", StatusMsg: "Incorrect passcode."}, uitest.Epoch.Add(time.Minute))
	r := start(t, s, v.fakes(synced, timesyncd), 120, 40)
	r.waitScreen("Here          The phone's clock is off", "Set time automatically")
}

// The plot draws one bar per sample that shrinks as the interval narrows.
func TestRangePlot(t *testing.T) {
	hist := []model.Interval{
		{Lo: 2 * time.Second, Hi: 3 * time.Second},
		{Lo: 2500 * time.Millisecond, Hi: 3 * time.Second},
		{Lo: 2900 * time.Millisecond, Hi: 2910 * time.Millisecond},
	}
	lines := clock.RangePlot(hist, 12, 4, 40)
	if len(lines) != 5 {
		t.Fatalf("%d lines, want 4 rows and an axis", len(lines))
	}
	for i, l := range lines {
		if n := len([]rune(l)); n != 40 {
			t.Errorf("line %d is %d cells: %q", i, n, l)
		}
	}
	want := []string{
		"+3.000 s┤█ █ ",
		"        │█ █ ",
		"        │█   ",
		"+2.000 s┤█   ",
	}
	for i, w := range want {
		if !strings.HasPrefix(lines[i], w) {
			t.Errorf("row %d = %q, want prefix %q", i, lines[i], w)
		}
	}
	if got := strings.Count(strings.Join(lines[:4], ""), "▀") + strings.Count(strings.Join(lines[:4], ""), "▄"); got != 1 {
		t.Errorf("the 10 ms interval should be one half block, found %d:\n%s", got, strings.Join(lines, "\n"))
	}
}

// A ping that fails stops the measurement with its sentence: the pane stays
// usable, the status bar hears the connection failed, the audit log says so.
func TestPingFails(t *testing.T) {
	srv := duotest.NewServer(t, duotest.WithFaults(duotest.Fault{Path: "/auth/v2/ping", Kind: duotest.FaultReset}))
	s := uitest.Session(t, srv, uitest.Options{})
	r := start(t, s, clockFakes(synced, timesyncd), 80, 24)
	r.waitScreen("✗ The connection to "+srv.Host, "closed before Duo answered")
	r.waitFor("the audit record", func() bool { return len(r.h.records()) == 1 })
	rec := r.h.records()[0]
	if rec.Result != "failed" || !strings.Contains(rec.Error, "closed before Duo answered") {
		t.Errorf("record %+v", rec)
	}
	// The connection state is its own message, not ordered with the record.
	r.waitFor("the connection state", func() bool {
		r.h.mu.Lock()
		defer r.h.mu.Unlock()
		return len(r.h.conns) > 0
	})
	r.h.mu.Lock()
	conns := slices.Clone(r.h.conns)
	r.h.mu.Unlock()
	if len(conns) != 1 || duo.KindOf(conns[0].Err) != duo.KindReset {
		t.Errorf("connection messages %+v", conns)
	}
	// Fixed: r measures again and succeeds.
	srv.ClearFaults()
	r.key("r")
	r.waitScreen("after 12 of 12 samples")
}

// A second session on the same Env shows the first one's recent reading
// instead of pinging Duo again, and writes no audit record of its own; r
// still measures.
func TestSecondSessionReusesReading(t *testing.T) {
	v := newVirtualDuo(2900 * time.Millisecond)
	s := uitest.Session(t, newServer(t, 0), uitest.Options{})
	first := start(t, s, v.fakes(synced, timesyncd), 80, 24)
	first.waitScreen("after 12 of 12 samples", "warn:")
	first.waitFor("the first record", func() bool { return len(first.h.records()) == 1 })

	probes := v.probes()
	second := start(t, &common.Session{Env: s.Env, Ctx: s.Ctx, Actor: s.Actor, Theme: s.Theme}, v.fakes(synced, timesyncd), 80, 24)
	second.waitScreen("after 12 of 12 samples", "warn:", "a recent reading of this app's")
	if n := v.probes() - probes; n != 0 {
		t.Errorf("the second session pinged Duo %d times", n)
	}
	if n := len(second.h.records()); n != 0 {
		t.Errorf("the second session audited %d readings it did not take", n)
	}
	second.key("r")
	second.waitFor("a measurement by hand", func() bool { return len(second.h.records()) == 1 })
	if v.probes()-probes < model.DefaultClockSamples {
		t.Errorf("r took %d probes", v.probes()-probes)
	}
}
