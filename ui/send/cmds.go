package send

import (
	"context"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"duotui/duo"
	"duotui/model"
	"duotui/ui/common"
)

// Deadlines of the pane's calls. Auth may wait out Duo's 429 backoff (up to
// the client's two-minute retry deadline), and each auth_status is a long
// poll Duo holds for a few seconds, so both get room beyond one round trip.
const (
	preauthTimeout = 30 * time.Second
	authTimeout    = 3 * time.Minute
	pollTimeout    = 2 * time.Minute
	summaryTimeout = 15 * time.Second
)

// Every result carries the tag (seq) of the request that asked for it: the
// root broadcasts all messages, and an answer for a user or transaction the
// pane has moved away from must be ignored.

// preauthMsg reports /auth/v2/preauth for a user.
type preauthMsg struct {
	seq  int
	user string
	pre  duo.Preauth
	err  error
}

// authMsg reports /auth/v2/auth (first) or one /auth/v2/auth_status poll.
type authMsg struct {
	seq   int
	first bool
	res   duo.AuthResult
	err   error
}

// creditsMsg reports the account's telephony credits (Admin API summary).
type creditsMsg struct {
	seq int
	n   int
	err error
}

// simPendingMsg lists the simulated phone's open prompts for a transaction.
type simPendingMsg struct {
	seq     int
	prompts []common.SimPrompt
}

// simAnsweredMsg reports a keyboard answer given to the simulated phone.
type simAnsweredMsg struct {
	seq int
	err error
}

// lookUp asks Duo what the user may do and files the answer in the roster,
// which every pane and SSH session shares.
func lookUp(ctx context.Context, c *duo.Client, roster *model.Roster, now func() time.Time, user string, seq int) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, preauthTimeout)
		defer cancel()
		pre, err := c.Preauth(ctx, duo.PreauthRequest{Username: user})
		if roster != nil {
			if err != nil {
				roster.SetPreauthError(user, duo.Explain(err), now())
			} else {
				roster.SetPreauth(user, pre, now())
			}
		}
		return preauthMsg{seq: seq, user: user, pre: pre, err: err}
	}
}

// startAuth sends the asynchronous /auth/v2/auth; Duo answers with a txid.
func startAuth(ctx context.Context, c *duo.Client, req duo.AuthRequest, seq int) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, authTimeout)
		defer cancel()
		res, err := c.Auth(ctx, req)
		return authMsg{seq: seq, first: true, res: res, err: err}
	}
}

// pollStatus is one long poll of /auth/v2/auth_status: one Cmd, one
// message; Update issues the next until Duo's answer is final.
func pollStatus(ctx context.Context, c *duo.Client, txid string, seq int) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, pollTimeout)
		defer cancel()
		res, err := c.AuthStatus(ctx, txid)
		return authMsg{seq: seq, res: res, err: err}
	}
}

// fetchCredits reads the telephony credits left, for the note shown before
// an SMS or a call.
func fetchCredits(ctx context.Context, admin *duo.Client, seq int) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, summaryTimeout)
		defer cancel()
		sum, err := admin.Summary(ctx)
		return creditsMsg{seq: seq, n: sum.TelephonyCreditsRemaining, err: err}
	}
}

// simPending lists what the simulated phone shows for this transaction.
func simPending(sim common.Sim, txid string, seq int) tea.Cmd {
	return func() tea.Msg {
		var mine []common.SimPrompt
		for _, p := range sim.Pending() {
			if p.TxID == txid {
				mine = append(mine, p)
			}
		}
		return simPendingMsg{seq: seq, prompts: mine}
	}
}

// simAnswer approves or denies on the simulated phone, as its user would.
func simAnswer(sim common.Sim, txid string, approve bool, seq int) tea.Cmd {
	return func() tea.Msg {
		return simAnsweredMsg{seq: seq, err: sim.Answer(txid, approve)}
	}
}

// record appends an audit record and tells the Activity pane; a write
// failure goes to the status bar, since it loses nothing else.
func record(s *common.Session, rec model.AuditRecord) tea.Cmd {
	if rec.Actor == (model.Actor{}) {
		rec.Actor = s.Actor
	}
	return func() tea.Msg {
		if err := s.Record(rec); err != nil {
			return common.StatusMsg{Text: duo.Explain(err), Level: common.Failure}
		}
		return common.AuditedMsg{Record: rec}
	}
}

// connState tells the status bar whether Duo answered: any Duo error
// (even a 429) proves the connection; only network failures do not.
func connState(err error, at time.Time) tea.Cmd {
	if err != nil && !duo.KindOf(err).Network() {
		err = nil
	}
	return func() tea.Msg { return common.ConnMsg{Err: err, At: at} }
}

// announce hands a fresh preauth to the other panes showing the user.
func announce(user string, pre duo.Preauth) tea.Cmd {
	return func() tea.Msg { return common.UserPreauthMsg{Username: user, Preauth: pre} }
}
