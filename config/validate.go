package config

import (
	"fmt"
	"maps"
	"net"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

var (
	profileNameRE  = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)
	envNameRE      = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	whmcsVersionRE = regexp.MustCompile(`^[0-9]+\.[0-9]+(\.[0-9]+)?$`)
)

// Validate checks every value offline and returns the problems found, errors
// and warnings alike, in file order. Load refuses a file with any error;
// Save refuses to write one.
func (c *Config) Validate() []Problem {
	var v validator
	if c.Profile != "" {
		if _, ok := c.Profiles[c.Profile]; !ok {
			v.errf("profile", "%q is not a profile in this file — add [profiles.%s]%s", c.Profile, c.Profile, c.oneOf())
		}
	}
	for _, name := range slices.Sorted(maps.Keys(c.Profiles)) {
		v.profile(name, c.Profiles[name])
	}
	v.network(c.Network)
	v.clock(c.Clock)
	v.serve(c.Serve)
	v.setup(c.Setup)
	return v.problems
}

// oneOf lists the defined profiles for a message, or nothing.
func (c *Config) oneOf() string {
	if len(c.Profiles) == 0 {
		return ""
	}
	return " or name one of: " + strings.Join(slices.Sorted(maps.Keys(c.Profiles)), ", ")
}

type validator struct{ problems []Problem }

func (v *validator) errf(key, format string, a ...any) {
	v.problems = append(v.problems, Problem{Key: key, Message: fmt.Sprintf(format, a...)})
}

func (v *validator) warnf(key, format string, a ...any) {
	v.problems = append(v.problems, Problem{Key: key, Message: fmt.Sprintf(format, a...), Warning: true})
}

// hint records a Check* result for key when the value is set.
func (v *validator) hint(key, value string, check func(string) (Hint, bool)) {
	if value == "" {
		return
	}
	h, ok := check(value)
	switch {
	case !ok:
		v.errf(key, "%s", h)
	case h != "":
		v.warnf(key, "%s", h)
	}
}

func (v *validator) profile(name string, p Profile) {
	k := "profiles." + name
	if !profileNameRE.MatchString(name) {
		v.errf(k, "profile names use letters, digits, - and _ only (at most 64), because they are typed after --profile")
	}
	v.hint(k+".host", p.Host, CheckHost)
	v.hint(k+".ikey", p.IKey, CheckIKey)
	v.secret(k, "skey", p.SKey, p.SKeyEnv, p.SKeyCommand, CheckSKey)
	v.hint(k+".admin_ikey", p.AdminIKey, CheckIKey)
	v.secret(k, "admin_skey", p.AdminSKey, p.AdminSKeyEnv, p.AdminSKeyCommand, CheckSKey)
	v.hint(k+".client_id", p.ClientID, CheckClientID)
	v.secret(k, "client_secret", p.ClientSecret, p.ClientSecretEnv, p.ClientSecretCommand, CheckClientSecret)
	v.pair(k, "admin_ikey", p.AdminIKey != "", "admin_skey", p.adminSKey().set(), "DUOTUI_ADMIN_SKEY")
	v.pair(k, "client_id", p.ClientID != "", "client_secret", p.clientSecret().set(), "")
}

// secret checks one secret's sources: at most one, each well-formed.
func (v *validator) secret(k, name string, inline Secret, env, command string, check func(string) (Hint, bool)) {
	n := 0
	for _, set := range []bool{inline != "", env != "", command != ""} {
		if set {
			n++
		}
	}
	if n > 1 {
		v.errf(k+"."+name, "set only one of %[1]s, %[1]s_env and %[1]s_command", name)
	}
	v.hint(k+"."+name, string(inline), check)
	if env != "" {
		if _, ok := check(env); ok {
			v.errf(k+"."+name+"_env", "%s_env holds the name of an environment variable, but this looks like the secret itself — move it to %[1]s, or export it and put the variable's name here", name)
		} else if !envNameRE.MatchString(env) {
			v.errf(k+"."+name+"_env", "%s_env names an environment variable, like DUO_SKEY — letters, digits and _ only", name)
		}
	}
	if command != "" && strings.TrimSpace(command) == "" {
		v.errf(k+"."+name+"_command", "the command is blank — give the command that prints the secret, like \"pass show duo/%s\"", name)
	}
}

