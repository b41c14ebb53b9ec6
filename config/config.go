package config

import (
	"maps"
	"time"
)

// Config is the whole of config.toml. Zero values mean "not set"; Effective
// fills in the defaults, so the file keeps only what the administrator chose
// and a later default change reaches them.
type Config struct {
	// Profile names the profile used when neither --profile nor
	// DUOTUI_PROFILE picks one.
	Profile  string             `toml:"profile,omitempty"`
	Profiles map[string]Profile `toml:"profiles,omitempty"`
	Network  Network            `toml:"network,omitempty"`
	Clock    Clock              `toml:"clock,omitempty"`
	Serve    Serve              `toml:"serve,omitempty"`
	Audit    Audit              `toml:"audit,omitempty"`
	Setup    Setup              `toml:"setup,omitempty"`
}

// Profile is one set of Duo credentials: an Auth API application, optionally
// an Admin API application on the same host, and optionally a Web SDK
// application (what WHMCS 8.9 and later use). Each secret comes from exactly
// one of: the file itself, an environment variable (…_env) or a command whose
// standard output is the secret (…_command, like a git credential helper).
type Profile struct {
	Host        string `toml:"host,omitempty"`
	IKey        string `toml:"ikey,omitempty"`
	SKey        Secret `toml:"skey,omitempty"`
	SKeyEnv     string `toml:"skey_env,omitempty"`
	SKeyCommand string `toml:"skey_command,omitempty"`

	AdminIKey        string `toml:"admin_ikey,omitempty"`
	AdminSKey        Secret `toml:"admin_skey,omitempty"`
	AdminSKeyEnv     string `toml:"admin_skey_env,omitempty"`
	AdminSKeyCommand string `toml:"admin_skey_command,omitempty"`

	ClientID            string `toml:"client_id,omitempty"`
	ClientSecret        Secret `toml:"client_secret,omitempty"`
	ClientSecretEnv     string `toml:"client_secret_env,omitempty"`
	ClientSecretCommand string `toml:"client_secret_command,omitempty"`
}

// Network holds transport settings shared by every profile.
type Network struct {
	Timeout Duration `toml:"timeout,omitzero"`  // per request attempt; default DefaultTimeout
	CAFile  string   `toml:"ca_file,omitempty"` // PEM bundle trusted instead of the system roots
	Proxy   string   `toml:"proxy,omitempty"`   // proxy URL; empty uses HTTPS_PROXY/NO_PROXY
}

// Clock holds the clock check's settings.
type Clock struct {
	// NTPServer is queried for a second opinion on the local clock. Empty (the
	// default) sends no NTP traffic: many networks block UDP 123 and an
	// administrator should opt in to talking to a pool.
	NTPServer  string   `toml:"ntp_server,omitempty"`
	WarnOffset Duration `toml:"warn_offset,omitzero"` // default DefaultWarnOffset
	FailOffset Duration `toml:"fail_offset,omitzero"` // default DefaultFailOffset
}

// Serve holds `duotui serve` settings; command-line flags override them.
type Serve struct {
	Listen         string   `toml:"listen,omitempty"`          // default DefaultListen
	HostKey        string   `toml:"host_key,omitempty"`        // default <config dir>/ssh_host_ed25519_key
	AuthorizedKeys string   `toml:"authorized_keys,omitempty"` // default <config dir>/authorized_keys
	IdleTimeout    Duration `toml:"idle_timeout,omitzero"`     // default DefaultIdleTimeout
	MaxSessions    int      `toml:"max_sessions,omitzero"`     // default DefaultMaxSessions
	MaxSession     Duration `toml:"max_session,omitzero"`      // longest session; default DefaultMaxSession
}

// Audit holds the audit log's settings.
type Audit struct {
	Path string `toml:"path,omitempty"` // default $XDG_STATE_HOME/duotui/audit.jsonl
}

// Setup is the setup wizard's progress, saved so that quitting mid-way
// resumes at the same place.
type Setup struct {
	Step         int    `toml:"step,omitzero"`           // index of the current checklist step
	Target       string `toml:"target,omitempty"`        // TargetWHMCS, TargetDuoUnix or TargetEnv
	WHMCSVersion string `toml:"whmcs_version,omitempty"` // like "8.9"
	DuoUnixPath  string `toml:"duo_unix_path,omitempty"` // where the duo_unix target writes
}

// Where the wizard's last step sends the keys.
const (
	TargetWHMCS   = "whmcs"
	TargetDuoUnix = "duo_unix"
	TargetEnv     = "env"
)

// Defaults for values left unset in the file.
const (
	DefaultTimeout     = 15 * time.Second
	DefaultWarnOffset  = 2 * time.Second  // an NTP-synced clock is within milliseconds
	DefaultFailOffset  = 30 * time.Second // one TOTP step; Web SDK tokens allow 60 s
	DefaultListen      = "127.0.0.1:2222"
	DefaultIdleTimeout = 15 * time.Minute
	DefaultMaxSessions = 10
	DefaultMaxSession  = 8 * time.Hour
	// SecretCommandTimeout bounds each *_command run.
	SecretCommandTimeout = 10 * time.Second
)

// Effective returns a copy of c with every unset optional value replaced by
// its default, "~/" expanded and relative paths made absolute against the
// directory of configPath (so a file can say ca_file = "corp-ca.pem").
// getenv supplies HOME and XDG_STATE_HOME. Save the original, not this copy.
func (c Config) Effective(configPath string, getenv func(string) string) Config {
	c.Profiles = maps.Clone(c.Profiles)
	dir := configDir(configPath)
	home := getenv("HOME")
	orDur := func(d *Duration, def time.Duration) {
		if *d == 0 {
			*d = Duration(def)
		}
	}
	orDur(&c.Network.Timeout, DefaultTimeout)
	orDur(&c.Clock.WarnOffset, DefaultWarnOffset)
	orDur(&c.Clock.FailOffset, DefaultFailOffset)
	orDur(&c.Serve.IdleTimeout, DefaultIdleTimeout)
	orDur(&c.Serve.MaxSession, DefaultMaxSession)
	if c.Serve.Listen == "" {
		c.Serve.Listen = DefaultListen
	}
	if c.Serve.MaxSessions == 0 {
		c.Serve.MaxSessions = DefaultMaxSessions
	}
	if c.Serve.HostKey == "" {
		c.Serve.HostKey = "ssh_host_ed25519_key"
	}
	if c.Serve.AuthorizedKeys == "" {
		c.Serve.AuthorizedKeys = "authorized_keys"
	}
	if c.Audit.Path == "" {
		c.Audit.Path, _ = DefaultAuditPath(getenv)
	}
	c.Network.CAFile = absPath(c.Network.CAFile, dir, home)
	c.Serve.HostKey = absPath(c.Serve.HostKey, dir, home)
	c.Serve.AuthorizedKeys = absPath(c.Serve.AuthorizedKeys, dir, home)
	c.Audit.Path = absPath(c.Audit.Path, dir, home)
	return c
}
