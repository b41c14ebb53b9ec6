package model

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"

	"duotui/duo"
)

func adminUser(name string) duo.User {
	return duo.User{UserID: "DU" + name, Username: name, Status: "active", IsEnrolled: true,
		Phones: []duo.Phone{{Activated: true, Capabilities: []duo.Capability{duo.CapPush}}}}
}

func names(s *RosterSnapshot) []string {
	var out []string
	for _, u := range s.Users {
		out = append(out, u.Username)
	}
	return out
}

func TestRosterSeenUsersWithoutAdmin(t *testing.T) {
	r := NewRoster()
	r.Seen("carol", "", t0)
	r.SeenInAudit([]AuditRecord{{Time: at(5), User: "Alice"}, {Time: at(1), User: ""}, {Time: at(2), User: "bob"}})
	r.SetPreauth("alice", duo.Preauth{Result: duo.PreauthAuth, Devices: []duo.Device{{Device: "DP1", Capabilities: []duo.Capability{duo.CapPush}}}}, at(9))
	s := r.Snapshot()
	if got := names(s); !slices.Equal(got, []string{"alice", "bob", "carol"}) {
		t.Fatalf("users %v", got)
	}
	a, ok := s.Lookup("ALICE")
	if !ok || a.InAdmin || a.Preauth == nil || !a.LastSeen.Equal(at(9)) || a.State() != StateActive {
		t.Fatalf("alice %+v", a)
	}
	if b, _ := s.Lookup("bob"); b.State() != StateUnknown {
		t.Fatalf("bob state %v", b.State())
	}
}

func TestRosterAdminListingReplacesSeenUsers(t *testing.T) {
	r := NewRoster()
	r.Seen("zed-only-seen", "", t0)
	r.SetAdminUsers([]duo.User{adminUser("old"), adminUser("kept")})
	r.SetPreauth("kept", duo.Preauth{Result: duo.PreauthAllow}, at(1))

	r.BeginAdminLoad()
	r.AddAdminUsers([]duo.User{adminUser("kept"), adminUser("new1")}, 3)
	mid := r.Snapshot()
	if !mid.Loading || mid.Fetched != 2 || mid.Total != 3 {
		t.Fatalf("progress %+v", mid)
	}
	if got := names(mid); !slices.Equal(got, []string{"kept", "new1", "old"}) {
		t.Fatalf("mid-load users %v", got) // old stays visible until the listing completes
	}
	r.AddAdminUsers([]duo.User{adminUser("new2")}, 3)
	r.FinishAdminLoad()
	s := r.Snapshot()
	if got := names(s); !slices.Equal(got, []string{"kept", "new1", "new2"}) || !s.AdminComplete || s.Loading {
		t.Fatalf("after load %v %+v", got, s)
	}
	if k, _ := s.Lookup("kept"); !k.InAdmin || k.Preauth == nil || k.State() != StateBypass {
		t.Fatalf("kept %+v state %v", k, k.State()) // for an active user, Duo's live preauth answer decides
	}
	if got := names(mid); !slices.Equal(got, []string{"kept", "new1", "old"}) {
		t.Fatalf("an old snapshot changed: %v", got)
	}
}

func TestRosterSnapshotsAreCheapAndImmutable(t *testing.T) {
	r := NewRoster()
	var users []duo.User
	for i := range 1000 {
		users = append(users, adminUser(fmt.Sprintf("user%04d", i)))
	}
	r.SetAdminUsers(users)
	s1 := r.Snapshot()
	if r.Snapshot() != s1 {
		t.Fatal("an unchanged roster built a new snapshot")
	}
	r.SetPreauth("user0500", duo.Preauth{Result: duo.PreauthDeny, StatusMsg: "Your account is disabled."}, at(1))
	s2 := r.Snapshot()
	if s2 == s1 || s2.Version == s1.Version {
		t.Fatal("no new snapshot after a change")
	}
	if s1.Users[500].Preauth != nil || s2.Users[500].Preauth == nil {
		t.Fatal("the change leaked into the old snapshot or missed the new one")
	}
	if s1.Users[499] != s2.Users[499] {
		t.Fatal("an unchanged row was copied")
	}
}

// The incremental snapshot must equal a full rebuild after any sequence of
// changes.
func TestRosterIncrementalMatchesRebuild(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	r := NewRoster()
	for step := range 3000 {
		name := fmt.Sprintf("u%03d", rng.IntN(400))
		switch rng.IntN(6) {
		case 0, 1:
			r.Seen(name, "", at(float64(step)))
		case 2:
			r.AddAdminUsers([]duo.User{adminUser(name)}, 0)
		case 3:
			r.SetPreauth(name, duo.Preauth{Result: duo.PreauthAuth}, at(float64(step)))
		case 4:
			if rng.IntN(50) == 0 {
				r.BeginAdminLoad()
			}
		case 5:
			if rng.IntN(100) == 0 {
				r.FinishAdminLoad()
			}
		}
		if step%7 == 0 {
			got := r.Snapshot()
			r.mu.Lock()
			want := r.buildAll()
			r.mu.Unlock()
			if len(got.Users) != len(want) {
				t.Fatalf("step %d: %d users, rebuild has %d", step, len(got.Users), len(want))
			}
			for i := range want {
				if got.Users[i].Username != want[i].Username || got.Users[i].InAdmin != want[i].InAdmin ||
					(got.Users[i].Preauth == nil) != (want[i].Preauth == nil) || !got.Users[i].LastSeen.Equal(want[i].LastSeen) {
					t.Fatalf("step %d row %d: %+v vs %+v", step, i, got.Users[i], want[i])
				}
			}
		}
	}
}

