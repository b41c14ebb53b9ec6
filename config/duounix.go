package config

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// DuoUnixConf is a duo_unix configuration: the [duo] section of
// /etc/duo/login_duo.conf or /etc/duo/pam_duo.conf. It prints redacted.
type DuoUnixConf struct {
	IKey string
	SKey Secret
	Host string

	Failmode        string // FailSafe or FailSecure; "" is duo_unix's default, safe
	Prompts         int    // 1 to 3; 0 is duo_unix's default, 3
	AutoPush        bool
	PushInfo        bool
	CAFile          string
	HTTPProxy       string
	HTTPSTimeout    int    // seconds; 0 is none
	Groups          string // space-separated pattern lists
	AcceptEnvFactor bool
	FallbackLocalIP bool
	MOTD            bool // login_duo only: pam_duo refuses a file that sets it

	// Other holds every other option, in file order; WriteDuoUnix writes
	// them back unchanged.
	Other []DuoUnixOption
}

// DuoUnixOption is one "key = value" line that DuoUnixConf has no field for.
type DuoUnixOption struct{ Key, Value string }

// duo_unix failmode values.
const (
	FailSafe   = "safe"   // Duo unreachable: let the user in
	FailSecure = "secure" // Duo unreachable: refuse the login
)

// otherDuoUnixKeys are the options duo_unix (login_duo, pam_duo) knows
// beyond DuoUnixConf's fields; anything else makes it refuse the file.
var otherDuoUnixKeys = []string{"noverify", "send_gecos", "gecos_parsed", "gecos_delim", "gecos_username_pos",
	"verified_push", "dev_fips_mode", "offline_secrets_path"}

// ReadDuoUnix parses a duo_unix configuration file the way duo_unix's INI
// reader does: "key = value" lines, ";" and "#" comments at the start of a
// line, ";" after a space ending a value, indented lines continuing the
// previous key, and booleans true only for lower-case yes, true, on or 1.
// warnings name lines that duo_unix reads differently from how they look
// (for example "autopush = Yes", which it reads as no). No message quotes
// the secret key.
func ReadDuoUnix(path string) (conf DuoUnixConf, warnings []string, err error) {
	f, err := os.Open(path)
	if err != nil {
		return conf, nil, duoUnixReadError(path, err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxFileSize+1))
	if err != nil {
		return conf, nil, duoUnixReadError(path, err)
	}
	if len(data) > maxFileSize {
		return conf, nil, fmt.Errorf("%s is larger than 1 MiB, so it is not a duo_unix config — check the path", path)
	}
	r := duoUnixReader{path: path, conf: &conf}
	for i, line := range bytes.Split(data, []byte("\n")) {
		if err := r.line(i+1, string(line)); err != nil {
			return conf, r.warnings, err
		}
	}
	return conf, r.warnings, nil
}

func duoUnixReadError(path string, err error) error {
	if os.IsPermission(err) {
		return fmt.Errorf("cannot read %s: permission denied — run duotui as its owner (often root, with sudo) or copy the keys by hand", path)
	}
	return fmt.Errorf("cannot read %s (%w) — check the path", path, err)
}

type duoUnixReader struct {
	path     string
	conf     *DuoUnixConf
	prev     string // last key, for continuation lines
	warnings []string
}

func (r *duoUnixReader) warnf(n int, format string, a ...any) {
	r.warnings = append(r.warnings, fmt.Sprintf("%s:%d: ", r.path, n)+fmt.Sprintf(format, a...))
}

func (r *duoUnixReader) line(n int, raw string) error {
	if len(raw) > 199 {
		r.warnf(n, "the line is longer than duo_unix's 199-character limit, so it reads the rest as a new line — shorten it")
	}
	line := strings.TrimRightFunc(raw, unicode.IsSpace)
	start := strings.TrimLeftFunc(line, unicode.IsSpace)
	switch {
	case start == "":
		return nil
	case r.prev != "" && len(start) < len(line):
		r.warnf(n, "this indented line continues %s, so duo_unix reads it as %[1]s's value — remove the indentation if that is not meant", r.prev)
		return r.set(n, r.prev, start)
	case start[0] == ';' || start[0] == '#':
		return nil
	case start[0] == '[':
		if end := commentOr(start[1:], ']'); end < 0 || start[1+end] != ']' {
			return fmt.Errorf("%s:%d: a section line needs a closing ] — duo_unix refuses the file", r.path, n)
		}
		r.prev = ""
		return nil
	}
	eq := commentOr(start, '=')
	if eq < 0 || start[eq] != '=' {
		return fmt.Errorf("%s:%d: expected key = value — duo_unix refuses the file", r.path, n)
	}
	key := strings.TrimRightFunc(start[:eq], unicode.IsSpace)
	value := strings.TrimLeftFunc(start[eq+1:], unicode.IsSpace)
	if c := commentOr(value, 0); c >= 0 && c < len(value) && value[c] == ';' {
		value = value[:c]
	}
	value = strings.TrimRightFunc(value, unicode.IsSpace)
	r.prev = key
	return r.set(n, key, value)
}

