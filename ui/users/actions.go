package users

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"duotui/duo"
	"duotui/ui/common"
)

// Sentences for keys that cannot act.
const (
	whyViewer  = "This session has the viewer role, which cannot send or enroll: connect with an administrator's key to do that."
	whyNoUser  = "No user is selected: pick one from the list, or type a username and press enter to look it up."
	whyNoAdmin = "There are no Admin API keys, so the full user list cannot be loaded: add them in Setup, or look users up by typing their username."
	whyNoAuth  = "There are no working Auth API keys yet, so Duo cannot be asked about users: finish the Setup tab first."

	whyOtherLoading = "Another session is loading the user list right now; it appears here as it arrives."
)

func (m *Model) key(msg tea.KeyMsg) tea.Cmd {
	if m.input.Focused() {
		return m.filterKey(msg)
	}
	k := m.raw
	switch {
	case key.Matches(msg, k.Up):
		return m.move(-1)
	case key.Matches(msg, k.Down):
		return m.move(1)
	case key.Matches(msg, k.PageUp):
		return m.move(-max(1, m.lay.listH-1))
	case key.Matches(msg, k.PageDown):
		return m.move(max(1, m.lay.listH-1))
	case key.Matches(msg, k.Top):
		return m.move(-m.rows())
	case key.Matches(msg, k.Bottom):
		return m.move(m.rows())
	case key.Matches(msg, k.Filter):
		return m.input.Focus()
	case msg.Type == tea.KeyRunes && len(msg.Runes) > 1 && msg.Runes[0] == '/':
		// Typed faster than the terminal is read: "/jud" arrives as one key.
		msg.Runes = msg.Runes[1:]
		return tea.Batch(m.input.Focus(), m.filterKey(msg))
	case key.Matches(msg, k.Stop) && m.load != nil:
		m.stopLoad()
		return nil
	case key.Matches(msg, k.Clear) && m.input.Value() != "":
		m.input.SetValue("")
		return m.refilter()
	case key.Matches(msg, k.Send):
		return m.switchTo(common.TabSend)
	case key.Matches(msg, k.Enroll):
		return m.switchTo(common.TabEnroll)
	case key.Matches(msg, k.Refresh):
		if u := m.current(); u != nil {
			return m.lookup(u.Username, true)
		}
		m.setStatus(whyNoUser, common.Warning)
	case key.Matches(msg, k.Reload):
		return m.startLoad(true)
	}
	return nil
}

// filterKey handles a key while the filter field has focus: text goes to
// the field, arrows still move the cursor.
func (m *Model) filterKey(msg tea.KeyMsg) tea.Cmd {
	switch msg.Type {
	case tea.KeyEnter:
		m.input.Blur()
		return m.accept()
	case tea.KeyEsc:
		m.input.Blur()
		if m.input.Value() == "" {
			return nil
		}
		m.input.SetValue("")
		return m.refilter()
	case tea.KeyUp:
		return m.move(-1)
	case tea.KeyDown:
		return m.move(1)
	case tea.KeyPgUp:
		return m.move(-max(1, m.lay.listH-1))
	case tea.KeyPgDown:
		return m.move(max(1, m.lay.listH-1))
	}
	old := m.input.Value()
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(msg)
	if m.input.Value() == old {
		return cmd
	}
	return tea.Batch(cmd, m.refilter())
}

// accept ends filtering. A query that names no listed user is looked up
// with preauth: that is how users are found without Admin API keys.
func (m *Model) accept() tea.Cmd {
	q := strings.TrimSpace(m.input.Value())
	if q == "" || m.find(q) >= 0 || strings.ContainsAny(q, " \t") {
		return nil
	}
	return m.lookup(q, true)
}

// switchTo opens Send or Enroll with the selected user.
func (m *Model) switchTo(t common.Tab) tea.Cmd {
	if !m.s.Role.CanAct() {
		m.setStatus(whyViewer, common.Warning)
		return nil
	}
	u := m.current()
	if u == nil {
		m.setStatus(whyNoUser, common.Warning)
		return nil
	}
	name := u.Username
	return func() tea.Msg { return common.SwitchMsg{To: t, User: name} }
}

