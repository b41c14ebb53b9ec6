package serve

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	gossh "golang.org/x/crypto/ssh"
)

// LoadHostKey reads the server's private host key at path. When there is
// none it generates an ed25519 key there (file 0600, a new directory 0700)
// and reports created, so the caller can tell the administrator to note the
// new fingerprint. A key other users can read is refused, as sshd does.
func LoadHostKey(path string) (signer gossh.Signer, created bool, err error) {
	signer, err = readHostKey(path)
	if !errors.Is(err, fs.ErrNotExist) {
		return signer, false, err
	}
	if err := createHostKey(path); err != nil {
		return nil, false, err
	}
	signer, err = readHostKey(path)
	return signer, err == nil, err
}

func readHostKey(path string) (gossh.Signer, error) {
	fi, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("cannot read the host key %s (%v) — check the path and its permissions", path, err)
	}
	if m := fi.Mode().Perm(); m&0o077 != 0 {
		return nil, fmt.Errorf("the host key %s can be read by other users (mode %04o), so it is not used — run chmod 600 %s", path, m, path)
	}
	pemBytes, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read the host key %s (%v) — check its permissions", path, err)
	}
	signer, err := gossh.ParsePrivateKey(pemBytes)
	if err != nil {
		return nil, fmt.Errorf("the host key %s is not an unencrypted OpenSSH private key (%v) — move it away and a new one is generated", path, err)
	}
	return signer, nil
}

// createHostKey writes a new ed25519 key to path. It links a finished
// temporary file into place, so a crash leaves no half-written key and two
// servers starting at once end up sharing the first one's key.
func createHostKey(path string) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("cannot create the directory %s for the host key (%v) — create it or pass --host-key", dir, err)
	}
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return fmt.Errorf("cannot generate a host key (%v)", err)
	}
	block, err := gossh.MarshalPrivateKey(priv, "duotui serve host key")
	if err != nil {
		return fmt.Errorf("cannot encode the host key (%v)", err)
	}
	tmp, err := os.CreateTemp(dir, ".host-key-*")
	if err != nil {
		return fmt.Errorf("cannot write the host key in %s (%v) — check that the directory is writable or pass --host-key", dir, err)
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return fmt.Errorf("cannot restrict the new host key to its owner (%v)", err)
	}
	_, werr := tmp.Write(pem.EncodeToMemory(block))
	serr := tmp.Sync()
	if err := errors.Join(werr, serr, tmp.Close()); err != nil {
		return fmt.Errorf("cannot write the host key in %s (%v) — check the free space", dir, err)
	}
	if err := os.Link(tmp.Name(), path); err != nil && !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("cannot save the host key as %s (%v) — check that the directory is writable", path, err)
	}
	return nil
}
