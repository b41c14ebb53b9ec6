package serve

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"duotui/ui/common"
)

// testKey is a deterministic ed25519 key: n picks the seed.
func testKey(t testing.TB, n byte) (gossh.PublicKey, gossh.Signer) {
	t.Helper()
	priv := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{n}, ed25519.SeedSize))
	signer, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return signer.PublicKey(), signer
}

// keyText is the "ssh-ed25519 AAAA…" part of an authorized_keys line.
func keyText(t testing.TB, n byte) string {
	t.Helper()
	pub, _ := testKey(t, n)
	return strings.TrimSpace(string(gossh.MarshalAuthorizedKey(pub)))
}

func TestParseAuthorizedKeys(t *testing.T) {
	k1, k2 := keyText(t, 1), keyText(t, 2)
	tests := []struct {
		name     string
		line     string
		wantName string
		wantRole common.Role
		wantErr  string // empty: the key is allowed
	}{
		{"plain key is an admin", k1 + " alice@laptop", "alice@laptop", common.RoleAdmin, ""},
		{"comment with spaces", k1 + " Alice's laptop (2024)", "Alice's laptop (2024)", common.RoleAdmin, ""},
		{"no comment", k1, "", common.RoleAdmin, ""},
		{"viewer role", `environment="DUOTUI_ROLE=viewer" ` + k1 + " helpdesk", "helpdesk", common.RoleViewer, ""},
		{"explicit admin", `environment="DUOTUI_ROLE=admin" ` + k1 + " bob", "bob", common.RoleAdmin, ""},
		{"option names ignore case", `Environment="DUOTUI_ROLE=viewer" ` + k1, "", common.RoleViewer, ""},
		{"restrict family is harmless", `restrict,no-port-forwarding,no-agent-forwarding,pty,environment="DUOTUI_ROLE=viewer" ` + k1 + " h", "h", common.RoleViewer, ""},
		{"other variables change nothing", `environment="LANG=C",environment="DUOTUI_ROLE=viewer" ` + k1, "", common.RoleViewer, ""},
		{"same role twice", `environment="DUOTUI_ROLE=viewer",environment="DUOTUI_ROLE=viewer" ` + k1, "", common.RoleViewer, ""},
		{"leading spaces and CR", "  " + k1 + " carol\r", "carol", common.RoleAdmin, ""},
		{"misspelt role is not an admin", `environment="DUOTUI_ROLE=veiwer" ` + k1, "", 0, "DUOTUI_ROLE=veiwer is not a role"},
		{"conflicting roles", `environment="DUOTUI_ROLE=viewer",environment="DUOTUI_ROLE=admin" ` + k1, "", 0, "set twice"},
		{"from is not enforced", `from="10.0.0.0/8" ` + k1, "", 0, "does not check where a key connects from"},
		{"command is refused", `command="/bin/true" ` + k1, "", 0, "always runs its app"},
		{"no-pty is refused", `no-pty ` + k1, "", 0, "needs a terminal"},
		{"unknown option", `permitopen="host:80" ` + k1, "", 0, `option "permitopen=\"host:80\"" is not supported`},
		{"truncated key", k1[:40], "", 0, "not a public key in OpenSSH format"},
		{"not a key", "hello world", "", 0, "not a public key in OpenSSH format"},
		{"other key", k2 + " dave", "dave", common.RoleAdmin, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			keys, bad := ParseAuthorizedKeys([]byte("# a comment\n\n" + tc.line + "\n"))
			if tc.wantErr != "" {
				if keys.Len() != 0 || len(bad) != 1 || bad[0].Line != 3 || !strings.Contains(bad[0].Msg, tc.wantErr) {
					t.Fatalf("got %d keys, problems %v; want none and line 3 saying %q", keys.Len(), bad, tc.wantErr)
				}
				return
			}
			if len(bad) != 0 || keys.Len() != 1 {
				t.Fatalf("got %d keys, problems %v; want one key", keys.Len(), bad)
			}
			k := keys.All()[0]
			if k.Name != tc.wantName || k.Role != tc.wantRole || k.Line != 3 {
				t.Errorf("got name %q role %v line %d; want %q %v 3", k.Name, k.Role, k.Line, tc.wantName, tc.wantRole)
			}
			if got, ok := keys.Lookup(k.PublicKey); !ok || got.Fingerprint != gossh.FingerprintSHA256(k.PublicKey) ||
				!strings.HasPrefix(got.Fingerprint, "SHA256:") {
				t.Errorf("lookup: %+v %v", got, ok)
			}
		})
	}
}

// TestBadLinesKeepTheOthers: sshd skips a bad line and carries on; so do
// we, reporting each with its line number. A repeated key keeps its first
// line's role.
func TestBadLinesKeepTheOthers(t *testing.T) {
	file := strings.Join([]string{
		keyText(t, 1) + " alice",      // 1
		"ssh-ed25519 AAAA-broken bob", // 2
		"",                            // 3
		`environment="DUOTUI_ROLE=viewer" ` + keyText(t, 2) + " h", // 4
		`environment="DUOTUI_ROLE=boss" ` + keyText(t, 3) + " x",   // 5
		keyText(t, 2) + " h-again",                                 // 6
	}, "\n")
	keys, bad := ParseAuthorizedKeys([]byte(file))
	var lines []int
	for _, b := range bad {
		lines = append(lines, b.Line)
	}
	if keys.Len() != 2 || len(bad) != 3 || lines[0] != 2 || lines[1] != 5 || lines[2] != 6 {
		t.Fatalf("got %d keys, problems %v; want 2 keys and lines 2, 5, 6", keys.Len(), bad)
	}
	if !strings.Contains(bad[2].Error(), "line 6: the same key as line 4") {
		t.Errorf("duplicate: %v", bad[2])
	}
	pub2, _ := testKey(t, 2)
	if k, ok := keys.Lookup(pub2); !ok || k.Role != common.RoleViewer || k.Name != "h" {
		t.Errorf("repeated key: %+v, want line 4's viewer role", k)
	}
	pub3, _ := testKey(t, 3)
	if _, ok := keys.Lookup(pub3); ok {
		t.Error("a key with a misspelt role got in")
	}
}

func TestCertificatesRefused(t *testing.T) {
	pub, _ := testKey(t, 1)
	_, ca := testKey(t, 9)
	cert := &gossh.Certificate{Key: pub, CertType: gossh.UserCert, ValidPrincipals: []string{"alice"}, ValidBefore: gossh.CertTimeInfinity}
	if err := cert.SignCert(rand.Reader, ca); err != nil {
		t.Fatal(err)
	}
	keys, bad := ParseAuthorizedKeys(gossh.MarshalAuthorizedKey(cert))
	if keys.Len() != 0 || len(bad) != 1 || !strings.Contains(bad[0].Msg, "a certificate") {
		t.Errorf("got %d keys, %v; want the certificate refused", keys.Len(), bad)
	}
}