func TestRosterConcurrentUse(t *testing.T) {
	r := NewRoster()
	r.BeginAdminLoad()
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(2)
		go func() {
			defer wg.Done()
			for p := range 20 {
				var page []duo.User
				for i := range 50 {
					page = append(page, adminUser(fmt.Sprintf("g%d-p%02d-%02d", g, p, i)))
				}
				r.AddAdminUsers(page, 4000)
				r.SetPreauth(page[0].Username, duo.Preauth{Result: duo.PreauthAuth}, at(float64(p)))
			}
		}()
		go func() {
			defer wg.Done()
			for range 50 {
				s := r.Snapshot()
				if !slices.IsSortedFunc(s.Users, cmpUsers) {
					t.Error("snapshot not sorted")
					return
				}
			}
		}()
	}
	wg.Wait()
	r.FinishAdminLoad()
	if s := r.Snapshot(); len(s.Users) != 4000 || s.Fetched != 4000 {
		t.Fatalf("%d users, fetched %d", len(s.Users), s.Fetched)
	}
}

func TestUserStates(t *testing.T) {
	push := []duo.Capability{duo.CapPush}
	tests := []struct {
		name string
		u    RosterUser
		want UserState
	}{
		{"admin active with push", RosterUser{InAdmin: true, User: adminUser("a")}, StateActive},
		{"admin disabled", RosterUser{InAdmin: true, User: duo.User{Status: "disabled", IsEnrolled: true}}, StateDisabled},
		{"admin locked out", RosterUser{InAdmin: true, User: duo.User{Status: "locked out"}}, StateLockedOut},
		{"admin bypass", RosterUser{InAdmin: true, User: duo.User{Status: "bypass"}}, StateBypass},
		{"admin pending deletion", RosterUser{InAdmin: true, User: duo.User{Status: "pending deletion"}}, StatePendingDeletion},
		{"admin not enrolled", RosterUser{InAdmin: true, User: duo.User{Status: "active"}}, StateNotEnrolled},
		{"enrolled, push app never activated", RosterUser{InAdmin: true, User: duo.User{Status: "active", IsEnrolled: true,
			Phones: []duo.Phone{{Capabilities: push}}}}, StateNoCapableDevice},
		{"enrolled, landline", RosterUser{InAdmin: true, User: duo.User{Status: "active", IsEnrolled: true,
			Phones: []duo.Phone{{Capabilities: []duo.Capability{duo.CapPhone}}}}}, StateActive},
		{"enrolled, token only", RosterUser{InAdmin: true, User: duo.User{Status: "active", IsEnrolled: true, Tokens: []duo.Token{{}}}}, StateActive},
		{"enrolled, nothing usable", RosterUser{InAdmin: true, User: duo.User{Status: "active", IsEnrolled: true}}, StateNoCapableDevice},
		{"preauth auth, no capable device", RosterUser{Preauth: &PreauthSeen{Preauth: duo.Preauth{Result: duo.PreauthAuth,
			Devices: []duo.Device{{Capabilities: []duo.Capability{duo.CapAuto}}}}}}, StateNoCapableDevice},
		{"preauth enroll", RosterUser{Preauth: &PreauthSeen{Preauth: duo.Preauth{Result: duo.PreauthEnroll}}}, StateNotEnrolled},
		{"preauth allow", RosterUser{Preauth: &PreauthSeen{Preauth: duo.Preauth{Result: duo.PreauthAllow}}}, StateBypass},
		{"preauth deny locked", RosterUser{Preauth: &PreauthSeen{Preauth: duo.Preauth{Result: duo.PreauthDeny, StatusMsg: "Your account has been locked out due to excessive authentication failures."}}}, StateLockedOut},
		{"preauth deny policy", RosterUser{Preauth: &PreauthSeen{Preauth: duo.Preauth{Result: duo.PreauthDeny, StatusMsg: "Access denied from your location."}}}, StateDenied},
		{"preauth failed", RosterUser{Preauth: &PreauthSeen{Err: "Duo could not be reached."}}, StateUnknown},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			u := tc.u
			if got := u.State(); got != tc.want {
				t.Fatalf("state %q, want %q", got, tc.want)
			}
			info := u.Explain()
			if info.Meaning == "" || (info.Level >= LevelWarn && info.Fix == "") {
				t.Fatalf("explanation %+v", info)
			}
		})
	}
	denied := RosterUser{Preauth: &PreauthSeen{Preauth: duo.Preauth{Result: duo.PreauthDeny, StatusMsg: "Access denied from your location."}}}
	if got := denied.Explain().Meaning; !strings.Contains(got, "(Duo says: Access denied from your location.)") {
		t.Fatalf("%q", got)
	}
}

// buildAll is the reference: every row built from scratch.
func (r *Roster) buildAll() []*RosterUser {
	keys := make(map[string]struct{}, len(r.admin)+len(r.seen))
	for k := range r.admin {
		keys[k] = struct{}{}
	}
	for k := range r.seen {
		keys[k] = struct{}{}
	}
	users := make([]*RosterUser, 0, len(keys))
	for k := range keys {
		if u := r.entry(k); u != nil {
			users = append(users, u)
		}
	}
	slices.SortFunc(users, cmpUsers)
	return users
}
