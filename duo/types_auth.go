package duo

import (
	"net/url"
	"slices"
	"time"
)

// Ping is the answer of /auth/v2/ping and /auth/v2/check: Duo's clock, in
// whole seconds.
type Ping struct {
	Time time.Time
}

// ClockSample is one clock probe: Duo's whole-second time and the local
// instants (with monotonic readings) that bracket it. The offset
// server - local lies in [Server - Received, Server + 1s - Sent].
type ClockSample struct {
	Server         time.Time
	Sent, Received time.Time
}

// EnrollRequest asks /auth/v2/enroll for a new user and activation code.
// An empty Username lets Duo pick one; ValidSecs 0 keeps Duo's default.
type EnrollRequest struct {
	Username  string
	ValidSecs int
}

// Enrollment is a pending activation returned by /auth/v2/enroll.
type Enrollment struct {
	UserID, Username  string
	ActivationCode    string // duo://… for the Duo Mobile app
	ActivationBarcode string // URL of a QR image of the code
	ActivationURL     string // link that opens the activation on the phone
	Expiration        time.Time
}

// EnrollStatus is the state of an activation code.
type EnrollStatus string

// Activation states reported by /auth/v2/enroll_status.
const (
	EnrollSuccess EnrollStatus = "success" // the user activated the device
	EnrollInvalid EnrollStatus = "invalid" // expired or unknown code
	EnrollWaiting EnrollStatus = "waiting" // not activated yet
)

// PreauthRequest asks /auth/v2/preauth what a user may do. Set Username or
// UserID. Failmode ("open"/"closed") and TextPrompt mirror what duo_unix
// sends; TextPrompt makes Duo return a ready-made menu in Preauth.Prompt.
type PreauthRequest struct {
	Username, UserID, IPAddr, Hostname, Failmode string
	TextPrompt                                   bool
}

// PreauthResult is Duo's verdict before any factor.
type PreauthResult string

// Pre-authentication verdicts.
const (
	PreauthAuth   PreauthResult = "auth"   // use Auth with one of Devices
	PreauthAllow  PreauthResult = "allow"  // bypass user: let them in now
	PreauthDeny   PreauthResult = "deny"   // refuse now
	PreauthEnroll PreauthResult = "enroll" // unknown user: show EnrollPortalURL
)

// Preauth is the answer of /auth/v2/preauth.
type Preauth struct {
	Result          PreauthResult
	StatusMsg       string
	EnrollPortalURL string
	Devices         []Device
	Prompt          *Prompt // only with TextPrompt and Result auth/enroll
}

// Prompt is Duo's text menu for terminal logins: Factors maps "1", "2", …
// and "default" to factor names such as "push1".
type Prompt struct {
	Text    string
	Factors map[string]string
}

// Capability is something a device can do.
type Capability string

// Device capabilities.
const (
	CapAuto      Capability = "auto"
	CapPush      Capability = "push"
	CapSMS       Capability = "sms"
	CapPhone     Capability = "phone"
	CapMobileOTP Capability = "mobile_otp"
)

// Device is one of a user's authentication devices.
type Device struct {
	Device       string       `json:"device"` // ID, "DP…"
	Type         string       `json:"type"`   // "phone", "token", …
	Name         string       `json:"name,omitempty"`
	Number       string       `json:"number,omitempty"` // masked, may be ""
	DisplayName  string       `json:"display_name,omitempty"`
	SMSNextcode  string       `json:"sms_nextcode,omitempty"` // first digit of the next valid SMS passcode
	Capabilities []Capability `json:"capabilities"`
}

// Can reports whether the device has capability c.
func (d Device) Can(c Capability) bool { return slices.Contains(d.Capabilities, c) }

// Factor selects how Auth authenticates.
type Factor string

// Factors accepted by /auth/v2/auth.
const (
	FactorAuto     Factor = "auto"
	FactorPush     Factor = "push"
	FactorPasscode Factor = "passcode"
	FactorSMS      Factor = "sms"
	FactorPhone    Factor = "phone"
)

// AuthRequest is one /auth/v2/auth call. Set Username or UserID. Device
// defaults to "auto" for push, sms and phone. With Async the call returns at
// once with a TxID to poll with AuthStatus.
type AuthRequest struct {
	Username, UserID string
	Factor           Factor
	Device           string
	Passcode         string
	Type             string // push notification label, default "Login"
	DisplayUsername  string
	IPAddr           string
	PushInfo         url.Values // shown in the push; sent URL-encoded
	Async            bool
}

// Result is the outcome of an authentication.
type Result string

// Authentication outcomes.
const (
	ResultAllow   Result = "allow"
	ResultDeny    Result = "deny"
	ResultWaiting Result = "waiting"
)

// AuthResult is the answer of /auth/v2/auth or /auth/v2/auth_status.
// Status is Duo's finer state ("pushed", "calling", "sent", "timeout",
// "fraud", …).
type AuthResult struct {
	Result             Result
	Status             string
	StatusMsg          string
	TxID               string
	TrustedDeviceToken string
}

// Final reports whether the transaction is over (allowed or denied).
func (r AuthResult) Final() bool { return r.Result == ResultAllow || r.Result == ResultDeny }
