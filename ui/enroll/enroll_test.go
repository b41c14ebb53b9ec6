package enroll

import (
	"strings"
	"testing"
	"time"

	"duotui/duo/duotest"
	"duotui/model"
	"duotui/ui/common"
	"duotui/ui/uitest"
)

// start types a username and validity and enrolls, as an administrator
// does, and waits for the code.
func start(t *testing.T, r *uitest.Runner, m *Model, username, valid string) {
	t.Helper()
	r.Keys("enter")
	r.Keys(uitest.Chars(username)...)
	r.Keys("tab")
	r.Keys(uitest.Chars(valid)...)
	r.Keys("enter")
	r.Until("the activation code", func() bool { return m.phase != phaseEnrolling })
	if m.phase != phaseWaiting {
		t.Fatalf("no code for %s: %s", username, m.status)
	}
}

func newPane(t *testing.T, s *common.Session) (*Model, *uitest.Runner) {
	m := New(s)
	m.pollEvery = 20 * time.Millisecond
	return m, uitest.NewRunner(t, m, 80, 20)
}

func enrollRecords(t *testing.T, s *common.Session) []model.AuditRecord {
	t.Helper()
	page, err := s.Audit.Read(model.AuditQuery{Action: model.ActionEnroll})
	if err != nil {
		t.Fatal(err)
	}
	return page.Records
}

func TestEnrollActivated(t *testing.T) {
	srv := duotest.NewServer(t)
	s := uitest.Session(t, srv, uitest.Options{})
	m, r := newPane(t, s)
	start(t, r, m, "zoe", "1h")

	v := m.View()
	if len(m.qr.lines) == 0 || !strings.Contains(v, m.qr.lines[3]) {
		t.Fatalf("no QR code drawn:\n%s", v)
	}
	for _, want := range []string{"Enroll zoe", "Expires in 01:00:00", "Waiting for the phone"} {
		if !strings.Contains(v, want) {
			t.Errorf("screen lacks %q:\n%s", want, v)
		}
	}
	if u, ok := s.Roster.Snapshot().Lookup("zoe"); !ok || u.UserID != m.enr.UserID {
		t.Errorf("zoe is not in the roster with Duo's user ID: %+v", u)
	}

	if err := srv.Activate(m.enr.ActivationCode); err != nil {
		t.Fatal(err)
	}
	r.Until("the activation", func() bool { return m.phase == phaseDone })
	if m.outcome != outcomeSuccess || !strings.Contains(m.View(), "✓ zoe is enrolled") {
		t.Fatalf("outcome %q:\n%s", m.outcome, m.View())
	}
	r.Until("the audit records", func() bool { return len(enrollRecords(t, s)) == 2 })
	recs := enrollRecords(t, s) // newest first
	if got := []string{recs[0].Result, recs[1].Result}; got[0] != "success" || got[1] != "issued" {
		t.Errorf("audit results %q, want success after issued", got)
	}
	for _, rec := range recs {
		if rec.User != "zoe" || rec.Host != srv.Host || rec.Actor.User != "tester" {
			t.Errorf("audit record %+v", rec)
		}
	}
	if recs[0].Status != "success" {
		t.Errorf("Duo's status %q not recorded", recs[0].Status)
	}
	r.Until("the status bar to be told", func() bool { return sawStatus(r, common.Success, "zoe activated Duo Mobile") })
}

func sawStatus(r *uitest.Runner, l common.Level, text string) bool {
	for _, msg := range r.Seen {
		if st, ok := msg.(common.StatusMsg); ok && st.Level == l && strings.Contains(st.Text, text) {
			return true
		}
	}
	return false
}

