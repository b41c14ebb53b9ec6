package setup

import (
	"github.com/charmbracelet/huh"

	"duotui/config"
	"duotui/model"
	"duotui/ui/common"
)

// Field positions in a credentials form; model.Field names them for checks.
const (
	posID = iota
	posSecret
	posHost
)

// creds are three typed values: an Auth API application's integration key,
// secret key and API hostname, or a Web SDK application's client ID, client
// secret and API hostname.
type creds struct{ ID, Secret, Host string }

// credKind is what differs between the Auth API and the Web SDK forms.
type credKind struct {
	titles               [3]string
	empty                [3]string // what to paste, shown while a field is empty
	looksRight           [2]string // shown when the format passes
	blamed               [3]string // shown at the field a live check blamed
	checkID, checkSecret func(string) (config.Hint, bool)
}

var authKind = credKind{
	titles: [3]string{"Integration key", "Secret key", "API hostname"},
	empty: [3]string{
		"From the Auth API application's Details: 20 capital letters and digits, starting DI.",
		"From the same page (click to reveal it): 40 letters and digits.",
		"From the same page: api-XXXXXXXX.duosecurity.com (or 127.0.0.1:PORT for duotui sim).",
	},
	looksRight:  [2]string{"looks like an integration key", "40 letters and digits, as a secret key should be"},
	blamed:      [3]string{"Duo rejected this integration key — see the check below", "Duo rejected the signature made with this secret key — see below", "this host did not answer as Duo — see the check below"},
	checkID:     config.CheckIKey,
	checkSecret: config.CheckSKey,
}

var webSDKKind = credKind{
	titles: [3]string{"Client ID", "Client secret", "API hostname"},
	empty: [3]string{
		"From the Web SDK application's Details: 20 capital letters and digits.",
		"From the same page (click to reveal it): 40 letters and digits.",
		"The same API hostname as the Auth API application.",
	},
	looksRight:  [2]string{"looks like a client ID", "40 letters and digits, as a client secret should be"},
	blamed:      [3]string{"Duo rejected this client ID — see the check below", "Duo rejected the assertion signed with this client secret — see below", "this host did not answer as Duo — see the check below"},
	checkID:     config.CheckClientID,
	checkSecret: config.CheckClientSecret,
}

// credForm is a credentials form: three huh inputs with a format hint under
// each as the administrator types, the secret masked until revealed, and the
// field a live check blamed marked until its value changes.
type credForm struct {
	kind   credKind
	theme  common.Theme
	v      creds
	f      *fields
	reveal bool

	blame   model.Field // the field the last live check blamed
	blameOn creds       // the values that check ran on

	// compact: on a short pane, a value that looks right gets a ✓ after its
	// title instead of a line of its own (unless it has the cursor).
	compact bool
}

func newCredForm(kind credKind, t common.Theme, ht *huh.Theme, v creds) *credForm {
	c := &credForm{kind: kind, theme: t, v: v}
	c.f = newFields(ht, []*string{&c.v.ID, &c.v.Secret, &c.v.Host}, kind.titles[:])
	c.f.clean = true
	c.f.in[posSecret].EchoMode(huh.EchoModePassword)
	c.describe()
	return c
}

// values returns what is typed, cleaned and with the host lower-cased.
func (c *credForm) values() creds {
	return creds{config.Clean(c.v.ID), config.Clean(c.v.Secret), config.NormalizeHost(c.v.Host)}
}

// setValues replaces every value (an import), clearing any blame.
func (c *credForm) setValues(v creds) {
	c.f.set(posID, v.ID)
	c.f.set(posSecret, v.Secret)
	c.f.set(posHost, v.Host)
	c.blame = model.FieldNone
	c.describe()
}

// toggleReveal shows or masks the secret.
func (c *credForm) toggleReveal() {
	c.reveal = !c.reveal
	mode := huh.EchoModePassword
	if c.reveal {
		mode = huh.EchoModeNormal
	}
	c.f.in[posSecret].EchoMode(mode)
	c.describe()
}

// setBlame marks the field a check found at fault and moves the cursor there.
func (c *credForm) setBlame(f model.Field, on creds) {
	c.blame, c.blameOn = f, on
	c.describe()
}

// formatProblem returns the first field whose format Duo cannot accept,
// with its hint.
func (c *credForm) formatProblem() (int, config.Hint, bool) {
	v := c.values()
	checks := []func(string) (config.Hint, bool){c.kind.checkID, c.kind.checkSecret, config.CheckHost}
	for i, s := range []string{v.ID, v.Secret, v.Host} {
		if h, ok := checks[i](s); !ok {
			return i, h, true
		}
	}
	return 0, "", false
}

// describe sets each input's title and the line under it from the value.
func (c *credForm) describe() {
	t := c.theme
	v := c.values()
	for i, s := range []string{v.ID, v.Secret, v.Host} {
		title, extra := c.kind.titles[i], ""
		if i == posSecret && c.reveal {
			extra = t.Muted.Render("  (shown — ctrl+r hides it)")
		} else if i == posSecret {
			extra = t.Muted.Render("  (ctrl+r shows it)")
		}
		desc, fine := c.describeOne(i, s)
		if fine && c.compact && !(c.f.editing && c.f.at == i) {
			title, desc = title+" "+t.Good.Render("✓"), ""
		}
		c.f.in[i].Title(title + extra)
		c.f.in[i].Description(desc)
	}
	if c.f.width > 0 {
		c.f.setWidth(c.f.width)
	}
}

// describeOne is the line under field i, and whether the value looks right.
func (c *credForm) describeOne(i int, s string) (string, bool) {
	t := c.theme
	if c.blame != model.FieldNone && fieldPos(c.blame) == i && c.values() == c.blameOn {
		return t.Error.Render("✗ ") + t.Muted.Render(c.kind.blamed[i]), false
	}
	if s == "" {
		return t.Muted.Render(c.kind.empty[i]), false
	}
	var hint config.Hint
	var ok bool
	switch i {
	case posID:
		hint, ok = c.kind.checkID(s)
	case posSecret:
		hint, ok = c.kind.checkSecret(s)
	default:
		hint, ok = config.CheckHost(s)
	}
	switch {
	case !ok:
		return t.Error.Render("✗ ") + t.Muted.Render(string(hint)), false
	case hint != "":
		return t.Warning.Render("! ") + t.Muted.Render(string(hint)), false
	case i == posHost && config.IsSimulatorHost(s):
		return t.Good.Render("✓ ") + t.Muted.Render("simulator: a loopback address with a port, not Duo itself"), true
	case i == posHost:
		return t.Good.Render("✓ ") + t.Muted.Render("looks like a Duo API hostname"), true
	}
	return t.Good.Render("✓ ") + t.Muted.Render(c.kind.looksRight[i]), true
}

// fieldPos maps a field a check blames to its form position (-1: none).
func fieldPos(f model.Field) int {
	switch f {
	case model.FieldIKey:
		return posID
	case model.FieldSKey:
		return posSecret
	case model.FieldHost:
		return posHost
	}
	return -1
}

// firstToFill is where the cursor starts: the first value that is missing
// or malformed, else the first field.
func (c *credForm) firstToFill() int {
	if i, _, bad := c.formatProblem(); bad {
		return i
	}
	return posID
}
