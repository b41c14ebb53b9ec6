package send

import (
	"slices"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"duotui/duo"
)

// sendKeys is the pane's key map. Which keys are enabled follows the state
// (syncKeys), so help shows only what applies; a disabled key pressed anyway
// gets a sentence saying why.
type sendKeys struct {
	User, Up, Down, Refresh         key.Binding
	Push, Call, SMS, Passcode, Auto key.Binding
	Options, Test                   key.Binding
	Cancel, Approve, Deny           key.Binding
	Submit, Leave, Next, Prev       key.Binding
	Yes, No                         key.Binding
}

func newSendKeys() sendKeys {
	return sendKeys{
		User:     key.NewBinding(key.WithKeys("u", "/"), key.WithHelp("u", "user")),
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "previous device")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "next device")),
		Refresh:  key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "look up again")),
		Push:     key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "push")),
		Call:     key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "call")),
		SMS:      key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "sms")),
		Passcode: key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "enter passcode")),
		Auto:     key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "auto")),
		Options:  key.NewBinding(key.WithKeys("i"), key.WithHelp("i", "push details")),
		Test:     key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "approval test")),
		Cancel:   key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
		Approve:  key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "approve (sim)")),
		Deny:     key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "deny (sim)")),
		Submit:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "ok")),
		Leave:    key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "leave field")),
		Next:     key.NewBinding(key.WithKeys("tab", "down"), key.WithHelp("tab", "next field")),
		Prev:     key.NewBinding(key.WithKeys("shift+tab", "up"), key.WithHelp("shift+tab", "previous field")),
		Yes:      key.NewBinding(key.WithKeys("y", "enter"), key.WithHelp("y/enter", "send")),
		No:       key.NewBinding(key.WithKeys("n", "esc"), key.WithHelp("n/esc", "back")),
	}
}

// submitHelp says what enter does in each field.
var submitHelp = map[focus]string{
	focusUser:     "look up",
	focusPasscode: "verify",
	focusOptions:  "save",
	focusCount:    "next",
}

// hit reports whether msg is one of b's keys, enabled or not: a disabled
// key still deserves an answer.
func hit(msg tea.KeyMsg, b key.Binding) bool { return slices.Contains(b.Keys(), msg.String()) }

// factorKey returns the binding that sends factor f.
func (k sendKeys) factorKey(f duo.Factor) key.Binding {
	switch f {
	case duo.FactorPush:
		return k.Push
	case duo.FactorPhone:
		return k.Call
	case duo.FactorSMS:
		return k.SMS
	case duo.FactorPasscode:
		return k.Passcode
	}
	return k.Auto
}

// ShortHelp lists the keys of the moment; help hides the disabled ones.
func (m *Model) ShortHelp() []key.Binding {
	k := m.keys
	return []key.Binding{
		k.Submit, k.Next, k.Leave, k.Yes, k.No,
		k.Cancel, k.Approve, k.Deny,
		k.Push, k.Call, k.SMS, k.Passcode, k.Auto, k.User,
	}
}

// FullHelp adds device navigation, lookup, push details and the test.
func (m *Model) FullHelp() [][]key.Binding {
	k := m.keys
	return [][]key.Binding{
		{k.Push, k.Call, k.SMS, k.Passcode, k.Auto},
		{k.User, k.Up, k.Down, k.Refresh, k.Options, k.Test},
		{k.Cancel, k.Approve, k.Deny, k.Yes, k.No},
		{k.Submit, k.Next, k.Prev, k.Leave},
	}
}

// syncKeys enables exactly the keys that do something now.
func (m *Model) syncKeys() {
	k := &m.keys
	inField := m.focus != focusNone
	idle := !inField && m.confirm == nil
	waiting := m.tx.waiting
	k.Submit.SetEnabled(inField)
	k.Submit.SetHelp("enter", submitHelp[m.focus])
	k.Leave.SetEnabled(inField)
	k.Next.SetEnabled(m.focus == focusOptions)
	k.Prev.SetEnabled(m.focus == focusOptions)
	k.Yes.SetEnabled(!inField && m.confirm != nil)
	k.No.SetEnabled(!inField && m.confirm != nil)
	k.Cancel.SetEnabled(idle && waiting)
	answerable := idle && waiting && len(m.prompts) > 0
	k.Approve.SetEnabled(answerable)
	k.Deny.SetEnabled(answerable)

	k.User.SetEnabled(idle)
	devs := len(m.devices()) > 1
	k.Up.SetEnabled(idle && devs)
	k.Down.SetEnabled(idle && devs)
	k.Refresh.SetEnabled(idle && m.look.user != "" && !m.look.busy)
	for _, f := range factors {
		b := k.factorKey(f)
		reason, _ := m.refusal(f)
		b.SetEnabled(idle && reason == "")
		k.setFactorKey(f, b)
	}
	pushOK, _ := m.refusal(duo.FactorPush)
	k.Options.SetEnabled(idle && pushOK == "")
	k.Test.SetEnabled(idle && pushOK == "")
}

func (k *sendKeys) setFactorKey(f duo.Factor, b key.Binding) {
	switch f {
	case duo.FactorPush:
		k.Push = b
	case duo.FactorPhone:
		k.Call = b
	case duo.FactorSMS:
		k.SMS = b
	case duo.FactorPasscode:
		k.Passcode = b
	default:
		k.Auto = b
	}
}
