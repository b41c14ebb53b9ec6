package duotest

import "strings"

// maskNumber renders a number the way Duo shows it: "XXX-XXX-0100".
func maskNumber(n string) string {
	digits := make([]byte, 0, len(n))
	for i := 0; i < len(n); i++ {
		if '0' <= n[i] && n[i] <= '9' {
			digits = append(digits, n[i])
		}
	}
	if len(digits) < 4 {
		return "XXX-XXX-XXXX"
	}
	return "XXX-XXX-" + string(digits[len(digits)-4:])
}

// platformShort is the platform's short name in display names.
func (d *device) platformShort() string {
	switch {
	case strings.Contains(d.platform, "iOS"):
		return "iOS"
	case strings.Contains(d.platform, "Android"):
		return "Android"
	case d.platform == "Unknown" && d.can(CapSMS):
		return "Mobile"
	case d.platform == "Unknown":
		return "Landline"
	}
	return d.platform
}

// displayName follows Duo's preauth display_name: "Name (XXX-XXX-0100)",
// "iOS (XXX-XXX-0100)", "Work iPad (iOS)" or just the platform.
func (d *device) displayName() string {
	switch {
	case d.typ == TypeToken:
		return "Token " + d.serial
	case d.name != "" && d.number != "":
		return d.name + " (" + maskNumber(d.number) + ")"
	case d.number != "":
		return d.platformShort() + " (" + maskNumber(d.number) + ")"
	case d.name != "":
		return d.name + " (" + d.platformShort() + ")"
	}
	return d.platformShort()
}

// menuLabel is how duo_unix's menu names the device: the masked number, or
// for a device without one (a tablet) its display name.
func (d *device) menuLabel() string {
	if d.number != "" {
		return maskNumber(d.number)
	}
	return d.displayName()
}

// deviceJSON is one entry of preauth's devices list.
type deviceJSON struct {
	Device       string   `json:"device"`
	Type         string   `json:"type"`
	Name         string   `json:"name"`
	DisplayName  string   `json:"display_name,omitempty"`
	Number       string   `json:"number,omitempty"`
	Capabilities []string `json:"capabilities,omitempty"`
	SMSNextcode  string   `json:"sms_nextcode,omitempty"`
}

func (d *device) preauthJSON() deviceJSON {
	if d.typ == TypeToken {
		return deviceJSON{Device: d.id, Type: TypeToken, Name: d.serial}
	}
	j := deviceJSON{
		Device: d.id, Type: TypePhone, Name: d.name, DisplayName: d.displayName(),
		Capabilities: append([]string(nil), d.caps...),
	}
	if d.number != "" {
		j.Number = maskNumber(d.number)
	}
	if len(d.sms) > 0 {
		j.SMSNextcode = d.sms[0][:1]
	}
	return j
}
