package serve

import (
	"bytes"
	"strings"
	"testing"

	"duotui/ui/common"
)

// FuzzAuthorizedKeys feeds arbitrary files to the parser (seed corpus in
// testdata/fuzz/FuzzAuthorizedKeys). Whatever the input: no panic; every
// key found is reachable by Lookup and points at a real line; a viewer came
// from a line that says so; every bad line has a number and a sentence.
func FuzzAuthorizedKeys(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		keys, bad := ParseAuthorizedKeys(data)
		lines := bytes.Split(data, []byte("\n"))
		for _, k := range keys.All() {
			if k.Line < 1 || k.Line > len(lines) {
				t.Fatalf("key on line %d of %d", k.Line, len(lines))
			}
			got, ok := keys.Lookup(k.PublicKey)
			if !ok || got.Line != k.Line {
				t.Fatalf("Lookup of line %d's key: %v, line %d", k.Line, ok, got.Line)
			}
			line := string(lines[k.Line-1])
			if k.Role == common.RoleViewer && !strings.Contains(line, RoleVariable+"=viewer") {
				t.Fatalf("line %d made a viewer without saying so: %q", k.Line, line)
			}
			if k.Role != common.RoleViewer && k.Role != common.RoleAdmin {
				t.Fatalf("line %d: role %d", k.Line, k.Role)
			}
			if !strings.HasPrefix(k.Fingerprint, "SHA256:") {
				t.Fatalf("line %d: fingerprint %q", k.Line, k.Fingerprint)
			}
		}
		seen := map[int]bool{}
		for _, b := range bad {
			if b.Line < 1 || b.Line > len(lines) || b.Msg == "" || seen[b.Line] {
				t.Fatalf("bad line report %+v of %d lines", b, len(lines))
			}
			seen[b.Line] = true
		}
		if keys.Len()+len(bad) > len(lines) {
			t.Fatalf("%d keys and %d bad lines from %d lines", keys.Len(), len(bad), len(lines))
		}
	})
}
