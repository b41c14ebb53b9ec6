package model

import (
	"slices"
	"strings"

	"duotui/duo"
)

// UserState is what a user's Duo status means for logging in.
type UserState string

// User states, as an administrator needs them.
const (
	StateUnknown         UserState = "unknown"           // not looked up yet
	StateActive          UserState = "active"            // can log in with a second factor
	StateNotEnrolled     UserState = "not enrolled"      // no device yet (or unknown to Duo)
	StateNoCapableDevice UserState = "no capable device" // enrolled, but nothing the Auth API can use
	StateLockedOut       UserState = "locked out"
	StateBypass          UserState = "bypass"
	StateDisabled        UserState = "disabled"
	StatePendingDeletion UserState = "pending deletion"
	StateDenied          UserState = "denied" // preauth denies for another reason (policy)
)

// StateInfo explains a state in plain language.
type StateInfo struct {
	State   UserState `json:"state"`
	Level   Level     `json:"level"`
	Meaning string    `json:"meaning"` // one sentence: what it means for the user's logins
	Fix     string    `json:"fix,omitempty"`
}

var stateInfo = map[UserState]StateInfo{
	StateUnknown: {StateUnknown, LevelUnknown,
		"Not looked up yet, so it is not known what Duo would do at this user's next login.",
		"Look the user up (preauth) to ask Duo."},
	StateActive: {StateActive, LevelOK,
		"Active: Duo asks this user for a second factor at every login, and they have a device that can answer.", ""},
	StateNotEnrolled: {StateNotEnrolled, LevelWarn,
		"Not enrolled: this user has no device yet, so at their next login Duo asks them to enroll, or refuses them if the application's new-user policy says so.",
		"Add a phone for them in the Admin Panel (Users → the user → Add Phone); the Enroll pane creates and activates new users only."},
	StateNoCapableDevice: {StateNoCapableDevice, LevelBad,
		"No capable device: the user is enrolled, but none of their devices can take a push, a call, an SMS or a passcode, so integrations using the Auth API cannot log them in.",
		"Add a phone or a hardware token to the user in the Admin Panel, or send a new enrollment."},
	StateLockedOut: {StateLockedOut, LevelBad,
		"Locked out: Duo locked this user after too many failed attempts or a fraud report, and refuses every login until an administrator unlocks them.",
		"In the Admin Panel open Users → the user and set Status back to Active."},
	StateBypass: {StateBypass, LevelWarn,
		"Bypass: Duo lets this user in without any second factor.",
		"When the bypass is no longer needed, set Status back to Active in the Admin Panel."},
	StateDisabled: {StateDisabled, LevelBad,
		"Disabled: Duo refuses every login for this user.",
		"If that is a mistake, set Status back to Active in the Admin Panel."},
	StatePendingDeletion: {StatePendingDeletion, LevelBad,
		"Pending deletion: the user was deleted in Duo and cannot log in; they will be removed for good shortly.",
		"Restore the user in the Admin Panel if they were deleted by mistake."},
	StateDenied: {StateDenied, LevelBad,
		"Denied: Duo refuses this user's logins because of a policy (for example a location or network rule).",
		"Check the application's and the user's group policies in the Admin Panel."},
}

// ExplainState returns the plain-language meaning of a state.
func ExplainState(s UserState) StateInfo {
	if i, ok := stateInfo[s]; ok {
		return i
	}
	return stateInfo[StateUnknown]
}

// authCapable are the capabilities the Auth API can use for a login.
var authCapable = []duo.Capability{duo.CapPush, duo.CapPhone, duo.CapSMS, duo.CapMobileOTP}

// State derives the user's state: an Admin API status that blocks or skips
// the second factor first (disabled, locked out, pending deletion, bypass),
// then Duo's live preauth answer (it also reflects policies), then
// enrollment and the devices the Admin API lists.
func (u *RosterUser) State() UserState {
	if u.InAdmin {
		switch strings.ToLower(u.Status) {
		case "disabled":
			return StateDisabled
		case "locked out", "locked_out":
			return StateLockedOut
		case "pending deletion":
			return StatePendingDeletion
		case "bypass":
			return StateBypass
		}
	}
	if p := u.Preauth; p != nil && p.Err == "" {
		switch p.Result {
		case duo.PreauthAllow:
			return StateBypass
		case duo.PreauthEnroll:
			return StateNotEnrolled
		case duo.PreauthDeny:
			msg := strings.ToLower(p.StatusMsg)
			switch {
			case strings.Contains(msg, "locked"):
				return StateLockedOut
			case strings.Contains(msg, "disabled"):
				return StateDisabled
			}
			return StateDenied
		case duo.PreauthAuth:
			for _, d := range p.Devices {
				for _, c := range authCapable {
					if d.Can(c) {
						return StateActive
					}
				}
			}
			return StateNoCapableDevice
		}
	}
	if !u.InAdmin {
		return StateUnknown
	}
	if !u.IsEnrolled {
		return StateNotEnrolled
	}
	if len(u.Tokens) > 0 {
		return StateActive
	}
	for _, ph := range u.Phones {
		can := func(c duo.Capability) bool { return slices.Contains(ph.Capabilities, c) }
		// Calls and SMS reach any phone; push and Duo Mobile passcodes need
		// the app activated.
		if can(duo.CapPhone) || can(duo.CapSMS) || ph.Activated && (can(duo.CapPush) || can(duo.CapMobileOTP)) {
			return StateActive
		}
	}
	return StateNoCapableDevice
}

// Explain is the plain-language meaning of the user's state; for a preauth
// denial Duo's own words are added.
func (u *RosterUser) Explain() StateInfo {
	i := ExplainState(u.State())
	if i.State == StateDenied && u.Preauth != nil && u.Preauth.StatusMsg != "" {
		i.Meaning = strings.TrimSuffix(i.Meaning, ".") + " (Duo says: " + u.Preauth.StatusMsg + ")."
	}
	return i
}
