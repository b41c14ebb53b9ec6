package enroll

import (
	"context"
	"errors"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"duotui/duo"
	"duotui/model"
	"duotui/ui/common"
)

// Timeouts of the pane's calls to Duo.
const (
	enrollTimeout = 15 * time.Second
	statusTimeout = 15 * time.Second
)

// outcome is how an enrollment ended.
type outcome string

const (
	outcomeNone      outcome = ""
	outcomeSuccess   outcome = "success"   // the phone activated
	outcomeInvalid   outcome = "invalid"   // Duo no longer knows the code
	outcomeExpired   outcome = "expired"   // the validity ran out first
	outcomeAbandoned outcome = "abandoned" // the administrator stopped waiting
)

// enrolledMsg is the answer to /auth/v2/enroll.
type enrolledMsg struct {
	seq   int
	enr   duo.Enrollment
	sent  time.Time // session clock when the request went out
	valid time.Duration
	err   error
}

// pollMsg is one answer of /auth/v2/enroll_status.
type pollMsg struct {
	seq    int
	status duo.EnrollStatus
	err    error
	chain  bool // the regular poll, which schedules the next (r's extra check does not)
}

// tickMsg redraws the countdown once a second.
type tickMsg struct{ seq int }

// enrollmentFor is what is known before Duo answers.
func enrollmentFor(username string) duo.Enrollment { return duo.Enrollment{Username: username} }

// enroll asks Duo for a new user with an activation code valid for valid.
func enroll(ctx context.Context, c *duo.Client, username string, valid time.Duration, seq int, now func() time.Time) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, enrollTimeout)
		defer cancel()
		sent := now()
		enr, err := c.Enroll(ctx, duo.EnrollRequest{Username: username, ValidSecs: int(valid / time.Second)})
		return enrolledMsg{seq: seq, enr: enr, sent: sent, valid: valid, err: err}
	}
}

// poll asks Duo whether the code was used, after waiting wait.
func poll(ctx context.Context, c *duo.Client, enr duo.Enrollment, seq int, wait time.Duration, chain bool) tea.Cmd {
	if c == nil {
		return nil
	}
	return func() tea.Msg {
		if wait > 0 {
			t := time.NewTimer(wait)
			select {
			case <-t.C:
			case <-ctx.Done():
				t.Stop()
				return pollMsg{seq: seq, err: ctx.Err(), chain: chain}
			}
		}
		ctx, cancel := context.WithTimeout(ctx, statusTimeout)
		defer cancel()
		st, err := c.EnrollStatus(ctx, enr.UserID, enr.ActivationCode)
		return pollMsg{seq: seq, status: st, err: err, chain: chain}
	}
}

func tick(seq int) tea.Cmd {
	return tea.Tick(time.Second, func(time.Time) tea.Msg { return tickMsg{seq: seq} })
}

// enrolled shows the code and starts the countdown and the polling.
func (m *Model) enrolled(msg enrolledMsg) tea.Cmd {
	now := m.s.Now()
	if msg.err != nil {
		m.phase = phaseForm
		sentence := explainEnroll(msg.err, m.enr.Username)
		m.setStatus(sentence, common.Failure)
		return tea.Batch(m.record(outcome("failed"), "", sentence), connMsg(msg.err, now), m.user.Focus())
	}
	m.enr = msg.enr
	// The expiry is counted on this machine's clock from when the request
	// left: Duo's Expiration is on Duo's clock, and this app exists
	// because those two disagree.
	m.sent, m.deadline, m.checked = msg.sent, msg.sent.Add(msg.valid), time.Time{}
	m.phase, m.outcome = phaseWaiting, outcomeNone
	m.s.Roster.Seen(msg.enr.Username, msg.enr.UserID, now)
	m.layoutQR()
	ctx, stop := context.WithCancel(m.s.Ctx)
	m.pollContext, m.stop = ctx, stop
	return tea.Batch(
		m.record("issued", "", ""),
		connMsg(nil, now),
		tick(m.seq),
		poll(ctx, m.s.Clients().Auth, m.enr, m.seq, m.pollEvery, true),
	)
}

// explainEnroll is the sentence for a failed enroll: Duo's Auth API only
// creates users, so an existing username gets its own explanation.
func explainEnroll(err error, username string) string {
	var de *duo.Error
	if errors.As(err, &de) && de.Kind == duo.KindBadRequest && strings.Contains(strings.ToLower(de.Detail+" "+de.Message), "already exists") {
		return "Duo already has a user named " + username + ", and the Auth API enrolls only new users: add a phone to " +
			username + " in the Admin Panel (Users → " + username + " → Add Phone), or enroll a new username."
	}
	return duo.Explain(err)
}

