package users

import (
	"slices"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/list"
	tea "github.com/charmbracelet/bubbletea"

	"duotui/duo"
	"duotui/duo/duotest"
	"duotui/model"
	"duotui/ui/uitest"
)

// benchQuery is typed one character at a time: a username as an
// administrator types it. Its first letters match nearly every user (every
// e-mail ends in @example.com), the worst case for ranking.
const benchQuery = "maria.rossi"

// adminUsers turns simulator users into what the Admin API returns.
func adminUsers(us []duotest.User) []duo.User {
	out := make([]duo.User, len(us))
	for i, u := range us {
		d := duo.User{UserID: u.ID, Username: u.Name, RealName: u.RealName, Email: u.Email,
			Status: u.Status, IsEnrolled: len(u.Devices) > 0, LastLogin: u.LastLogin, Created: u.Created}
		if d.Status == "" {
			d.Status = duotest.StatusActive
		}
		for _, g := range u.Groups {
			d.Groups = append(d.Groups, duo.Group{Name: g})
		}
		for _, dv := range u.Devices {
			p := duo.Phone{Number: dv.Number, Name: dv.Name, Platform: dv.Platform, Activated: true}
			for _, c := range dv.Capabilities {
				p.Capabilities = append(p.Capabilities, duo.Capability(c))
			}
			d.Phones = append(d.Phones, p)
		}
		out[i] = d
	}
	return out
}

// listItem is a user as a bubbles/list item, filtered on the same text.
type listItem struct{ u duo.User }

func (i listItem) Title() string       { return i.u.Username }
func (i listItem) Description() string { return i.u.RealName + " · " + i.u.Email }
func (i listItem) FilterValue() string { return i.u.Username + " " + i.u.RealName + " " + i.u.Email }

// BenchmarkUsersFilter: keystroke → rendered frame at 100 000 users, ours
// and bubbles/list's default filter on the same users in the same run.
// Each iteration types benchQuery one character at a time; p50/p99 are
// over every keystroke of every iteration.
func BenchmarkUsersFilter(b *testing.B) {
	users := adminUsers(duotest.GenerateUsers(100_000, 1))
	const w, h = 80, 20 // the pane in an 80x24 terminal

	b.Run("impl=duotui", func(b *testing.B) {
		s := uitest.Session(b, nil, uitest.Options{NoAdmin: true})
		s.Roster.SetAdminUsers(users)
		m := New(s)
		m.SetSize(w, h)
		m.Update(uitest.Key("/"))
		var lat []time.Duration
		for b.Loop() {
			for _, c := range benchQuery {
				t0 := time.Now()
				m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{c}})
				_ = m.View()
				lat = append(lat, time.Since(t0))
			}
			if m.rows() == 0 {
				b.Fatalf("%q matched nobody", benchQuery)
			}
			m.Update(uitest.Key("esc")) // clears the filter
			m.Update(uitest.Key("/"))
		}
		reportLatency(b, lat)
	})

	b.Run("impl=bubbles-list", func(b *testing.B) {
		items := make([]list.Item, len(users))
		for i, u := range users {
			items[i] = listItem{u}
		}
		l := list.New(items, list.NewDefaultDelegate(), w, h)
		var lat []time.Duration
		for b.Loop() {
			l, _ = l.Update(uitest.Key("/"))
			for _, c := range benchQuery {
				t0 := time.Now()
				var cmd tea.Cmd
				l, cmd = l.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{c}})
				l, _ = l.Update(filterResult(cmd))
				_ = l.View()
				lat = append(lat, time.Since(t0))
			}
			if len(l.VisibleItems()) == 0 {
				b.Fatalf("%q matched nobody", benchQuery)
			}
			l.ResetFilter()
		}
		reportLatency(b, lat)
	})
}

// filterResult runs the commands a keystroke returned and gives back the
// list's filter result. The others (the cursor's blink timer) are left
// running on their own.
func filterResult(cmd tea.Cmd) tea.Msg {
	ch := make(chan tea.Msg, 8)
	var run func(tea.Cmd)
	run = func(c tea.Cmd) {
		if c == nil {
			return
		}
		go func() {
			msg := c()
			if batch, ok := msg.(tea.BatchMsg); ok {
				for _, c := range batch {
					run(c)
				}
				return
			}
			ch <- msg
		}()
	}
	run(cmd)
	for msg := range ch {
		if fm, ok := msg.(list.FilterMatchesMsg); ok {
			return fm
		}
	}
	return nil
}

func reportLatency(b *testing.B, lat []time.Duration) {
	if len(lat) == 0 {
		return
	}
	slices.Sort(lat)
	pct := func(p float64) float64 {
		i := min(len(lat)-1, int(p*float64(len(lat))))
		return float64(lat[i]) / float64(time.Millisecond)
	}
	b.ReportMetric(pct(0.50), "p50-ms/key")
	b.ReportMetric(pct(0.99), "p99-ms/key")
}

// BenchmarkLoadUsers: 100 000 users from the simulator through the Admin
// API client into the roster, one command per page as the running pane
// does, drawing the progress frame after every page. Budget: 3 s.
func BenchmarkLoadUsers(b *testing.B) {
	srv := duotest.NewServer(b, duotest.WithGeneratedUsers(100_000, 1))
	s := uitest.Session(b, srv, uitest.Options{})
	var frames, progressFrames int
	for b.Loop() {
		s.Roster = model.NewRoster()
		m := New(s)
		m.SetSize(80, 20)
		queue := []tea.Cmd{m.Init()}
		for len(queue) > 0 {
			cmd := queue[0]
			queue = queue[1:]
			if cmd == nil {
				continue
			}
			switch msg := cmd().(type) {
			case nil:
			case tea.BatchMsg:
				queue = append(queue, msg...)
			default:
				_, next := m.Update(msg)
				if m.snap.Loading {
					progressFrames++
				}
				_ = m.View()
				frames++
				queue = append(queue, next)
			}
		}
		if !m.snap.AdminComplete || len(m.snap.Users) != 100_000 {
			b.Fatalf("loaded %d users, complete=%v: %s", len(m.snap.Users), m.snap.AdminComplete, m.status)
		}
	}
	b.ReportMetric(float64(progressFrames)/float64(b.N), "progress-frames/op")
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/load")
}
