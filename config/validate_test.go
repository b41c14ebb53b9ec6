package config

import (
	"strings"
	"testing"
)

// profileTOML is a valid profile to build cases from.
const profileTOML = `
[profiles.work]
host = "` + testHost + `"
ikey = "` + testIKey + `"
skey = "` + testSKey + `"
`

func TestValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		toml string
		want Problem // zero: no problem at all
	}{
		{"valid profile", profileTOML, Problem{}},
		{"valid everything", profileTOML + `admin_ikey = "` + testIKey + `"
admin_skey_env = "DUO_ADMIN_SKEY"
client_id = "` + testIKey + `"
client_secret_command = "pass show duo"
[network]
timeout = "20s"
proxy = "http://proxy.example.com:3128"
[clock]
ntp_server = "pool.ntp.org"
warn_offset = "1s"
fail_offset = "10s"
[serve]
listen = ":2222"
max_sessions = 3
[setup]
step = 4
target = "whmcs"
whmcs_version = "8.13.1"
`, Problem{}},
		{"default profile missing", `profile = "home"` + profileTOML,
			Problem{"profile", `"home" is not a profile in this file — add [profiles.home] or name one of: work`, false}},
		{"bad profile name", `[profiles."my work"]` + "\n" + `ikey = "` + testIKey + `"`,
			Problem{"profiles.my work", "profile names use letters, digits, - and _ only (at most 64), because they are typed after --profile", false}},
		{"bad host", "[profiles.p]\nhost = \"https://" + testHost + "\"",
			Problem{"profiles.p.host", "write the API hostname without https:// — just api-xxxxxxxx.duosecurity.com", false}},
		{"short ikey", "[profiles.p]\nikey = \"DIWJ8X6AEYOR5OMC6TQ\"",
			Problem{"profiles.p.ikey", "integration keys are 20 characters and start with DI — this one has 19", false}},
		{"ikey not DI warns", "[profiles.p]\nikey = \"SI9FW6WLZOX2JVM453RI\"",
			Problem{"profiles.p.ikey", "integration keys usually start with DI — this one starts with SI; check it is your Auth API application's Integration key", true}},
		{"short skey", "[profiles.p]\nskey = \"abc\"",
			Problem{"profiles.p.skey", "secret keys are 40 characters — this one has 3", false}},
		{"two skey sources", "[profiles.p]\nskey = \"" + testSKey + "\"\nskey_env = \"X\"",
			Problem{"profiles.p.skey", "set only one of skey, skey_env and skey_command", false}},
		{"bad skey_env", "[profiles.p]\nskey_env = \"DUO-SKEY\"",
			Problem{"profiles.p.skey_env", "skey_env names an environment variable, like DUO_SKEY — letters, digits and _ only", false}},
		{"secret in skey_env", "[profiles.p]\nskey_env = \"" + testSKey + "\"",
			Problem{"profiles.p.skey_env", "skey_env holds the name of an environment variable, but this looks like the secret itself — move it to skey, or export it and put the variable's name here", false}},
		{"blank skey_command", "[profiles.p]\nskey_command = \"  \"",
			Problem{"profiles.p.skey_command", `the command is blank — give the command that prints the secret, like "pass show duo/skey"`, false}},
		{"bad admin_ikey", "[profiles.p]\nadmin_ikey = \"x\"\nadmin_skey_env = \"A\"",
			Problem{"profiles.p.admin_ikey", "integration keys are 20 characters and start with DI — this one has 1", false}},
		{"admin ikey without secret", "[profiles.p]\nadmin_ikey = \"" + testIKey + "\"",
			Problem{"profiles.p.admin_ikey", "admin_ikey is set but no admin_skey — add admin_skey, admin_skey_env or admin_skey_command or set DUOTUI_ADMIN_SKEY", true}},
		{"admin secret without ikey", "[profiles.p]\nadmin_skey_env = \"A\"",
			Problem{"profiles.p.admin_skey", "a secret is set for admin_skey but there is no admin_ikey — add admin_ikey", true}},
		{"bad client_id", "[profiles.p]\nclient_id = \"DIX\"\nclient_secret_env = \"S\"",
			Problem{"profiles.p.client_id", "client IDs are 20 characters and start with DI — this one has 3", false}},
		{"bad client_secret", "[profiles.p]\nclient_id = \"" + testIKey + "\"\nclient_secret = \"short\"",
			Problem{"profiles.p.client_secret", "client secrets are 40 characters — this one has 5", false}},
		{"client id without secret", "[profiles.p]\nclient_id = \"" + testIKey + "\"",
			Problem{"profiles.p.client_id", "client_id is set but no client_secret — add client_secret, client_secret_env or client_secret_command", true}},
		{"negative timeout", "[network]\ntimeout = \"-1s\"",
			Problem{"network.timeout", `-1s is negative — use a positive duration like "15s", or remove it for the default`, false}},
		{"bad proxy", "[network]\nproxy = \"proxy:3128\"",
			Problem{"network.proxy", "the proxy should be a URL like http://proxy.example.com:3128 (http, https or socks5)", false}},
		{"ntp with scheme", "[clock]\nntp_server = \"ntp://pool.ntp.org\"",
			Problem{"clock.ntp_server", "write just the NTP server's host name, like pool.ntp.org (or host:port)", false}},
		{"fail below warn", "[clock]\nwarn_offset = \"40s\"",
			Problem{"clock.fail_offset", "fail_offset (30s) must be larger than warn_offset (40s)", false}},
		{"negative warn", "[clock]\nwarn_offset = \"-2s\"",
			Problem{"clock.warn_offset", `-2s is negative — use a positive duration like "15s", or remove it for the default`, false}},
		{"bad listen", "[serve]\nlisten = \"2222\"",
			Problem{"serve.listen", "listen should be HOST:PORT, like 127.0.0.1:2222 (or :2222 for every interface)", false}},
		{"negative idle", "[serve]\nidle_timeout = \"-1m\"",
			Problem{"serve.idle_timeout", `-1m is negative — use a positive duration like "15s", or remove it for the default`, false}},
		{"negative max_session", "[serve]\nmax_session = \"-1h\"",
			Problem{"serve.max_session", `-1h is negative — use a positive duration like "15s", or remove it for the default`, false}},
		{"negative max_sessions", "[serve]\nmax_sessions = -1",
			Problem{"serve.max_sessions", "max_sessions is negative — use a positive number, or remove it for the default (10)", false}},
		{"negative step", "[setup]\nstep = -1",
			Problem{"setup.step", "step is negative — remove it to start the checklist again", false}},
		{"bad target", "[setup]\ntarget = \"cpanel\"",
			Problem{"setup.target", `target is one of "whmcs", "duo_unix" or "env"`, false}},
		{"bad whmcs version", "[setup]\nwhmcs_version = \"v8\"",
			Problem{"setup.whmcs_version", `write the WHMCS version as numbers, like "8.9"`, false}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := parse("config.toml", []byte(tc.toml), 0o600)
			if f == nil {
				t.Fatalf("parse: %v", err)
			}
			got := f.Config.Validate()
			if tc.want == (Problem{}) {
				if len(got) != 0 {
					t.Fatalf("problems = %v, want none", got)
				}
				return
			}
			if len(got) != 1 || got[0] != tc.want {
				t.Fatalf("problems = %#v\nwant [%#v]", got, tc.want)
			}
			if tc.want.Warning != (err == nil) {
				t.Errorf("Load error = %v, want an error only for errors", err)
			}
		})
	}
}

func TestLoadInvalidNamesEachKey(t *testing.T) {
	path := writeConfig(t, "[profiles.p]\nikey = \"short\"\nskey = \"abc\"\n", 0o600)
	f, err := Load(path)
	want := path + ": profiles.p.ikey: integration keys are 20 characters and start with DI — this one has 5\n" +
		path + ": profiles.p.skey: secret keys are 40 characters — this one has 3"
	if err == nil || err.Error() != want {
		t.Fatalf("Load error =\n%v\nwant\n%s", err, want)
	}
	if f == nil || f.Config.Profiles["p"].IKey != "short" {
		t.Errorf("Load should return the decoded file with an InvalidError, got %+v", f)
	}
	if strings.Contains(err.Error(), "abc") {
		t.Errorf("error quotes the secret: %v", err)
	}
}
