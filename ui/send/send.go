// Package send is duotui's Send pane: it sends a push, a phone call, SMS
// passcodes or a passcode check to a Duo user's device, follows Duo's answers
// as a timeline with timings until the verdict, keeps the last transactions,
// and runs live tests of push approvals. Factors come only from what the
// device's preauth says it can do.
package send

import (
	"context"
	"strings"

	"github.com/charmbracelet/bubbles/spinner"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"duotui/duo"
	"duotui/model"
	"duotui/ui/common"
)

// focus is the text field that has the keyboard, if any.
type focus int

const (
	focusNone focus = iota
	focusUser
	focusPasscode
	focusOptions
	focusCount
)

// lookup is the preauth of the chosen user.
type lookup struct {
	user string
	busy bool
	seq  int
	pre  *duo.Preauth // nil until Duo answered
}

// flight is the transaction in flight, or the last one shown.
type flight struct {
	tx      *model.Tx
	seq     int
	ctx     context.Context
	cancel  context.CancelFunc
	client  *duo.Client
	host    string
	user    string
	device  duo.Device
	waiting bool
}

// confirmReq is a send waiting for the admin's yes: a telephony factor
// (it costs credits) or an approval test of n pushes.
type confirmReq struct {
	factor duo.Factor
	user   string
	device duo.Device
	n      int // > 0: an approval test
}

// credits is the telephony balance for the confirm note.
type credits struct {
	seq   int
	known bool
	n     int
}

// Model is the Send pane. Create it with New.
type Model struct {
	s             *common.Session
	keys          sendKeys
	spin          spinner.Model
	width, height int

	focus focus
	user  textinput.Model
	pass  textinput.Model
	count textinput.Model
	opts  pushForm

	look    lookup
	cursor  int
	confirm *confirmReq
	credits credits
	tx      flight
	passFor *flight // the SMS (or device) a passcode field belongs to
	prompts []common.SimPrompt
	run     *approvalRun
	lastRun *approvalRun

	status string
	level  common.Level
	seq    int // tags requests; results with a stale tag are dropped
}

// New builds the Send pane for a session.
func New(s *common.Session) *Model {
	th := s.Theme
	m := &Model{s: s, keys: newSendKeys()}
	m.spin = spinner.New(spinner.WithSpinner(spinner.Line), spinner.WithStyle(th.Focused))
	m.user = newInput(th, "User ", "username")
	m.user.CharLimit = 100
	m.pass = newInput(th, "Passcode ", "digits from the SMS, Duo Mobile or a token")
	m.pass.CharLimit = 20
	m.count = newInput(th, "Pushes to send ", "5")
	m.count.CharLimit = 3
	m.opts = newPushForm(th)
	m.syncKeys()
	return m
}

// Init starts nothing: the pane waits for a user.
func (m *Model) Init() tea.Cmd { return nil }

// Title is the tab label.
func (m *Model) Title() string { return "Send" }

// Capturing reports that a text field has the keyboard.
func (m *Model) Capturing() bool { return m.focus != focusNone }

// SetSize gives the pane its rectangle.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	fw := max(w-20, 10)
	m.user.Width, m.pass.Width, m.count.Width = fw, fw, 5
	m.opts.setWidth(fw)
}

// Update handles keys, the pane's own results and the root's messages.
func (m *Model) Update(msg tea.Msg) (common.Pane, tea.Cmd) {
	cmd := m.update(msg)
	m.syncKeys()
	return m, cmd
}

func (m *Model) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyMsg:
		return m.key(msg)
	case common.SwitchMsg:
		if msg.To == common.TabSend && strings.TrimSpace(msg.User) != "" {
			return m.choose(msg.User)
		}
	case common.UserPreauthMsg:
		m.freshPreauth(msg)
	case preauthMsg:
		return m.preauthDone(msg)
	case authMsg:
		return m.authAnswered(msg)
	case creditsMsg:
		if msg.seq == m.credits.seq && msg.err == nil {
			m.credits.known, m.credits.n = true, msg.n
		}
	case simPendingMsg:
		if msg.seq == m.tx.seq && m.tx.waiting {
			m.prompts = msg.prompts
		}
	case simAnsweredMsg:
		if msg.err != nil && msg.seq == m.tx.seq {
			m.setStatus(duo.Explain(msg.err), common.Warning)
		}
	case spinner.TickMsg:
		if m.busy() {
			var cmd tea.Cmd
			m.spin, cmd = m.spin.Update(msg)
			return cmd
		}
	default:
		return m.updateField(msg) // cursor blinks
	}
	return nil
}

// busy reports that something is in flight, so the spinner turns.
func (m *Model) busy() bool { return m.look.busy || m.tx.waiting }

func (m *Model) setStatus(text string, l common.Level) { m.status, m.level = text, l }

// devices are the chosen user's devices, when Duo asks them for a factor.
func (m *Model) devices() []duo.Device {
	if m.look.pre == nil || m.look.pre.Result != duo.PreauthAuth {
		return nil
	}
	return m.look.pre.Devices
}

// device is the device under the cursor.
func (m *Model) device() (duo.Device, bool) {
	ds := m.devices()
	if m.cursor < 0 || m.cursor >= len(ds) {
		return duo.Device{}, false
	}
	return ds[m.cursor], true
}

// refusal says why factor f cannot be sent now ("" if it can); role is
// true when the session's role is the reason, which is audited.
func (m *Model) refusal(f duo.Factor) (reason string, role bool) {
	if reason, role := m.blocked(); reason != "" {
		return reason, role
	}
	d, ok := m.device()
	if !ok {
		return m.look.user + " has no device Duo can send to.", false
	}
	if !offers(d, f) {
		return "This device cannot take " + factorPhrase(f) + " (" + capsSentence(d) + "): choose another device with ↑/↓.", false
	}
	return "", false
}

// blocked says why nothing at all can be sent now, whatever the device.
func (m *Model) blocked() (reason string, role bool) {
	if !m.s.Role.CanAct() {
		return "This session has the viewer role, so it cannot send pushes, calls, SMS or passcodes: ask an administrator to send it.", true
	}
	if m.s.Clients().Auth == nil {
		return noKeys(m.s.Clients().AuthErr), false
	}
	switch {
	case m.look.user == "":
		return "Choose a user first: press u and type a username.", false
	case m.look.busy:
		return "Duo has not answered the lookup of " + m.look.user + " yet: wait a moment.", false
	case m.look.pre == nil:
		return "Duo has not described " + m.look.user + "'s devices: press r to look the user up again.", false
	case m.look.pre.Result != duo.PreauthAuth:
		return "Duo does not ask " + m.look.user + " for a second factor (preauth says " + string(m.look.pre.Result) + "), so there is nothing to send.", false
	case m.tx.waiting:
		return "A request is still waiting for its answer: press esc to cancel it first.", false
	}
	return "", false
}

// noKeys is the sentence for a session without a working Auth API client.
func noKeys(why error) string {
	s := "There are no working Auth API keys yet, so nothing can be sent: finish Setup (tab 1) first."
	if why != nil {
		s = strings.TrimSuffix(duo.Explain(why), ".") + "; nothing can be sent until Setup is finished (tab 1)."
	}
	return s
}
