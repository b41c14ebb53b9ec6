package users

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"duotui/duo/duotest"
	"duotui/model"
	"duotui/ui/common"
	"duotui/ui/uitest"
)

// loaded returns a pane over srv with the Admin API listing in.
func loaded(t *testing.T, s *common.Session, w, h int) (*Model, *uitest.Runner) {
	t.Helper()
	m := New(s)
	r := uitest.NewRunner(t, m, w, h)
	r.Until("the Admin API listing", func() bool { return m.snap.AdminComplete })
	return m, r
}

// flat joins a screen's words, so wrapped sentences compare whole.
func flat(s string) string { return strings.Join(strings.Fields(s), " ") }

func TestFilterHighlightsAndKeepsCursor(t *testing.T) {
	srv := duotest.NewServer(t)
	s := uitest.Session(t, srv, uitest.Options{})
	// Upper-case stands in for the highlight: the ASCII test theme has no
	// colours to look for.
	s.Theme.Match = s.Theme.Renderer().NewStyle().Transform(strings.ToUpper)
	m, r := loaded(t, s, 80, 20)

	r.Keys("/", "f", "r")
	v := m.View()
	if !strings.Contains(v, "> FRank") || !strings.Contains(v, "1 of 10") {
		t.Fatalf("filtering for \"fr\" should list frank alone, f and r highlighted:\n%s", v)
	}
	if !m.Capturing() {
		t.Error("the filter field should capture keys while it has focus")
	}

	r.Keys("esc", "/jud") // typed fast: one key of several characters
	if !m.Capturing() || m.input.Value() != "jud" || m.current().Username != "judy" {
		t.Errorf("\"/jud\" in one key: filter %q, on %s", m.input.Value(), m.current().Username)
	}
	r.Keys("backspace", "backspace", "backspace", "a")
	if got := m.current().Username; m.cursor != 0 || got != "alice" {
		t.Errorf("after a new query the cursor is on %q (row %d), want the best match alice", got, m.cursor)
	}
	r.Keys("down")
	second := m.current().Username
	if m.cursor != 1 || second == "alice" {
		t.Errorf("down moved the cursor to row %d (%s)", m.cursor, second)
	}
	r.Keys("enter")
	if m.Capturing() || m.input.Value() != "a" {
		t.Errorf("enter should leave the field and keep the query (capturing %v, query %q)", m.Capturing(), m.input.Value())
	}
	r.Keys("esc")
	if m.ranked != nil || m.rows() != 10 || m.current().Username != second {
		t.Errorf("esc should clear the query and keep %s selected; rows %d, on %s", second, m.rows(), m.current().Username)
	}
}

// Rows arriving above the selected user do not move the selection.
func TestCursorStaysOnUserWhenListChanges(t *testing.T) {
	s := uitest.Session(t, nil, uitest.Options{NoAdmin: true})
	s.Roster.Seen("bob", "", uitest.Epoch)
	s.Roster.Seen("carol", "", uitest.Epoch)
	m := New(s)
	r := uitest.NewRunner(t, m, 80, 20)
	r.Keys("j")
	if m.current().Username != "carol" {
		t.Fatalf("on %s", m.current().Username)
	}
	s.Roster.Seen("aaron", "", uitest.Epoch)
	r.Send(struct{}{}) // any message: the pane takes the new snapshot
	if m.rows() != 3 || m.current().Username != "carol" || m.cursor != 2 {
		t.Errorf("rows %d, cursor %d on %s; want carol at row 2", m.rows(), m.cursor, m.current().Username)
	}
}

func TestAdminLoadShowsProgressAndStops(t *testing.T) {
	srv := duotest.NewServer(t, duotest.WithGeneratedUsers(3000, 1),
		duotest.WithFaults(duotest.Fault{Path: "/admin/v1/users", Kind: duotest.FaultLatency, Latency: 20 * time.Millisecond}))
	s := uitest.Session(t, srv, uitest.Options{})
	m := New(s)
	r := uitest.NewRunner(t, m, 80, 20)
	r.Until("the first page", func() bool { return m.load != nil && m.load.fetched >= 300 })
	if v := m.View(); !strings.Contains(v, "loading") || !strings.Contains(v, "300/3,000") {
		t.Fatalf("no progress after the first page:\n%s", v)
	}
	if !m.keys.Stop.Enabled() {
		t.Error("esc (stop loading) should be offered while loading")
	}

	r.Keys("esc")
	snap := s.Roster.Snapshot()
	if m.load != nil || snap.Loading || snap.AdminComplete {
		t.Fatalf("esc did not stop the listing: loading %v, complete %v", snap.Loading, snap.AdminComplete)
	}
	if n := len(snap.Users); n == 0 || n >= 3000 {
		t.Errorf("after stopping, %d users listed; want the pages fetched so far", n)
	}
	if !strings.Contains(m.View(), "Stopped loading at") {
		t.Errorf("no word about stopping:\n%s", m.View())
	}

	srv.ClearFaults()
	r.Keys("L")
	r.Until("the reload", func() bool { return m.snap.AdminComplete })
	if n := len(m.snap.Users); n != 3000 {
		t.Errorf("reload listed %d users, want 3000", n)
	}
	if !strings.Contains(m.View(), "Loaded 3,000 users from the Admin API.") {
		t.Errorf("no completion line:\n%s", m.View())
	}
}

