package config

import "testing"

const (
	testIKey = "DIWJ8X6AEYOR5OMC6TQ1"
	testSKey = "Zh5eGmUq9zpfQnyUIu5OL9iWoMMv5ZNmk3zLJ4Ep"
	testHost = "api-1a2b3c4d.duosecurity.com"
)

type checkCase struct {
	name, in string
	ok       bool
	hint     Hint
}

func runChecks(t *testing.T, check func(string) (Hint, bool), cases []checkCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			hint, ok := check(tc.in)
			if ok != tc.ok || hint != tc.hint {
				t.Errorf("check(%q) = %q, %v; want %q, %v", tc.in, hint, ok, tc.hint, tc.ok)
			}
		})
	}
}

func TestCheckIKey(t *testing.T) {
	runChecks(t, CheckIKey, []checkCase{
		{"valid", testIKey, true, ""},
		{"empty", "", false, "the integration key is empty — copy it from your Auth API application's Integration key in the Duo Admin Panel"},
		{"19 characters", testIKey[:19], false, "integration keys are 20 characters and start with DI — this one has 19"},
		{"21 characters", testIKey + "X", false, "integration keys are 20 characters and start with DI — this one has 21"},
		{"leading space", " " + testIKey, false, "the integration key starts with a space — remove it"},
		{"trailing newline", testIKey + "\n", false, "the integration key ends with a line break — remove it"},
		{"quoted", `"` + testIKey + `"`, false, "the integration key starts with a quote — remove it"},
		{"lower case", "diwj8x6aeyor5omc6tq1", false, "integration keys use capital letters and digits only — this one has lower-case letters; copy it again from your Auth API application's Integration key"},
		{"punctuation", "DIWJ8X6AEYOR5OMC6TQ-", false, `integration keys use capital letters and digits only — character 20 is '-'`},
		{"inner space", "DIWJ8X6AEY R5OMC6TQ1", false, "integration keys use capital letters and digits only — character 11 is a space"},
		{"not DI warns", "SI9FW6WLZOX2JVM453RI", true, "integration keys usually start with DI — this one starts with SI; check it is your Auth API application's Integration key"},
	})
}

func TestCheckClientID(t *testing.T) {
	runChecks(t, CheckClientID, []checkCase{
		{"valid", testIKey, true, ""},
		{"short", "DIABC", false, "client IDs are 20 characters and start with DI — this one has 5"},
	})
}

func TestCheckSKey(t *testing.T) {
	runChecks(t, CheckSKey, []checkCase{
		{"valid", testSKey, true, ""},
		{"empty", "", false, "the secret key is empty — copy it from your Auth API application's Secret key in the Duo Admin Panel"},
		{"39 characters", testSKey[:39], false, "secret keys are 40 characters — this one has 39"},
		{"integration key pasted", testIKey, false, "secret keys are 40 characters — this one has 20, like an integration key; paste the secret key instead"},
		{"trailing space", testSKey + " ", false, "the secret key ends with a space — remove it"},
		{"inner tab", testSKey[:10] + "\t" + testSKey[11:], false, "secret keys use letters and digits only — character 11 is a tab"},
		{"non-ASCII", testSKey[:39] + "é", false, "secret keys use letters and digits only — character 40 is a non-ASCII character"},
		{"masked placeholder", "••••••••••••••••••••••••••••••••••••••••", false, "this looks like the hidden placeholder, not the secret key — reveal it in the Duo Admin Panel, then copy it"},
	})
}

func TestCheckClientSecret(t *testing.T) {
	runChecks(t, CheckClientSecret, []checkCase{
		{"valid", testSKey, true, ""},
		{"short", "abc", false, "client secrets are 40 characters — this one has 3"},
	})
}

func TestCheckHost(t *testing.T) {
	runChecks(t, CheckHost, []checkCase{
		{"valid", testHost, true, ""},
		{"federal", "api-1a2b3c4d.duofederal.com", true, ""},
		{"upper case", "API-1A2B3C4D.DUOSECURITY.COM", true, ""},
		{"simulator v4", "127.0.0.1:8443", true, ""},
		{"simulator v6", "[::1]:8443", true, ""},
		{"simulator localhost", "localhost:8443", true, ""},
		{"empty", "", false, "the API hostname is empty — copy it from your Auth API application's Details page, like api-xxxxxxxx.duosecurity.com"},
		{"scheme", "https://" + testHost, false, "write the API hostname without https:// — just api-xxxxxxxx.duosecurity.com"},
		{"path", testHost + "/auth/v2", false, "write just the API hostname, with no path — like api-xxxxxxxx.duosecurity.com"},
		{"space", testHost + " ", false, "the API hostname contains a space or quote — remove it"},
		{"port on Duo host", testHost + ":443", false, "Duo API hostnames take no port — remove :443"},
		{"loopback without port", "127.0.0.1", false, "a local simulator address needs its port, like 127.0.0.1:8443 (duotui sim prints it)"},
		{"loopback bad port", "127.0.0.1:99999", false, "the simulator's port must be a number from 1 to 65535, like 127.0.0.1:8443"},
		{"admin panel", "admin-1a2b3c4d.duosecurity.com", false, "this is the Admin Panel's address — the API hostname starts with api-, like api-xxxxxxxx.duosecurity.com"},
		{"other domain", "api-1a2b3c4d.example.com", false, "Duo API hostnames end in .duosecurity.com (or .duofederal.com for Duo Federal), like api-xxxxxxxx.duosecurity.com"},
		{"no api prefix", "1a2b3c4d.duosecurity.com", false, "Duo API hostnames start with api-, like api-xxxxxxxx.duosecurity.com"},
		{"empty middle", "api-.duosecurity.com", false, "the part between api- and .duosecurity.com should be letters and digits, like api-xxxxxxxx.duosecurity.com"},
	})
}

func TestClean(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"already clean", testHost, testHost},
		{"spaces", "  " + testIKey + "\t\n", testIKey},
		{"quotes", `"` + testSKey + `"`, testSKey},
		{"smart quotes", "“" + testIKey + "”", testIKey},
		{"scheme and slash", "https://" + testHost + "/", testHost},
		{"all at once", ` "HTTPS://` + testHost + `//" `, testHost},
		{"http", "http://" + testHost, testHost},
		{"zero-width space", "\u200b" + testIKey, testIKey},
		{"inner space kept", "a b", "a b"},
		{"case kept", "Api-X", "Api-X"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Clean(tc.in); got != tc.want {
				t.Errorf("Clean(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestNormalizeHost(t *testing.T) {
	if got := NormalizeHost(" https://API-1A2B3C4D.duosecurity.COM/ "); got != testHost {
		t.Errorf("NormalizeHost = %q, want %q", got, testHost)
	}
}

func TestIsSimulatorHost(t *testing.T) {
	for host, want := range map[string]bool{
		"127.0.0.1:8443": true, "[::1]:1": true, "localhost:2": true,
		testHost: false, "127.0.0.1": false, "10.0.0.1:8443": false,
	} {
		if got := IsSimulatorHost(host); got != want {
			t.Errorf("IsSimulatorHost(%q) = %v, want %v", host, got, want)
		}
	}
}
