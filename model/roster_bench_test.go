package model

import (
	"fmt"
	"testing"

	"duotui/duo"
)

func benchUsers(n int) []duo.User {
	users := make([]duo.User, n)
	for i := range users {
		users[i] = adminUser(fmt.Sprintf("user%06d", (i*7919)%n)) // pages arrive in no particular order
	}
	return users
}

// BenchmarkRosterSnapshot: the cost the users pane pays per frame at
// 100 000 users, when nothing changed and after one preauth result.
func BenchmarkRosterSnapshot(b *testing.B) {
	r := NewRoster()
	r.SetAdminUsers(benchUsers(100_000))
	r.Snapshot()
	b.Run("change=none", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			r.Snapshot()
		}
	})
	b.Run("change=one-preauth", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			i++
			r.SetPreauth(fmt.Sprintf("user%06d", i%100_000), duo.Preauth{Result: duo.PreauthAuth}, t0)
			r.Snapshot()
		}
	})
}

// BenchmarkRosterLoad100k: 100 000 users arriving in Admin API pages of 300
// with a snapshot after each page, as the users pane draws progress.
func BenchmarkRosterLoad100k(b *testing.B) {
	users := benchUsers(100_000)
	b.ReportAllocs()
	for b.Loop() {
		r := NewRoster()
		r.BeginAdminLoad()
		for off := 0; off < len(users); off += 300 {
			r.AddAdminUsers(users[off:min(off+300, len(users))], len(users))
			r.Snapshot()
		}
		r.FinishAdminLoad()
		if s := r.Snapshot(); len(s.Users) != len(users) {
			b.Fatal(len(s.Users))
		}
	}
}