// The countdown runs on the session's clock: once it passes the expiry the
// pane stops waiting, whatever Duo's own clock says.
func TestEnrollExpires(t *testing.T) {
	srv := duotest.NewServer(t)
	clock := uitest.NewClock()
	s := uitest.Session(t, srv, uitest.Options{Clock: clock})
	m, r := newPane(t, s)
	start(t, r, m, "yves", "1m")
	if !strings.Contains(m.View(), "Expires in 00:01:00") {
		t.Fatalf("countdown:\n%s", m.View())
	}
	clock.Advance(20 * time.Second)
	r.Until("the countdown to move", func() bool { return strings.Contains(m.View(), "Expires in 00:00:40") })
	clock.Advance(41 * time.Second)
	r.Until("the expiry", func() bool { return m.phase == phaseDone })
	if m.outcome != outcomeExpired || !strings.Contains(m.View(), "The activation code expired") {
		t.Errorf("outcome %q:\n%s", m.outcome, m.View())
	}
	r.Until("the audit record", func() bool { return len(enrollRecords(t, s)) == 2 })
	if rec := enrollRecords(t, s)[0]; rec.Result != "expired" || rec.User != "yves" {
		t.Errorf("audit record %+v", rec)
	}
}

// Duo's own answer that the code is no longer valid ends the wait too.
func TestEnrollInvalid(t *testing.T) {
	srv := duotest.NewServer(t)
	s := uitest.Session(t, srv, uitest.Options{})
	m, r := newPane(t, s)
	start(t, r, m, "xena", "1s") // expires on Duo's (real) clock at once
	r.Until("Duo's verdict", func() bool { return m.phase == phaseDone })
	if m.outcome != outcomeInvalid || !strings.Contains(m.View(), "no longer valid") {
		t.Errorf("outcome %q:\n%s", m.outcome, m.View())
	}
}

func TestEnrollAbandon(t *testing.T) {
	srv := duotest.NewServer(t)
	s := uitest.Session(t, srv, uitest.Options{})
	m, r := newPane(t, s)
	start(t, r, m, "walt", "")
	if !strings.Contains(m.View(), "Expires in 1d 00:00:00") {
		t.Errorf("Duo's default validity is a day:\n%s", m.View())
	}
	r.Keys("esc")
	if m.phase != phaseForm || !strings.Contains(m.status, "Stopped waiting for walt") {
		t.Fatalf("phase %v, status %q", m.phase, m.status)
	}
	if err := srv.Activate(m.enr.ActivationCode); err != nil {
		t.Fatal(err)
	}
	r.Until("the audit record", func() bool { return len(enrollRecords(t, s)) == 2 })
	if rec := enrollRecords(t, s)[0]; rec.Result != "abandoned" {
		t.Errorf("audit record %+v", rec)
	}
	if m.phase != phaseForm || m.outcome != outcomeAbandoned {
		t.Errorf("a late answer changed the pane: phase %v, outcome %q", m.phase, m.outcome)
	}
}

// The Users pane's enroll action: the user is filled in and enter enrolls.
// A user Duo already has cannot be enrolled through the Auth API; the pane
// says what to do instead.
func TestEnrollPreselectedUser(t *testing.T) {
	srv := duotest.NewServer(t)
	s := uitest.Session(t, srv, uitest.Options{})
	for _, tc := range []struct {
		user    string
		waiting bool
		status  string
	}{
		{"vera", true, ""},
		{"heidi", false, "Duo already has a user named heidi, and the Auth API enrolls only new users"},
	} {
		t.Run(tc.user, func(t *testing.T) {
			m, r := newPane(t, s)
			r.Send(common.SwitchMsg{To: common.TabEnroll, User: tc.user})
			if m.user.Value() != tc.user || !m.valid.Focused() || !m.Capturing() {
				t.Fatalf("preselect: user %q, validity focused %v", m.user.Value(), m.valid.Focused())
			}
			r.Keys("enter")
			r.Until("Duo's answer", func() bool { return m.phase != phaseEnrolling })
			if (m.phase == phaseWaiting) != tc.waiting || !strings.Contains(m.status, tc.status) {
				t.Errorf("phase %v, status %q", m.phase, m.status)
			}
			if !tc.waiting {
				r.Until("the audit record", func() bool { return len(enrollRecords(t, s)) > 0 && enrollRecords(t, s)[0].User == tc.user })
				if rec := enrollRecords(t, s)[0]; rec.Result != "failed" || !strings.Contains(rec.Error, "already has") {
					t.Errorf("audit record %+v", rec)
				}
			}
		})
	}
}

