package send

import (
	"strings"

	"duotui/duo"
)

// factors in the order the pane offers them.
var factors = []duo.Factor{duo.FactorPush, duo.FactorPhone, duo.FactorSMS, duo.FactorPasscode, duo.FactorAuto}

// factorName is what the admin reads for a factor.
func factorName(f duo.Factor) string {
	switch f {
	case duo.FactorPush:
		return "push"
	case duo.FactorPhone:
		return "call"
	case duo.FactorSMS:
		return "SMS"
	case duo.FactorPasscode:
		return "passcode"
	}
	return "auto"
}

// factorTitle heads a transaction ("Push to alice").
func factorTitle(f duo.Factor) string {
	switch f {
	case duo.FactorPush:
		return "Push"
	case duo.FactorPhone:
		return "Call"
	case duo.FactorSMS:
		return "SMS passcodes"
	case duo.FactorPasscode:
		return "Passcode check"
	}
	return "Auto"
}

// factorPhrase names a factor inside a sentence ("cannot take a push").
func factorPhrase(f duo.Factor) string {
	switch f {
	case duo.FactorPush:
		return "a push"
	case duo.FactorPhone:
		return "a phone call"
	case duo.FactorSMS:
		return "SMS passcodes"
	case duo.FactorPasscode:
		return "passcodes"
	}
	return "an automatic push or call"
}

// offers reports whether the device's preauth capabilities allow factor f.
// Passcodes come from Duo Mobile, a hardware token or an earlier SMS.
func offers(d duo.Device, f duo.Factor) bool {
	switch f {
	case duo.FactorPush:
		return d.Can(duo.CapPush)
	case duo.FactorPhone:
		return d.Can(duo.CapPhone)
	case duo.FactorSMS:
		return d.Can(duo.CapSMS)
	case duo.FactorPasscode:
		return d.Can(duo.CapMobileOTP) || d.Can(duo.CapSMS) || d.Type == "token"
	case duo.FactorAuto:
		return d.Can(duo.CapAuto)
	}
	return false
}

// telephony reports whether sending f to d spends telephony credits: SMS,
// calls, and auto on a device that cannot take a push (Duo calls it).
func telephony(d duo.Device, f duo.Factor) bool {
	switch f {
	case duo.FactorSMS, duo.FactorPhone:
		return true
	case duo.FactorAuto:
		return !d.Can(duo.CapPush) && d.Can(duo.CapPhone)
	}
	return false
}

// offered lists the names of the factors a device takes.
func offered(d duo.Device) []string {
	var out []string
	for _, f := range factors {
		if offers(d, f) {
			out = append(out, factorName(f))
		}
	}
	return out
}

// deviceLabel names a device the way Duo's menus do, without its ID.
func deviceLabel(d duo.Device) string {
	switch {
	case d.Type == "token":
		if d.Name != "" {
			return "token " + d.Name
		}
		return "hardware token"
	case d.DisplayName != "":
		return d.DisplayName
	case d.Name != "" && d.Number != "":
		return d.Name + " (" + d.Number + ")"
	case d.Name != "":
		return d.Name
	case d.Number != "":
		return d.Number
	}
	return d.Device
}

// capsSentence lists what a device can do, for "cannot take" sentences.
func capsSentence(d duo.Device) string {
	o := offered(d)
	if len(o) == 0 {
		return "it offers no factor the Auth API can use"
	}
	return "it offers " + strings.Join(o, ", ")
}
