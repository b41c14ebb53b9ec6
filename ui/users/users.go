// Package users is the Users pane: every Duo user (from the Admin API, or
// the users this app has seen plus any username looked up with preauth),
// filtered as you type, with a detail of the selected user and what their
// Duo state means for their logins.
package users

import (
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/progress"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"duotui/model"
	"duotui/ui/common"
)

// Model is the Users pane. It implements common.Pane.
type Model struct {
	s     *common.Session
	keys  keyMap // enabled as they apply, for help
	raw   keyMap // all enabled: a disabled key still gets its reason
	input textinput.Model
	bar   progress.Model
	st    styles

	snap   *model.RosterSnapshot
	f      filter
	ranked []int32 // the query's matches, best first, into f.ix.users; nil without a query
	pat    pattern // the query, for highlighting the rows on screen
	posBuf []int

	cursor, top int
	settle      int // sequence of the selection-settle timer

	load    *loader
	pending map[string]lookup // lower-case username → preauth in flight

	status      string
	statusLevel common.Level

	w, h int
	lay  layout
}

var _ common.Pane = (*Model)(nil)

// New builds the Users pane for a session.
func New(s *common.Session) *Model {
	in := textinput.New()
	in.Prompt = "/ "
	in.Placeholder = "filter: name, real name or e-mail"
	in.PromptStyle = s.Theme.Focused
	in.TextStyle = s.Theme.Text
	in.PlaceholderStyle = s.Theme.Muted
	in.Cursor.Style = s.Theme.Focused
	in.Cursor.TextStyle = s.Theme.Text
	in.Cursor.SetMode(cursor.CursorStatic) // no blink ticks: nothing redraws while idle
	m := &Model{
		s: s, keys: newKeyMap(), raw: newKeyMap(), input: in,
		bar:     newBar(s.Theme),
		st:      newStyles(s.Theme),
		pending: map[string]lookup{},
	}
	m.snap = s.Roster.Snapshot()
	if !m.snap.Loading {
		m.reindex() // ready before the first keystroke
	}
	m.SetSize(80, 20)
	m.updateKeys()
	return m
}

// Title implements common.Pane.
func (m *Model) Title() string { return "Users" }

// Capturing implements common.Pane: the filter field takes every key.
func (m *Model) Capturing() bool { return m.input.Focused() }

// Init reads the users named in the audit log and starts the Admin API
// listing when there are admin keys and no listing is in or under way.
func (m *Model) Init() tea.Cmd {
	return tea.Batch(readAudit(m.s.Audit), m.startLoad(false))
}

// Update implements common.Pane.
func (m *Model) Update(msg tea.Msg) (common.Pane, tea.Cmd) {
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case tea.KeyMsg:
		m.sync()
		cmd = m.key(msg)
	case pageMsg:
		cmd = m.page(msg)
	case auditSeenMsg:
		m.s.Roster.SeenInAudit(msg.records)
		if msg.err != nil {
			m.setStatus("The audit log could not be read, so users seen earlier may be missing: "+msg.err.Error()+".", common.Warning)
		}
		m.sync()
	case common.UserPreauthMsg:
		cmd = m.preauthAnswer(msg)
	case settleMsg:
		m.sync()
		if msg.seq == m.settle {
			cmd = m.autoLookup()
		}
	case watchMsg:
		m.sync()
		cmd = m.watch()
	case common.SwitchMsg:
		m.sync()
		if msg.To == common.TabUsers && msg.User != "" {
			cmd = m.show(msg.User)
		}
	case common.CredentialsMsg:
		m.sync()
		cmd = m.startLoad(false)
	default:
		m.sync()
	}
	m.otherLoadEnded()
	m.updateKeys()
	return m, cmd
}

// sync takes the roster's current snapshot and keeps the filter's index
// and the cursor in step with it. Snapshots are free when nothing changed.
func (m *Model) sync() {
	snap := m.s.Roster.Snapshot()
	if snap == m.snap {
		return
	}
	sel := m.current()
	m.snap = snap
	ix, q := m.f.ix, m.input.Value()
	switch {
	case ix != nil && ix.sameText(snap):
		ix.users, ix.version = snap.Users, snap.Version // results stay valid
	case q == "" && snap.Loading:
		// Indexed when typing starts: pages arrive faster than rebuilds pay.
	case q != "" && snap.Loading && ix != nil && len(snap.Users)*4 < len(ix.users)*5:
		// Re-filter only after the listing grew by a quarter.
	default:
		m.reindex()
	}
	m.reselect(sel)
}

