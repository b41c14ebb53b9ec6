package send

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"duotui/duo"
	"duotui/model"
)

// formLines shows the push-details form or the approval test's count.
func (m *Model) formLines(w int) []string {
	th := m.s.Theme
	switch m.focus {
	case focusOptions:
		lines := []string{th.Title.Render("Push details") + th.Muted.Render(" (tab next field · enter saves · esc leaves)")}
		for _, f := range m.opts.fields {
			lines = append(lines, f.View())
		}
		return lines
	case focusCount:
		return []string{
			th.Title.Render("Live test of push approvals"),
			m.count.View(),
			th.Muted.Render(ansi.Truncate("Pushes go one after another to the device under the cursor.", w, "…")),
		}
	}
	return nil
}

// confirmLines asks before spending telephony credits or starting a test.
func (m *Model) confirmLines(w int) []string {
	c := m.confirm
	if c == nil {
		return nil
	}
	th := m.s.Theme
	dev := deviceLabel(c.device)
	if c.n > 0 {
		q := fmt.Sprintf("Send %d pushes to %s on %s, one after another?", c.n, c.user, dev)
		lines := styled(th.Title, wrap(q, w))
		lines = append(lines, wrap("Each waits for "+c.user+"'s answer (up to a minute); esc stops the run.", w)...)
		return append(lines, th.Muted.Render("y or enter starts · n or esc goes back"))
	}
	var q string
	switch c.factor {
	case duo.FactorSMS:
		q = "Send SMS passcodes to " + c.user + " on " + dev + "?"
	case duo.FactorPhone:
		q = "Call " + c.user + " on " + dev + "?"
	default:
		q = "Send auto to " + c.user + " on " + dev + "? It cannot take a push, so Duo calls it."
	}
	note := "This spends Duo telephony credits."
	if m.credits.known {
		note = "This spends Duo telephony credits: " + strconv.Itoa(m.credits.n) + " remain."
	}
	lines := styled(th.Title, wrap(q, w))
	lines = append(lines, styled(th.Warning, wrap(note, w))...)
	return append(lines, th.Muted.Render("y or enter sends · n or esc goes back"))
}

// txLines shows the transaction: what went where, its timeline with
// timings, and the spinner or the verdict.
func (m *Model) txLines(w int) []string {
	if m.tx.tx == nil {
		return nil
	}
	th := m.s.Theme
	rec := m.tx.tx.Snapshot()
	title := factorTitle(rec.Factor) + " to " + rec.User
	if rec.Factor == duo.FactorPasscode {
		title = "Passcode check for " + rec.User
	} else if rec.Device != "" {
		title += " · " + rec.Device
	}
	lines := []string{th.Title.Render(ansi.Truncate(title, w, "…"))}
	lines = append(lines, wrap(rec.Timeline(), w)...)
	if m.tx.waiting {
		msg := rec.StatusMsg
		if msg == "" {
			msg = "Sending to Duo…"
		}
		lines = append(lines, m.spin.View()+" "+ansi.Truncate(msg, w-2, "…"))
		for _, p := range m.prompts {
			lines = append(lines, styled(th.Warning, wrap("Simulated phone: "+p.Factor+" waiting on "+p.Device+" — a approves, d denies.", w))...)
		}
		return lines
	}
	return append(lines, m.verdictLines(rec, w)...)
}

// verdictLines is the final word: allow, deny, timeout, fraud, with Duo's
// reason. An error's sentence is already in the status line.
func (m *Model) verdictLines(rec model.TxRecord, w int) []string {
	th := m.s.Theme
	switch rec.Outcome {
	case model.OutcomeAllow, model.OutcomeSMSSent:
		return styled(th.Good, wrap("✓ "+rec.Verdict(), w))
	case model.OutcomeTimeout, model.OutcomeCanceled:
		return styled(th.Warning, wrap("! "+rec.Verdict(), w))
	case model.OutcomeError:
		if m.status == rec.Err {
			return styled(th.Error, wrap("✗ Failed: the reason is in the status line below.", w))
		}
	}
	return styled(th.Error, wrap("✗ "+rec.Verdict(), w))
}

// passLines shows the passcode field, with where the code comes from.
func (m *Model) passLines(w int) []string {
	if m.focus != focusPasscode && (m.passFor == nil || m.pass.Value() == "") {
		return nil
	}
	th := m.s.Theme
	var lines []string
	if m.focus == focusPasscode && m.passFor != nil {
		hint := "Type the passcode from Duo Mobile, a token, or an earlier SMS."
		if m.passFor.tx != nil {
			hint = "Type one of the passcodes the SMS brought to " + deviceLabel(m.passFor.device) + "."
		}
		lines = styled(th.Muted, wrap(hint, w))
	}
	return append(lines, m.pass.View())
}

