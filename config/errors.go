package config

import (
	"fmt"
	"io/fs"
	"strings"
)

// Problem is one finding about one key of the file.
type Problem struct {
	Key     string // full TOML key, like "profiles.work.ikey"
	Message string // what is wrong and what to do
	Warning bool   // reported, but the file is still used
}

// String is "key: message".
func (p Problem) String() string { return p.Key + ": " + p.Message }

// SyntaxError is a file that is not valid TOML, or a value of the wrong type.
type SyntaxError struct {
	Path      string
	Line, Col int // 1-based; Col is 0 when the parser does not know it
	Message   string
}

// Error is "PATH:LINE:COL: message", the form editors jump to.
func (e *SyntaxError) Error() string {
	if e.Col > 0 {
		return fmt.Sprintf("%s:%d:%d: %s", e.Path, e.Line, e.Col, e.Message)
	}
	return fmt.Sprintf("%s:%d: %s", e.Path, e.Line, e.Message)
}

// InvalidError is a file that parsed but holds unknown keys or values that
// cannot work. Problems lists each, so a form can mark the field at fault.
type InvalidError struct {
	Path     string
	Problems []Problem
}

// Error puts one problem per line, each "PATH: key: message".
func (e *InvalidError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = e.Path + ": " + p.String()
	}
	return strings.Join(lines, "\n")
}

// PermissionError is a file that others could read a secret from, or write
// a command into. Like OpenSSH with an unprotected private key, duotui
// refuses it rather than warn and carry on.
type PermissionError struct {
	Path string
	Mode fs.FileMode
	// Commands is true when the file runs *_command helpers and others can
	// write it (so they could make duotui run their command).
	Commands bool
}

// Error says what is exposed and gives the exact fix.
func (e *PermissionError) Error() string {
	what := "holds a secret but other users can read it"
	if e.Commands {
		what = "runs secret commands but other users can change it"
	}
	return fmt.Sprintf("config file %s %s (mode %04o), so duotui will not use it — run: chmod 600 %s",
		e.Path, what, e.Mode.Perm(), shellQuote(e.Path))
}

// shellQuote quotes a path for copy-paste into a POSIX shell when needed.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-+,:@%=") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
