package config

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

var duoUnixKeyRE = regexp.MustCompile(`^[a-z_]+$`)

// WriteDuoUnix writes d as a duo_unix configuration at path, atomically and
// mode 0600 (login_duo refuses anything looser), with a comment above each
// choice saying what it does — failmode above all, since "safe" lets users
// in with no second factor when Duo is unreachable. The file it replaces is
// kept as PATH.bak (0600). The directory must exist. It refuses values
// duo_unix would misread, and motd in a pam_duo file.
func WriteDuoUnix(path string, d DuoUnixConf) error {
	if err := d.check(path); err != nil {
		return err
	}
	text := d.render(path)
	for i, line := range strings.Split(text, "\n") {
		if len(line) > 199 {
			return fmt.Errorf("cannot write %s: line %d would be longer than the 199 characters duo_unix reads — shorten that value", path, i+1)
		}
	}
	if fi, err := os.Stat(filepath.Dir(path)); err != nil || !fi.IsDir() {
		return fmt.Errorf("cannot write %s: the directory %s does not exist — create it (sudo mkdir -p %[2]s) or choose another path", path, filepath.Dir(path))
	}
	old, err := os.ReadFile(path)
	switch {
	case err == nil && !bytes.Equal(old, []byte(text)):
		if err := writeAtomic(path+".bak", old); err != nil {
			return duoUnixWriteError(path+".bak", err)
		}
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return duoUnixWriteError(path, err)
	}
	if err := writeAtomic(path, []byte(text)); err != nil {
		return duoUnixWriteError(path, err)
	}
	removeStaleTemps(path)
	return nil
}

func duoUnixWriteError(path string, err error) error {
	if errors.Is(err, fs.ErrPermission) {
		return fmt.Errorf("cannot write %s: permission denied — run duotui with sudo for /etc/duo, or choose a path you own", path)
	}
	return fmt.Errorf("cannot write %s (%w) — check the disk and the path", path, err)
}

// check refuses what duo_unix would reject or misread.
func (d DuoUnixConf) check(path string) error {
	bad := func(format string, a ...any) error {
		return fmt.Errorf("cannot write %s: %s", path, fmt.Sprintf(format, a...))
	}
	for _, c := range []struct {
		value string
		check func(string) (Hint, bool)
	}{{d.IKey, CheckIKey}, {d.SKey.Reveal(), CheckSKey}, {d.Host, CheckHost}} {
		if h, ok := c.check(c.value); !ok {
			return bad("%s", h)
		}
	}
	switch {
	case d.Failmode != "" && d.Failmode != FailSafe && d.Failmode != FailSecure:
		return bad("failmode is %q or %q", FailSafe, FailSecure)
	case d.Prompts < 0 || d.Prompts > 3:
		return bad("prompts is 1, 2 or 3")
	case d.HTTPSTimeout < 0:
		return bad("https_timeout is a number of seconds, or 0 for none")
	case d.MOTD && strings.Contains(filepath.Base(path), "pam_duo"):
		return bad("motd is a login_duo option and pam_duo refuses a file that sets it — leave it off")
	}
	values := map[string]string{"cafile": d.CAFile, "http_proxy": d.HTTPProxy, "groups": d.Groups}
	for _, o := range d.Other {
		if !duoUnixKeyRE.MatchString(o.Key) {
			return bad("%q is not an option name duo_unix can read", o.Key)
		}
		if o.Key == "verified_push" && d.AutoPush && boolValue(o.Value) {
			return bad("autopush and verified_push cannot both be on — Verified Push needs the user to type a code, so turn one off")
		}
		values[o.Key] = o.Value
	}
	for key, v := range values {
		if strings.ContainsAny(v, "\r\n") || v != strings.TrimSpace(v) || strings.Contains(v, " ;") || strings.Contains(v, "\t;") {
			return bad("the %s value has a line break, surrounding spaces or \" ;\", which duo_unix would misread", key)
		}
	}
	return nil
}

func boolValue(v string) bool { return v == "yes" || v == "true" || v == "on" || v == "1" }

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// render is the file's text: every choice explained in a comment above it.
func (d DuoUnixConf) render(path string) string {
	var b strings.Builder
	w := func(lines ...string) {
		for _, l := range lines {
			b.WriteString(l)
			b.WriteByte('\n')
		}
	}
	failmode, prompts := d.Failmode, d.Prompts
	if failmode == "" {
		failmode = FailSafe
	}
	if prompts == 0 {
		prompts = 3
	}
	w("# duo_unix configuration for login_duo(8) or pam_duo(8), written by duotui.",
		"# Keep it readable only by its owner (mode 0600): it holds the secret key.")
	if strings.Contains(filepath.Base(path), "login_duo") {
		w("# login_duo installed setuid root reads it as its privilege-separation",
			"# user (often sshd), which must own it: sudo chown sshd "+shellQuote(path))
	}
	w("[duo]",
		"",
		"# The Auth API application's keys and API hostname, from the Duo Admin",
		"# Panel: Applications -> your Auth API application -> Details.")
	if IsSimulatorHost(d.Host) {
		w("# This host is duotui's local simulator: for testing only, not for logins.")
	}
	w("ikey = "+d.IKey, "skey = "+d.SKey.Reveal(), "host = "+d.Host, "",
		"# failmode: what happens when Duo cannot be reached (network or DNS down,",
		"# a firewall, a Duo outage).",
		"#   safe    let the user in with the password alone (duo_unix's default):",
		"#           logins keep working during an outage, without a second factor.",
		"#   secure  refuse the login: nobody gets in without Duo, you included,",
		"#           so keep console access or another way in before choosing it.",
		"failmode = "+failmode, "",
		"# prompts: how many times a user may try a second factor (1 to 3) before",
		"# the login fails. With autopush on, 1 is best: a missed push sends no more.",
		"prompts = "+strconv.Itoa(prompts), "",
		"# autopush: yes sends a login request to the user's first device (usually",
		"# Duo Push) as soon as the password is accepted, with no menu. no shows the",
		"# menu of push, phone call, SMS and passcode (the default).",
		"autopush = "+yesNo(d.AutoPush), "",
		"# pushinfo: yes shows the command being run and this server's address in",
		"# the push, so the user sees what they approve. no sends a plain push.",
		"pushinfo = "+yesNo(d.PushInfo))
	opt := func(set bool, comment, line string) {
		if set {
			w("", "# "+comment, line)
		}
	}
	opt(d.CAFile != "", "cafile: PEM bundle trusted instead of duo_unix's built-in Duo CAs.", "cafile = "+d.CAFile)
	opt(d.HTTPProxy != "", "http_proxy: the proxy for the HTTPS connection to Duo.", "http_proxy = "+d.HTTPProxy)
	opt(d.HTTPSTimeout > 0, "https_timeout: seconds to wait for Duo; after that, failmode decides.", "https_timeout = "+strconv.Itoa(d.HTTPSTimeout))
	opt(d.Groups != "", "groups: only users in these groups use Duo (patterns; ! negates).", "groups = "+d.Groups)
	opt(d.AcceptEnvFactor, "accept_env_factor: read the factor or passcode from $DUO_PASSCODE.", "accept_env_factor = yes")
	opt(d.FallbackLocalIP, "fallback_local_ip: send this server's IP when the client's is unknown.", "fallback_local_ip = yes")
	opt(d.MOTD, "motd: print /etc/motd after a successful login (login_duo only).", "motd = yes")
	if len(d.Other) > 0 {
		w("", "# Kept from the previous file:")
		for _, o := range d.Other {
			w(o.Key + " = " + o.Value)
		}
	}
	return b.String()
}
