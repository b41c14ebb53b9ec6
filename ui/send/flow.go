package send

import (
	"context"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"duotui/duo"
	"duotui/model"
	"duotui/ui/common"
)

// send starts an asynchronous authentication and its transaction. The
// transaction keeps the client it started with: its txid belongs to that
// application's keys even if Setup installs others meanwhile.
func (m *Model) send(user string, d duo.Device, f duo.Factor, passcode string) tea.Cmd {
	cl := m.s.Clients()
	if cl.Auth == nil {
		m.setStatus(noKeys(cl.AuthErr), common.Warning)
		return nil
	}
	req := duo.AuthRequest{Username: user, Factor: f, Device: d.Device, Async: true}
	switch f {
	case duo.FactorPush, duo.FactorAuto:
		p, err := m.opts.values()
		if err != nil {
			m.setStatus(capitalize(err.Error()), common.Warning)
			return nil
		}
		req.Type, req.DisplayUsername, req.PushInfo = p.typ, p.display, p.info
	case duo.FactorPasscode:
		req.Device, req.Passcode = "", passcode
	}
	ctx, cancel := context.WithCancel(m.s.Ctx)
	m.seq++
	m.tx = flight{
		tx:  m.s.Txs.Start(f, user, deviceLabel(d), m.s.Now()),
		seq: m.seq, ctx: ctx, cancel: cancel, client: cl.Auth, host: cl.Auth.Host(),
		user: user, device: d, waiting: true,
	}
	m.prompts = nil
	m.setStatus("", common.Info)
	return tea.Batch(startAuth(ctx, cl.Auth, req, m.seq), m.spin.Tick)
}

// authAnswered records Duo's answer in the transaction at the instant it
// arrived and polls again until the answer is final.
func (m *Model) authAnswered(msg authMsg) tea.Cmd {
	if msg.seq != m.tx.seq || !m.tx.waiting {
		return nil
	}
	at := m.s.Now()
	if msg.err != nil {
		m.tx.tx.Fail(duo.Explain(msg.err), at)
		return tea.Batch(m.finish(), connState(msg.err, at))
	}
	m.tx.tx.Record(msg.res, at)
	if msg.res.Final() {
		return m.finish()
	}
	txid := m.tx.tx.Snapshot().TxID
	if txid == "" {
		m.tx.tx.Fail("Duo accepted the request but gave no transaction ID to follow: retry, and if it happens again run with --trace.", at)
		return m.finish()
	}
	cmds := []tea.Cmd{pollStatus(m.tx.ctx, m.tx.client, txid, m.tx.seq)}
	if m.s.Sim != nil && !msg.first && msg.res.Result == duo.ResultWaiting {
		// Only once auth_status reported the push or call (the async auth's
		// own answer is just the txid), so the timeline shows it before any
		// keyboard answer.
		cmds = append(cmds, simPending(m.s.Sim, txid, m.tx.seq))
	}
	if msg.first {
		cmds = append(cmds, connState(nil, at))
	}
	return tea.Batch(cmds...)
}

// finish ends the wait: the transaction is audited, an SMS opens the
// passcode field, a passcode check settles its field, and an approval test
// moves on.
func (m *Model) finish() tea.Cmd {
	m.tx.waiting = false
	m.tx.cancel()
	m.prompts = nil
	rec := m.tx.tx.Snapshot()
	cmds := []tea.Cmd{record(m.s, model.AuditFromTx(m.s.Actor, m.tx.host, rec))}
	if rec.Outcome == model.OutcomeError {
		m.setStatus(rec.Err, common.Failure)
	}
	switch {
	case rec.Outcome == model.OutcomeSMSSent:
		fl := m.tx
		m.passFor = &fl
		m.pass.Reset()
		if m.focus == focusNone {
			m.focus = focusPasscode
			cmds = append(cmds, m.pass.Focus())
		}
	case rec.Factor == duo.FactorPasscode:
		cmds = append(cmds, m.passcodeDone(rec))
	}
	if m.run != nil {
		cmds = append(cmds, m.runStep(rec))
	}
	return tea.Batch(cmds...)
}

// passcodeDone settles the passcode field: cleared once Duo judged the code
// (offered again after a rejection), kept as typed after an error.
func (m *Model) passcodeDone(rec model.TxRecord) tea.Cmd {
	switch rec.Outcome {
	case model.OutcomeAllow:
		m.pass.Reset()
		m.passFor = nil
		return nil
	case model.OutcomeDeny, model.OutcomeTimeout, model.OutcomeFraud:
		m.pass.Reset()
	case model.OutcomeCanceled:
		return nil
	}
	if m.focus != focusNone || m.passFor == nil {
		return nil
	}
	m.focus = focusPasscode
	return m.pass.Focus()
}

// submitPasscode verifies the typed passcode with factor=passcode. The code
// goes only to Duo: the transaction and the audit record never hold it.
func (m *Model) submitPasscode() tea.Cmd {
	code := strings.TrimSpace(m.pass.Value())
	if code == "" {
		m.setStatus("Type the passcode first, then press enter.", common.Warning)
		return nil
	}
	if m.passFor == nil {
		d, _ := m.device()
		m.passFor = &flight{user: m.look.user, device: d}
	}
	// The field belongs to a device chosen earlier (the SMS's), whatever
	// the cursor points at now.
	reason, role := m.blocked()
	if cmd, ok := m.refuseWith(duo.FactorPasscode, reason, role); !ok {
		return cmd
	}
	m.blur()
	return m.send(m.passFor.user, m.passFor.device, duo.FactorPasscode, code)
}

// cancelTx stops polling and marks the transaction canceled. Duo keeps its
// side open until it times out, so the phone may still show the push.
func (m *Model) cancelTx() tea.Cmd {
	m.tx.tx.Cancel(m.s.Now())
	if m.run != nil {
		m.run.stopped = true
	}
	cmd := m.finish()
	m.setStatus("Canceled: duotui stopped waiting; a push already on the phone stays there until Duo times it out.", common.Warning)
	return cmd
}

// answer approves or denies the current transaction's prompt on the
// simulated phone (demo only), as its user would.
func (m *Model) answer(approve bool) tea.Cmd {
	if len(m.prompts) == 0 {
		m.setStatus("Nothing is waiting on the simulated phone for this request yet: wait a moment.", common.Warning)
		return nil
	}
	p := m.prompts[0]
	m.prompts = nil
	return simAnswer(m.s.Sim, p.TxID, approve, m.tx.seq)
}
