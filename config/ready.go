package config

import (
	"fmt"
	"strings"
)

// need is one value a use of the credentials requires.
type need struct {
	label, key, env string
	set             bool
}

// AuthReady reports whether the Auth API values (host, integration key,
// secret key) are all present and well-formed, and their helper commands
// worked. Its error is the one sentence to show: with nothing configured,
// the reminder `duotui check` prints until the keys are in.
func (c Credentials) AuthReady() error {
	if c.authErr != nil {
		return c.authErr
	}
	return c.ready("Duo credentials", "run duotui setup, or ", []need{
		{"API hostname", "host", "DUOTUI_HOST", c.Host.Value != ""},
		{"integration key", "ikey", "DUOTUI_IKEY", c.IKey.Value != ""},
		{"secret key", "skey", "DUOTUI_SKEY", c.SKey.Value != ""},
	})
}

// AdminReady reports whether the Admin API values (host and the Admin API
// application's keys) are all present and well-formed.
func (c Credentials) AdminReady() error {
	if c.adminErr != nil {
		return c.adminErr
	}
	return c.ready("Admin API keys", "create an Admin API application with \"Grant read resource\" in the Duo Admin Panel, then ", []need{
		{"API hostname", "host", "DUOTUI_HOST", c.Host.Value != ""},
		{"Admin API integration key", "admin_ikey", "DUOTUI_ADMIN_IKEY", c.AdminIKey.Value != ""},
		{"Admin API secret key", "admin_skey", "DUOTUI_ADMIN_SKEY", c.AdminSKey.Value != ""},
	})
}

// WebSDKReady reports whether the Web SDK values (host, client ID, client
// secret) are all present and well-formed, as WHMCS 8.9 and later need.
func (c Credentials) WebSDKReady() error {
	if c.webErr != nil {
		return c.webErr
	}
	return c.ready("Web SDK credentials", "protect a Web SDK application in the Duo Admin Panel, then ", []need{
		{"API hostname", "host", "DUOTUI_HOST", c.Host.Value != ""},
		{"client ID", "client_id", "", c.ClientID.Value != ""},
		{"client secret", "client_secret", "", c.ClientSecret.Value != ""},
	})
}

func (c Credentials) ready(what, first string, needs []need) error {
	var labels, keys, envs []string
	for _, n := range needs {
		if n.set {
			continue
		}
		labels, keys = append(labels, n.label), append(keys, n.key)
		if n.env != "" {
			envs = append(envs, n.env)
		}
	}
	if len(labels) == 0 {
		return nil
	}
	where := "[profiles.NAME]"
	if c.Profile != "" {
		where = "[profiles." + c.Profile + "]"
	}
	if c.path != "" {
		where += " in " + c.path
	}
	fix := fmt.Sprintf("add %s to %s", and(keys), where)
	if len(envs) > 0 {
		fix += ", or set " + and(envs)
	}
	if len(labels) == len(needs) {
		return fmt.Errorf("no %s are configured — %s%s", what, first, fix)
	}
	verb := "is"
	if len(labels) > 1 {
		verb = "are"
	}
	return fmt.Errorf("the %s %s missing — %s", and(labels), verb, fix)
}

// and joins words as English: "a", "a and b", "a, b and c".
func and(w []string) string {
	if len(w) < 2 {
		return strings.Join(w, "")
	}
	return strings.Join(w[:len(w)-1], ", ") + " and " + w[len(w)-1]
}
