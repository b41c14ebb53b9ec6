package clock

import (
	"strings"

	"duotui/duo"
	"duotui/model"
)

// explain is the one sentence for any error on this page.
func explain(err error) string { return duo.Explain(err) }

// explainLines is the "second factor you supplied was incorrect" section:
// the two clock problems, the test that tells them apart, and what this
// session's own evidence says.
func (p *Model) explainLines(w int) []string {
	th := p.s.Theme
	head := `"The second factor you supplied was incorrect"`
	rule := max(w-len([]rune(head))-4, 0)
	out := []string{th.Title.Render("── "+head+" ") + th.Muted.Render(strings.Repeat("─", rule))}
	out = append(out, wrap("Integrations (WHMCS among them) say this for a wrong or used code, and for two clock problems:", w)...)
	out = append(out, section(th.Key.Render("This server"), model.SecondFactorServerClock, w)...)
	out = append(out, section(th.Key.Render("The phone"), model.SecondFactorPhoneClock+" "+model.PhoneClockFix, w)...)
	out = append(out, section(th.Key.Render("The test"), model.SecondFactorTest, w)...)
	d := model.DiagnoseSecondFactor(p.clues())
	here := d.Summary + " " + d.Fix
	if d.Culprit == model.CulpritUnknown {
		here = "not enough evidence in this session yet: run the test from the Send pane (tab 4) and come back."
	}
	return append(out, section(th.Key.Render("Here"), here, w)...)
}

// clues gathers this session's evidence: the signed check (40105 or not),
// the measured offset, and from the Send pane's history whether a user's
// push was approved while a passcode of theirs was denied.
func (p *Model) clues() model.SecondFactorClues {
	var c model.SecondFactorClues
	if p.check.done && duo.KindOf(p.check.err) == duo.KindBadDate {
		c.BadDate = true
	}
	if !p.m.busy && p.m.est.Known() {
		est := p.m.est
		c.Server = &est
	}
	if p.s.Txs == nil {
		return c
	}
	pushed := map[string]bool{}
	denied := map[string]bool{}
	for _, r := range p.s.Txs.List() {
		switch {
		case r.Factor == duo.FactorPush && r.Outcome == model.OutcomeAllow:
			pushed[r.User] = true
		case r.Factor == duo.FactorPasscode && r.Outcome == model.OutcomeDeny:
			denied[r.User] = true
		}
	}
	for u := range pushed {
		if denied[u] {
			c.PushApproved, c.PasscodeDenied = true, true
			return c
		}
	}
	c.PushApproved = len(pushed) > 0
	return c
}
