package duotest

import (
	"fmt"
	"net/http"
	"strings"
)

const (
	msgActive = "Account is active"
	msgEnroll = "Enroll an authentication device to proceed"
)

type timeJSON struct {
	Time int64 `json:"time"`
}

func (s *Server) handlePing(w http.ResponseWriter, q *request) {
	writeOK(w, timeJSON{unixTime(s.Now())})
}

func (s *Server) handleCheck(w http.ResponseWriter, q *request) {
	writeOK(w, timeJSON{unixTime(s.Now())})
}

type promptJSON struct {
	Text    string            `json:"text"`
	Factors map[string]string `json:"factors,omitempty"`
}

type preauthJSON struct {
	Result          string       `json:"result"`
	StatusMsg       string       `json:"status_msg"`
	Devices         []deviceJSON `json:"devices,omitempty"`
	EnrollPortalURL string       `json:"enroll_portal_url,omitempty"`
	Prompt          *promptJSON  `json:"prompt,omitempty"`
}

// handlePreauth answers by the user's state: unknown or without devices →
// enroll; bypass → allow; disabled or locked out → deny; otherwise auth with
// the devices (and, for text_prompt=1, duo_unix's menu).
func (s *Server) handlePreauth(w http.ResponseWriter, q *request) {
	p := q.params
	userID, username := p.Get("user_id"), p.Get("username")
	if userID == "" && username == "" {
		writeFail(w, errMissingParam("username"))
		return
	}
	if fm := p.Get("failmode"); fm != "" && fm != "open" && fm != "closed" {
		writeFail(w, errInvalidParam("failmode"))
		return
	}
	textPrompt := p.Get("text_prompt") == "1"
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.lookupLocked(userID, username)
	if u == nil && userID != "" {
		writeFail(w, errInvalidParam("user_id"))
		return
	}
	var out preauthJSON
	switch {
	case u == nil || (u.status == StatusActive && !u.enrolled()):
		out = preauthJSON{Result: "enroll", StatusMsg: msgEnroll, EnrollPortalURL: s.portalURL()}
		if textPrompt {
			out.Prompt = &promptJSON{Text: "Please enroll at " + out.EnrollPortalURL}
		}
	case u.status == StatusBypass:
		out = preauthJSON{Result: "allow", StatusMsg: msgBypass}
	case u.status == StatusDisabled:
		out = preauthJSON{Result: "deny", StatusMsg: msgDisabled}
	case u.status == StatusLockedOut:
		out = preauthJSON{Result: "deny", StatusMsg: msgLockedOut}
	default:
		out = preauthJSON{Result: "auth", StatusMsg: msgActive}
		out.Devices = make([]deviceJSON, 0, len(u.devices))
		for _, d := range u.devices {
			out.Devices = append(out.Devices, d.preauthJSON())
		}
		if textPrompt {
			out.Prompt = textMenu(u)
		}
	}
	writeOK(w, out)
}

func (s *Server) portalURL() string {
	return s.URL + "/portal?code=" + randomString("0123456789abcdef", 16) + "&akey=DA" + randomString(upperDigits, 18)
}

// menuKinds orders duo_unix's menu as Duo does: every push, then every call,
// then every SMS option.
var menuKinds = []struct{ cap, factor, label string }{
	{CapPush, "push", "Duo Push to "},
	{CapPhone, "phone", "Phone call to "},
	{CapSMS, "sms", "SMS passcodes to "},
}

// textMenu builds preauth's prompt for text_prompt=1: Duo's wording, and the
// factors map from option numbers to factor names such as "push1" (kind plus
// the 1-based index of the device in preauth's devices list).
func textMenu(u *user) *promptJSON {
	var lines []string
	factors := map[string]string{}
	for _, k := range menuKinds {
		for i, d := range u.devices {
			if d.typ != TypePhone || !d.can(k.cap) {
				continue
			}
			n := len(lines) + 1
			line := fmt.Sprintf("%2d. %s%s", n, k.label, d.menuLabel())
			if k.cap == CapSMS && len(d.sms) > 0 {
				line += " (next code starts with: " + d.sms[0][:1] + ")"
			}
			lines = append(lines, line)
			name := fmt.Sprintf("%s%d", k.factor, i+1)
			factors[fmt.Sprint(n)] = name
			if n == 1 {
				factors["default"] = name
			}
		}
	}
	var b strings.Builder
	b.WriteString("Duo two-factor login for " + u.name + "\n\n")
	if len(lines) == 0 {
		b.WriteString("Enter a passcode: ")
		return &promptJSON{Text: b.String(), Factors: factors}
	}
	b.WriteString("Enter a passcode or select one of the following options:\n\n")
	for _, l := range lines {
		b.WriteString(l + "\n")
	}
	fmt.Fprintf(&b, "\nPasscode or option (1-%d): ", len(lines))
	return &promptJSON{Text: b.String(), Factors: factors}
}
