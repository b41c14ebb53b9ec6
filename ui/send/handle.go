package send

import (
	"strconv"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"duotui/duo"
	"duotui/model"
	"duotui/ui/common"
)

// Bounds of the live approval test: enough for percentiles, few enough not
// to bother a real user for an hour.
const (
	defaultTestPushes = 5
	maxTestPushes     = 100
)

// key handles a key press by state: a field, a confirmation, a transaction
// in flight, then the pane's own keys.
func (m *Model) key(msg tea.KeyMsg) tea.Cmd {
	if m.focus != focusNone {
		return m.fieldKey(msg)
	}
	k := m.keys
	if m.confirm != nil {
		switch {
		case hit(msg, k.Yes):
			return m.confirmed()
		case hit(msg, k.No):
			m.confirm = nil
			m.setStatus("Nothing was sent.", common.Info)
		}
		return nil
	}
	if m.tx.waiting {
		switch {
		case hit(msg, k.Cancel):
			return m.cancelTx()
		case m.s.Sim != nil && hit(msg, k.Approve):
			return m.answer(true)
		case m.s.Sim != nil && hit(msg, k.Deny):
			return m.answer(false)
		}
	}
	switch {
	case hit(msg, k.User):
		m.setStatus("", common.Info)
		m.focus = focusUser
		m.user.CursorEnd()
		return m.user.Focus()
	case hit(msg, k.Up):
		m.moveCursor(-1)
	case hit(msg, k.Down):
		m.moveCursor(1)
	case hit(msg, k.Refresh):
		if m.look.user != "" && !m.look.busy {
			return m.choose(m.look.user)
		}
	case hit(msg, k.Options):
		if cmd, ok := m.refuse(duo.FactorPush); !ok {
			return cmd
		}
		m.setStatus("", common.Info)
		m.focus = focusOptions
		return m.opts.focus(0)
	case hit(msg, k.Test):
		if cmd, ok := m.refuse(duo.FactorPush); !ok {
			return cmd
		}
		if m.count.Value() == "" {
			m.count.SetValue(strconv.Itoa(defaultTestPushes))
		}
		m.setStatus("", common.Info)
		m.focus = focusCount
		m.count.CursorEnd()
		return m.count.Focus()
	case msg.String() == "enter" && m.look.user == "":
		m.focus = focusUser
		return m.user.Focus()
	default:
		for _, f := range factors {
			if hit(msg, k.factorKey(f)) {
				return m.ask(f)
			}
		}
	}
	return nil
}

func (m *Model) moveCursor(d int) {
	if n := len(m.devices()); n > 0 {
		m.cursor = (m.cursor + d + n) % n
	}
}

// fieldKey edits the focused field: enter submits it, esc leaves it (what
// was typed stays).
func (m *Model) fieldKey(msg tea.KeyMsg) tea.Cmd {
	k := m.keys
	switch {
	case hit(msg, k.Leave):
		m.blur()
		return nil
	case hit(msg, k.Submit):
		return m.submit()
	case m.focus == focusOptions && hit(msg, k.Next):
		return m.opts.move(1)
	case m.focus == focusOptions && hit(msg, k.Prev):
		return m.opts.move(-1)
	}
	return m.updateField(msg)
}

// updateField gives msg (a key, a cursor blink) to the focused field.
func (m *Model) updateField(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	switch m.focus {
	case focusUser:
		m.user, cmd = m.user.Update(msg)
	case focusPasscode:
		m.pass, cmd = m.pass.Update(msg)
	case focusCount:
		m.count, cmd = m.count.Update(msg)
	case focusOptions:
		cmd = m.opts.update(msg)
	}
	return cmd
}

func (m *Model) blur() {
	m.focus = focusNone
	m.user.Blur()
	m.pass.Blur()
	m.count.Blur()
	m.opts.blur()
}

// submit acts on the focused field's value.
func (m *Model) submit() tea.Cmd {
	switch m.focus {
	case focusUser:
		u := strings.TrimSpace(m.user.Value())
		if u == "" {
			m.setStatus("Type a username first, then press enter.", common.Warning)
			return nil
		}
		return m.choose(u)
	case focusPasscode:
		return m.submitPasscode()
	case focusOptions:
		if _, err := m.opts.values(); err != nil {
			m.setStatus(capitalize(err.Error()), common.Warning)
			return nil
		}
		m.blur()
		m.setStatus("Push details saved: they go with the next pushes.", common.Success)
	case focusCount:
		n, err := strconv.Atoi(strings.TrimSpace(m.count.Value()))
		if err != nil || n < 1 || n > maxTestPushes {
			m.setStatus("Type how many pushes to send, from 1 to "+strconv.Itoa(maxTestPushes)+".", common.Warning)
			return nil
		}
		m.blur()
		d, _ := m.device()
		return m.openConfirm(confirmReq{factor: duo.FactorPush, user: m.look.user, device: d, n: n})
	}
	return nil
}

// refuse answers a key for factor f that cannot act now: the reason goes to
// the status line, and a refusal because of the role is audited. ok is true
// when f may be sent.
func (m *Model) refuse(f duo.Factor) (tea.Cmd, bool) {
	reason, role := m.refusal(f)
	return m.refuseWith(f, reason, role)
}

// refuseWith is refuse with the reason already known.
func (m *Model) refuseWith(f duo.Factor, reason string, role bool) (tea.Cmd, bool) {
	if reason == "" {
		return nil, true
	}
	m.setStatus(reason, common.Warning)
	if !role {
		return nil, false
	}
	d, _ := m.device()
	rec := model.AuditRecord{
		Time: m.s.Now(), Action: model.ActionFor(f), User: m.look.user, Factor: string(f),
		Device: deviceLabel(d), Result: "refused", Error: reason,
	}
	if cl := m.s.Clients(); cl.Auth != nil {
		rec.Host = cl.Auth.Host()
	}
	return record(m.s, rec), false
}

// ask starts sending factor f to the device under the cursor: passcodes
// open their field, telephony asks first, the rest goes at once.
func (m *Model) ask(f duo.Factor) tea.Cmd {
	if cmd, ok := m.refuse(f); !ok {
		return cmd
	}
	d, _ := m.device()
	switch {
	case f == duo.FactorPasscode:
		m.passFor = &flight{user: m.look.user, device: d}
		m.focus = focusPasscode
		return m.pass.Focus()
	case telephony(d, f):
		return m.openConfirm(confirmReq{factor: f, user: m.look.user, device: d})
	}
	return m.send(m.look.user, d, f, "")
}

// openConfirm asks before a telephony send or an approval test, fetching
// the credit balance when the Admin API keys allow it.
func (m *Model) openConfirm(c confirmReq) tea.Cmd {
	m.confirm = &c
	m.seq++
	m.credits = credits{seq: m.seq}
	m.setStatus("", common.Info)
	if admin := m.s.Clients().Admin; admin != nil && telephony(c.device, c.factor) {
		return fetchCredits(m.s.Ctx, admin, m.seq)
	}
	return nil
}

// confirmed sends what the confirmation asked about.
func (m *Model) confirmed() tea.Cmd {
	c := *m.confirm
	m.confirm = nil
	if c.n > 0 {
		return m.startRun(c)
	}
	return m.send(c.user, c.device, c.factor, "")
}
