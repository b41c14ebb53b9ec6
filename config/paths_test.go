package config

import (
	"testing"
	"time"
)

func TestPathFrom(t *testing.T) {
	for _, tc := range []struct {
		name   string
		getenv func(string) string
		want   string
		err    bool
	}{
		{"DUOTUI_CONFIG wins", env("DUOTUI_CONFIG", "/srv/duo.toml", "XDG_CONFIG_HOME", "/x", "HOME", "/home/a"), "/srv/duo.toml", false},
		{"XDG_CONFIG_HOME", env("XDG_CONFIG_HOME", "/x", "HOME", "/home/a"), "/x/duotui/config.toml", false},
		{"relative XDG is ignored", env("XDG_CONFIG_HOME", "rel", "HOME", "/home/a"), "/home/a/.config/duotui/config.toml", false},
		{"HOME", env("HOME", "/home/a"), "/home/a/.config/duotui/config.toml", false},
		{"nothing", env(), "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := PathFrom(tc.getenv)
			if got != tc.want || (err != nil) != tc.err {
				t.Errorf("PathFrom = %q, %v; want %q (error %v)", got, err, tc.want, tc.err)
			}
		})
	}
}

func TestDefaultAuditPath(t *testing.T) {
	if got, _ := DefaultAuditPath(env("XDG_STATE_HOME", "/state", "HOME", "/h")); got != "/state/duotui/audit.jsonl" {
		t.Errorf("with XDG_STATE_HOME: %q", got)
	}
	if got, _ := DefaultAuditPath(env("HOME", "/h")); got != "/h/.local/state/duotui/audit.jsonl" {
		t.Errorf("with HOME: %q", got)
	}
}

func TestEffective(t *testing.T) {
	c := Config{
		Network:  Network{CAFile: "ca.pem"},
		Serve:    Serve{AuthorizedKeys: "~/keys", MaxSessions: 3},
		Audit:    Audit{Path: "/var/log/duotui.jsonl"},
		Profiles: map[string]Profile{"p": {IKey: testIKey}},
	}
	e := c.Effective("/etc/duotui/config.toml", env("HOME", "/home/a"))
	want := Config{
		Profiles: c.Profiles,
		Network:  Network{Timeout: Duration(DefaultTimeout), CAFile: "/etc/duotui/ca.pem"},
		Clock:    Clock{WarnOffset: Duration(DefaultWarnOffset), FailOffset: Duration(DefaultFailOffset)},
		Serve: Serve{Listen: DefaultListen, HostKey: "/etc/duotui/ssh_host_ed25519_key", AuthorizedKeys: "/home/a/keys",
			IdleTimeout: Duration(DefaultIdleTimeout), MaxSessions: 3, MaxSession: Duration(DefaultMaxSession)},
		Audit: Audit{Path: "/var/log/duotui.jsonl"},
	}
	if e.Network != want.Network || e.Clock != want.Clock || e.Serve != want.Serve || e.Audit != want.Audit {
		t.Errorf("Effective =\n%+v\nwant\n%+v", e, want)
	}
	if c.Network.Timeout != 0 || c.Serve.Listen != "" {
		t.Error("Effective changed the original")
	}
	if d := c.Effective("/c.toml", env("HOME", "/h")).Audit.Path; d != "/var/log/duotui.jsonl" {
		t.Errorf("audit path %q", d)
	}
	if d := (Config{}).Effective("/c.toml", env("HOME", "/h")).Audit.Path; d != "/h/.local/state/duotui/audit.jsonl" {
		t.Errorf("default audit path %q", d)
	}
}

func TestDurationText(t *testing.T) {
	for _, tc := range []struct {
		d    time.Duration
		text string
	}{{0, "0s"}, {15 * time.Second, "15s"}, {time.Minute, "1m"}, {90 * time.Second, "1m30s"}, {2 * time.Hour, "2h"},
		{time.Hour + time.Second, "1h0m1s"}, {500 * time.Millisecond, "500ms"}, {-time.Minute, "-1m"}} {
		b, _ := Duration(tc.d).MarshalText()
		var back Duration
		if string(b) != tc.text || back.UnmarshalText(b) != nil || time.Duration(back) != tc.d {
			t.Errorf("%v → %q → %v; want %q", tc.d, b, time.Duration(back), tc.text)
		}
	}
}
