package config

import (
	"context"
	"errors"
	"maps"
	"strings"
	"testing"
	"time"
)

// env is a fake environment for getenv.
func env(kv ...string) func(string) string {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(k string) string { return m[k] }
}

const otherSKey = "AAAAAAAAAAbbbbbbbbbbCCCCCCCCCCdddddddddd"

func TestResolveEnvWithNoFile(t *testing.T) {
	f := &File{Path: "/nonexistent/config.toml", Missing: true}
	c, err := f.Resolve("", env(
		"DUOTUI_HOST", "127.0.0.1:8443", "DUOTUI_IKEY", testIKey, "DUOTUI_SKEY", testSKey,
		"DUOTUI_ADMIN_IKEY", "DIADMINADMINADMINADM", "DUOTUI_ADMIN_SKEY", otherSKey,
		"DUOTUI_CA_FILE", "/tmp/sim-ca.pem"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		got   Setting
		value string
		env   string
	}{
		{"host", c.Host, "127.0.0.1:8443", "DUOTUI_HOST"},
		{"ikey", c.IKey, testIKey, "DUOTUI_IKEY"},
		{"admin ikey", c.AdminIKey, "DIADMINADMINADMINADM", "DUOTUI_ADMIN_IKEY"},
		{"ca file", c.CAFile, "/tmp/sim-ca.pem", "DUOTUI_CA_FILE"},
		{"skey", Setting{c.SKey.Value.Reveal(), c.SKey.Origin}, testSKey, "DUOTUI_SKEY"},
		{"admin skey", Setting{c.AdminSKey.Value.Reveal(), c.AdminSKey.Origin}, otherSKey, "DUOTUI_ADMIN_SKEY"},
	} {
		if want := (Setting{tc.value, Origin{FromEnv, tc.env}}); tc.got != want {
			t.Errorf("%s = %+v, want %+v", tc.name, tc.got, want)
		}
	}
	if c.Profile != "" || c.Timeout != DefaultTimeout {
		t.Errorf("profile %q timeout %v, want none and the default", c.Profile, c.Timeout)
	}
	if err := c.AuthReady(); err != nil {
		t.Errorf("AuthReady: %v", err)
	}
	if err := c.AdminReady(); err != nil {
		t.Errorf("AdminReady: %v", err)
	}
}

func TestResolveEnvOverridesFile(t *testing.T) {
	f := mustParse(t, profileTOML+"[network]\nca_file = \"ca.pem\"\ntimeout = \"3s\"\n")
	c, err := f.Resolve("", env("DUOTUI_SKEY", otherSKey))
	if err != nil {
		t.Fatal(err)
	}
	if c.SKey.Value.Reveal() != otherSKey || c.SKey.Origin != (Origin{FromEnv, "DUOTUI_SKEY"}) {
		t.Errorf("skey origin %v, want env DUOTUI_SKEY", c.SKey.Origin)
	}
	if c.IKey != (Setting{testIKey, Origin{FromFile, "profiles.work.ikey"}}) {
		t.Errorf("ikey = %+v", c.IKey)
	}
	if c.CAFile.Value != "/etc/duotui/ca.pem" || c.Timeout != 3*time.Second {
		t.Errorf("ca file %q timeout %v, want it next to the config and 3s", c.CAFile.Value, c.Timeout)
	}
	if c.Profile != "work" || c.ProfileOrigin != (Origin{FromDefault, "the only profile"}) {
		t.Errorf("profile %q from %v", c.Profile, c.ProfileOrigin)
	}
}

func mustParse(t *testing.T, content string) *File {
	t.Helper()
	f, err := parse("/etc/duotui/config.toml", []byte(content), 0o600)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestResolvePicksProfile(t *testing.T) {
	two := "[profiles.a]\nikey = \"" + testIKey + "\"\n[profiles.b]\nikey = \"" + testIKey + "\"\n"
	for _, tc := range []struct {
		name, toml, flag string
		getenv           func(string) string
		want             string
		origin           Origin
		err              string
	}{
		{"flag wins", "profile = \"a\"\n" + two, "b", env("DUOTUI_PROFILE", "a"), "b", Origin{FromFlag, "--profile"}, ""},
		{"env next", "profile = \"a\"\n" + two, "", env("DUOTUI_PROFILE", "b"), "b", Origin{FromEnv, "DUOTUI_PROFILE"}, ""},
		{"file next", "profile = \"b\"\n" + two, "", env(), "b", Origin{FromFile, "profile"}, ""},
		{"named default", two + "[profiles.default]\n", "", env(), "default", Origin{FromDefault, "the profile named default"}, ""},
		{"ambiguous", two, "", env(), "", Origin{}, `/etc/duotui/config.toml has several profiles (a, b) and none is chosen — add profile = "NAME" at its top, or pass --profile NAME`},
		{"ambiguous but env complete", two, "", env("DUOTUI_HOST", testHost, "DUOTUI_IKEY", testIKey, "DUOTUI_SKEY", testSKey), "", Origin{}, ""},
		{"unknown", two, "c", env(), "", Origin{}, `profile "c" (flag --profile) is not in /etc/duotui/config.toml — add [profiles.c] or name one of: a, b`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := mustParse(t, tc.toml).Resolve(tc.flag, tc.getenv)
			if tc.err != "" {
				if err == nil || err.Error() != tc.err {
					t.Fatalf("Resolve error = %v\nwant %s", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.Profile != tc.want || c.ProfileOrigin != tc.origin {
				t.Errorf("profile %q from %v, want %q from %v", c.Profile, c.ProfileOrigin, tc.want, tc.origin)
			}
		})
	}
}

func TestResolveProfileWithNoFile(t *testing.T) {
	f := &File{Path: "/x/config.toml", Missing: true}
	_, err := f.Resolve("", env("DUOTUI_PROFILE", "work"))
	want := `profile "work" was asked for (env DUOTUI_PROFILE), but there is no config file at /x/config.toml — run duotui setup, or unset DUOTUI_PROFILE`
	if err == nil || err.Error() != want {
		t.Errorf("Resolve = %v\nwant %s", err, want)
	}
}

func TestResolveSkeyEnv(t *testing.T) {
	f := mustParse(t, "[profiles.p]\nskey_env = \"MY_SKEY\"\n")
	c, err := f.Resolve("", env("MY_SKEY", testSKey+"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if c.SKey.Value.Reveal() != testSKey || c.SKey.Origin.String() != "env MY_SKEY (profiles.p.skey_env)" {
		t.Errorf("skey from %v", c.SKey.Origin)
	}
	c, err = f.Resolve("", env())
	if err != nil {
		t.Fatal(err)
	}
	want := "profiles.p.skey_env names MY_SKEY, but it is not set in the environment — export it, or change skey_env"
	if err := c.AuthReady(); err == nil || err.Error() != want {
		t.Errorf("unset: %v\nwant %s", err, want)
	}
}

func TestResolveSkeyCommand(t *testing.T) {
	for _, tc := range []struct {
		name, command, err string
	}{
		{"direct", "echo " + testSKey, ""},
		{"shell pipeline", "printf '%s\\n' " + testSKey + " | cat", ""},
		{"first line only", "printf '%s\\nsecond line\\n' " + testSKey, ""},
		{"fails", "echo 'vault is locked' >&2; exit 3", "profiles.p.skey_command failed (exit status 3: vault is locked) — run it in a shell to see why"},
		{"not found", "duotui-no-such-helper --get", `profiles.p.skey_command: duotui-no-such-helper was not found — install it or give its full path`},
		{"prints nothing", "true", "profiles.p.skey_command printed nothing — it should print the secret on standard output"},
		{"prints a bad secret", "echo " + testSKey[:30], "the secret key from command profiles.p.skey_command is not usable: secret keys are 40 characters — this one has 30"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := &File{Path: "c.toml", Config: Config{Profiles: map[string]Profile{"p": {Host: testHost, IKey: testIKey, SKeyCommand: tc.command}}}}
			c, err := f.Resolve("", env())
			if err != nil {
				t.Fatal(err)
			}
			err = c.AuthReady()
			if tc.err != "" {
				if err == nil || err.Error() != tc.err {
					t.Fatalf("Resolve error = %v\nwant %s", err, tc.err)
				}
				if strings.Contains(err.Error(), testSKey[:30]) {
					t.Error("error quotes the command's output")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.SKey.Value.Reveal() != testSKey || c.SKey.Origin != (Origin{FromCommand, "profiles.p.skey_command"}) {
				t.Errorf("skey from %v", c.SKey.Origin)
			}
		})
	}
}

func TestResolveFailsPerUse(t *testing.T) {
	f := &File{Path: "c.toml", Config: Config{Profiles: map[string]Profile{"p": {
		Host: testHost, IKey: testIKey, SKey: Secret(testSKey),
		AdminIKey: testIKey, AdminSKeyCommand: "echo locked >&2; exit 1",
		ClientID: testIKey, ClientSecretEnv: "UNSET_SECRET",
	}}}}
	c, err := f.Resolve("", env())
	if err != nil {
		t.Fatal(err)
	}
	if err := c.AuthReady(); err != nil {
		t.Errorf("a broken Admin API secret stopped the Auth API: %v", err)
	}
	if err := c.AdminReady(); err == nil || !strings.HasPrefix(err.Error(), "profiles.p.admin_skey_command failed (exit status 1: locked)") {
		t.Errorf("AdminReady = %v", err)
	}
	if err := c.WebSDKReady(); err == nil || !strings.Contains(err.Error(), "client_secret_env names UNSET_SECRET") {
		t.Errorf("WebSDKReady = %v", err)
	}
	bad, _ := (&File{Config: Config{Profiles: map[string]Profile{"p": {Host: "example.com"}}}}).Resolve("", env())
	for _, err := range []error{bad.AuthReady(), bad.AdminReady(), bad.WebSDKReady()} {
		if err == nil || !strings.HasPrefix(err.Error(), "the API hostname from file profiles.p.host is not usable: Duo API hostnames end in") {
			t.Errorf("a bad host: %v", err)
		}
	}
}

func TestSecretCommandTimeoutKillsTheGroup(t *testing.T) {
	start := time.Now()
	_, err := runSecretCommand(context.Background(), "k", "sleep 30 | cat", 200*time.Millisecond)
	if err == nil || err.Error() != "k did not finish within 200ms — check that it runs on its own, without asking for input" {
		t.Fatalf("err = %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v: the pipeline was not killed", d)
	}
}

func TestSecretCommandCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := runSecretCommand(ctx, "k", "sleep 30", time.Minute)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func TestReadyMessages(t *testing.T) {
	none := Credentials{path: "/c.toml"}
	partial := Credentials{path: "/c.toml", Profile: "work", Host: Setting{testHost, Origin{FromFile, "h"}}, IKey: Setting{testIKey, Origin{FromFile, "i"}}}
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{"auth none", none.AuthReady(), "no Duo credentials are configured — run duotui setup, or add host, ikey and skey to [profiles.NAME] in /c.toml, or set DUOTUI_HOST, DUOTUI_IKEY and DUOTUI_SKEY"},
		{"auth partial", partial.AuthReady(), "the secret key is missing — add skey to [profiles.work] in /c.toml, or set DUOTUI_SKEY"},
		{"admin partial", partial.AdminReady(), "the Admin API integration key and Admin API secret key are missing — add admin_ikey and admin_skey to [profiles.work] in /c.toml, or set DUOTUI_ADMIN_IKEY and DUOTUI_ADMIN_SKEY"},
		{"web sdk partial", partial.WebSDKReady(), "the client ID and client secret are missing — add client_id and client_secret to [profiles.work] in /c.toml"},
		{"admin none", none.AdminReady(), `no Admin API keys are configured — create an Admin API application with "Grant read resource" in the Duo Admin Panel, then add host, admin_ikey and admin_skey to [profiles.NAME] in /c.toml, or set DUOTUI_HOST, DUOTUI_ADMIN_IKEY and DUOTUI_ADMIN_SKEY`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.err == nil || tc.err.Error() != tc.want {
				t.Errorf("got  %v\nwant %s", tc.err, tc.want)
			}
		})
	}
}

func TestResolveDoesNotTouchTheFile(t *testing.T) {
	f := mustParse(t, profileTOML)
	before := maps.Clone(f.Config.Profiles)
	if _, err := f.Resolve("", env("DUOTUI_HOST", "127.0.0.1:1")); err != nil {
		t.Fatal(err)
	}
	if !maps.Equal(before, f.Config.Profiles) {
		t.Error("Resolve changed the loaded config")
	}
}
