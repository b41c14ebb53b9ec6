package enroll

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"duotui/ui/common"
)

// minTextW is the narrowest text column beside the QR code.
const minTextW = 34

type styles struct {
	title, text, muted, link, good, warn, bad lipgloss.Style
}

func newStyles(t common.Theme) styles {
	return styles{title: t.Title, text: t.Text, muted: t.Muted, link: t.Focused,
		good: t.Good, warn: t.Warning, bad: t.Error}
}

// layout is computed in SetSize (and when a code arrives), never in View.
type layout struct{ textW int }

// SetSize implements common.Pane.
func (m *Model) SetSize(w, h int) {
	m.w, m.h = w, h
	m.user.Width = max(10, min(40, w-len(m.user.Prompt)-2))
	m.valid.Width = max(10, min(40, w-len(m.valid.Prompt)-2))
	m.layoutQR()
}

// layoutQR draws the code for the pane's size: the whole height, and the
// width left after a text column.
func (m *Model) layoutQR() {
	m.lay.textW = m.w
	m.qr, m.qrErr = qrCode{}, nil
	// Duo's own activation barcode holds the duo:// code, which Duo Mobile's
	// scanner reads; the link below it is for a phone's camera or browser.
	content := m.enr.ActivationCode
	if content == "" {
		content = m.enr.ActivationURL
	}
	if m.phase != phaseWaiting || content == "" {
		return
	}
	dark := m.s.Theme.Renderer().HasDarkBackground()
	m.qr, m.qrErr = drawQR(content, m.w-minTextW-2, m.h, dark)
	if m.qrErr == nil {
		m.lay.textW = m.w - m.qr.width() - 2
	}
}

// View implements common.Pane.
func (m *Model) View() string {
	var text []string
	switch m.phase {
	case phaseForm:
		text = m.formView()
	case phaseEnrolling:
		text = []string{m.st.title.Render("Enroll " + m.enr.Username), "", m.st.muted.Render("Asking Duo to enroll " + m.enr.Username + "…")}
	case phaseWaiting:
		text = m.waitingView()
	case phaseDone:
		text = m.doneView()
	}
	if m.status != "" {
		text = append(text, "")
		text = append(text, m.wrap(m.status, m.lay.textW, m.statusStyle())...)
	}
	if m.phase != phaseWaiting || m.qrErr != nil || len(m.qr.lines) == 0 {
		return strings.Join(clip(text, m.h), "\n")
	}
	qrLines := m.qr.lines
	out := make([]string, 0, m.h)
	for i := range max(len(qrLines), min(len(text), m.h)) {
		q := strings.Repeat(" ", m.qr.width())
		if i < len(qrLines) {
			q = qrLines[i]
		}
		t := ""
		if i < len(text) {
			t = text[i]
		}
		out = append(out, q+"  "+t)
	}
	return strings.Join(clip(out, m.h), "\n")
}

func (m *Model) formView() []string {
	w := m.lay.textW
	out := []string{m.st.title.Render("Enroll a user in Duo Mobile")}
	out = append(out, m.wrap("Duo creates the user with an activation code, shown here as a QR code for the phone to scan.", w, m.st.muted)...)
	out = append(out, "", m.user.View(), m.valid.View(), "")
	switch why := m.cannotEnroll(); {
	case why != "":
		out = append(out, m.wrap(why, w, m.st.warn)...)
	case m.Capturing():
		out = append(out, m.st.muted.Render("enter enrolls · tab moves to the other field · esc leaves the field"))
	default:
		out = append(out, m.st.muted.Render("Press enter to type a username."))
	}
	return out
}

