package config

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"
)

// fullConfig sets every key, so a round trip covers the whole file.
func fullConfig() *Config {
	return &Config{
		Profile: "work",
		Profiles: map[string]Profile{
			"work": {
				Host: testHost, IKey: testIKey, SKey: Secret(testSKey),
				AdminIKey: "DIADMINADMINADMINADM", AdminSKey: Secret(otherSKey),
				ClientID: "DICLIENTCLIENTCLIENT", ClientSecret: Secret(strings.ToLower(otherSKey)),
			},
			"lab": {
				Host: "127.0.0.1:8443", IKey: testIKey,
				SKeyCommand:         `pass show "duo/lab key" | head -n1 # \ and 'quotes' ü`,
				AdminSKeyEnv:        "LAB_ADMIN",
				AdminIKey:           testIKey,
				ClientID:            testIKey,
				ClientSecretCommand: "secret-tool lookup duo lab",
			},
			"env-only": {SKeyEnv: "DUO_SKEY"},
		},
		Network: Network{Timeout: Duration(90 * time.Second), CAFile: "/etc/ssl/corp.pem", Proxy: "http://proxy:3128"},
		Clock:   Clock{NTPServer: "pool.ntp.org", WarnOffset: Duration(500 * time.Millisecond), FailOffset: Duration(time.Minute)},
		Serve: Serve{Listen: ":2222", HostKey: "k", AuthorizedKeys: "a", IdleTimeout: Duration(time.Minute),
			MaxSessions: 5, MaxSession: Duration(2 * time.Hour)},
		Audit: Audit{Path: "~/audit.jsonl"},
		Setup: Setup{Step: 3, Target: TargetDuoUnix, WHMCSVersion: "8.9", DuoUnixPath: "/etc/duo/pam_duo.conf"},
	}
}

func TestSaveRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  *Config
	}{
		{"everything", fullConfig()},
		{"empty", &Config{}},
		{"setup progress only", &Config{Setup: Setup{Step: 2}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "config.toml")
			if err := Save(path, tc.cfg); err != nil {
				t.Fatal(err)
			}
			f, err := Load(path)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(normalized(f.Config), normalized(*tc.cfg)) {
				data, _ := os.ReadFile(path)
				t.Errorf("round trip changed the config; file:\n%s", data)
			}
		})
	}
}

// normalized treats an empty profile map like none, as the file does.
func normalized(c Config) Config {
	if len(c.Profiles) == 0 {
		c.Profiles = nil
	}
	return c
}

func TestSaveModesAndDirectory(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new", "duotui")
	path := filepath.Join(dir, "config.toml")
	if err := Save(path, fullConfig()); err != nil {
		t.Fatal(err)
	}
	second := fullConfig()
	second.Profiles["work"] = Profile{Host: testHost, IKey: testIKey, SKey: Secret(otherSKey)}
	if err := Save(path, second); err != nil {
		t.Fatal(err)
	}
	for p, want := range map[string]os.FileMode{dir: 0o700 | os.ModeDir, path: 0o600, path + ".bak": 0o600} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode() != want {
			t.Errorf("%s mode %v, want %v", p, fi.Mode(), want)
		}
	}
}

func TestSaveKeepsBackup(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	first, second := fullConfig(), fullConfig()
	second.Profiles["work"] = Profile{Host: testHost, IKey: testIKey, SKey: Secret(otherSKey)}
	mustSave(t, path, first)
	if _, err := os.Stat(path + ".bak"); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("first save made a backup of nothing: %v", err)
	}
	firstBytes := read(t, path)
	mustSave(t, path, second)
	if got := read(t, path+".bak"); got != firstBytes {
		t.Fatalf("backup is not the previous file:\n%s", got)
	}
	// Wizard progress alone must not push the old credentials out.
	progressed := fullConfig()
	progressed.Profiles = second.Profiles
	progressed.Setup.Step = 6
	mustSave(t, path, progressed)
	if got := read(t, path+".bak"); got != firstBytes {
		t.Error("saving setup progress replaced the backup of the previous credentials")
	}
	// A hand-edited file that no longer parses is kept too.
	if err := os.WriteFile(path, []byte("broken = [\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	mustSave(t, path, first)
	if got := read(t, path+".bak"); got != "broken = [\n" {
		t.Errorf("backup = %q, want the broken file", got)
	}
}

func TestSaveFixesLooseMode(t *testing.T) {
	path := writeConfig(t, profileTOML, 0o644)
	if _, err := Load(path); err == nil {
		t.Fatal("0644 file with a secret loaded")
	}
	mustSave(t, path, fullConfig())
	if _, err := Load(path); err != nil {
		t.Errorf("after Save: %v", err)
	}
}

func TestSaveRefusesInvalid(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	err := Save(path, &Config{Profiles: map[string]Profile{"p": {IKey: "short"}}})
	var ie *InvalidError
	if !errors.As(err, &ie) || ie.Problems[0].Key != "profiles.p.ikey" {
		t.Fatalf("Save = %v, want an InvalidError naming profiles.p.ikey", err)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Error("an invalid config was written")
	}
}

func TestSaveFollowsSymlink(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "dotfiles", "config.toml")
	if err := os.MkdirAll(filepath.Dir(real), 0o700); err != nil {
		t.Fatal(err)
	}
	mustSave(t, real, &Config{})
	link := filepath.Join(dir, "config.toml")
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	mustSave(t, link, fullConfig())
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the symlink was replaced: %v", err)
	}
	if f, err := Load(real); err != nil || f.Config.Profile != "work" {
		t.Errorf("the link's target was not updated: %v", err)
	}
}

func TestSaveRemovesStaleTemps(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "config.toml")
	old := time.Now().Add(-time.Hour)
	files := map[string]bool{ // name → should survive
		".config.toml123":     false,
		".config.toml.bak456": false,
		".config.toml789":     true, // fresh: maybe another save's
		".config.tomlx":       true, // not ours
		"notes.txt":           true,
	}
	for name := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		if name != ".config.toml789" {
			if err := os.Chtimes(p, old, old); err != nil {
				t.Fatal(err)
			}
		}
	}
	mustSave(t, path, &Config{})
	for name, keep := range files {
		_, err := os.Stat(filepath.Join(dir, name))
		if exists := err == nil; exists != keep {
			t.Errorf("%s exists=%v, want %v", name, exists, keep)
		}
	}
}

func TestSecretMarshalTOMLQuoting(t *testing.T) {
	for _, s := range []string{"plain", `a"b`, `back\slash`, "tab\tnl\ncr\r", "\x00\x1f\x7f", "ünï€😀", "'single'", `\u0041`} {
		b, err := Secret(s).MarshalTOML()
		if err != nil {
			t.Fatal(err)
		}
		var got struct{ V string }
		if _, err := toml.Decode("V = "+string(b), &got); err != nil || got.V != s {
			t.Errorf("%q → %s → %q, %v", s, b, got.V, err)
		}
	}
	if _, err := Secret("\xff").MarshalTOML(); err == nil {
		t.Error("invalid UTF-8 was encoded")
	}
}

func mustSave(t *testing.T, path string, cfg *Config) {
	t.Helper()
	if err := Save(path, cfg); err != nil {
		t.Fatal(err)
	}
}

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
