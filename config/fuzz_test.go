package config

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// FuzzLoad feeds arbitrary bytes to Load. It must never panic; it must
// either load or fail with a message; and whatever loads must survive a
// save and reload unchanged (Save must never write what Load refuses).
// Seeds: testdata/fuzz/FuzzLoad plus the ones added here.
func FuzzLoad(f *testing.F) {
	// Seeds stay small: the engine minimises each new finding by re-running
	// it byte by byte, and a 5 KB seed (the example file, tested on its own
	// in TestExampleLoads) spends the whole -fuzztime minimising.
	f.Add([]byte(profileTOML))
	f.Add([]byte("[network]\ntimeout = \"15s\"\n[setup]\nstep = 2\n"))
	path := filepath.Join(f.TempDir(), "config.toml")
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		file, err := Load(path)
		if err != nil {
			if err.Error() == "" {
				t.Fatalf("error %T with no message", err)
			}
			var ie *InvalidError
			if errors.As(err, &ie) && (file == nil || len(ie.Problems) == 0) {
				t.Fatalf("InvalidError without the file or its problems: %v", err)
			}
			return
		}
		if file.Missing {
			t.Fatal("an existing file loaded as missing")
		}
		out, err := marshal(&file.Config)
		if err != nil {
			t.Fatalf("a loaded config does not encode: %v", err)
		}
		again, err := parse(path, out, 0o600)
		if err != nil {
			t.Fatalf("Save would write a file Load refuses: %v\n%s", err, out)
		}
		if !reflect.DeepEqual(normalized(again.Config), normalized(file.Config)) {
			t.Fatalf("round trip changed the config:\n%s", out)
		}
	})
}