func TestEnrollRefused(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts uitest.Options
		srv  bool
		want string
	}{
		{"viewer", uitest.Options{Role: common.RoleViewer}, true, whyViewer},
		{"no Auth API keys", uitest.Options{}, false, whyNoAuth},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var srv *duotest.Server
			if tc.srv {
				srv = duotest.NewServer(t)
			}
			s := uitest.Session(t, srv, tc.opts)
			m, r := newPane(t, s)
			if m.keys.Edit.Enabled() {
				t.Error("the enroll keys should be hidden")
			}
			if !strings.Contains(flat(m.View()), tc.want) {
				t.Errorf("the reason is not on screen:\n%s", m.View())
			}
			r.Keys("enter")
			if m.Capturing() || m.status != tc.want {
				t.Errorf("enter: capturing %v, status %q", m.Capturing(), m.status)
			}
			r.Send(common.SwitchMsg{To: common.TabEnroll, User: "alice"})
			r.Keys("enter")
			if m.phase != phaseForm || m.status != tc.want {
				t.Errorf("a preselected user was enrolled anyway: phase %v, status %q", m.phase, m.status)
			}
		})
	}
}

func TestParseValidity(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"", 24 * time.Hour, true},
		{"1h", time.Hour, true},
		{"1d", 24 * time.Hour, true},
		{"30d", 30 * 24 * time.Hour, true},
		{"2w", 14 * 24 * time.Hour, true},
		{"90m", 90 * time.Minute, true},
		{"3600", time.Hour, true},
		{"1h30m", 90 * time.Minute, true},
		{" 7D ", 7 * 24 * time.Hour, true},
		{"0", 0, false},
		{"-1d", 0, false},
		{"xd", 0, false},
		{"soon", 0, false},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, err := parseValidity(tc.in)
			if (err == nil) != tc.ok || got != tc.want {
				t.Errorf("parseValidity(%q) = %v, %v", tc.in, got, err)
			}
		})
	}
}

func TestCountdown(t *testing.T) {
	for _, tc := range []struct {
		d    time.Duration
		want string
	}{
		{59*time.Second + 900*time.Millisecond, "00:00:59"},
		{time.Hour, "01:00:00"},
		{30*24*time.Hour - time.Second, "29d 23:59:59"},
		{-time.Second, "00:00:00"},
	} {
		if got := countdown(tc.d); got != tc.want {
			t.Errorf("countdown(%v) = %q, want %q", tc.d, got, tc.want)
		}
	}
}

// flat joins a screen's words, so wrapped sentences compare whole.
func flat(s string) string { return strings.Join(strings.Fields(s), " ") }

// A pane too short for the code says so and still shows the link. (The
// duo:// code fits the 19 rows the demo's banner leaves at 80x24.)
func TestEnrollQRDoesNotFit(t *testing.T) {
	srv := duotest.NewServer(t)
	s := uitest.Session(t, srv, uitest.Options{})
	m, r := newPane(t, s)
	m.SetSize(80, 14)
	start(t, r, m, "tess", "1h")
	v := m.View()
	if len(m.qr.lines) != 0 || !strings.Contains(flat(v), "The QR code needs 18 rows and this pane has 14: make the terminal taller") {
		t.Fatalf("no word about the size:\n%s", v)
	}
	if got := strings.Count(v, "\n") + 1; got > 14 {
		t.Errorf("%d lines in a 14-line pane", got)
	}
	if !strings.Contains(strings.ReplaceAll(v, "\n", ""), m.enr.ActivationURL[:30]) {
		t.Errorf("the link is not shown:\n%s", v)
	}
	m.SetSize(80, 18)
	if len(m.qr.lines) != 18 {
		t.Errorf("at 18 rows the code should be drawn: %d lines", len(m.qr.lines))
	}
}
