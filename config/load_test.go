package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeConfig(t *testing.T, content string, mode os.FileMode) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(path, []byte(content), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, mode); err != nil { // umask
		t.Fatal(err)
	}
	return path
}

func TestLoadMissingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nope", "config.toml")
	f, err := Load(path)
	if err != nil {
		t.Fatalf("Load of a missing file: %v", err)
	}
	if !f.Missing || f.Path != path || len(f.Config.Profiles) != 0 {
		t.Errorf("Load = %+v, want an empty File with Missing set", f)
	}
}

func TestLoadValid(t *testing.T) {
	path := writeConfig(t, "profile = \"work\"\n"+strings.Replace(profileTOML, testHost, strings.ToUpper(testHost), 1), 0o600)
	f, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	p := f.Config.Profiles["work"]
	if f.Missing || p.Host != testHost || p.IKey != testIKey || p.SKey.Reveal() != testSKey {
		t.Errorf("Load = %+v", f)
	}
}

func TestLoadDirectory(t *testing.T) {
	dir := t.TempDir()
	_, err := Load(dir)
	if err == nil || !strings.Contains(err.Error(), "is a directory — pass the path of the file") {
		t.Errorf("Load(dir) = %v", err)
	}
}

func TestLoadUnknownKeys(t *testing.T) {
	path := writeConfig(t, profileTOML+`skey_comand = "x"
colour = "blue"
[network]
timout = "5s"
[shiny]
a = 1
b.c = 2
`, 0o600)
	_, err := Load(path)
	var ie *InvalidError
	if !errors.As(err, &ie) {
		t.Fatalf("Load = %v, want *InvalidError", err)
	}
	want := []Problem{
		{Key: "profiles.work.skey_comand", Message: "unknown key — did you mean profiles.work.skey_command?"},
		{Key: "profiles.work.colour", Message: "unknown key — check the spelling against config.toml.example, or remove it"},
		{Key: "network.timout", Message: "unknown key — did you mean network.timeout?"},
		{Key: "shiny", Message: "unknown key — check the spelling against config.toml.example, or remove it"},
	}
	if len(ie.Problems) != len(want) {
		t.Fatalf("problems = %v\nwant %v", ie.Problems, want)
	}
	for i := range want {
		if ie.Problems[i] != want[i] {
			t.Errorf("problem %d = %v, want %v", i, ie.Problems[i], want[i])
		}
	}
}

func TestLoadSyntaxError(t *testing.T) {
	for _, tc := range []struct {
		name, content, want string
	}{
		{"missing equals", "[profiles.work]\nhost = \"x\"\nikey \"DI\"\n", ":3:6: expected '.' or '=', but got '\"' instead"},
		{"unterminated string", "[network]\nproxy = \"http://x\n", ":2:"},
		{"duration without unit", "[network]\ntimeout = 15\n", ":2:11: duration 15 has no unit — write it in quotes with one, like \"15s\""},
		{"not a duration", "[serve]\nidle_timeout = \"soon\"\n", `:2:17: "soon" is not a duration — write it like "15s", "2m" or "1h30m"`},
		{"wrong type", "[profiles.p]\nikey = 5\n", ":2: profiles.p.ikey should be text in quotes, not a whole number"},
		{"table for string", "[profiles.p.host]\nx = 1\n", ":1: profiles.p.host should be text in quotes, not a table"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := writeConfig(t, tc.content, 0o600)
			_, err := Load(path)
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("Load = %v, want *SyntaxError", err)
			}
			if !strings.HasPrefix(err.Error(), path+tc.want) {
				t.Errorf("error = %q\nwant prefix %q", err, path+tc.want)
			}
		})
	}
}

func TestLoadPermissions(t *testing.T) {
	for _, tc := range []struct {
		name    string
		content string
		mode    os.FileMode
		want    string // "" = accepted
	}{
		{"secret 0600", profileTOML, 0o600, ""},
		{"secret 0400", profileTOML, 0o400, ""},
		{"secret 0644", profileTOML, 0o644, "holds a secret but other users can read it (mode 0644)"},
		{"secret 0640", profileTOML, 0o640, "holds a secret but other users can read it (mode 0640)"},
		{"admin secret 0604", "[profiles.p]\nadmin_skey = \"" + testSKey + "\"\n", 0o604, "holds a secret but other users can read it (mode 0604)"},
		{"client secret 0644", "[profiles.p]\nclient_secret = \"" + testSKey + "\"\n", 0o644, "holds a secret but other users can read it"},
		{"skey_env 0644", "[profiles.p]\nikey = \"" + testIKey + "\"\nskey_env = \"DUO_SKEY\"\n", 0o644, ""},
		{"command 0644", "[profiles.p]\nskey_command = \"pass show duo\"\n", 0o644, ""},
		{"command 0664", "[profiles.p]\nskey_command = \"pass show duo\"\n", 0o664, "runs secret commands but other users can change it (mode 0664)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := writeConfig(t, tc.content, tc.mode)
			_, err := Load(path)
			var pe *PermissionError
			if tc.want == "" {
				if errors.As(err, &pe) {
					t.Fatalf("Load = %v, want accepted", err)
				}
				return
			}
			want := "config file " + path + " " + tc.want
			if !errors.As(err, &pe) || !strings.HasPrefix(err.Error(), want) {
				t.Fatalf("Load = %v\nwant prefix %q", err, want)
			}
			if fix := ", so duotui will not use it — run: chmod 600 " + path; !strings.HasSuffix(err.Error(), fix) {
				t.Errorf("error %q does not end with the fix %q", err, fix)
			}
			if strings.Contains(err.Error(), testSKey) {
				t.Error("error quotes the secret")
			}
		})
	}
}

func TestPermissionErrorQuotesOddPaths(t *testing.T) {
	err := &PermissionError{Path: "/home/a b/it's.toml", Mode: 0o644}
	if want := `run: chmod 600 '/home/a b/it'\''s.toml'`; !strings.HasSuffix(err.Error(), want) {
		t.Errorf("error = %q, want suffix %q", err, want)
	}
}
