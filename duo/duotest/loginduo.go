package duotest

import (
	"fmt"
	"os"
	"strings"
)

// LoginDuoConf returns a duo_unix configuration (login_duo.conf or
// pam_duo.conf) for this server's Auth API application, trusting the CA file
// at caFile. extra lines ("failmode = secure", "autopush = yes", "prompts =
// 1", "pushinfo = yes") are appended to the [duo] section.
func (s *Server) LoginDuoConf(caFile string, extra ...string) string {
	var b strings.Builder
	b.WriteString("; duo_unix configuration for the duotui simulator\n[duo]\n")
	fmt.Fprintf(&b, "host = %s\nikey = %s\nskey = %s\ncafile = %s\n", s.Host, s.IKey, s.SKey, caFile)
	for _, l := range extra {
		b.WriteString(l + "\n")
	}
	return b.String()
}

// WriteLoginDuoConf writes the CA to caFile and the configuration to path
// with mode 0600, which duo_unix requires of a file holding a secret key.
func (s *Server) WriteLoginDuoConf(path, caFile string, extra ...string) error {
	if err := s.WriteCA(caFile); err != nil {
		return err
	}
	if err := os.WriteFile(path, []byte(s.LoginDuoConf(caFile, extra...)), 0o600); err != nil {
		return fmt.Errorf("could not write the login_duo configuration (%w); choose a writable path", err)
	}
	// WriteFile keeps the mode of an existing file; duo_unix refuses a
	// group- or world-readable one.
	if err := os.Chmod(path, 0o600); err != nil {
		return fmt.Errorf("could not make the login_duo configuration private (%w); duo_unix refuses a readable one, so fix its permissions", err)
	}
	return nil
}
