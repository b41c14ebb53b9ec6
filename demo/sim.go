package demo

import (
	"duotui/duo/duotest"
	"duotui/ui/common"
)

// SimOf adapts a simulator to common.Sim, so the UI can answer its phone
// from the keyboard without importing duotest.
func SimOf(srv *duotest.Server) common.Sim { return simAdapter{srv} }

type simAdapter struct{ srv *duotest.Server }

// Pending lists the pushes and calls waiting for an answer, oldest first.
func (a simAdapter) Pending() []common.SimPrompt {
	var out []common.SimPrompt
	for _, p := range a.srv.Pending() {
		out = append(out, common.SimPrompt{TxID: p.TxID, User: p.Username, Factor: p.Factor, Device: p.Device, Since: p.Started})
	}
	return out
}

// Answer approves or denies one of them, as the user would on the phone.
func (a simAdapter) Answer(txid string, approve bool) error { return a.srv.Answer(txid, approve) }
