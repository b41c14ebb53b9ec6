package model

import (
	"fmt"
	"strconv"
	"strings"
)

// Where the wizard's last step sends the keys (the same names config uses).
const (
	PasteWHMCS   = "whmcs"
	PasteDuoUnix = "duo_unix"
	PasteEnv     = "env"
)

// PasteGuide says where to paste the validated keys in one integration.
type PasteGuide struct {
	Target string   `json:"target"`
	Title  string   `json:"title"`
	Menu   string   `json:"menu,omitempty"` // the path through the integration's menus
	Steps  []string `json:"steps"`          // in order, one line each
	Fields []string `json:"fields"`         // the integration's names for the values, in form order
	Notes  []string `json:"notes,omitempty"`
	// WebSDK: this integration needs a Web SDK application's Client ID and
	// Client secret, not the Auth API keys; the checklist adds its step.
	WebSDK bool `json:"web_sdk,omitempty"`
}

// secondFactorNote ends every guide: the most common error after setup.
var secondFactorNote = `If logins then fail with "The second factor you supplied was incorrect", check the clock first (the Clock pane): ` + TimeZoneNote

// WHMCSVersion is a parsed WHMCS version.
type WHMCSVersion struct{ Major, Minor int }

// ParseWHMCSVersion reads "8.9", "8.10.2", "v7.10" or "7".
func ParseWHMCSVersion(s string) (WHMCSVersion, error) {
	t := strings.TrimPrefix(strings.ToLower(strings.TrimSpace(s)), "v")
	parts := strings.SplitN(t, ".", 3)
	major, err := strconv.Atoi(parts[0])
	minor := 0
	if err == nil && len(parts) > 1 {
		minor, err = strconv.Atoi(parts[1])
	}
	if err != nil || major < 1 || minor < 0 {
		return WHMCSVersion{}, fmt.Errorf("%q is not a WHMCS version; type the version shown at the bottom of the WHMCS admin area, like 8.9", s)
	}
	return WHMCSVersion{major, minor}, nil
}

// UsesWebSDK reports whether this WHMCS uses Duo's Universal Prompt (8.9+).
func (v WHMCSVersion) UsesWebSDK() bool { return v.Major > 8 || v.Major == 8 && v.Minor >= 9 }

// WHMCSGuide is the guide for a WHMCS version string.
func WHMCSGuide(version string) (PasteGuide, error) {
	v, err := ParseWHMCSVersion(version)
	if err != nil {
		return PasteGuide{}, err
	}
	g := PasteGuide{Target: PasteWHMCS, Title: fmt.Sprintf("WHMCS %d.%d", v.Major, v.Minor)}
	activate := func(fields ...string) []string {
		return []string{
			"Click Activate next to Duo Security (or Configure, if it is already active).",
			"Tick Enable for Staff and/or Enable for Clients.",
			"Enter " + strings.Join(fields[:len(fields)-1], ", ") + " and " + fields[len(fields)-1] + ".",
			"Click Save Changes.",
		}
	}
	switch {
	case v.Major < 8:
		g.Menu = "Setup → Staff Management → Two-Factor Authentication"
		g.Fields = []string{"Integration Key", "Secret Key", "API Hostname"}
	case !v.UsesWebSDK():
		g.Menu = "Configuration → System Settings → Two Factor Authentication"
		g.Fields = []string{"Integration Key", "Secret Key", "API Hostname"}
	default:
		g.Menu = "Configuration → System Settings → Two Factor Authentication"
		g.Fields = []string{"Client ID", "Client Secret", "API Hostname"}
		g.WebSDK = true
		g.Notes = append(g.Notes,
			"WHMCS 8.9 and later use Duo's Universal Prompt, which needs a Web SDK application: paste its Client ID, Client secret and API hostname, not the Auth API keys.",
			"This tool's own tests (check, push, clock) still use the Auth API application, so keep those keys here too.",
			"After switching WHMCS to new credentials, users enroll again at their next login.",
		)
	}
	g.Steps = append([]string{"In the WHMCS admin area, open " + g.Menu + "."}, activate(g.Fields...)...)
	g.Notes = append(g.Notes, secondFactorNote)
	return g, nil
}

// DuoUnixGuide is the guide for login_duo / pam_duo; config writes the file.
func DuoUnixGuide(path string) PasteGuide {
	if path == "" {
		path = "/etc/duo/pam_duo.conf"
	}
	return PasteGuide{
		Target: PasteDuoUnix, Title: "duo_unix (login_duo, pam_duo)",
		Fields: []string{"ikey", "skey", "host"},
		Steps: []string{
			"Write " + path + " with the [duo] section: ikey, skey and host (this wizard can write it for you, mode 0600).",
			"Choose failmode: safe lets users in when Duo cannot be reached, secure keeps them out.",
			"Keep the file owned by root and mode 0600 (login_duo refuses a readable file), then test with login_duo -d -c " + path + " -f USER true.",
		},
		Notes: []string{secondFactorNote},
	}
}

// EnvGuide lists the environment variables that configure duotui (and the
// values to give them); the secret is never printed here.
func EnvGuide(host, ikey string) PasteGuide {
	return PasteGuide{
		Target: PasteEnv, Title: "Environment variables",
		Fields: []string{"DUOTUI_HOST", "DUOTUI_IKEY", "DUOTUI_SKEY"},
		Steps: []string{
			"export DUOTUI_HOST=" + host,
			"export DUOTUI_IKEY=" + ikey,
			"export DUOTUI_SKEY=<secret key> (from your secret store, not typed into shell history)",
		},
		Notes: []string{"The variables override the config file; DUOTUI_PROFILE picks a profile.", secondFactorNote},
	}
}