func TestLoadFailureIsOneSentence(t *testing.T) {
	srv := duotest.NewServer(t, duotest.WithFaults(duotest.Fault{Path: "/admin/v1/users", Kind: duotest.Fault500}))
	s := uitest.Session(t, srv, uitest.Options{})
	m := New(s)
	r := uitest.NewRunner(t, m, 80, 20)
	r.Until("the failure", func() bool { return m.load == nil && m.status != "" })
	if m.statusLevel != common.Failure || !strings.Contains(m.status, "Duo's server failed") {
		t.Errorf("status %q (level %v)", m.status, m.statusLevel)
	}
	r.Keys("j") // still responds
}

// Without admin keys the list is the users this app has seen (from the
// audit log), and any typed username is looked up with preauth.
func TestNoAdminListsSeenUsersAndLooksUpTyped(t *testing.T) {
	srv := duotest.NewServer(t)
	s := uitest.Session(t, srv, uitest.Options{NoAdmin: true})
	if err := s.Record(model.AuditRecord{Action: model.ActionPush, User: "bob", Result: "allow"}); err != nil {
		t.Fatal(err)
	}
	m := New(s)
	r := uitest.NewRunner(t, m, 80, 20)
	r.Until("bob, from the audit log", func() bool { return m.find("bob") >= 0 })
	if v := m.View(); !strings.Contains(v, "users seen here (no Admin API keys)") {
		t.Errorf("the source is not named:\n%s", v)
	}

	r.Keys("/")
	r.Keys(uitest.Chars("heidi")...)
	if v := flat(m.View()); !strings.Contains(v, `No listed user matches "heidi": press enter to ask Duo about "heidi".`) {
		t.Errorf("no offer to look heidi up:\n%s", m.View())
	}
	r.Keys("enter")
	r.Until("heidi's preauth", func() bool { return len(m.pending) == 0 && m.find("heidi") >= 0 })
	if u := m.current(); u == nil || u.Username != "heidi" {
		t.Fatalf("heidi is not selected after the lookup: %v", u)
	}
	v := flat(m.View())
	for _, want := range []string{"enroll: Duo would ask them to enroll", flat(model.ExplainState(model.StateNotEnrolled).Meaning)} {
		if !strings.Contains(v, want) {
			t.Errorf("detail lacks %q:\n%s", want, m.View())
		}
	}
	r.Until("the audit record", func() bool { return seenAudited(r.Seen) })
	page, err := s.Audit.Read(model.AuditQuery{Action: model.ActionPreauth})
	if err != nil || len(page.Records) != 1 {
		t.Fatalf("preauth records: %v, %v", page.Records, err)
	}
	if rec := page.Records[0]; rec.User != "heidi" || rec.Result != "enroll" || rec.Actor.User != "tester" || rec.Host != srv.Host {
		t.Errorf("audit record %+v", rec)
	}
}

func seenAudited(msgs []tea.Msg) bool {
	for _, m := range msgs {
		if _, ok := m.(common.AuditedMsg); ok {
			return true
		}
	}
	return false
}

// Each Duo user state is shown as what it means for the administrator,
// from the Admin API's record and from preauth alone.
func TestUserStatesExplained(t *testing.T) {
	nina := duotest.User{Name: "nina", RealName: "Nina North",
		Devices: []duotest.Device{{Number: "+15555550120", Platform: "Unknown", Capabilities: []string{duotest.CapAuto}}}}
	srv := duotest.NewServer(t, duotest.WithUsers(append(duotest.SampleUsers(), nina)...))
	for _, mode := range []struct {
		name    string
		noAdmin bool
	}{{"admin", false}, {"preauth-only", true}} {
		for _, tc := range []struct {
			user string
			want model.UserState
			tag  string
		}{
			{"alice", model.StateActive, "active"},
			{"erin", model.StateBypass, "bypass"},
			{"frank", model.StateLockedOut, "locked out"},
			{"grace", model.StateDisabled, "disabled"},
			{"heidi", model.StateNotEnrolled, "not enrolled"},
			{"nina", model.StateNoCapableDevice, "no device"},
		} {
			t.Run(mode.name+"/"+tc.user, func(t *testing.T) {
				s := uitest.Session(t, srv, uitest.Options{NoAdmin: mode.noAdmin})
				m := New(s)
				r := uitest.NewRunner(t, m, 80, 40)
				if !mode.noAdmin {
					r.Until("the listing", func() bool { return m.snap.AdminComplete })
				}
				r.Keys("/")
				r.Keys(uitest.Chars(tc.user)...)
				r.Keys("enter", "r")
				r.Until("the preauth answer", func() bool {
					u := m.current()
					return len(m.pending) == 0 && u != nil && u.Username == tc.user && u.Preauth != nil
				})
				info := model.ExplainState(tc.want)
				v := flat(m.View())
				if got := m.current().State(); got != tc.want {
					t.Errorf("state %q, want %q", got, tc.want)
				}
				if !strings.Contains(v, flat(info.Meaning)) {
					t.Errorf("the meaning of %q is not shown:\n%s", tc.want, m.View())
				}
				if !strings.Contains(v, tc.user+" "+m.current().RealName) || !strings.Contains(v, tc.tag) {
					t.Errorf("row lacks the %q tag:\n%s", tc.tag, m.View())
				}
			})
		}
	}
}

