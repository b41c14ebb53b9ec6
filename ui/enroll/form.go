package enroll

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"duotui/ui/common"
)

// defaultValid is Duo's own default for valid_secs; it is sent explicitly
// so the pane knows when the code expires without trusting two clocks.
const defaultValid = 24 * time.Hour

// maxValid bounds what the pane asks Duo for: an activation left open for
// more than a year is a standing invitation, and larger numbers overflow.
const maxValid = 365 * 24 * time.Hour

// Sentences for what cannot be done.
const (
	whyViewer = "This session has the viewer role, which cannot enroll users: connect with an administrator's key to do that."
	whyNoAuth = "There are no working Auth API keys yet, so Duo cannot enroll anyone: finish the Setup tab first."
	whyNoUser = "Type the username to enroll: Duo creates that user with an activation code."
)

func (m *Model) key(msg tea.KeyMsg) tea.Cmd {
	if m.Capturing() {
		return m.fieldKey(msg)
	}
	k := m.raw
	switch m.phase {
	case phaseForm:
		if key.Matches(msg, k.Edit) {
			if why := m.cannotEnroll(); why != "" {
				m.setStatus(why, common.Warning)
				return nil
			}
			return m.user.Focus()
		}
	case phaseWaiting:
		switch {
		case key.Matches(msg, k.Check):
			return poll(m.pollContext, m.s.Clients().Auth, m.enr, m.seq, 0, false)
		case key.Matches(msg, k.Abandon):
			return m.finish(outcomeAbandoned, "")
		}
	case phaseDone:
		if key.Matches(msg, k.New) {
			m.phase = phaseForm
			m.setStatus("", common.Info)
			m.user.SetValue("")
			return m.user.Focus()
		}
	}
	return nil
}

// fieldKey handles a key while a field has focus.
func (m *Model) fieldKey(msg tea.KeyMsg) tea.Cmd {
	switch msg.Type {
	case tea.KeyEsc:
		m.user.Blur()
		m.valid.Blur()
		return nil
	case tea.KeyTab, tea.KeyShiftTab, tea.KeyUp, tea.KeyDown:
		if m.user.Focused() {
			m.user.Blur()
			return m.valid.Focus()
		}
		m.valid.Blur()
		return m.user.Focus()
	case tea.KeyEnter:
		return m.submit()
	}
	var cmd tea.Cmd
	if m.user.Focused() {
		m.user, cmd = m.user.Update(msg)
	} else {
		m.valid, cmd = m.valid.Update(msg)
	}
	return cmd
}

// cannotEnroll says why this session cannot enroll, or "".
func (m *Model) cannotEnroll() string {
	switch {
	case !m.s.Role.CanAct():
		return whyViewer
	case m.s.Clients().Auth == nil:
		return whyNoAuth
	}
	return ""
}

// submit checks the form and asks Duo for the enrollment.
func (m *Model) submit() tea.Cmd {
	if why := m.cannotEnroll(); why != "" {
		m.setStatus(why, common.Warning)
		return nil
	}
	username := strings.TrimSpace(m.user.Value())
	if username == "" {
		m.setStatus(whyNoUser, common.Warning)
		m.valid.Blur()
		return m.user.Focus()
	}
	valid, err := parseValidity(m.valid.Value())
	if err != nil {
		m.setStatus(err.Error()+".", common.Warning)
		m.user.Blur()
		return m.valid.Focus()
	}
	m.user.Blur()
	m.valid.Blur()
	c := m.s.Clients().Auth
	m.seq++
	m.phase = phaseEnrolling
	m.enr = enrollmentFor(username)
	m.host = c.Host()
	m.started = time.Now()
	m.setStatus("", common.Info)
	return enroll(m.s.Ctx, c, username, valid, m.seq, m.s.Now)
}

// parseValidity reads how long the code stays valid: empty for Duo's
// default of one day, a number of seconds, a number with s, m, h, d or w,
// or a Go duration such as 1h30m.
func parseValidity(s string) (time.Duration, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return defaultValid, nil
	}
	bad := fmt.Errorf("%q is not a validity: use a number with s, m, h, d or w, such as 1h, 1d or 30d", s)
	tooLong := fmt.Errorf("%q is too long: keep an activation open for a year at most", s)
	var d time.Duration
	if n, err := strconv.Atoi(s); err == nil {
		if n > int(maxValid/time.Second) {
			return 0, tooLong
		}
		d = time.Duration(n) * time.Second
	} else if unit, ok := map[byte]time.Duration{'d': 24 * time.Hour, 'w': 7 * 24 * time.Hour}[s[len(s)-1]]; ok {
		n, err := strconv.Atoi(strings.TrimSpace(s[:len(s)-1]))
		if err != nil {
			return 0, bad
		}
		if n > int(maxValid/unit) {
			return 0, tooLong
		}
		d = time.Duration(n) * unit
	} else if d, err = time.ParseDuration(s); err != nil {
		return 0, bad
	}
	if d > maxValid {
		return 0, tooLong
	}
	if d < time.Second {
		return 0, fmt.Errorf("%q is too short: a code must stay valid for at least a second, and a phone needs a minute or more", s)
	}
	return d.Truncate(time.Second), nil
}
