package serve

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"
)

// TestHostKeyGeneratedOnce: the first start writes an ed25519 key 0600 in
// a new 0700 directory; later starts reuse it (same fingerprint).
func TestHostKeyGeneratedOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "new-dir", "ssh_host_ed25519_key")
	s1, created, err := LoadHostKey(path)
	if err != nil || !created {
		t.Fatalf("first start: created %v, %v", created, err)
	}
	if s1.PublicKey().Type() != gossh.KeyAlgoED25519 {
		t.Errorf("key type %s, want ed25519", s1.PublicKey().Type())
	}
	for p, want := range map[string]os.FileMode{path: 0o600, filepath.Dir(path): 0o700} {
		fi, err := os.Stat(p)
		if err != nil || fi.Mode().Perm() != want {
			t.Errorf("%s: mode %v (%v), want %04o", p, fi.Mode().Perm(), err, want)
		}
	}
	s2, created, err := LoadHostKey(path)
	if err != nil || created {
		t.Fatalf("second start: created %v, %v", created, err)
	}
	if a, b := gossh.FingerprintSHA256(s1.PublicKey()), gossh.FingerprintSHA256(s2.PublicKey()); a != b {
		t.Errorf("fingerprint changed: %s then %s", a, b)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("the directory holds %d files, want only the key (no temporary left)", len(entries))
	}
}

func TestHostKeyRefused(t *testing.T) {
	dir := t.TempDir()
	readable := filepath.Join(dir, "readable")
	if _, _, err := LoadHostKey(readable); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(readable, 0o644); err != nil {
		t.Fatal(err)
	}
	garbage := filepath.Join(dir, "garbage")
	if err := os.WriteFile(garbage, []byte("not a key"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ name, path, want string }{
		{"readable by others", readable, "run chmod 600 " + readable},
		{"not a key", garbage, "is not an unencrypted OpenSSH private key"},
		{"path through a file", filepath.Join(garbage, "sub", "key"), "not a directory"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := LoadHostKey(tc.path)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want an error saying %q", err, tc.want)
			}
		})
	}
}
