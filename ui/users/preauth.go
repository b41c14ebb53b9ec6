package users

import (
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"duotui/duo"
	"duotui/model"
	"duotui/ui/common"
)

// lookup asks Duo about username (preauth). explicit lookups (r, enter)
// are recorded in the audit log; the automatic one on selection is not.
func (m *Model) lookup(username string, explicit bool) tea.Cmd {
	c := m.s.Clients().Auth
	if c == nil {
		m.setStatus(whyNoAuth, common.Warning)
		return nil
	}
	k := strings.ToLower(strings.TrimSpace(username))
	if lk, ok := m.pending[k]; ok {
		lk.explicit = lk.explicit || explicit
		m.pending[k] = lk
		return nil
	}
	m.pending[k] = lookup{explicit: explicit, started: time.Now(), host: c.Host()}
	return askPreauth(m.s.Ctx, c, username)
}

// autoLookup asks Duo about the selected user unless a recent answer is in.
func (m *Model) autoLookup() tea.Cmd {
	u := m.current()
	if u == nil || m.s.Clients().Auth == nil {
		return nil
	}
	if p := u.Preauth; p != nil && m.s.Now().Sub(p.At) < preauthFresh {
		return nil
	}
	return m.lookup(u.Username, false)
}

// preauthAnswer stores a preauth answer (this pane's or another's) in the
// roster; for this pane's explicit lookups it records the action and
// selects the user.
func (m *Model) preauthAnswer(msg common.UserPreauthMsg) tea.Cmd {
	now := m.s.Now()
	if msg.Err != nil {
		m.s.Roster.SetPreauthError(msg.Username, duo.Explain(msg.Err), now)
	} else {
		m.s.Roster.SetPreauth(msg.Username, msg.Preauth, now)
	}
	m.sync()
	k := strings.ToLower(strings.TrimSpace(msg.Username))
	lk, mine := m.pending[k]
	if !mine {
		return nil
	}
	delete(m.pending, k)
	var cmds []tea.Cmd
	if msg.Err != nil {
		m.setStatus(duo.Explain(msg.Err), common.Failure)
	}
	cmds = append(cmds, connMsg(msg.Err, now))
	if lk.explicit {
		rec := model.AuditRecord{Time: now, Action: model.ActionPreauth, Host: lk.host, User: msg.Username,
			Duration: model.Millis(time.Since(lk.started))}
		if msg.Err != nil {
			rec.Result, rec.Error = "failed", duo.Explain(msg.Err)
		} else {
			rec.Result, rec.StatusMsg = string(msg.Preauth.Result), msg.Preauth.StatusMsg
			if m.find(msg.Username) < 0 && m.input.Value() != "" {
				m.input.SetValue(msg.Username)
				m.refilter()
			}
			if i := m.find(msg.Username); i >= 0 {
				m.cursor = i
				m.clampCursor()
			} else {
				m.setStatus(notListed(msg.Username, msg.Preauth), common.Warning)
			}
		}
		cmds = append(cmds, record(m.s, rec))
	}
	return tea.Batch(cmds...)
}

// notListed explains a looked-up user the complete Admin API list leaves out.
func notListed(username string, p duo.Preauth) string {
	if p.Result == duo.PreauthEnroll {
		return "Duo has no user " + username + " (preauth says enroll): check the spelling, or enroll them from the Enroll tab."
	}
	return "Duo answered " + string(p.Result) + " for " + username + ", who is not in the Admin API list: press L to reload it."
}

// record appends an audit record outside Update (it writes a file) and
// tells the Activity pane.
func record(s *common.Session, rec model.AuditRecord) tea.Cmd {
	if rec.Actor == (model.Actor{}) {
		rec.Actor = s.Actor
	}
	return func() tea.Msg {
		if err := s.Record(rec); err != nil {
			return common.StatusMsg{Text: "The audit log could not be written: " + err.Error() + ".", Level: common.Warning}
		}
		return common.AuditedMsg{Record: rec}
	}
}

// connMsg reports to the status bar whether Duo answered; failures that
// are Duo's answer (not the network) still mean it is reachable.
func connMsg(err error, at time.Time) tea.Cmd {
	if err != nil && !duo.KindOf(err).Network() {
		err = nil
	}
	return func() tea.Msg { return common.ConnMsg{Err: err, At: at} }
}
