package config

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Hint is one plain sentence about a typed value: why it is wrong, or (when
// the check still passes) what looks unusual. The setup wizard shows it as
// the administrator types; Load prefixes it with the key's name.
type Hint string

// keyKind names a credential in hints.
type keyKind struct {
	name, plural, where string
}

var (
	ikeyKind     = keyKind{"integration key", "integration keys", "your Auth API application's Integration key"}
	clientIDKind = keyKind{"client ID", "client IDs", "your Web SDK application's Client ID"}
	skeyKind     = keyKind{"secret key", "secret keys", "your Auth API application's Secret key"}
	clientSecKnd = keyKind{"client secret", "client secrets", "your Web SDK application's Client secret"}
)

// CheckIKey checks an integration key (Auth API or Admin API) offline:
// 20 characters of [0-9A-Z]. ok is false when Duo cannot accept it. A key
// that does not start with DI passes with a warning hint, because DI is only
// a convention (duo_unix's man page shows one starting SI).
func CheckIKey(s string) (Hint, bool) { return checkID(s, ikeyKind) }

// CheckClientID checks a Web SDK client ID, which has an integration key's
// format.
func CheckClientID(s string) (Hint, bool) { return checkID(s, clientIDKind) }

// CheckSKey checks a secret key (Auth API or Admin API) offline: 40 letters
// and digits. Its hints never quote the value.
func CheckSKey(s string) (Hint, bool) { return checkSecret(s, skeyKind) }

// CheckClientSecret checks a Web SDK client secret (40 letters and digits).
func CheckClientSecret(s string) (Hint, bool) { return checkSecret(s, clientSecKnd) }

func checkID(s string, k keyKind) (Hint, bool) {
	if h, bad := checkCommon(s, k, 20); bad {
		return h, false
	}
	if strings.ToUpper(s) != s {
		return hintf("%s use capital letters and digits only — this one has lower-case letters; copy it again from %s", k.plural, k.where), false
	}
	for i, r := range []rune(s) {
		if !isUpperAlnum(r) {
			return hintf("%s use capital letters and digits only — character %d is %s", k.plural, i+1, describe(r)), false
		}
	}
	if !strings.HasPrefix(s, "DI") {
		return hintf("%s usually start with DI — this one starts with %s; check it is %s", k.plural, s[:2], k.where), true
	}
	return "", true
}

func checkSecret(s string, k keyKind) (Hint, bool) {
	if h, bad := checkCommon(s, k, 40); bad {
		return h, false
	}
	runes := []rune(s)
	if placeholder(runes) {
		return hintf("this looks like the hidden placeholder, not the %s — reveal it in the Duo Admin Panel, then copy it", k.name), false
	}
	for i, r := range runes {
		if !isAlnum(r) {
			return hintf("%s use letters and digits only — character %d is %s", k.plural, i+1, describe(r)), false
		}
	}
	return "", true
}

// checkCommon reports emptiness, stray spaces or quotes at either end, and
// a wrong length; bad is true when it found one.
func checkCommon(s string, k keyKind, want int) (Hint, bool) {
	if s == "" {
		return hintf("the %s is empty — copy it from %s in the Duo Admin Panel", k.name, k.where), true
	}
	first, _ := utf8.DecodeRuneInString(s)
	last, _ := utf8.DecodeLastRuneInString(s)
	if isStray(first) {
		return hintf("the %s starts with %s — remove it", k.name, describe(first)), true
	}
	if isStray(last) {
		return hintf("the %s ends with %s — remove it", k.name, describe(last)), true
	}
	n := utf8.RuneCountInString(s)
	if n == want {
		return "", false
	}
	what := fmt.Sprintf("%s are %d characters", k.plural, want)
	if want == 20 {
		what += " and start with DI"
	}
	if want == 40 && n == 20 && allUpperAlnum(s) {
		return hintf("%s — this one has 20, like an integration key; paste the %s instead", what, k.name), true
	}
	return hintf("%s — this one has %d", what, n), true
}

func hintf(format string, a ...any) Hint { return Hint(fmt.Sprintf(format, a...)) }

func isUpperAlnum(r rune) bool { return r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' }
func isAlnum(r rune) bool      { return isUpperAlnum(r) || r >= 'a' && r <= 'z' }

func allUpperAlnum(s string) bool {
	for _, r := range s {
		if !isUpperAlnum(r) {
			return false
		}
	}
	return true
}

// isStray is what a careless paste adds at the ends: spaces and quotes.
func isStray(r rune) bool { return unicode.IsSpace(r) || isInvisible(r) || isQuote(r) }

func isQuote(r rune) bool { return strings.ContainsRune("\"'`“”‘’«»", r) }

func isInvisible(r rune) bool {
	return r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\u2060' || r == '\ufeff'
}

// placeholder reports a run of one repeated non-alphanumeric character, which
// is what copying a masked field ("••••") gives.
func placeholder(rs []rune) bool {
	for _, r := range rs {
		if r != rs[0] {
			return false
		}
	}
	return !isAlnum(rs[0])
}

// describe names a character without quoting it when it could be part of a
// secret: only characters no Duo key can contain are shown.
func describe(r rune) string {
	switch {
	case r == ' ':
		return "a space"
	case r == '\t':
		return "a tab"
	case r == '\n' || r == '\r':
		return "a line break"
	case unicode.IsSpace(r) || isInvisible(r):
		return "an invisible space"
	case isQuote(r):
		return "a quote"
	case r >= 'a' && r <= 'z':
		return "a lower-case letter"
	case r > unicode.MaxASCII:
		return "a non-ASCII character"
	case unicode.IsControl(r):
		return "a control character"
	}
	return fmt.Sprintf("%q", r)
}

// Clean makes a pasted value usable: it trims spaces (including invisible
// ones), surrounding quotes, a leading https:// or http:// and trailing
// slashes, repeatedly, so `"https://api-x.duosecurity.com/" ` becomes
// api-x.duosecurity.com. It does not change case; see NormalizeHost.
func Clean(s string) string {
	for {
		t := strings.TrimFunc(s, isStray)
		for _, scheme := range []string{"https://", "http://"} {
			if len(t) >= len(scheme) && strings.EqualFold(t[:len(scheme)], scheme) {
				t = t[len(scheme):]
			}
		}
		t = strings.TrimRight(t, "/")
		if t == s {
			return s
		}
		s = t
	}
}
