package config

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
)

// File is a loaded config.toml.
type File struct {
	Path     string
	Missing  bool // there is no file at Path: Config is empty and Save will create it
	Config   Config
	Warnings []Problem // unusual but usable values, for the caller to show
}

// maxFileSize keeps a wrong --config (a log, a disk image) from being read
// whole; a real config is a few hundred bytes.
const maxFileSize = 1 << 20

// Load reads, checks and validates the file at path. A missing file is not
// an error: it returns an empty Config with Missing set, so environment
// variables alone can configure duotui. Errors are *SyntaxError (with line
// and column), *PermissionError (a secret readable by others: the message
// gives the chmod), *InvalidError (unknown keys and bad values, each named)
// or a read error. With an *InvalidError the decoded File is returned too,
// so the setup wizard can show what is there and fix it. Host names are
// lower-cased.
func Load(path string) (*File, error) {
	if path == "" {
		return nil, errors.New("no config file path was given — pass --config PATH or set DUOTUI_CONFIG")
	}
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return &File{Path: path, Missing: true}, nil
	}
	if err != nil {
		return nil, readError(path, err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, readError(path, err)
	}
	if fi.IsDir() {
		return nil, fmt.Errorf("config path %s is a directory — pass the path of the file, like %s/config.toml", path, strings.TrimRight(path, "/"))
	}
	data, err := io.ReadAll(io.LimitReader(f, maxFileSize+1))
	if err != nil {
		return nil, readError(path, err)
	}
	if len(data) > maxFileSize {
		return nil, fmt.Errorf("config file %s is larger than 1 MiB, so it is not a duotui config — check the path", path)
	}
	return parse(path, data, fi.Mode())
}

func readError(path string, err error) error {
	if errors.Is(err, fs.ErrPermission) {
		return fmt.Errorf("cannot read config file %s: permission denied — check its owner with ls -l, or pass another --config", path)
	}
	return fmt.Errorf("cannot read config file %s (%w) — check the path, or pass another --config", path, err)
}

// parse is Load after the read; mode is the file's mode, for the
// permission check.
func parse(path string, data []byte, mode fs.FileMode) (*File, error) {
	var cfg Config
	md, err := toml.Decode(string(data), &cfg)
	if err != nil {
		return nil, syntaxError(path, err)
	}
	if err := checkMode(path, mode, &cfg); err != nil {
		return nil, err
	}
	file := &File{Path: path, Config: cfg}
	for name, p := range file.Config.Profiles {
		p.Host = strings.ToLower(p.Host)
		file.Config.Profiles[name] = p
	}
	bad := unknownKeys(md.Undecoded())
	for _, p := range file.Config.Validate() {
		if p.Warning {
			file.Warnings = append(file.Warnings, p)
		} else {
			bad = append(bad, p)
		}
	}
	if len(bad) > 0 {
		return file, &InvalidError{Path: path, Problems: bad}
	}
	return file, nil
}

// checkMode refuses a secret that group or others can read, and commands
// that group or others can change.
func checkMode(path string, mode fs.FileMode, c *Config) error {
	inline, commands := false, false
	for _, p := range c.Profiles {
		inline = inline || p.SKey != "" || p.AdminSKey != "" || p.ClientSecret != ""
		commands = commands || p.SKeyCommand != "" || p.AdminSKeyCommand != "" || p.ClientSecretCommand != ""
	}
	switch {
	case inline && mode.Perm()&0o044 != 0:
		return &PermissionError{Path: path, Mode: mode}
	case commands && mode.Perm()&0o022 != 0:
		return &PermissionError{Path: path, Mode: mode, Commands: true}
	}
	return nil
}

var typeErrorRE = regexp.MustCompile(`^toml: line (\d+) \(last key "([^"]*)"\): incompatible types: TOML value has type (.+); destination has type (.+)$`)

// syntaxError turns the TOML library's errors into "PATH:LINE:COL: …".
func syntaxError(path string, err error) error {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		return &SyntaxError{Path: path, Line: pe.Position.Line, Col: pe.Position.Col, Message: pe.Message}
	}
	if m := typeErrorRE.FindStringSubmatch(err.Error()); m != nil {
		line, _ := strconv.Atoi(m[1])
		return &SyntaxError{Path: path, Line: line, Message: fmt.Sprintf("%s should be %s, not %s", m[2], goTypeWords(m[4]), goTypeWords(m[3]))}
	}
	return fmt.Errorf("%s: %s", path, strings.TrimPrefix(err.Error(), "toml: "))
}

// goTypeWords names a type from the TOML library's messages for people.
func goTypeWords(t string) string {
	switch t {
	case "string":
		return "text in quotes"
	case "int64", "integer":
		return "a whole number"
	case "float64", "float":
		return "a number"
	case "bool", "boolean":
		return "true or false"
	case "map[string]any", "map":
		return "a table"
	case "[]any", "[]map[string]any", "slice":
		return "a list"
	case "time.Time":
		return "a date"
	case "primitive (string-like)":
		return `a value in quotes, like "15s"`
	}
	return t
}

// unknownKeys reports each undecoded key once (not its children), with a
// suggestion when it is a near miss of a known key.
func unknownKeys(keys []toml.Key) []Problem {
	var out []Problem
	var reported []string
	for _, k := range keys {
		name := k.String()
		if slices.ContainsFunc(reported, func(r string) bool { return strings.HasPrefix(name, r+".") }) {
			continue
		}
		reported = append(reported, name)
		msg := "unknown key — check the spelling against config.toml.example, or remove it"
		if s := suggest(k); s != "" {
			msg = fmt.Sprintf("unknown key — did you mean %s?", s)
		}
		out = append(out, Problem{Key: name, Message: msg})
	}
	return out
}
