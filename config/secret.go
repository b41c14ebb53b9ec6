package config

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Secret is a secret key, Admin API secret key or Web SDK client secret. It
// formats as a redacted marker with every fmt verb and marshals as that marker
// for JSON and other text encoders, so a Config or Credentials value can be
// printed or logged safely. Only Reveal and the TOML encoder (MarshalTOML,
// which writes config.toml) see the value.
type Secret string

const redacted = "[redacted]"

// Reveal returns the secret itself, for the request signer and nothing else.
func (s Secret) Reveal() string { return string(s) }

// IsSet reports whether a secret is present, without revealing it.
func (s Secret) IsSet() bool { return s != "" }

// String returns a redacted marker, or "" when no secret is set (so "is it
// configured?" stays visible).
func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return redacted
}

// GoString keeps %#v redacted.
func (s Secret) GoString() string { return "config.Secret(" + strconv.Quote(s.String()) + ")" }

// Format redacts the secret for every verb, including %x, %q and %d.
func (s Secret) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		io.WriteString(f, s.GoString())
		return
	}
	io.WriteString(f, s.String())
}

// MarshalText writes the redacted marker, so encoding/json, logs and --json
// output never carry the secret.
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// MarshalTOML writes the real value as a TOML basic string. The TOML encoder
// prefers it over MarshalText, which is what lets Save round-trip secrets
// while every other encoder sees the redacted marker.
func (s Secret) MarshalTOML() ([]byte, error) {
	if !utf8.ValidString(string(s)) {
		return nil, fmt.Errorf("a secret is not valid UTF-8, which TOML cannot hold")
	}
	return []byte(quoteTOML(string(s))), nil
}

// quoteTOML quotes v as a TOML basic string (spec: escape ", \ and control
// characters; everything else is literal UTF-8).
func quoteTOML(v string) string {
	var b strings.Builder
	b.Grow(len(v) + 2)
	b.WriteByte('"')
	for _, r := range v {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// Duration is a time.Duration written in the file as a Go duration string
// ("15s", "1m30s"). A bare number is refused rather than read as nanoseconds,
// the TOML library's default for time.Duration.
type Duration time.Duration

// String formats like time.Duration without its zero tails: "1m", not
// "1m0s"; "2h", not "2h0m0s".
func (d Duration) String() string {
	s := time.Duration(d).String()
	if strings.HasSuffix(s, "m0s") {
		s = s[:len(s)-2]
	}
	if strings.HasSuffix(s, "h0m") {
		s = s[:len(s)-2]
	}
	return s
}

// MarshalText writes the duration string, which UnmarshalText reads back.
func (d Duration) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText parses a Go duration string.
func (d *Duration) UnmarshalText(b []byte) error {
	s := string(b)
	v, err := time.ParseDuration(s)
	if err != nil {
		if n, nerr := strconv.ParseFloat(s, 64); nerr == nil {
			s = strconv.FormatFloat(n, 'f', -1, 64)
			return fmt.Errorf("duration %s has no unit — write it in quotes with one, like \"%ss\"", s, s)
		}
		return fmt.Errorf("%q is not a duration — write it like \"15s\", \"2m\" or \"1h30m\"", s)
	}
	*d = Duration(v)
	return nil
}