// pair warns about half of an optional key pair: env may supply the rest.
func (v *validator) pair(k, id string, idSet bool, secret string, secretSet bool, env string) {
	switch {
	case idSet && !secretSet:
		alt := ""
		if env != "" {
			alt = " or set " + env
		}
		v.warnf(k+"."+id, "%s is set but no %s — add %[2]s, %[2]s_env or %[2]s_command%s", id, secret, alt)
	case secretSet && !idSet:
		v.warnf(k+"."+secret, "a secret is set for %s but there is no %s — add %[2]s", secret, id)
	}
}

func (v *validator) duration(key string, d Duration) {
	if d < 0 {
		v.errf(key, "%s is negative — use a positive duration like \"15s\", or remove it for the default", d)
	}
}

func (v *validator) network(n Network) {
	v.duration("network.timeout", n.Timeout)
	if n.Proxy == "" {
		return
	}
	u, err := url.Parse(n.Proxy)
	if err != nil || u.Host == "" || !slices.Contains([]string{"http", "https", "socks5", "socks5h"}, u.Scheme) {
		v.errf("network.proxy", "the proxy should be a URL like http://proxy.example.com:3128 (http, https or socks5)")
	}
}

func (v *validator) clock(c Clock) {
	if s := c.NTPServer; s != "" && (strings.ContainsAny(s, "/ \t") || strings.Contains(s, "://")) {
		v.errf("clock.ntp_server", "write just the NTP server's host name, like pool.ntp.org (or host:port)")
	}
	v.duration("clock.warn_offset", c.WarnOffset)
	v.duration("clock.fail_offset", c.FailOffset)
	warn, fail := orDefault(c.WarnOffset, DefaultWarnOffset), orDefault(c.FailOffset, DefaultFailOffset)
	if c.WarnOffset >= 0 && c.FailOffset >= 0 && fail <= warn {
		v.errf("clock.fail_offset", "fail_offset (%s) must be larger than warn_offset (%s)", fail, warn)
	}
}

func (v *validator) serve(s Serve) {
	if s.Listen != "" {
		_, port, err := net.SplitHostPort(s.Listen)
		if n, perr := strconv.Atoi(port); err != nil || perr != nil || n < 1 || n > 65535 {
			v.errf("serve.listen", "listen should be HOST:PORT, like %s (or :2222 for every interface)", DefaultListen)
		}
	}
	v.duration("serve.idle_timeout", s.IdleTimeout)
	v.duration("serve.max_session", s.MaxSession)
	if s.MaxSessions < 0 {
		v.errf("serve.max_sessions", "max_sessions is negative — use a positive number, or remove it for the default (%d)", DefaultMaxSessions)
	}
}

func (v *validator) setup(s Setup) {
	if s.Step < 0 {
		v.errf("setup.step", "step is negative — remove it to start the checklist again")
	}
	if s.Target != "" && !slices.Contains([]string{TargetWHMCS, TargetDuoUnix, TargetEnv}, s.Target) {
		v.errf("setup.target", "target is one of %q, %q or %q", TargetWHMCS, TargetDuoUnix, TargetEnv)
	}
	if s.WHMCSVersion != "" && !whmcsVersionRE.MatchString(s.WHMCSVersion) {
		v.errf("setup.whmcs_version", "write the WHMCS version as numbers, like \"8.9\"")
	}
}

func orDefault(d Duration, def time.Duration) Duration {
	if d == 0 {
		return Duration(def)
	}
	return d
}
