package send

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"duotui/duo"
	"duotui/model"
	"duotui/ui/common"
)

// From this width the recent transactions sit beside the rest.
const wideFrom = 100

// maxStatusLines bounds the status sentence's wrapped height.
const maxStatusLines = 3

// View draws the pane in its rectangle: the user and their devices, what is
// being sent and Duo's answers, the recent transactions, the status line.
func (m *Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	status := m.statusLines()
	h := m.height - len(status)
	var body []string
	if m.width >= wideFrom {
		lw := m.width * 3 / 5
		rw := m.width - lw - 2
		left := fit(m.mainLines(lw, h), lw, h)
		right := fit(m.recentWide(rw), rw, h)
		for i := range left {
			body = append(body, strings.TrimRight(padRight(left[i], lw)+"  "+right[i], " "))
		}
	} else {
		main := m.mainLines(m.width, h)
		if rest := h - len(main) - 1; rest >= 2 {
			main = append(main, "")
			main = append(main, m.recentNarrow(m.width, rest)...)
		}
		body = fit(main, m.width, h)
	}
	return strings.Join(append(body, status...), "\n")
}

// statusLines is the pane's status sentence, wrapped; always at least one
// line so the layout does not jump.
func (m *Model) statusLines() []string {
	if m.status == "" {
		return []string{""}
	}
	st := m.s.Theme.Muted
	switch m.level {
	case common.Success:
		st = m.s.Theme.Good
	case common.Warning:
		st = m.s.Theme.Warning
	case common.Failure:
		st = m.s.Theme.Error
	}
	lines := wrap(m.status, m.width)
	if len(lines) > maxStatusLines {
		lines = lines[:maxStatusLines]
	}
	for i, l := range lines {
		lines[i] = st.Render(l)
	}
	return lines
}

// mainLines is everything but the recent transactions, in at most h lines.
// When space runs short the user's details shrink first (keeping the device
// under the cursor): what is being sent and its answer matter most.
func (m *Model) mainLines(w, h int) []string {
	th := m.s.Theme
	top := []string{m.headerLine()}
	if cl := m.s.Clients(); cl.Auth == nil {
		top = append(top, styled(th.Warning, wrap(noKeys(cl.AuthErr), w))...)
	}
	top = append(top, "")
	var mid []string
	keep := 0
	switch {
	case m.look.busy:
		mid = []string{m.spin.View() + " Asking Duo about " + m.look.user + " (preauth)…"}
	case m.look.user == "":
		mid = styled(th.Muted, wrap("Press u and type the username to test. Duo's preauth then lists their devices and what each can take: push, call, SMS, passcode.", w))
	case m.look.pre == nil:
		mid = styled(th.Muted, wrap("Duo has not described "+m.look.user+" yet: press r to look them up again.", w))
	case m.look.pre.Result != duo.PreauthAuth:
		mid = m.explainLines(w)
	default:
		mid = m.deviceLines(w)
		keep = m.cursor + 1
	}
	var bottom []string
	for _, part := range [][]string{m.formLines(w), m.confirmLines(w), m.txLines(w), m.passLines(w), m.runLines(w)} {
		if len(part) > 0 {
			bottom = append(bottom, "")
			bottom = append(bottom, part...)
		}
	}
	if room := h - len(top) - len(bottom); len(mid) > room {
		mid = window(mid, max(room, 1), keep)
	}
	return append(append(top, mid...), bottom...)
}

// window returns n lines of lines that include index keep.
func window(lines []string, n, keep int) []string {
	if len(lines) <= n {
		return lines
	}
	start := min(max(keep-n+1, 0), len(lines)-n)
	return lines[start : start+n]
}

func (m *Model) headerLine() string {
	th := m.s.Theme
	if m.focus == focusUser {
		return m.user.View()
	}
	if m.look.user == "" {
		return th.Title.Render("Send to") + " " + th.Muted.Render("nobody yet (press u)")
	}
	h := th.Title.Render("Send to " + m.look.user)
	if p := m.look.pre; p != nil && p.Result == duo.PreauthAuth && p.StatusMsg != "" {
		h += th.Muted.Render(" · " + p.StatusMsg)
	}
	return h
}

// explainLines tells the admin what a preauth other than "auth" means: Duo
// will not ask this user for a second factor, so nothing is sent.
func (m *Model) explainLines(w int) []string {
	th := m.s.Theme
	p := m.look.pre
	u := model.RosterUser{Preauth: &model.PreauthSeen{Preauth: *p}}
	info := u.Explain()
	st := th.Warning
	if info.Level == model.LevelBad {
		st = th.Error
	}
	lines := styled(st, wrap(info.Meaning, w))
	if p.StatusMsg != "" && info.State != model.StateDenied {
		lines = append(lines, wrap("Duo says: "+p.StatusMsg, w)...)
	}
	if p.EnrollPortalURL != "" {
		lines = append(lines, wrap("Enrollment portal: "+p.EnrollPortalURL, w)...)
	}
	if info.Fix != "" {
		lines = append(lines, wrap("Fix: "+info.Fix, w)...)
	}
	return append(lines, styled(th.Muted, wrap("Nothing can be sent to "+m.look.user+": Duo does not ask them for a second factor now.", w))...)
}

// deviceLines lists the devices with the factors each takes.
func (m *Model) deviceLines(w int) []string {
	th := m.s.Theme
	ds := m.devices()
	if len(ds) == 0 {
		return styled(th.Warning, wrap(m.look.user+" has no devices Duo can use: add one in the Admin Panel or send an enrollment.", w))
	}
	head := "Devices"
	if len(ds) > 1 {
		head += th.Muted.Render(" (↑/↓ to choose)")
	}
	lines := []string{head}
	lw := 0
	for _, d := range ds {
		lw = max(lw, lipgloss.Width(deviceLabel(d)))
	}
	lw = min(lw, w/2)
	for i, d := range ds {
		label := padRight(ansi.Truncate(deviceLabel(d), lw, "…"), lw)
		caps := strings.Join(offered(d), " · ")
		if caps == "" {
			caps = "nothing the Auth API can use"
		}
		if i == m.cursor {
			lines = append(lines, th.Selected.Render("› "+label)+"  "+caps)
		} else {
			lines = append(lines, "  "+label+"  "+th.Muted.Render(caps))
		}
	}
	if d, ok := m.device(); ok && d.Can(duo.CapPush) {
		lines = append(lines, th.Muted.Render(m.opts.summary()))
	}
	return lines
}
