package config

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/google/renameio/v2"
)

const fileHeader = `# duotui configuration, written by duotui. Comments are not kept when duotui
# saves; config.toml.example documents every key.

`

// Save writes cfg to path atomically: a temporary file in the same
// directory is written, fsynced and renamed over path, then the directory is
// fsynced, so a crash or kill -9 leaves either the old file or the new one,
// never a mix. The file is mode 0600 and its directory is created 0700. The
// file it replaces is kept as PATH.bak (0600) — unless the two differ only in
// [setup], so saving the wizard's progress does not push the previous
// credentials out of the backup. A symlink at path is followed. Save refuses
// a config that Validate finds errors in, with an *InvalidError.
func Save(path string, cfg *Config) error {
	var bad []Problem
	for _, p := range cfg.Validate() {
		if !p.Warning {
			bad = append(bad, p)
		}
	}
	if len(bad) > 0 {
		return &InvalidError{Path: path, Problems: bad}
	}
	data, err := marshal(cfg)
	if err != nil {
		return err
	}
	if fi, err := os.Lstat(path); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		if target, err := filepath.EvalSymlinks(path); err == nil {
			path = target
		}
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return saveError(path, err)
	}
	old, err := os.ReadFile(path)
	switch {
	case err == nil && needsBackup(old, cfg):
		if err := writeAtomic(path+".bak", old); err != nil {
			return saveError(path+".bak", err)
		}
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return saveError(path, err)
	}
	if err := writeAtomic(path, data); err != nil {
		return saveError(path, err)
	}
	removeStaleTemps(path)
	return nil
}

// marshal encodes cfg as config.toml text (secrets included), as Save
// writes it.
func marshal(cfg *Config) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(fileHeader)
	enc := toml.NewEncoder(&b)
	enc.Indent = ""
	if err := enc.Encode(cfg); err != nil {
		return nil, fmt.Errorf("cannot encode the configuration (%w) — this is a bug in duotui; please report it", err)
	}
	return spaceTables(b.Bytes()), nil
}

// spaceTables drops the bare [profiles] header (its sub-tables imply it)
// and puts a blank line before every table, for people reading the file.
// Only headers start a line with "[": the encoder writes every string on
// one line, escaping newlines.
func spaceTables(in []byte) []byte {
	var out []byte
	for line := range bytes.Lines(in) {
		if string(line) == "[profiles]\n" {
			continue
		}
		if line[0] == '[' && !bytes.HasSuffix(out, []byte("\n\n")) {
			out = append(out, '\n')
		}
		out = append(out, line...)
	}
	return out
}

func saveError(path string, err error) error {
	if errors.Is(err, fs.ErrPermission) {
		return fmt.Errorf("cannot write %s: permission denied — check the directory's owner with ls -ld, or pass another --config", path)
	}
	return fmt.Errorf("cannot write %s (%w) — check the disk and the path, or pass another --config", path, err)
}

// needsBackup is false when the new config equals the old file apart from
// [setup] progress, or the bytes are identical.
func needsBackup(old []byte, cfg *Config) bool {
	var prev Config
	if _, err := toml.Decode(string(old), &prev); err != nil {
		return true // keep what the administrator wrote, broken or not
	}
	a, b := prev, *cfg
	a.Setup, b.Setup = Setup{}, Setup{}
	if len(a.Profiles) == 0 {
		a.Profiles = nil
	}
	if len(b.Profiles) == 0 {
		b.Profiles = nil
	}
	return !reflect.DeepEqual(a, b)
}

// writeAtomic replaces path with data, 0600, via a synced temporary file in
// the same directory, then syncs the directory so the rename itself is
// durable (renameio leaves that step to the caller).
func writeAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	t, err := renameio.NewPendingFile(path, renameio.WithTempDir(dir), renameio.WithStaticPermissions(0o600))
	if err != nil {
		return err
	}
	defer t.Cleanup()
	if _, err := t.Write(data); err != nil {
		return err
	}
	if err := t.CloseAtomicallyReplace(); err != nil {
		return err
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, syscall.EINVAL) {
		return err
	}
	return nil
}

// removeStaleTemps deletes temporary files that a killed save left behind
// (".config.toml1234", ".config.toml.bak1234"): they hold secrets. Only
// files older than a minute go, so a concurrent save keeps its own.
func removeStaleTemps(path string) {
	dir, base := filepath.Dir(path), "."+filepath.Base(path)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		rest, ok := strings.CutPrefix(e.Name(), base)
		rest = strings.TrimPrefix(rest, ".bak")
		if !ok || rest == "" || strings.Trim(rest, "0123456789") != "" {
			continue
		}
		if info, err := e.Info(); err == nil && info.Mode().IsRegular() && time.Since(info.ModTime()) > time.Minute {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}
