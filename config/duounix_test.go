package config

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func writeDuoUnixFile(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "login_duo.conf")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestReadDuoUnix(t *testing.T) {
	path := writeDuoUnixFile(t, `; duo_unix config
# another comment style
[duo]
ikey = `+testIKey+`
skey=`+testSKey+`   ; inline comment after a space
host = `+testHost+`
failmode = secure
pushinfo = on
autopush = 1
prompts = 1
https_timeout = 30
cafile = /etc/ssl/duo.pem
http_proxy = http://proxy:3128
groups = users,!wheel,!*admin guests
accept_env_factor = true
fallback_local_ip = no
send_gecos = yes
motd = yes
`)
	got, warnings, err := ReadDuoUnix(path)
	if err != nil {
		t.Fatal(err)
	}
	want := DuoUnixConf{
		IKey: testIKey, SKey: Secret(testSKey), Host: testHost,
		Failmode: FailSecure, PushInfo: true, AutoPush: true, Prompts: 1, HTTPSTimeout: 30,
		CAFile: "/etc/ssl/duo.pem", HTTPProxy: "http://proxy:3128", Groups: "users,!wheel,!*admin guests",
		AcceptEnvFactor: true, MOTD: true,
		Other: []DuoUnixOption{{"send_gecos", "yes"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ReadDuoUnix =\n%+v\nwant\n%+v", got, want)
	}
	if len(warnings) != 0 {
		t.Errorf("warnings: %q", warnings)
	}
	if p := got.Profile(); p != (Profile{Host: testHost, IKey: testIKey, SKey: Secret(testSKey)}) {
		t.Errorf("Profile() = %+v", p)
	}
}

func TestReadDuoUnixWarnings(t *testing.T) {
	path := writeDuoUnixFile(t, "[duo]\nautopush = Yes\nprompts = 5\nprompts = two\ncolour = blue\nhost = "+testHost+"\n  "+testHost+"\n")
	conf, warnings, err := ReadDuoUnix(path)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		path + ":2: autopush = Yes: duo_unix reads only lower-case yes, true, on or 1 as yes, so this means no — write yes or no",
		path + ":3: prompts = 5: duo_unix reads this as 3 (it allows 1 to 3) — write a number from 1 to 3",
		path + ":4: prompts = two: duo_unix reads this as 1 (it allows 1 to 3) — write a number from 1 to 3",
		path + `:5: "colour" is not a duo_unix option, and login_duo and pam_duo refuse a file that has it — remove it`,
		path + ":7: this indented line continues host, so duo_unix reads it as host's value — remove the indentation if that is not meant",
	}
	if !reflect.DeepEqual(warnings, want) {
		t.Errorf("warnings =\n%s\nwant\n%s", strings.Join(warnings, "\n"), strings.Join(want, "\n"))
	}
	if conf.AutoPush || conf.Prompts != 1 {
		t.Errorf("autopush %v prompts %d, want duo_unix's reading: false, 1", conf.AutoPush, conf.Prompts)
	}
}

func TestReadDuoUnixErrors(t *testing.T) {
	for _, tc := range []struct{ name, content, want string }{
		{"bad failmode", "[duo]\nfailmode = open\n", `:2: failmode is "safe" or "secure", and duo_unix refuses the file with "open" — fix it`},
		{"no equals", "[duo]\n" + testSKey + "\n", ":2: expected key = value — duo_unix refuses the file"},
		{"unclosed section", "[duo\n", ":1: a section line needs a closing ] — duo_unix refuses the file"},
		{"missing", "", "cannot read "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := writeDuoUnixFile(t, tc.content)
			if tc.name == "missing" {
				path += ".none"
			}
			_, _, err := ReadDuoUnix(path)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("ReadDuoUnix = %v, want %q", err, tc.want)
			}
			if strings.Contains(err.Error(), testSKey) {
				t.Error("error quotes the secret key")
			}
		})
	}
}

func TestWriteDuoUnixRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "pam_duo.conf")
	conf := DuoUnixConf{
		IKey: testIKey, SKey: Secret(testSKey), Host: testHost,
		Failmode: FailSecure, Prompts: 1, AutoPush: true, PushInfo: true,
		CAFile: "/etc/ssl/duo.pem", HTTPProxy: "http://proxy:3128", HTTPSTimeout: 20,
		Groups: "users,!wheel", AcceptEnvFactor: true, FallbackLocalIP: true,
		Other: []DuoUnixOption{{"send_gecos", "yes"}, {"gecos_delim", ","}},
	}
	if err := WriteDuoUnix(path, conf); err != nil {
		t.Fatal(err)
	}
	got, warnings, err := ReadDuoUnix(path)
	if err != nil || len(warnings) > 0 {
		t.Fatalf("ReadDuoUnix: %v %q", err, warnings)
	}
	if !reflect.DeepEqual(got, conf) {
		t.Errorf("round trip:\n%+v\nwant\n%+v", got, conf)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode() != 0o600 {
		t.Errorf("mode %v, want 0600 (%v)", fi.Mode(), err)
	}
	text := read(t, path)
	for _, explained := range []string{
		"#   safe    let the user in with the password alone",
		"#   secure  refuse the login: nobody gets in without Duo",
		"# prompts: how many times a user may try a second factor",
		"# autopush: yes sends a login request",
		"# pushinfo: yes shows the command being run",
	} {
		if !strings.Contains(text, explained) {
			t.Errorf("file lacks the comment %q:\n%s", explained, text)
		}
	}
	// Replacing it keeps the old one.
	conf.Failmode = FailSafe
	if err := WriteDuoUnix(path, conf); err != nil {
		t.Fatal(err)
	}
	if read(t, path+".bak") != text {
		t.Error("the replaced file was not kept as .bak")
	}
}

func TestWriteDuoUnixDefaults(t *testing.T) {
	path := filepath.Join(t.TempDir(), "login_duo.conf")
	creds := Credentials{Host: Setting{Value: testHost}, IKey: Setting{Value: testIKey}, SKey: SecretSetting{Value: Secret(testSKey)}}
	if err := WriteDuoUnix(path, DuoUnixFrom(creds)); err != nil {
		t.Fatal(err)
	}
	text := read(t, path)
	for _, line := range []string{"failmode = safe\n", "prompts = 3\n", "autopush = no\n", "pushinfo = no\n", "sudo chown sshd " + path} {
		if !strings.Contains(text, line) {
			t.Errorf("missing %q in:\n%s", line, text)
		}
	}
	for _, absent := range []string{"motd", "cafile", "groups"} {
		if strings.Contains(text, absent+" =") {
			t.Errorf("unset option %s was written", absent)
		}
	}
}

func TestWriteDuoUnixRefuses(t *testing.T) {
	ok := DuoUnixConf{IKey: testIKey, SKey: Secret(testSKey), Host: testHost}
	dir := t.TempDir()
	for _, tc := range []struct {
		name   string
		path   string
		change func(*DuoUnixConf)
		want   string
	}{
		{"bad ikey", "login_duo.conf", func(d *DuoUnixConf) { d.IKey = "DI" }, "integration keys are 20 characters and start with DI — this one has 2"},
		{"bad skey", "login_duo.conf", func(d *DuoUnixConf) { d.SKey = "x" }, "secret keys are 40 characters — this one has 1"},
		{"bad host", "login_duo.conf", func(d *DuoUnixConf) { d.Host = "example.com" }, "Duo API hostnames end in .duosecurity.com"},
		{"bad failmode", "login_duo.conf", func(d *DuoUnixConf) { d.Failmode = "open" }, `failmode is "safe" or "secure"`},
		{"prompts", "login_duo.conf", func(d *DuoUnixConf) { d.Prompts = 4 }, "prompts is 1, 2 or 3"},
		{"motd in pam_duo", "pam_duo.conf", func(d *DuoUnixConf) { d.MOTD = true }, "motd is a login_duo option and pam_duo refuses a file that sets it"},
		{"autopush with verified push", "login_duo.conf", func(d *DuoUnixConf) {
			d.AutoPush, d.Other = true, []DuoUnixOption{{"verified_push", "yes"}}
		}, "autopush and verified_push cannot both be on"},
		{"inline comment in value", "login_duo.conf", func(d *DuoUnixConf) { d.Groups = "users ;admins" }, `the groups value has a line break, surrounding spaces or " ;"`},
		{"bad option name", "login_duo.conf", func(d *DuoUnixConf) { d.Other = []DuoUnixOption{{"a b", "1"}} }, `"a b" is not an option name`},
		{"long line", "login_duo.conf", func(d *DuoUnixConf) { d.Groups = strings.Repeat("g", 200) }, "would be longer than the 199 characters duo_unix reads"},
		{"no directory", "missing/login_duo.conf", func(*DuoUnixConf) {}, "does not exist — create it (sudo mkdir -p"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := ok
			tc.change(&d)
			path := filepath.Join(dir, tc.path)
			err := WriteDuoUnix(path, d)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("WriteDuoUnix = %v, want %q", err, tc.want)
			}
			if _, err := os.Stat(path); err == nil {
				t.Error("the file was written anyway")
			}
		})
	}
}
