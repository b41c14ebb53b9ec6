package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runCapture runs a command line in-process with an empty environment
// except HOME, returning the exit code and stderr.
func runCapture(t *testing.T, args ...string) (int, string) {
	t.Helper()
	home := t.TempDir()
	var stdout, stderr bytes.Buffer
	env := map[string]string{"HOME": home}
	code := run(context.Background(), args, &globals{
		stdin: strings.NewReader(""), stdout: &stdout, stderr: &stderr,
		getenv: func(k string) string { return env[k] },
	})
	return code, stderr.String()
}

func TestTUIConfigErrorsExit2(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string, mode os.FileMode) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), mode); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(p, mode); err != nil {
			t.Fatal(err)
		}
		return p
	}
	const profile = "[profiles.a]\nhost = \"api-12345678.duosecurity.com\"\nikey = \"DIAAAAAAAAAAAAAAAAAA\"\nskey = \"0123456789012345678901234567890123456789\"\n"
	for _, tc := range []struct {
		name string
		args func() []string
		want string
	}{
		{"syntax", func() []string { return []string{"--config", write("syntax.toml", "profile = [\n", 0o600)} }, "syntax.toml:1:"},
		{"world-readable secret", func() []string { return []string{"--config", write("perm.toml", profile, 0o644)} }, "chmod 600"},
		{"setup with a syntax error", func() []string {
			return []string{"setup", "--config", write("syntax2.toml", "x = = 1\n", 0o600)}
		}, "syntax2.toml:1"},
		{"a directory", func() []string { return []string{"--config", dir} }, "is a directory"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stderr := runCapture(t, tc.args()...)
			if code != exitUsage {
				t.Errorf("exit %d, want %d (stderr %q)", code, exitUsage, stderr)
			}
			if !strings.Contains(stderr, tc.want) || strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
				t.Errorf("stderr %q, want one line containing %q", stderr, tc.want)
			}
			if strings.Contains(stderr, "0123456789012345678901234567890123456789") {
				t.Error("the secret key was printed")
			}
		})
	}
}

func TestUnknownCommandExit2(t *testing.T) {
	code, stderr := runCapture(t, "frobnicate")
	if code != exitUsage || !strings.Contains(stderr, "frobnicate") {
		t.Errorf("exit %d, stderr %q; want 2 naming the command", code, stderr)
	}
}

func TestImportFlag(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"setup", "--help"}} {
		var stdout bytes.Buffer
		code := run(context.Background(), args, &globals{
			stdin: strings.NewReader(""), stdout: &stdout, stderr: &stdout,
			getenv: func(string) string { return "" },
		})
		if code != 0 || !strings.Contains(stdout.String(), "--import") {
			t.Errorf("%v: exit %d, no --import in:\n%s", args, code, stdout.String())
		}
	}
}
