package activity

import (
	"strings"

	"github.com/charmbracelet/lipgloss"

	"duotui/model"
)

// detail is the selected record in full, label by label, in w cells. It
// fills the pane's height beside the list, or detailLines under it.
func (p *Model) detail(w int) []string {
	th := p.s.Theme
	h := detailLines
	if p.wide() {
		h = p.height - 1 - len(p.banner())
	}
	r, ok := p.selected()
	var out []string
	if p.wide() {
		out = append(out, th.Muted.Render("selected record"))
	}
	if ok {
		now := p.s.Now()
		t := r.Time.In(now.Location())
		add := func(label, value string) {
			if value == "" {
				return
			}
			out = append(out, field(th.Muted.Render(label), value, w)...)
		}
		add("When", t.Format("2006-01-02 15:04:05 MST")+" · "+ago(now, r.Time))
		add("Who", actorLine(r.Actor))
		add("Action", actionLine(r))
		add("Host", r.Host)
		add("Result", resultLine(r))
		add("Took", took(r.Duration))
		if r.Error != "" {
			add("Error", th.Error.Render(r.Error))
		}
	}
	for len(out) < h {
		out = append(out, "")
	}
	for i := range out {
		out[i] = pad(out[i], w)
	}
	return out[:h]
}

// field puts label in the left column and value, wrapped, beside it.
func field(label, value string, w int) []string {
	body := wrap(value, w-labelW)
	out := make([]string, len(body))
	for i, l := range body {
		if i == 0 {
			out[i] = label + strings.Repeat(" ", max(labelW-lipgloss.Width(label), 1)) + l
			continue
		}
		out[i] = strings.Repeat(" ", labelW) + l
	}
	return out
}

// actorLine says who acted: a local user, or an SSH key by its name and
// address first, then the fingerprint whole (as ssh-keygen -l prints it).
func actorLine(a model.Actor) string {
	if a.KeyFingerprint == "" {
		if a.User == "" {
			return "unknown"
		}
		return a.User + " (local user)"
	}
	s := "SSH key"
	if a.KeyName != "" {
		s += " " + a.KeyName
	}
	if a.RemoteAddr != "" {
		s += " from " + a.RemoteAddr
	}
	return s + "\n" + a.KeyFingerprint
}

// actionLine is what was done and to what.
func actionLine(r model.AuditRecord) string {
	parts := []string{r.Action}
	if r.User != "" {
		parts = append(parts, "user "+r.User)
	}
	if r.Device != "" {
		parts = append(parts, "device "+r.Device)
	}
	if r.Factor != "" && r.Factor != r.Action {
		parts = append(parts, "factor "+r.Factor)
	}
	return strings.Join(parts, " · ")
}

// resultLine is the outcome with Duo's status and words.
func resultLine(r model.AuditRecord) string {
	s := r.Result
	if r.Status != "" && r.Status != r.Result {
		s += " (Duo status " + r.Status + ")"
	}
	if r.StatusMsg != "" {
		if s != "" {
			s += ": "
		}
		s += r.StatusMsg
	}
	return s
}