func (m *Model) waitingView() []string {
	w := m.lay.textW
	out := []string{m.st.title.Render("Enroll " + m.enr.Username), ""}
	if m.qrErr != nil {
		out = append(out, m.wrap(m.qrErr.Error(), w, m.st.warn)...)
		out = append(out, "")
	}
	how := "Scan the code in Duo Mobile (Add → Use QR code), or open this link on the phone:"
	if m.qrErr != nil {
		how = "Open this link on the phone:"
	}
	out = append(out, m.wrap(how, w, m.st.text)...)
	out = append(out, m.wrap(m.enr.ActivationURL, w, m.st.link)...)
	out = append(out, "")
	out = append(out, m.wrap("Activation code, for typing into Duo Mobile:", w, m.st.muted)...)
	out = append(out, m.wrap(m.enr.ActivationCode, w, m.st.text)...)
	out = append(out, "")
	now := m.s.Now()
	out = append(out, m.wrap("Expires in "+countdown(m.deadline.Sub(now))+" · "+at(m.deadline, now), w, m.st.text)...)
	wait := "Waiting for the phone…"
	if !m.checked.IsZero() {
		wait += " (Duo asked " + m.checked.UTC().Format("15:04:05") + ")"
	}
	out = append(out, m.st.muted.Render(ansi.Truncate(wait, w, "…")))
	return out
}

func (m *Model) doneView() []string {
	w := m.lay.textW
	name := m.enr.Username
	var out []string
	switch m.outcome {
	case outcomeSuccess:
		out = append(out, m.st.good.Render("✓ "+name+" is enrolled"), "")
		out = append(out, m.wrap(name+" activated Duo Mobile: they can approve pushes and use its passcodes now. Try a push from the Send tab.", w, m.st.text)...)
	case outcomeInvalid:
		out = append(out, m.st.bad.Render("✗ The activation code is no longer valid"), "")
		out = append(out, m.wrap("Duo no longer accepts the code for "+name+": it expired on Duo's clock or a newer enrollment replaced it. Enroll again for a fresh code.", w, m.st.text)...)
	case outcomeExpired:
		out = append(out, m.st.bad.Render("✗ The activation code expired"), "")
		out = append(out, m.wrap("The code for "+name+" expired at "+at(m.deadline, m.s.Now())+" before the phone used it. Enroll again, with a longer validity if the user needs more time.", w, m.st.text)...)
	}
	if m.enr.UserID != "" {
		out = append(out, "", m.st.muted.Render("Duo user "+m.enr.UserID))
	}
	out = append(out, "", m.st.muted.Render("Press n to enroll someone else."))
	return out
}

func (m *Model) statusStyle() lipgloss.Style {
	switch m.statusLevel {
	case common.Success:
		return m.st.good
	case common.Warning:
		return m.st.warn
	case common.Failure:
		return m.st.bad
	}
	return m.st.muted
}

// wrap breaks text to w cells (long links anywhere) and styles each line.
func (m *Model) wrap(text string, w int, st lipgloss.Style) []string {
	lines := strings.Split(ansi.Wrap(text, max(10, w), " "), "\n")
	for i, l := range lines {
		lines[i] = st.Render(l)
	}
	return lines
}

func clip(lines []string, h int) []string {
	if len(lines) > h {
		return lines[:h]
	}
	return lines
}

// countdown formats the time left: 23:59:58, or 29d 23:59:58.
func countdown(d time.Duration) string {
	d = max(0, d).Truncate(time.Second)
	days := d / (24 * time.Hour)
	d -= days * 24 * time.Hour
	s := fmt.Sprintf("%02d:%02d:%02d", int(d/time.Hour), int(d/time.Minute)%60, int(d/time.Second)%60)
	if days > 0 {
		s = fmt.Sprintf("%dd %s", days, s)
	}
	return s
}

// at is an instant in UTC, with the date unless it is today.
func at(t, now time.Time) string {
	t, now = t.UTC(), now.UTC()
	if t.YearDay() == now.YearDay() && t.Year() == now.Year() {
		return t.Format("15:04:05") + " UTC"
	}
	return t.Format("2006-01-02 15:04") + " UTC"
}
