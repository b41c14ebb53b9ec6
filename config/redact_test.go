package config

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

func TestSecretsFormatRedacted(t *testing.T) {
	secrets := []string{testSKey, otherSKey, "ClientSecretClientSecretClientSecret1234"}
	p := Profile{Host: testHost, IKey: testIKey, SKey: Secret(secrets[0]), AdminSKey: Secret(secrets[1]), ClientSecret: Secret(secrets[2])}
	creds := Credentials{
		Profile:      "work",
		SKey:         SecretSetting{Secret(secrets[0]), Origin{FromCommand, "k"}},
		AdminSKey:    SecretSetting{Secret(secrets[1]), Origin{FromEnv, "E"}},
		ClientSecret: SecretSetting{Secret(secrets[2]), Origin{FromFile, "f"}},
	}
	cfg := Config{Profiles: map[string]Profile{"work": p}}
	values := map[string]any{
		"Secret":       Secret(secrets[0]),
		"*Secret":      &p.SKey,
		"Profile":      p,
		"*Profile":     &p,
		"Credentials":  creds,
		"*Credentials": &creds,
		"Config":       cfg,
		"*File":        &File{Path: "x", Config: cfg},
		"DuoUnixConf":  DuoUnixConf{IKey: testIKey, SKey: Secret(secrets[0])},
		"in a slice":   []Secret{Secret(secrets[1])},
		"in a map":     map[string]SecretSetting{"k": creds.AdminSKey},
	}
	var forbidden []string
	for _, s := range secrets {
		forbidden = append(forbidden, s, hex.EncodeToString([]byte(s)), strings.ToUpper(hex.EncodeToString([]byte(s))))
	}
	for name, v := range values {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%10.3s", "%T"} {
			out := fmt.Sprintf(verb, v)
			for _, f := range forbidden {
				if strings.Contains(out, f) {
					t.Errorf("%s formatted with %s leaks a secret: %s", name, verb, out)
				}
			}
		}
		out := fmt.Sprintln(v) + fmt.Sprint(v)
		if b, err := json.Marshal(v); err == nil {
			out += string(b)
		}
		for _, f := range forbidden {
			if strings.Contains(out, f) {
				t.Errorf("%s leaks a secret through Sprint or JSON: %s", name, out)
			}
		}
	}
	if got := fmt.Sprintf("%v|%#v|%v", Secret(testSKey), Secret(testSKey), Secret("")); got != `[redacted]|config.Secret("[redacted]")|` {
		t.Errorf("formats as %q", got)
	}
}
