package config

import (
	"os"
	"reflect"
	"regexp"
	"testing"
)

const examplePath = "../config.toml.example"

func TestExampleLoads(t *testing.T) {
	f, err := Load(examplePath)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Warnings) != 0 {
		t.Errorf("the example draws warnings: %v", f.Warnings)
	}
	if p := f.Config.Profiles["work"]; f.Config.Profile != "work" || p.SKeyCommand == "" || p.ClientID == "" {
		t.Errorf("example profile = %+v", p)
	}
}

// TestExampleDocumentsEveryKey fails when a key is added to the types but
// not to config.toml.example (set or commented out).
func TestExampleDocumentsEveryKey(t *testing.T) {
	text, err := os.ReadFile(examplePath)
	if err != nil {
		t.Fatal(err)
	}
	types := []reflect.Type{reflect.TypeFor[Config](), reflect.TypeFor[Profile](), reflect.TypeFor[Network](),
		reflect.TypeFor[Clock](), reflect.TypeFor[Serve](), reflect.TypeFor[Audit](), reflect.TypeFor[Setup]()}
	for _, typ := range types {
		for _, name := range tomlNames(typ) {
			if name == "profiles" {
				name = `\[profiles\.`
			} else if typ == reflect.TypeFor[Config]() && name != "profile" {
				name = `\[` + name + `\]`
			} else {
				name += ` *=`
			}
			if !regexp.MustCompile(`(?m)^(# *)?` + name).Match(text) {
				t.Errorf("config.toml.example does not document %s.%s", typ.Name(), name)
			}
		}
	}
}
