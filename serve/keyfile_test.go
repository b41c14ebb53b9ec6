package serve

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// reports collects what a KeyFile reports.
type reports struct {
	mu    sync.Mutex
	lines []string
}

func (r *reports) add(s string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.lines = append(r.lines, s)
}

func (r *reports) all() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return strings.Join(r.lines, "\n")
}

func writeKeys(t *testing.T, path, body string) {
	t.Helper()
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil { // as editors save
		t.Fatal(err)
	}
}

// TestKeyFileReloads: a key added, swapped or removed counts from the next
// login, even when two saves land in the same timestamp tick with the same
// size.
func TestKeyFileReloads(t *testing.T) {
	path := filepath.Join(t.TempDir(), "authorized_keys")
	writeKeys(t, path, keyText(t, 1)+" alice\n")
	var r reports
	f, err := OpenKeyFile(path, r.add)
	if err != nil {
		t.Fatal(err)
	}
	pub1, _ := testKey(t, 1)
	pub2, _ := testKey(t, 2)
	steps := []struct {
		name       string
		body       string
		want1      bool
		want2      bool
		wantReport string
	}{
		{"first read", "", true, false, ""},
		{"same size, other key", keyText(t, 2) + " alice\n", false, true, "1 keys allowed in now"},
		{"both", keyText(t, 1) + " alice\n" + keyText(t, 2) + " bob\n", true, true, "2 keys allowed in now"},
		{"viewer role", `environment="DUOTUI_ROLE=viewer" ` + keyText(t, 1) + " alice\n", true, false, "1 keys allowed in now"},
		{"emptied", "# nobody\n", false, false, "0 keys allowed in now"},
	}
	for _, st := range steps {
		if st.body != "" {
			writeKeys(t, path, st.body)
		}
		_, ok1 := f.Lookup(pub1)
		_, ok2 := f.Lookup(pub2)
		if ok1 != st.want1 || ok2 != st.want2 {
			t.Errorf("%s: key 1 allowed %v, key 2 %v; want %v, %v", st.name, ok1, ok2, st.want1, st.want2)
		}
		if !strings.HasSuffix(r.all(), st.wantReport) {
			t.Errorf("%s: reports end %q, want %q", st.name, r.all(), st.wantReport)
		}
	}
	if k, _ := f.Lookup(pub1); k.Name != "" {
		t.Errorf("a removed key still resolves: %+v", k)
	}
}

// TestKeyFileRevokedByRemovalOrUnsafeMode: a missing file, or one others
// can write, lets nobody in until it is fixed.
func TestKeyFileRevokedByRemovalOrUnsafeMode(t *testing.T) {
	path := filepath.Join(t.TempDir(), "authorized_keys")
	writeKeys(t, path, keyText(t, 1)+" alice\n")
	var r reports
	f, err := OpenKeyFile(path, r.add)
	if err != nil {
		t.Fatal(err)
	}
	pub1, _ := testKey(t, 1)
	tests := []struct {
		name   string
		breakF func()
		report string
	}{
		{"removed", func() { os.Remove(path) }, "there is no authorized_keys file at " + path},
		{"group-writable", func() { writeKeys(t, path, keyText(t, 1)+" alice\n"); os.Chmod(path, 0o620) }, "mode 0620"},
		{"a directory", func() { os.Remove(path); os.Mkdir(path, 0o700) }, "is a directory"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.breakF()
			if _, ok := f.Lookup(pub1); ok {
				t.Fatal("a key got in")
			}
			if !strings.Contains(r.all(), tc.report) {
				t.Errorf("reports %q, want %q", r.all(), tc.report)
			}
			os.Remove(path)
			writeKeys(t, path, keyText(t, 1)+" alice\n")
			if _, ok := f.Lookup(pub1); !ok {
				t.Error("the repaired file still lets nobody in")
			}
		})
	}
}

func TestOpenKeyFileRefuses(t *testing.T) {
	dir := t.TempDir()
	unsafe := filepath.Join(dir, "world")
	writeKeys(t, unsafe, keyText(t, 1)+"\n")
	if err := os.Chmod(unsafe, 0o666); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ name, path, want string }{
		{"missing", filepath.Join(dir, "nope"), "create it with one public key per line"},
		{"world-writable", unsafe, "run chmod 600 " + unsafe},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := OpenKeyFile(tc.path, nil)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want an error saying %q", err, tc.want)
			}
		})
	}
}

func TestKeyFileReportsBadLines(t *testing.T) {
	path := filepath.Join(t.TempDir(), "authorized_keys")
	writeKeys(t, path, keyText(t, 1)+" ok\nnot a key\n")
	var r reports
	f, err := OpenKeyFile(path, r.add)
	if err != nil {
		t.Fatal(err)
	}
	keys, bad := f.Keys()
	if keys.Len() != 1 || len(bad) != 1 || !strings.Contains(r.all(), path+":2: not a public key") {
		t.Errorf("keys %d, bad %v, reports %q", keys.Len(), bad, r.all())
	}
}
