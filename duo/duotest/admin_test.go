package duotest

import (
	"bytes"
	"encoding/json"
	"net/url"
	"testing"
	"time"
)

type pageMeta struct {
	TotalObjects int  `json:"total_objects"`
	NextOffset   *int `json:"next_offset"`
	PrevOffset   *int `json:"prev_offset"`
}

func usersPage(t *testing.T, srv *Server, params url.Values) ([]adminUserJSON, pageMeta) {
	t.Helper()
	r := do(t, srv, nil, "GET", "/admin/v1/users", params, signOpts{ikey: srv.AdminIKey, skey: srv.AdminSKey})
	var users []adminUserJSON
	r.decode(t, &users)
	var m pageMeta
	if err := json.Unmarshal(r.env.Metadata, &m); err != nil {
		t.Fatalf("metadata %s: %v", r.env.Metadata, err)
	}
	return users, m
}

func intp(n int) *int { return &n }

func TestUsersPaging(t *testing.T) {
	srv := NewServer(t, WithUsers(), WithGeneratedUsers(650, 1))
	cases := []struct {
		name       string
		params     url.Values
		n          int
		next, prev *int
	}{
		{"default page", nil, 100, intp(100), nil},
		{"second page", url.Values{"offset": {"100"}}, 100, intp(200), intp(0)},
		{"limit 300", url.Values{"limit": {"300"}, "offset": {"300"}}, 300, intp(600), intp(0)},
		{"limit above 300 is capped", url.Values{"limit": {"1000"}}, 300, intp(300), nil},
		{"last page", url.Values{"limit": {"300"}, "offset": {"600"}}, 50, nil, intp(300)},
		{"past the end", url.Values{"offset": {"5000"}}, 0, nil, intp(4900)},
		{"username filter", url.Values{"username": {"james.smith"}}, 0, nil, nil},
	}
	first, _ := usersPage(t, srv, url.Values{"limit": {"1"}})
	cases[len(cases)-1].params.Set("username", first[0].Username)
	cases[len(cases)-1].n = 1
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			users, m := usersPage(t, srv, c.params)
			if len(users) != c.n {
				t.Fatalf("%d users, want %d", len(users), c.n)
			}
			if c.name != "username filter" && m.TotalObjects != 650 {
				t.Errorf("total_objects %d", m.TotalObjects)
			}
			if !eqPtr(m.NextOffset, c.next) || !eqPtr(m.PrevOffset, c.prev) {
				t.Errorf("next %v prev %v, want %v %v", deref(m.NextOffset), deref(m.PrevOffset), deref(c.next), deref(c.prev))
			}
		})
	}
	for _, bad := range []url.Values{{"limit": {"0"}}, {"limit": {"x"}}, {"offset": {"-1"}}} {
		r := do(t, srv, nil, "GET", "/admin/v1/users", bad, signOpts{ikey: srv.AdminIKey, skey: srv.AdminSKey})
		if r.env.Code != CodeInvalidParam {
			t.Errorf("%v: %s", bad, r.body)
		}
	}
}

func eqPtr(a, b *int) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }
func deref(p *int) any {
	if p == nil {
		return "absent"
	}
	return *p
}

func TestGenerateUsersDeterministic(t *testing.T) {
	a, b := GenerateUsers(2000, 42), GenerateUsers(2000, 42)
	statuses := map[string]int{}
	enrolled := 0
	names := map[string]bool{}
	for i := range a {
		if a[i].Name != b[i].Name || a[i].ID != b[i].ID || len(a[i].Devices) != len(b[i].Devices) {
			t.Fatalf("user %d differs: %+v vs %+v", i, a[i], b[i])
		}
		if names[a[i].Name] {
			t.Fatalf("username %q twice", a[i].Name)
		}
		names[a[i].Name] = true
		statuses[a[i].Status]++
		if len(a[i].Devices) > 0 {
			enrolled++
		}
	}
	for _, s := range []string{StatusActive, StatusBypass, StatusDisabled, StatusLockedOut} {
		if statuses[s] == 0 {
			t.Errorf("no %q users in %v", s, statuses)
		}
	}
	if enrolled < 1500 || enrolled > 1900 {
		t.Errorf("%d of 2000 enrolled", enrolled)
	}
	if c := GenerateUsers(5, 43); c[0].Name == a[0].Name && c[1].Name == a[1].Name {
		t.Error("another seed gave the same users")
	}
	// Two servers from the same seed render the same Admin API bytes.
	s1 := NewServer(t, WithUsers(), WithGeneratedUsers(50, 9))
	s2 := NewServer(t, WithUsers(), WithGeneratedUsers(50, 9))
	r1 := do(t, s1, nil, "GET", "/admin/v1/users", nil, signOpts{ikey: s1.AdminIKey, skey: s1.AdminSKey})
	r2 := do(t, s2, nil, "GET", "/admin/v1/users", nil, signOpts{ikey: s2.AdminIKey, skey: s2.AdminSKey})
	if !bytes.Equal(r1.body, r2.body) {
		t.Error("same seed, different JSON")
	}
}

