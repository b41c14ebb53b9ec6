package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"

	"duotui/config"
	"duotui/duo"
	"duotui/model"
	"duotui/ui/common"
)

// statusBar is what the root knows for its bottom lines: the connection,
// the clock, and the last sentence a pane (or the root) reported.
type statusBar struct {
	conn   *common.ConnMsg
	clock  *common.ClockMsg
	status common.StatusMsg
}

// setConn records a connection result; a failure also becomes the status
// sentence, so it is explained even when no pane says anything.
func (b *statusBar) setConn(m common.ConnMsg) {
	b.conn = &m
	if m.Err != nil {
		b.status = common.StatusMsg{Text: sentence(m.Err), Level: common.Failure}
	}
}

// facts is the first status line: profile · host and connection · clock ·
// who. When it does not fit, the profile goes first, then who.
func (b statusBar) facts(s *common.Session, w int) string {
	th := s.Theme
	cl := s.Clients()
	host := th.Text.Render(hostLabel(cl.Creds.Host.Value))
	if cl.Creds.Host.Value != "" {
		host += " " + b.connView(th)
	}
	profile := th.Muted.Render("profile ") + th.Text.Render(profileLabel(cl.Creds))
	who := th.Text.Render(actorLabel(s.Actor)) + th.Muted.Render(" ("+s.Role.String()+")")
	sep := th.Muted.Render(" · ")
	for _, parts := range [][]string{
		{profile, host, b.clockView(th), who},
		{host, b.clockView(th), who},
		{host, b.clockView(th)},
	} {
		line := strings.Join(parts, sep)
		if lipgloss.Width(line) <= w {
			return line
		}
	}
	return host + sep + b.clockView(th) // cut by the caller
}

func profileLabel(c config.Credentials) string {
	switch {
	case c.Profile != "":
		return c.Profile
	case c.Host.Value != "":
		return "env" // DUOTUI_* variables with no profile
	default:
		return "none"
	}
}

// hostLabel shows a loopback simulator as "simulator", as everywhere else.
func hostLabel(host string) string {
	switch {
	case host == "":
		return "no host"
	case config.IsSimulatorHost(host):
		return "simulator"
	default:
		return host
	}
}

// actorLabel is who is connected, short enough for the bar: an SSH key's
// name rather than its fingerprint.
func actorLabel(a model.Actor) string {
	switch {
	case a.KeyFingerprint == "":
		if a.User == "" {
			return "unknown user"
		}
		return a.User
	case a.KeyName != "":
		return a.KeyName
	default:
		return a.KeyFingerprint
	}
}

func (b statusBar) connView(th common.Theme) string {
	switch {
	case b.conn == nil:
		return th.Muted.Render("(not checked)")
	case b.conn.Err == nil:
		return th.Good.Render("✓ connected")
	}
	return th.Error.Render("✗ " + connProblem(b.conn.Err))
}

// connProblem names a failed call's cause in two words; the sentence with
// the fix is on the line below.
func connProblem(err error) string {
	k := duo.KindOf(err)
	switch {
	case k == duo.KindTimeout:
		return "timed out"
	case k == duo.KindTLS, k == duo.KindTLSName, k == duo.KindTLSExpired, k == duo.KindTLSUnknownAuthority:
		return "TLS failed"
	case k.Network():
		return "unreachable"
	case k == duo.KindBadIKey, k == duo.KindBadSignature, k == duo.KindUnauthorized, k == duo.KindForbidden:
		return "keys rejected"
	case k == duo.KindBadDate:
		return "clock rejected"
	case k == duo.KindRateLimited:
		return "rate-limited"
	case k == duo.KindCanceled:
		return "canceled"
	}
	return "error"
}

func (b statusBar) clockView(th common.Theme) string {
	if b.clock == nil {
		return th.Muted.Render("clock not measured")
	}
	v := b.clock.Verdict
	text := "clock " + v.Level.String()
	if v.Level != model.LevelUnknown {
		text += " " + formatOffset(b.clock.Offset)
	}
	switch v.Level {
	case model.LevelOK:
		return th.Good.Render(text)
	case model.LevelWarn:
		return th.Warning.Render(text)
	case model.LevelBad:
		return th.Error.Render(text)
	}
	return th.Muted.Render(text)
}

// formatOffset shows Duo − local with its sign, as precisely as it matters.
func formatOffset(d time.Duration) string {
	sign := "+"
	if d < 0 {
		sign, d = "-", -d
	}
	switch {
	case d < 5*time.Millisecond:
		return "0.00 s" // no "-0.00 s"
	case d < 10*time.Second:
		return fmt.Sprintf("%s%.2f s", sign, d.Seconds())
	case d < 2*time.Minute:
		return fmt.Sprintf("%s%.0f s", sign, d.Seconds())
	}
	return sign + d.Round(time.Second).String()
}

// message is the second status line: the last sentence reported.
func (b statusBar) message(th common.Theme) string {
	m := b.status
	if m.Text == "" {
		return ""
	}
	switch m.Level {
	case common.Success:
		return th.Good.Render("✓ " + m.Text)
	case common.Warning:
		return th.Warning.Render("! " + m.Text)
	case common.Failure:
		return th.Error.Render("✗ " + m.Text)
	}
	return th.Text.Render(m.Text)
}
