package users

import (
	"strings"

	"duotui/duo"
	"duotui/model"
)

// devices lists the Admin API's phones and tokens, or for a user known only
// from preauth, the devices Duo offered.
func (m *Model) devices(u *model.RosterUser) []string {
	var out []string
	if u.InAdmin {
		for _, p := range u.Phones {
			name := strings.TrimSpace(strings.Join(nonEmpty(p.Name, p.Platform, p.Number), " "))
			if name == "" {
				name = "phone"
			}
			s := name + ": " + caps(p.Capabilities)
			if !p.Activated && (has(p.Capabilities, duo.CapPush) || has(p.Capabilities, duo.CapMobileOTP)) {
				s += " (Duo Mobile not activated)"
			}
			out = append(out, s)
		}
		for _, t := range u.Tokens {
			out = append(out, strings.Join(nonEmpty("token", t.Type, t.Serial), " ")+": passcode")
		}
	} else if p := u.Preauth; p != nil {
		for _, d := range p.Devices {
			name := strings.Join(nonEmpty(d.DisplayName, d.Name), " ")
			if name == "" {
				name = d.Type
			}
			out = append(out, name+": "+caps(d.Capabilities))
		}
	}
	if len(out) == 0 {
		return []string{m.st.muted.Render("none")}
	}
	return out
}

func caps(cs []duo.Capability) string {
	var out []string
	for _, c := range cs {
		switch c {
		case duo.CapPush:
			out = append(out, "push")
		case duo.CapPhone:
			out = append(out, "call")
		case duo.CapSMS:
			out = append(out, "SMS")
		case duo.CapMobileOTP:
			out = append(out, "passcode")
		}
	}
	if len(out) == 0 {
		return "nothing the Auth API can use"
	}
	return strings.Join(out, ", ")
}

func has(cs []duo.Capability, c duo.Capability) bool {
	for _, x := range cs {
		if x == c {
			return true
		}
	}
	return false
}

func nonEmpty(ss ...string) []string {
	out := ss[:0:0]
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

func groups(u *model.RosterUser) string {
	if len(u.Groups) == 0 {
		if u.InAdmin {
			return "none"
		}
		return "unknown without the Admin API"
	}
	names := make([]string, len(u.Groups))
	for i, g := range u.Groups {
		names[i] = g.Name
	}
	return strings.Join(names, ", ")
}
