package serve

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sync"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// racyWindow is how recent a modification time must be for a file whose
// size and time look unchanged to be read again anyway: two saves within
// the file system's timestamp granularity leave the same stamp (git's
// "racy clean" problem).
const racyWindow = 2 * time.Second

// KeyFile is an authorized_keys file, read again on the first lookup after
// it changes, so keys are added and revoked without restarting the server.
type KeyFile struct {
	path   string
	report func(string) // one line per reload and per bad line
	now    func() time.Time

	mu       sync.Mutex
	stamp    fileStamp
	data     []byte
	keys     *Keys
	problems []LineError
	err      error // why the file is not usable now; nobody gets in
	opened   bool  // OpenKeyFile returned: later failures are reported
}

// fileStamp is what a stat says about a file's content.
type fileStamp struct {
	fi fs.FileInfo // nil before the first read
}

// same reports whether the two stats are of one unchanged file: a file
// replaced by a rename is another file, even with the same size and time.
func (s fileStamp) same(fi fs.FileInfo) bool {
	return s.fi != nil && os.SameFile(s.fi, fi) && s.fi.Size() == fi.Size() &&
		s.fi.ModTime().Equal(fi.ModTime()) && s.fi.Mode() == fi.Mode()
}

// OpenKeyFile reads the authorized_keys file at path. A file that is
// missing, unreadable or writable by other users is an error: a server that
// lets nobody in (or anyone who can edit the file) is not worth starting.
// Bad lines are reported through report, which may be nil.
func OpenKeyFile(path string, report func(string)) (*KeyFile, error) {
	if report == nil {
		report = func(string) {}
	}
	f := &KeyFile{path: path, report: report, now: time.Now}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.refreshLocked()
	if f.err != nil {
		return nil, f.err
	}
	f.opened = true
	return f, nil
}

// Path is the file's path.
func (f *KeyFile) Path() string { return f.path }

// Lookup finds the line allowing pub, reading the file again first if it
// changed. While the file is missing or unsafe nobody gets in.
func (f *KeyFile) Lookup(pub gossh.PublicKey) (Key, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.refreshLocked()
	if f.err != nil {
		return Key{}, false
	}
	return f.keys.Lookup(pub)
}

// Keys returns the keys and bad lines as last read.
func (f *KeyFile) Keys() (*Keys, []LineError) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.keys, append([]LineError(nil), f.problems...)
}

// refreshLocked stats the file and parses it again when it changed.
func (f *KeyFile) refreshLocked() {
	fi, err := os.Stat(f.path)
	if err != nil {
		f.failLocked(statError(f.path, err))
		return
	}
	if f.err == nil && f.keys != nil && f.stamp.same(fi) && f.now().Sub(fi.ModTime()) > racyWindow {
		return
	}
	if err := checkKeyFileMode(f.path, fi); err != nil {
		f.failLocked(err)
		return
	}
	data, err := os.ReadFile(f.path)
	if err != nil {
		f.failLocked(statError(f.path, err))
		return
	}
	f.stamp = fileStamp{fi}
	if f.err == nil && f.keys != nil && bytes.Equal(data, f.data) {
		return
	}
	reloaded := f.keys != nil || f.err != nil
	f.data, f.err = data, nil
	f.keys, f.problems = ParseAuthorizedKeys(data)
	for _, p := range f.problems {
		f.report(fmt.Sprintf("%s:%d: %s", f.path, p.Line, p.Msg))
	}
	if reloaded {
		f.report(fmt.Sprintf("%s changed: %d keys allowed in now", f.path, f.keys.Len()))
	}
}

// failLocked makes the file let nobody in, saying why once.
func (f *KeyFile) failLocked(err error) {
	if f.opened && (f.err == nil || f.err.Error() != err.Error()) {
		f.report(err.Error())
	}
	f.err, f.keys, f.data, f.stamp = err, nil, nil, fileStamp{}
}

func statError(path string, err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("there is no authorized_keys file at %s, so nobody can log in — create it with one public key per line (like ~/.ssh/authorized_keys)", path)
	case errors.Is(err, fs.ErrPermission):
		return fmt.Errorf("cannot read the authorized_keys file %s (permission denied) — make it readable by the user running duotui serve", path)
	}
	return fmt.Errorf("cannot read the authorized_keys file %s (%v) — check the path", path, err)
}

// checkKeyFileMode refuses a file others can write, as sshd's StrictModes
// does: whoever can edit it can let themselves in.
func checkKeyFileMode(path string, fi fs.FileInfo) error {
	if fi.IsDir() {
		return fmt.Errorf("the authorized_keys path %s is a directory — point --authorized-keys at a file", path)
	}
	if m := fi.Mode().Perm(); m&0o022 != 0 {
		return fmt.Errorf("the authorized_keys file %s can be changed by other users (mode %04o), so it is not used — run chmod 600 %s", path, m, path)
	}
	return nil
}
