package duotest

import "strings"

// The Admin API's user object, with the field names and JSON types of Duo's
// documentation and of duo_api_golang/admin (which, for example, needs
// phones[].last_seen as a string and created as an integer).
type adminUserJSON struct {
	Alias1            *string          `json:"alias1"`
	Alias2            *string          `json:"alias2"`
	Alias3            *string          `json:"alias3"`
	Alias4            *string          `json:"alias4"`
	Created           int64            `json:"created"`
	Email             string           `json:"email"`
	FirstName         *string          `json:"firstname"`
	Groups            []adminGroupJSON `json:"groups"`
	IsEnrolled        bool             `json:"is_enrolled"`
	LastDirectorySync *int64           `json:"last_directory_sync"`
	LastLogin         *int64           `json:"last_login"`
	LastName          *string          `json:"lastname"`
	LockoutReason     *string          `json:"lockout_reason"`
	Notes             string           `json:"notes"`
	Phones            []adminPhoneJSON `json:"phones"`
	RealName          string           `json:"realname"`
	Status            string           `json:"status"`
	Tokens            []adminTokenJSON `json:"tokens"`
	U2FTokens         []struct{}       `json:"u2ftokens"`
	UserID            string           `json:"user_id"`
	Username          string           `json:"username"`
	WebAuthn          []struct{}       `json:"webauthncredentials"`
}

type adminGroupJSON struct {
	Desc             string `json:"desc"`
	GroupID          string `json:"group_id"`
	MobileOTPEnabled bool   `json:"mobile_otp_enabled"`
	Name             string `json:"name"`
	PushEnabled      bool   `json:"push_enabled"`
	SMSEnabled       bool   `json:"sms_enabled"`
	Status           string `json:"status"`
	VoiceEnabled     bool   `json:"voice_enabled"`
}

type adminPhoneJSON struct {
	Activated        bool     `json:"activated"`
	Capabilities     []string `json:"capabilities"`
	Encrypted        string   `json:"encrypted"`
	Extension        string   `json:"extension"`
	Fingerprint      string   `json:"fingerprint"`
	LastSeen         string   `json:"last_seen"`
	Model            string   `json:"model"`
	Name             string   `json:"name"`
	Number           string   `json:"number"`
	PhoneID          string   `json:"phone_id"`
	Platform         string   `json:"platform"`
	Postdelay        string   `json:"postdelay"`
	Predelay         string   `json:"predelay"`
	Screenlock       string   `json:"screenlock"`
	SMSPasscodesSent bool     `json:"sms_passcodes_sent"`
	Tampered         string   `json:"tampered"`
	Type             string   `json:"type"`
}

type adminTokenJSON struct {
	Serial   string `json:"serial"`
	TokenID  string `json:"token_id"`
	TOTPStep *int   `json:"totp_step"`
	Type     string `json:"type"`
}

func adminUser(u *user) adminUserJSON {
	out := adminUserJSON{
		Created: u.created.Unix(), Email: u.email, Groups: []adminGroupJSON{}, IsEnrolled: u.enrolled(),
		LastLogin: unixPtr(u.lastLogin), Phones: []adminPhoneJSON{}, RealName: u.realName,
		Status: u.status, Tokens: []adminTokenJSON{}, U2FTokens: []struct{}{}, UserID: u.id,
		Username: u.name, WebAuthn: []struct{}{},
	}
	aliases := []**string{&out.Alias1, &out.Alias2, &out.Alias3, &out.Alias4}
	for i, a := range u.aliases {
		if i < len(aliases) {
			*aliases[i] = &a
		}
	}
	if first, last, ok := strings.Cut(u.realName, " "); ok {
		out.FirstName, out.LastName = &first, &last
	}
	if u.status == StatusLockedOut {
		reason := "Failed Attempts"
		out.LockoutReason = &reason
	}
	for _, g := range u.groups {
		// The *_enabled fields are legacy: Duo always returns false.
		out.Groups = append(out.Groups, adminGroupJSON{GroupID: g.id, Name: g.name, Status: "Active"})
	}
	for _, d := range u.devices {
		if d.typ == TypeToken {
			out.Tokens = append(out.Tokens, adminTokenJSON{Serial: d.serial, TokenID: d.id, Type: "h6"})
			continue
		}
		out.Phones = append(out.Phones, adminPhone(d))
	}
	return out
}

func adminPhone(d *device) adminPhoneJSON {
	smart := d.can(CapPush)
	p := adminPhoneJSON{
		Activated: smart, Capabilities: append([]string{}, d.caps...), Model: d.model, Name: d.name,
		Number: d.number, PhoneID: d.id, Platform: d.platform, SMSPasscodesSent: d.smsSent, Type: "Mobile",
	}
	if p.Model == "" {
		p.Model = "Unknown"
	}
	if !smart && !d.can(CapSMS) {
		p.Type = "Landline"
	}
	if smart {
		p.Encrypted, p.Fingerprint, p.Screenlock, p.Tampered = "Encrypted", "Configured", "Locked", "Not tampered"
	}
	if !d.lastSeen.IsZero() {
		p.LastSeen = d.lastSeen.UTC().Format("2006-01-02T15:04:05")
	}
	return p
}