// startLoad begins an Admin API listing. Without force it does nothing
// when a listing is complete or under way (SSH sessions share the roster).
func (m *Model) startLoad(force bool) tea.Cmd {
	c := m.s.Clients().Admin
	if c == nil {
		if force {
			m.setStatus(whyNoAdmin, common.Warning)
		}
		return nil
	}
	if m.load != nil || (!force && (m.snap.AdminComplete || m.snap.Loading)) {
		return m.watch()
	}
	if m.snap.Loading {
		m.setStatus(whyOtherLoading, common.Info)
		return m.watch()
	}
	m.load = newLoader(m.s.Ctx, m.s.Roster)
	m.s.Roster.BeginAdminLoad()
	m.sync()
	m.setStatus("", common.Info)
	return m.load.start(c)
}

// page takes one page of the listing and asks for the next.
func (m *Model) page(msg pageMsg) tea.Cmd {
	if msg.l != m.load {
		return nil // a stopped listing
	}
	if msg.err != nil {
		m.load.end()
		m.load = nil
		m.s.Roster.AbortAdminLoad()
		m.sync()
		if duo.KindOf(msg.err) == duo.KindCanceled || errors.Is(msg.err, context.Canceled) {
			return nil
		}
		m.setStatus(duo.Explain(msg.err), common.Failure)
		return connMsg(msg.err, m.s.Now())
	}
	m.s.Roster.AddAdminUsers(msg.users, msg.total)
	m.load.fetched += len(msg.users)
	m.load.total = max(m.load.total, msg.total)
	if msg.more {
		// The progress bar follows every page; the list (a roster snapshot,
		// O(users) to rebuild) at most every snapshotEvery.
		if now := time.Now(); now.Sub(m.load.synced) >= snapshotEvery {
			m.load.synced = now
			m.sync()
		}
		return m.load.nextCmd()
	}
	m.load.end()
	m.load = nil
	m.s.Roster.FinishAdminLoad()
	m.sync()
	m.setStatus("Loaded "+count(m.snap.Fetched)+" users from the Admin API.", common.Success)
	return connMsg(nil, m.s.Now())
}

// stopLoad cancels the listing; the users fetched so far stay listed.
func (m *Model) stopLoad() {
	m.load.end()
	m.load = nil
	m.s.Roster.AbortAdminLoad()
	m.sync()
	m.setStatus(fmt.Sprintf("Stopped loading at %s of %s users: press L to load the list again.",
		count(m.snap.Fetched), count(m.snap.Total)), common.Warning)
}

// watchMsg redraws the progress of a listing another session runs.
type watchMsg struct{}

// otherLoadEnded replaces the "another session is loading" line once that
// listing is over.
func (m *Model) otherLoadEnded() {
	switch {
	case m.status != whyOtherLoading || m.snap.Loading:
	case m.snap.AdminComplete:
		m.setStatus("", common.Info)
	default:
		m.setStatus("The other session's listing stopped at "+count(m.snap.Fetched)+" of "+count(m.snap.Total)+
			" users: press L to load the list again.", common.Warning)
	}
}

// watch polls the shared roster while another session loads it.
func (m *Model) watch() tea.Cmd {
	if m.load != nil || !m.snap.Loading {
		return nil
	}
	return tea.Tick(250*time.Millisecond, func(time.Time) tea.Msg { return watchMsg{} })
}

// updateKeys enables the keys that apply now, so help shows only those.
func (m *Model) updateKeys() {
	k := &m.keys
	filtering := m.input.Focused()
	has := m.current() != nil
	canAct := m.s.Role.CanAct()
	for _, b := range []*key.Binding{&k.Up, &k.Down, &k.PageUp, &k.PageDown} {
		b.SetEnabled(m.rows() > 1)
	}
	k.Top.SetEnabled(!filtering && m.rows() > 1)
	k.Bottom.SetEnabled(!filtering && m.rows() > 1)
	k.Filter.SetEnabled(!filtering)
	k.Accept.SetEnabled(filtering)
	k.Clear.SetEnabled(filtering || (m.input.Value() != "" && m.load == nil))
	k.Send.SetEnabled(!filtering && has && canAct)
	k.Enroll.SetEnabled(!filtering && has && canAct)
	k.Refresh.SetEnabled(!filtering && has && m.s.Clients().Auth != nil)
	k.Reload.SetEnabled(!filtering && m.load == nil && m.s.Clients().Admin != nil)
	k.Stop.SetEnabled(!filtering && m.load != nil)
}

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding { return m.keys.ShortHelp() }

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding { return m.keys.FullHelp() }