func TestActionsOpenSendAndEnroll(t *testing.T) {
	srv := duotest.NewServer(t)
	for _, tc := range []struct {
		key  string
		role common.Role
		want *common.SwitchMsg
	}{
		{"s", common.RoleAdmin, &common.SwitchMsg{To: common.TabSend, User: "bob"}},
		{"e", common.RoleAdmin, &common.SwitchMsg{To: common.TabEnroll, User: "bob"}},
		{"s", common.RoleViewer, nil},
		{"e", common.RoleViewer, nil},
	} {
		t.Run(tc.role.String()+"/"+tc.key, func(t *testing.T) {
			s := uitest.Session(t, srv, uitest.Options{Role: tc.role})
			m, r := loaded(t, s, 80, 20)
			r.Keys("j", tc.key)
			if tc.want == nil {
				if m.keys.Send.Enabled() || m.keys.Enroll.Enabled() {
					t.Error("send and enroll should be hidden from a viewer's help")
				}
				if m.status != whyViewer {
					t.Errorf("status %q, want the reason", m.status)
				}
				return
			}
			r.Until("the switch", func() bool {
				for _, msg := range r.Seen {
					if sw, ok := msg.(common.SwitchMsg); ok {
						if sw != *tc.want {
							t.Fatalf("switch %+v, want %+v", sw, *tc.want)
						}
						return true
					}
				}
				return false
			})
		})
	}
}

// Another pane's preauth answer (Send's) lands in the roster and the detail.
func TestPreauthFromAnotherPane(t *testing.T) {
	srv := duotest.NewServer(t)
	s := uitest.Session(t, srv, uitest.Options{})
	m, r := loaded(t, s, 80, 20)
	c := s.Clients().Auth
	msg := askPreauth(s.Ctx, c, "alice")()
	r.Send(msg)
	if u := m.current(); u.Username != "alice" || u.Preauth == nil || u.State() != model.StateActive {
		t.Fatalf("alice after a preauth from elsewhere: %+v", u)
	}
	if !strings.Contains(m.View(), "auth: a second factor is needed (1 device)") {
		t.Errorf("detail:\n%s", m.View())
	}
}

// SSH sessions share the roster: a second session shows the first one's
// listing instead of starting its own, and a session that ends mid-listing
// does not leave the others waiting.
func TestSharedListing(t *testing.T) {
	srv := duotest.NewServer(t, duotest.WithGeneratedUsers(3000, 1),
		duotest.WithFaults(duotest.Fault{Path: "/admin/v1/users", Kind: duotest.FaultLatency, Latency: 20 * time.Millisecond}))
	s1 := uitest.Session(t, srv, uitest.Options{})
	ctx, endSession := context.WithCancel(s1.Ctx)
	s1.Ctx = ctx
	m1 := New(s1)
	r1 := uitest.NewRunner(t, m1, 80, 20)
	r1.Until("the first page", func() bool { return m1.load != nil && m1.load.fetched >= 300 })

	s2 := *s1 // another session on the same Env
	s2.Ctx = t.Context()
	m2 := New(&s2)
	r2 := uitest.NewRunner(t, m2, 80, 20)
	r2.Until("the other session's progress", func() bool { return strings.Contains(m2.View(), "loading") })
	if m2.load != nil {
		t.Fatal("the second session started a listing of its own")
	}
	r2.Keys("L")
	if m2.load != nil || !strings.Contains(m2.status, "Another session is loading") {
		t.Errorf("L during another session's listing: status %q", m2.status)
	}

	endSession()
	deadline := time.Now().Add(5 * time.Second)
	for s1.Roster.Snapshot().Loading {
		if time.Now().After(deadline) {
			t.Fatal("the roster still says loading after the session that loaded it ended")
		}
		time.Sleep(5 * time.Millisecond) // polling a condition with a deadline
	}
	r2.Until("the watch to notice", func() bool { return !m2.snap.Loading })
	if !strings.Contains(m2.status, "The other session's listing stopped at") {
		t.Errorf("status %q", m2.status)
	}
	r2.Keys("L")
	r2.Until("the second session's own listing", func() bool { return m2.snap.AdminComplete })
}
