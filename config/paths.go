package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
)

// DefaultPath returns where config.toml lives for this process: $DUOTUI_CONFIG
// if set, else $XDG_CONFIG_HOME/duotui/config.toml, else
// ~/.config/duotui/config.toml. A --config flag, when given, wins over all of
// these; callers check it first.
func DefaultPath() (string, error) { return PathFrom(os.Getenv) }

// PathFrom is DefaultPath with the environment supplied by getenv, so tests
// never read or change the real environment.
func PathFrom(getenv func(string) string) (string, error) {
	if p := getenv("DUOTUI_CONFIG"); p != "" {
		return p, nil
	}
	dir, err := xdgDir(getenv, "XDG_CONFIG_HOME", ".config")
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "duotui", "config.toml"), nil
}

// DefaultAuditPath returns $XDG_STATE_HOME/duotui/audit.jsonl, falling back
// to ~/.local/state/duotui/audit.jsonl.
func DefaultAuditPath(getenv func(string) string) (string, error) {
	dir, err := xdgDir(getenv, "XDG_STATE_HOME", filepath.Join(".local", "state"))
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "duotui", "audit.jsonl"), nil
}

// xdgDir follows the XDG base directory spec: the variable counts only when
// it holds an absolute path; otherwise HOME/fallback.
func xdgDir(getenv func(string) string, env, fallback string) (string, error) {
	if d := getenv(env); d != "" && filepath.IsAbs(d) {
		return d, nil
	}
	home := getenv("HOME")
	if home == "" {
		return "", errors.New("neither " + env + " nor HOME is set, so duotui cannot find its files — set HOME, or pass --config PATH")
	}
	return filepath.Join(home, fallback), nil
}

// configDir is the directory relative paths in the file are resolved against.
func configDir(configPath string) string {
	if configPath == "" {
		return ""
	}
	if abs, err := filepath.Abs(configPath); err == nil {
		configPath = abs
	}
	return filepath.Dir(configPath)
}

// absPath expands a leading "~/" and anchors a relative path at dir.
func absPath(p, dir, home string) string {
	switch {
	case p == "":
		return ""
	case p == "~" && home != "":
		return home
	case strings.HasPrefix(p, "~/") && home != "":
		return filepath.Join(home, p[2:])
	case filepath.IsAbs(p) || dir == "":
		return p
	}
	return filepath.Join(dir, p)
}
