// Package enroll is the Enroll pane: a username (and how long the code
// stays valid) becomes a Duo user with an activation code, drawn as a QR
// code the phone scans, with the code's expiry counting down and Duo asked
// every two seconds whether the phone has activated, until it has, the code
// is no longer valid, or it expired.
package enroll

import (
	"context"
	"time"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"duotui/duo"
	"duotui/ui/common"
)

// phase is where the pane is in an enrollment.
type phase int

const (
	phaseForm      phase = iota // typing the username and validity
	phaseEnrolling              // /auth/v2/enroll in flight
	phaseWaiting                // code shown, enroll_status polled
	phaseDone                   // success, invalid or expired
)

// pollEvery is how often Duo is asked whether the phone has activated.
const pollEvery = 2 * time.Second

// Model is the Enroll pane. It implements common.Pane.
type Model struct {
	s         *common.Session
	keys, raw keyMap
	user      textinput.Model
	valid     textinput.Model
	st        styles

	phase       phase
	seq         int                // the enrollment attempt; older results are ignored
	pollEvery   time.Duration      // pollEvery; tests shorten it
	stop        context.CancelFunc // ends the polling of the current attempt
	pollContext context.Context    // the current attempt's polling context

	enr      duo.Enrollment
	host     string
	sent     time.Time // session clock when the request went out
	deadline time.Time // when the code expires, by the session clock
	started  time.Time // wall clock with monotonic reading, for durations
	checked  time.Time // last enroll_status answer, session clock
	outcome  outcome
	qr       qrCode
	qrErr    error
	written  chan struct{} // closed when the last audit record is written

	status      string
	statusLevel common.Level

	w, h int
	lay  layout
}

var _ common.Pane = (*Model)(nil)

// New builds the Enroll pane for a session.
func New(s *common.Session) *Model {
	m := &Model{s: s, keys: newKeyMap(), raw: newKeyMap(), st: newStyles(s.Theme), pollEvery: pollEvery}
	m.user = newInput(s.Theme, "Username  ", "e.g. alice")
	m.user.CharLimit = 100
	m.valid = newInput(s.Theme, "Valid for ", "1d (e.g. 1h, 7d, 30d)")
	m.valid.CharLimit = 16
	m.SetSize(80, 20)
	m.updateKeys()
	return m
}

func newInput(t common.Theme, prompt, placeholder string) textinput.Model {
	in := textinput.New()
	in.Prompt = prompt
	in.Placeholder = placeholder
	in.PromptStyle = t.Muted
	in.TextStyle = t.Text
	in.PlaceholderStyle = t.Muted
	in.Cursor.Style = t.Focused
	in.Cursor.TextStyle = t.Text
	in.Cursor.SetMode(cursor.CursorStatic)
	in.Width = 30
	return in
}

// Title implements common.Pane.
func (m *Model) Title() string { return "Enroll" }

// Capturing implements common.Pane: a focused field takes every key.
func (m *Model) Capturing() bool { return m.user.Focused() || m.valid.Focused() }

// Init implements common.Pane; the pane waits for a username.
func (m *Model) Init() tea.Cmd { return nil }

// Update implements common.Pane.
func (m *Model) Update(msg tea.Msg) (common.Pane, tea.Cmd) {
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case tea.KeyMsg:
		cmd = m.key(msg)
	case enrolledMsg:
		if msg.seq == m.seq && m.phase == phaseEnrolling {
			cmd = m.enrolled(msg)
		}
	case pollMsg:
		if msg.seq == m.seq && m.phase == phaseWaiting {
			cmd = m.polled(msg)
		}
	case tickMsg:
		if msg.seq == m.seq && m.phase == phaseWaiting {
			cmd = m.tick()
		}
	case common.SwitchMsg:
		if msg.To == common.TabEnroll && msg.User != "" {
			cmd = m.preselect(msg.User)
		}
	}
	m.updateKeys()
	return m, cmd
}

// preselect fills in the user chosen in the Users pane and puts the cursor
// on the validity, so enter enrolls.
func (m *Model) preselect(username string) tea.Cmd {
	if m.phase == phaseWaiting || m.phase == phaseEnrolling {
		m.setStatus("The activation for "+m.enr.Username+" is still open: press esc to abandon it before enrolling "+username+".", common.Warning)
		return nil
	}
	m.phase = phaseForm
	m.user.SetValue(username)
	m.user.Blur()
	m.setStatus("", common.Info)
	return m.valid.Focus()
}

func (m *Model) setStatus(text string, l common.Level) { m.status, m.statusLevel = text, l }

// updateKeys enables the keys that apply now.
func (m *Model) updateKeys() {
	k := &m.keys
	editing := m.Capturing()
	canEnroll := m.s.Role.CanAct() && m.s.Clients().Auth != nil
	k.Edit.SetEnabled(m.phase == phaseForm && !editing && canEnroll)
	k.Submit.SetEnabled(m.phase == phaseForm && editing)
	k.Next.SetEnabled(m.phase == phaseForm && editing)
	k.Leave.SetEnabled(m.phase == phaseForm && editing)
	k.Check.SetEnabled(m.phase == phaseWaiting)
	k.Abandon.SetEnabled(m.phase == phaseWaiting)
	k.New.SetEnabled(m.phase == phaseDone)
}

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding { return m.keys.ShortHelp() }

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding { return m.keys.FullHelp() }
