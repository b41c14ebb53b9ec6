package send

import (
	tea "github.com/charmbracelet/bubbletea"

	"duotui/duo"
	"duotui/model"
)

// approvalRun is a live test of push approvals: n pushes to one user's
// device, one after another, each waiting for its answer.
type approvalRun struct {
	user    string
	device  duo.Device
	n       int
	recs    []model.TxRecord // finished pushes, in order
	stopped bool             // esc, or an error that would only repeat
	stats   model.ApprovalStats
}

// startRun sends the first push of a confirmed approval test.
func (m *Model) startRun(c confirmReq) tea.Cmd {
	m.run = &approvalRun{user: c.user, device: c.device, n: c.n}
	m.lastRun = nil
	return m.send(c.user, c.device, duo.FactorPush, "")
}

// runStep files a finished push and sends the next, or summarises the
// run: approval rate and latency percentiles over what finished.
func (m *Model) runStep(rec model.TxRecord) tea.Cmd {
	r := m.run
	r.recs = append(r.recs, rec)
	if rec.Outcome == model.OutcomeError {
		r.stopped = true // a 429 or a network failure would only repeat
	}
	if !r.stopped && len(r.recs) < r.n {
		return m.send(r.user, r.device, duo.FactorPush, "")
	}
	r.stats = model.SummarizeApprovals(r.recs)
	m.run, m.lastRun = nil, r
	return nil
}

// approvedSoFar counts the run's approvals, for its progress line.
func (r *approvalRun) approvedSoFar() int {
	n := 0
	for _, rec := range r.recs {
		if rec.Outcome == model.OutcomeAllow {
			n++
		}
	}
	return n
}