// polled takes an enroll_status answer.
func (m *Model) polled(msg pollMsg) tea.Cmd {
	if msg.err != nil {
		if duo.KindOf(msg.err) == duo.KindCanceled || errors.Is(msg.err, context.Canceled) {
			return nil
		}
		// Keep asking: the phone may activate once the network is back.
		m.setStatus(duo.Explain(msg.err), common.Warning)
		return tea.Batch(connMsg(msg.err, m.s.Now()), m.next(msg))
	}
	m.checked = m.s.Now()
	switch msg.status {
	case duo.EnrollSuccess:
		return m.finish(outcomeSuccess, string(msg.status))
	case duo.EnrollInvalid:
		return m.finish(outcomeInvalid, string(msg.status))
	}
	if m.statusLevel == common.Warning {
		m.setStatus("", common.Info) // the earlier failure is over
	}
	return m.next(msg)
}

// next schedules the regular poll after msg's.
func (m *Model) next(msg pollMsg) tea.Cmd {
	if !msg.chain {
		return nil
	}
	return poll(m.pollContext, m.s.Clients().Auth, m.enr, m.seq, m.pollEvery, true)
}

// tick redraws the countdown and ends the wait when the code expires.
func (m *Model) tick() tea.Cmd {
	if !m.s.Now().Before(m.deadline) {
		return m.finish(outcomeExpired, "")
	}
	return tick(m.seq)
}

// finish ends the attempt: the polling stops, the result is recorded and
// the root's status bar hears about it.
func (m *Model) finish(o outcome, duoStatus string) tea.Cmd {
	if m.stop != nil {
		m.stop()
		m.stop = nil
	}
	m.seq++ // late answers of this attempt are ignored
	m.outcome = o
	now := m.s.Now()
	var text string
	level := common.Failure
	switch o {
	case outcomeSuccess:
		level = common.Success
		text = m.enr.Username + " activated Duo Mobile: they can approve pushes and use its passcodes now."
		m.s.Roster.Seen(m.enr.Username, m.enr.UserID, now)
	case outcomeInvalid:
		text = "Duo no longer accepts the activation code for " + m.enr.Username + " (it expired on Duo's clock or was replaced): press n to enroll again."
	case outcomeExpired:
		text = "The activation code for " + m.enr.Username + " expired before the phone used it: press n to enroll again, with a longer validity if needed."
	case outcomeAbandoned:
		level = common.Warning
		text = "Stopped waiting for " + m.enr.Username + "'s phone; the code stays valid until it expires, and Duo keeps the user."
	}
	if o == outcomeAbandoned {
		m.phase = phaseForm
		m.setStatus(text, level)
	} else {
		m.phase = phaseDone
		m.setStatus("", common.Info)
	}
	m.layoutQR() // the code is spent: the text takes the width
	bar := func() tea.Msg { return common.StatusMsg{Text: text, Level: level} }
	return tea.Batch(m.record(o, duoStatus, ""), bar)
}

// record appends the enrollment's audit record in a command (it writes a
// file) and tells the Activity pane. Records of one pane are written in
// the order they were made: each waits for the one before.
func (m *Model) record(o outcome, duoStatus, sentence string) tea.Cmd {
	s := m.s
	rec := model.AuditRecord{Time: s.Now(), Actor: s.Actor, Action: model.ActionEnroll, Host: m.host,
		User: m.enr.Username, Result: string(o), Status: duoStatus, Error: sentence,
		Duration: model.Millis(time.Since(m.started))}
	prev, done := m.written, make(chan struct{})
	m.written = done
	return func() tea.Msg {
		defer close(done)
		if prev != nil {
			<-prev
		}
		if err := s.Record(rec); err != nil {
			return common.StatusMsg{Text: "The audit log could not be written: " + err.Error() + ".", Level: common.Warning}
		}
		return common.AuditedMsg{Record: rec}
	}
}

// connMsg reports to the status bar whether Duo answered.
func connMsg(err error, at time.Time) tea.Cmd {
	if err != nil && !duo.KindOf(err).Network() {
		err = nil
	}
	return func() tea.Msg { return common.ConnMsg{Err: err, At: at} }
}