func TestAdminUserShape(t *testing.T) {
	srv := NewServer(t, WithPhone(ApproveAfter(0)))
	before, _ := usersPage(t, srv, url.Values{"username": {"alice"}})
	auth(t, srv, "username", "alice", "factor", "push")
	after, _ := usersPage(t, srv, url.Values{"username": {"alice"}})
	a := after[0]
	if a.LastLogin == nil || *a.LastLogin == *before[0].LastLogin || time.Since(time.Unix(*a.LastLogin, 0)) > 5*time.Second {
		t.Errorf("last_login not updated by an allowed push: %v → %v", before[0].LastLogin, a.LastLogin)
	}
	if a.Phones[0].LastSeen == "" || a.Phones[0].Number != "+15555550100" || a.Phones[0].Platform != "Apple iOS" ||
		a.Phones[0].Type != "Mobile" || !a.IsEnrolled || a.Status != "active" || len(a.Groups) != 2 {
		t.Errorf("alice = %+v", a)
	}
	dave, _ := usersPage(t, srv, url.Values{"username": {"dave"}})
	if len(dave[0].Tokens) != 1 || dave[0].Tokens[0].Serial != "12345678" {
		t.Errorf("dave's tokens %+v", dave[0].Tokens)
	}
	r := do(t, srv, nil, "GET", "/admin/v1/users/"+a.UserID, nil, signOpts{ikey: srv.AdminIKey, skey: srv.AdminSKey})
	var one adminUserJSON
	r.decode(t, &one)
	if one.Username != "alice" {
		t.Errorf("user by id: %+v", one)
	}
	if r := do(t, srv, nil, "GET", "/admin/v1/users/DUNOPE", nil, signOpts{ikey: srv.AdminIKey, skey: srv.AdminSKey}); r.status != 404 {
		t.Errorf("unknown user id: %s", r.body)
	}
}

func TestSummaryAndAdminEnroll(t *testing.T) {
	srv := NewServer(t, WithTelephonyCredits(10), WithPhone(ApproveAfter(0)))
	admin := signOpts{ikey: srv.AdminIKey, skey: srv.AdminSKey}
	auth(t, srv, "username", "carol", "factor", "phone")
	auth(t, srv, "username", "alice", "factor", "sms")
	auth(t, srv, "username", "alice", "factor", "push")
	var sum summaryJSON
	do(t, srv, nil, "GET", "/admin/v1/info/summary", nil, admin).decode(t, &sum)
	if sum.TelephonyCreditsRemaining != 8 || sum.UserCount != len(SampleUsers()) || sum.IntegrationCount != 3 {
		t.Errorf("summary %+v", sum)
	}
	var code string
	do(t, srv, nil, "POST", "/admin/v1/users/enroll", url.Values{"username": {"zed"}, "email": {"zed@example.com"}}, admin).decode(t, &code)
	if err := srv.Activate(code); err != nil {
		t.Fatal(err)
	}
	zed, _ := usersPage(t, srv, url.Values{"username": {"zed"}})
	if len(zed) != 1 || !zed[0].IsEnrolled || zed[0].Email != "zed@example.com" {
		t.Errorf("zed = %+v", zed)
	}
	r := do(t, srv, nil, "POST", "/admin/v1/users/enroll", url.Values{"username": {"zed"}}, admin)
	if r.env.Code != CodeMissingParam || r.env.MessageDetail != "email" {
		t.Errorf("missing email: %s", r.body)
	}
}