// reindex builds the haystacks for the current snapshot and re-runs the
// query over them.
func (m *Model) reindex() {
	m.f.setIndex(buildIndex(m.snap))
	if q := m.input.Value(); q != "" {
		m.ranked = m.f.set(q)
	}
}

// refilter runs the query after it changed and puts the cursor on the best
// match; clearing the query keeps the user that was selected.
func (m *Model) refilter() tea.Cmd {
	q := m.input.Value()
	m.pat = newPattern(q)
	if q == "" {
		prev := m.current()
		m.ranked = nil
		m.f.set("")
		m.cursor = 0
		m.reselect(prev)
		return m.selectionChanged()
	}
	if m.f.ix == nil || (m.f.ix.version != m.snap.Version && !m.snap.Loading) {
		m.f.setIndex(buildIndex(m.snap))
	}
	m.ranked = m.f.set(q)
	m.cursor, m.top = 0, 0
	return m.selectionChanged()
}

// rows is the number of users listed.
func (m *Model) rows() int {
	if m.ranked != nil {
		return len(m.ranked)
	}
	return len(m.snap.Users)
}

// row returns the i-th listed user, and its index in the filter's index
// (-1 when unfiltered).
func (m *Model) row(i int) (*model.RosterUser, int32) {
	if m.ranked != nil {
		j := m.ranked[i]
		return m.f.ix.users[j], j
	}
	return m.snap.Users[i], -1
}

// current is the user under the cursor, or nil.
func (m *Model) current() *model.RosterUser {
	if m.cursor < 0 || m.cursor >= m.rows() {
		return nil
	}
	u, _ := m.row(m.cursor)
	return u
}

// reselect keeps the cursor on the same user when the list changes under
// it (pages arriving in alphabetical order, a preauth answer).
func (m *Model) reselect(prev *model.RosterUser) {
	if prev != nil {
		if i := m.find(prev.Username); i >= 0 {
			m.cursor = i
		}
	}
	m.clampCursor()
}

// find returns the listed position of username, or -1.
func (m *Model) find(username string) int {
	want := strings.ToLower(strings.TrimSpace(username))
	if m.ranked == nil {
		for lo, hi := 0, len(m.snap.Users); lo < hi; {
			mid := int(uint(lo+hi) >> 1)
			switch k := strings.ToLower(strings.TrimSpace(m.snap.Users[mid].Username)); {
			case k == want:
				return mid
			case k < want:
				lo = mid + 1
			default:
				hi = mid
			}
		}
		return -1
	}
	for i, j := range m.ranked {
		if strings.EqualFold(m.f.ix.users[j].Username, want) {
			return i
		}
	}
	return -1
}

func (m *Model) clampCursor() {
	n := m.rows()
	m.cursor = max(0, min(m.cursor, n-1))
	if m.cursor < m.top {
		m.top = m.cursor
	}
	if h := m.lay.listH; m.cursor >= m.top+h {
		m.top = m.cursor - h + 1
	}
	m.top = max(0, min(m.top, n-m.lay.listH))
}

// move shifts the cursor by d rows.
func (m *Model) move(d int) tea.Cmd {
	old := m.current()
	m.cursor += d
	m.clampCursor()
	if m.current() == old {
		return nil
	}
	return m.selectionChanged()
}

// selectionChanged starts the settle timer: Duo is asked about a user only
// once the cursor rests on them, not for every row scrolled past.
func (m *Model) selectionChanged() tea.Cmd {
	m.settle++
	seq := m.settle
	return tea.Tick(settleAfter, func(time.Time) tea.Msg { return settleMsg{seq: seq} })
}

// show selects username, filtering for it when it is not on screen.
func (m *Model) show(username string) tea.Cmd {
	if i := m.find(username); i >= 0 {
		m.cursor = i
		m.clampCursor()
		return m.selectionChanged()
	}
	m.input.SetValue(username)
	cmd := m.refilter()
	if i := m.find(username); i >= 0 {
		m.cursor = i
		m.clampCursor()
	}
	return cmd
}

func (m *Model) setStatus(text string, l common.Level) { m.status, m.statusLevel = text, l }
