package send

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"duotui/duo"
	"duotui/ui/common"
)

// choose looks a user up (preauth) and starts over with their devices.
func (m *Model) choose(user string) tea.Cmd {
	user = strings.TrimSpace(user)
	m.blur()
	m.user.SetValue(user)
	m.confirm = nil
	if m.passFor != nil && m.passFor.user != user {
		m.passFor = nil
		m.pass.Reset()
	}
	cl := m.s.Clients()
	if cl.Auth == nil {
		m.setStatus(noKeys(cl.AuthErr), common.Warning)
		return nil
	}
	m.seq++
	m.look = lookup{user: user, busy: true, seq: m.seq}
	m.cursor = 0
	m.setStatus("", common.Info)
	return tea.Batch(lookUp(m.s.Ctx, cl.Auth, m.s.Roster, m.s.Now, user, m.seq), m.spin.Tick)
}

// preauthDone shows Duo's answer about the user. An error keeps what was
// typed, so a retry is one key away.
func (m *Model) preauthDone(msg preauthMsg) tea.Cmd {
	if msg.seq != m.look.seq || !m.look.busy {
		return nil
	}
	m.look.busy = false
	at := m.s.Now()
	if msg.err != nil {
		m.setStatus(duo.Explain(msg.err), common.Failure)
		return connState(msg.err, at)
	}
	pre := msg.pre
	m.look.pre = &pre
	m.cursor = 0
	return tea.Batch(connState(nil, at), announce(msg.user, pre))
}

// freshPreauth takes another pane's newer preauth of the same user, keeping
// the cursor on the same device.
func (m *Model) freshPreauth(msg common.UserPreauthMsg) {
	if msg.Err != nil || msg.Username != m.look.user || m.look.busy || m.tx.waiting {
		return
	}
	cur, had := m.device()
	pre := msg.Preauth
	m.look.pre = &pre
	m.cursor = 0
	if had {
		for i, d := range m.devices() {
			if d.Device == cur.Device {
				m.cursor = i
			}
		}
	}
}