// commentOr finds c, or a ";" that follows whitespace (inih's inline
// comment), and returns its index; -1 if neither occurs.
func commentOr(s string, c byte) int {
	for i := range len(s) {
		if c != 0 && s[i] == c || s[i] == ';' && i > 0 && isASCIISpace(s[i-1]) {
			return i
		}
	}
	return -1
}

func isASCIISpace(b byte) bool { return b == ' ' || b == '\t' || b == '\r' || b == '\v' || b == '\f' }

func (r *duoUnixReader) set(n int, key, v string) error {
	c := r.conf
	switch key {
	case "ikey":
		c.IKey = v
	case "skey":
		c.SKey = Secret(v)
	case "host":
		c.Host = v
	case "cafile":
		c.CAFile = v
	case "http_proxy":
		c.HTTPProxy = v
	case "groups", "group":
		c.Groups = v
	case "failmode":
		if v != FailSafe && v != FailSecure {
			return fmt.Errorf("%s:%d: failmode is %q or %q, and duo_unix refuses the file with %q — fix it", r.path, n, FailSafe, FailSecure, v)
		}
		c.Failmode = v
	case "prompts":
		p := atoi(v)
		if p <= 0 || p > 3 || strconv.Itoa(p) != v {
			r.warnf(n, "prompts = %s: duo_unix reads this as %d (it allows 1 to 3) — write a number from 1 to 3", v, min(max(p, 1), 3))
		}
		c.Prompts = min(max(p, 1), 3)
	case "https_timeout":
		c.HTTPSTimeout = max(atoi(v), 0)
	case "autopush":
		c.AutoPush = r.boolean(n, key, v)
	case "pushinfo":
		c.PushInfo = r.boolean(n, key, v)
	case "accept_env_factor":
		c.AcceptEnvFactor = r.boolean(n, key, v)
	case "fallback_local_ip":
		c.FallbackLocalIP = r.boolean(n, key, v)
	case "motd":
		c.MOTD = r.boolean(n, key, v)
	default:
		if !slices.Contains(otherDuoUnixKeys, key) {
			r.warnf(n, "%q is not a duo_unix option, and login_duo and pam_duo refuse a file that has it — remove it", key)
		}
		c.Other = append(c.Other, DuoUnixOption{key, v})
	}
	return nil
}

// boolean reads v as duo_unix does, warning when that is not what it looks
// like.
func (r *duoUnixReader) boolean(n int, key, v string) bool {
	switch v {
	case "yes", "true", "on", "1":
		return true
	case "no", "false", "off", "0":
		return false
	}
	r.warnf(n, "%s = %s: duo_unix reads only lower-case yes, true, on or 1 as yes, so this means no — write yes or no", key, v)
	return false
}

// atoi is C's atoi: leading spaces, a sign, then digits up to the first
// non-digit; 0 when there are none.
func atoi(s string) int {
	s = strings.TrimLeftFunc(s, unicode.IsSpace)
	end := 0
	if end < len(s) && (s[0] == '-' || s[0] == '+') {
		end++
	}
	for end < len(s) && s[end] >= '0' && s[end] <= '9' && end < 10 {
		end++
	}
	v, _ := strconv.Atoi(s[:end])
	return v
}

// Profile returns the Auth API values as a profile, for the setup wizard's
// import.
func (d DuoUnixConf) Profile() Profile {
	return Profile{Host: NormalizeHost(d.Host), IKey: Clean(d.IKey), SKey: Secret(Clean(d.SKey.Reveal()))}
}

// DuoUnixFrom starts a duo_unix configuration from resolved credentials,
// with duo_unix's defaults for every choice.
func DuoUnixFrom(c Credentials) DuoUnixConf {
	return DuoUnixConf{
		IKey: c.IKey.Value, SKey: c.SKey.Value, Host: c.Host.Value,
		Failmode: FailSafe, Prompts: 3,
		CAFile: c.CAFile.Value, HTTPProxy: c.Proxy.Value,
	}
}
