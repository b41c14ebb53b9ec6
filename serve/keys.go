package serve

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	gossh "golang.org/x/crypto/ssh"

	"duotui/ui/common"
)

// RoleVariable is the environment="…" variable of an authorized_keys line
// that sets the key's role: environment="DUOTUI_ROLE=viewer".
const RoleVariable = "DUOTUI_ROLE"

// Key is one public key allowed in, as its authorized_keys line says.
type Key struct {
	PublicKey   gossh.PublicKey
	Fingerprint string // SHA256:…, as ssh-keygen -l prints it
	Name        string // the line's comment, like alice@laptop
	Role        common.Role
	Line        int // 1-based line number in the file
}

// LineError is an authorized_keys line that lets nobody in, and why.
type LineError struct {
	Line int
	Msg  string // one sentence: what is wrong and what to do
}

func (e LineError) Error() string { return "line " + strconv.Itoa(e.Line) + ": " + e.Msg }

// Keys is a parsed authorized_keys file; the zero value lets nobody in.
type Keys struct {
	list  []Key
	index map[string]int // the key's wire bytes → position in list
}

// Lookup finds the line that allows pub.
func (k *Keys) Lookup(pub gossh.PublicKey) (Key, bool) {
	if k == nil || pub == nil {
		return Key{}, false
	}
	i, ok := k.index[string(pub.Marshal())]
	if !ok {
		return Key{}, false
	}
	return k.list[i], true
}

// All lists the keys in file order.
func (k *Keys) All() []Key {
	if k == nil {
		return nil
	}
	return append([]Key(nil), k.list...)
}

// Len is how many keys are allowed in.
func (k *Keys) Len() int {
	if k == nil {
		return 0
	}
	return len(k.list)
}

// ParseAuthorizedKeys reads an OpenSSH authorized_keys file. Like sshd, a
// bad line grants nothing but does not stop the others: it comes back as a
// LineError. Blank lines and # comments are skipped.
func ParseAuthorizedKeys(data []byte) (*Keys, []LineError) {
	keys := &Keys{index: map[string]int{}}
	var bad []LineError
	for n, line := range bytes.Split(data, []byte("\n")) {
		line = bytes.TrimSpace(line)
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		k, err := parseLine(line)
		if err != "" {
			bad = append(bad, LineError{Line: n + 1, Msg: err})
			continue
		}
		k.Line = n + 1
		wire := string(k.PublicKey.Marshal())
		if first, dup := keys.index[wire]; dup {
			// sshd uses the first line that matches; say so rather than
			// let a later role silently lose.
			bad = append(bad, LineError{Line: n + 1, Msg: fmt.Sprintf(
				"the same key as line %d, which is the one used — remove one of them", keys.list[first].Line)})
			continue
		}
		keys.index[wire] = len(keys.list)
		keys.list = append(keys.list, k)
	}
	return keys, bad
}

// parseLine parses one non-blank, non-comment line; err is a sentence.
func parseLine(line []byte) (k Key, err string) {
	pub, comment, options, _, perr := gossh.ParseAuthorizedKey(line)
	if perr != nil {
		return k, "not a public key in OpenSSH format (" + perr.Error() + ") — paste the whole line of the .pub file"
	}
	if _, cert := pub.(*gossh.Certificate); cert {
		return k, "a certificate, which duotui serve does not accept — paste the plain public key (the .pub file) instead"
	}
	role, err := roleOf(options)
	if err != "" {
		return k, err
	}
	return Key{PublicKey: pub, Fingerprint: gossh.FingerprintSHA256(pub), Name: comment, Role: role}, ""
}

// harmless are the options that only take away what duotui serve never
// offers (forwarding, ~/.ssh/rc) or give it back; they are accepted so a
// line copied from a hardened sshd file works.
var harmless = map[string]bool{
	"restrict": true, "pty": true,
	"no-agent-forwarding": true, "no-port-forwarding": true, "no-x11-forwarding": true, "no-user-rc": true,
	"agent-forwarding": true, "port-forwarding": true, "x11-forwarding": true, "user-rc": true,
}

// refusedBecause explains options sshd would enforce and duotui serve does
// not: accepting the key anyway would grant more than the line says.
var refusedBecause = map[string]string{
	"from":        "duotui serve does not check where a key connects from — limit that with --listen or a firewall and remove the option",
	"command":     "duotui serve always runs its app — remove the option",
	"no-pty":      "the app needs a terminal — remove the option",
	"expiry-time": "duotui serve does not expire keys — remove the line when the key should stop working",
}

// roleOf reads the role from the line's options; an option duotui serve
// cannot honour refuses the key.
func roleOf(options []string) (role common.Role, err string) {
	set := ""
	for _, opt := range options {
		name, value, hasValue := strings.Cut(opt, "=")
		name = strings.ToLower(name)
		switch {
		case harmless[name] && !hasValue:
			continue
		case name == "environment" && hasValue:
			v, ok := unquote(value)
			if !ok {
				return role, "option " + opt + " has unbalanced quotes — write it as environment=\"" + RoleVariable + "=viewer\""
			}
			k, r, _ := strings.Cut(v, "=")
			if k != RoleVariable {
				continue // duotui sets no environment; other variables change nothing
			}
			if set != "" && r != set {
				return role, RoleVariable + " is set twice (" + set + " and " + r + ") — keep one"
			}
			set = r
		case refusedBecause[name] != "":
			return role, "option " + name + " is not supported: " + refusedBecause[name]
		default:
			return role, "option " + strconv.Quote(opt) + " is not supported by duotui serve — remove it (a role is set with environment=\"" + RoleVariable + "=viewer\")"
		}
	}
	switch set {
	case "", "admin":
		return common.RoleAdmin, ""
	case "viewer":
		return common.RoleViewer, ""
	}
	// A typo must not fall back to admin.
	return role, RoleVariable + "=" + set + " is not a role — write admin or viewer"
}

// unquote strips the double quotes around an option value, undoing \"
// escapes as sshd does.
func unquote(v string) (string, bool) {
	if len(v) < 2 || v[0] != '"' || v[len(v)-1] != '"' {
		return "", false
	}
	return strings.ReplaceAll(v[1:len(v)-1], `\"`, `"`), true
}
