package send

import (
	"fmt"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"duotui/ui/common"
)

// maxPushInfo is Duo's limit on the URL-encoded pushinfo.
const maxPushInfo = 20000

// newInput makes a text field styled by the session's theme. The cursor
// does not blink: a steady screen is easier to read over SSH and in goldens.
func newInput(th common.Theme, prompt, placeholder string) textinput.Model {
	ti := textinput.New()
	ti.Prompt = prompt
	ti.Placeholder = placeholder
	ti.PromptStyle = th.Focused
	ti.TextStyle = th.Text
	ti.PlaceholderStyle = th.Muted
	ti.Cursor.Style = th.Focused
	ti.Cursor.TextStyle = th.Text
	ti.Cursor.SetMode(cursor.CursorStatic)
	return ti
}

// pushDetails is what a push shows besides the login request itself.
type pushDetails struct {
	typ, display string
	info         url.Values
}

// pushForm edits the push's type label, display username and pushinfo.
type pushForm struct {
	fields [3]textinput.Model // type, display_username, pushinfo
	at     int
}

func newPushForm(th common.Theme) pushForm {
	var f pushForm
	f.fields[0] = newInput(th, "Type label   ", "Login (Duo's default)")
	f.fields[0].CharLimit = 100
	f.fields[1] = newInput(th, "Show as user ", "the username")
	f.fields[1].CharLimit = 100
	f.fields[2] = newInput(th, "Push info    ", "Server=web1, Command=ssh")
	f.fields[2].CharLimit = maxPushInfo
	return f
}

func (f *pushForm) setWidth(w int) {
	for i := range f.fields {
		f.fields[i].Width = w
	}
}

func (f *pushForm) focus(i int) tea.Cmd {
	f.blur()
	f.at = i
	return f.fields[i].Focus()
}

func (f *pushForm) move(d int) tea.Cmd {
	n := len(f.fields)
	return f.focus((f.at + d + n) % n)
}

func (f *pushForm) blur() {
	for i := range f.fields {
		f.fields[i].Blur()
	}
}

func (f *pushForm) update(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	f.fields[f.at], cmd = f.fields[f.at].Update(msg)
	return cmd
}

// values parses the form; an error is one sentence for the status line.
func (f *pushForm) values() (pushDetails, error) {
	info, err := parsePushInfo(f.fields[2].Value())
	if err != nil {
		return pushDetails{}, err
	}
	return pushDetails{
		typ:     strings.TrimSpace(f.fields[0].Value()),
		display: strings.TrimSpace(f.fields[1].Value()),
		info:    info,
	}, nil
}

// summary describes the details for the devices view.
func (f *pushForm) summary() string {
	p, err := f.values()
	if err != nil {
		return "push info needs fixing (press i)"
	}
	typ := p.typ
	if typ == "" {
		typ = "Login"
	}
	s := "Push shows: " + typ
	if p.display != "" {
		s += " · as " + p.display
	}
	if info := strings.TrimSpace(f.fields[2].Value()); info != "" {
		s += " · " + info
	}
	return s
}

// parsePushInfo reads "key=value" pairs separated by commas or &, as an
// admin types them; the values are sent URL-encoded, as Duo expects.
func parsePushInfo(s string) (url.Values, error) {
	v := url.Values{}
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '&' || r == '\n' }) {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		k, val, ok := strings.Cut(part, "=")
		k = strings.TrimSpace(k)
		if !ok || k == "" {
			return nil, fmt.Errorf("push info must be key=value pairs separated by commas (Server=web1, Command=ssh), but %q is not: correct it with i", part)
		}
		v.Add(k, strings.TrimSpace(val))
	}
	if len(v.Encode()) > maxPushInfo {
		return nil, fmt.Errorf("push info is %d bytes once encoded, over Duo's limit of %d: shorten it with i", len(v.Encode()), maxPushInfo)
	}
	if len(v) == 0 {
		return nil, nil
	}
	return v, nil
}

// capitalize starts a sentence built from an error string (Go's error
// strings start in lower case).
func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}