// runLines shows an approval test's progress or its result.
func (m *Model) runLines(w int) []string {
	th := m.s.Theme
	if r := m.run; r != nil {
		return styled(th.Muted, wrap(fmt.Sprintf("Approval test: push %d of %d to %s, %d approved so far · esc stops",
			min(len(r.recs)+1, r.n), r.n, r.user, r.approvedSoFar()), w))
	}
	r := m.lastRun
	if r == nil {
		return nil
	}
	s := r.stats
	head := fmt.Sprintf("Approval test of %s: %d pushes", r.user, s.N)
	if s.N < r.n {
		head += fmt.Sprintf(" (stopped after %d of %d)", s.N, r.n)
	}
	lines := styled(th.Title, wrap(head, w))
	lines = append(lines, wrap(fmt.Sprintf("%d approved · %d denied · %d timed out · %d fraud · %d errors or canceled",
		s.Approved, s.Denied, s.TimedOut, s.Fraud, s.Errors), w)...)
	lat := "no approvals, so no latency"
	if s.Approved > 0 {
		lat = "latency p50 " + secs(s.P50) + " · p90 " + secs(s.P90) + " · p99 " + secs(s.P99)
	}
	return append(lines, wrap(fmt.Sprintf("Approval rate %.0f%% · %s", s.Rate*100, lat), w)...)
}

// recentNarrow lists the last transactions one per line, newest first.
func (m *Model) recentNarrow(w, h int) []string {
	th := m.s.Theme
	lines := []string{th.Title.Render("Recent")}
	recs := m.s.Txs.List()
	if len(recs) == 0 {
		return append(lines, th.Muted.Render("Nothing sent yet."))
	}
	for _, r := range recs[:min(len(recs), h-1)] {
		row := fmt.Sprintf("%s %-8s %-8s ", r.Start.Format("15:04:05"), factorName(r.Factor), ansi.Truncate(r.User, 8, "…"))
		row += outcomeStyle(m, r).Render(fmt.Sprintf("%-9s", outcomeWord(r))) + " " + r.Timeline()
		lines = append(lines, ansi.Truncate(row, w, "…"))
	}
	return lines
}

// recentWide lists the last transactions with their whole timelines.
func (m *Model) recentWide(w int) []string {
	th := m.s.Theme
	lines := []string{th.Title.Render("Recent")}
	recs := m.s.Txs.List()
	if len(recs) == 0 {
		return append(lines, th.Muted.Render("Nothing sent yet."))
	}
	for _, r := range recs {
		head := fmt.Sprintf("%s %s %s ", r.Start.Format("15:04:05"), factorName(r.Factor), r.User)
		lines = append(lines, ansi.Truncate(head+outcomeStyle(m, r).Render(outcomeWord(r)), w, "…"))
		for _, l := range wrap(r.Timeline(), w-2) {
			lines = append(lines, "  "+th.Muted.Render(l))
		}
	}
	return lines
}

// outcomeWord is a transaction's outcome in one or two words.
func outcomeWord(r model.TxRecord) string {
	pass := r.Factor == duo.FactorPasscode
	switch r.Outcome {
	case model.OutcomeAllow:
		if pass {
			return "accepted"
		}
		return "approved"
	case model.OutcomeDeny:
		if pass {
			return "rejected"
		}
		return "denied"
	case model.OutcomeTimeout:
		return "timed out"
	case model.OutcomeFraud:
		return "fraud"
	case model.OutcomeSMSSent:
		return "SMS sent"
	case model.OutcomeError:
		return "error"
	case model.OutcomeCanceled:
		return "canceled"
	}
	return "waiting"
}

func outcomeStyle(m *Model, r model.TxRecord) lipgloss.Style {
	th := m.s.Theme
	switch r.Outcome {
	case model.OutcomeAllow:
		return th.Good
	case model.OutcomeDeny, model.OutcomeFraud, model.OutcomeError:
		return th.Error
	case model.OutcomeTimeout, model.OutcomeCanceled:
		return th.Warning
	}
	return th.Muted
}

func secs(d time.Duration) string { return fmt.Sprintf("%.1f s", d.Seconds()) }

// wrap breaks text into lines of at most w cells, at spaces where it can.
func wrap(s string, w int) []string {
	if w <= 0 {
		return []string{s}
	}
	return strings.Split(ansi.Wrap(s, w, ""), "\n")
}

func styled(st lipgloss.Style, lines []string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = st.Render(l)
	}
	return out
}

func padRight(s string, w int) string {
	if n := lipgloss.Width(s); n < w {
		return s + strings.Repeat(" ", w-n)
	}
	return s
}

// fit truncates lines to w cells and returns exactly h of them.
func fit(lines []string, w, h int) []string {
	out := make([]string, h)
	for i := range min(len(lines), h) {
		out[i] = ansi.Truncate(lines[i], w, "…")
	}
	return out
}
