package config

// OriginKind says where a resolved value came from.
type OriginKind int

// Where a value can come from.
const (
	Unset       OriginKind = iota // nowhere: the value is empty
	FromFile                      // config.toml
	FromEnv                       // an environment variable
	FromCommand                   // a *_command's output
	FromFlag                      // a command-line flag (the profile name)
	FromDefault                   // duotui's default
)

// Origin is where one value came from, so `duotui check` can say
// "secret key: from command profiles.work.skey_command".
type Origin struct {
	Kind OriginKind
	// Name is the key ("profiles.work.ikey"), the variable ("DUOTUI_IKEY"),
	// the command's key ("profiles.work.skey_command"), the flag, or what
	// the default was.
	Name string
}

// String is a short phrase: "file profiles.work.ikey", "env DUOTUI_IKEY",
// "command profiles.work.skey_command", "not set".
func (o Origin) String() string {
	prefix := map[OriginKind]string{FromFile: "file", FromEnv: "env", FromCommand: "command", FromFlag: "flag", FromDefault: "default"}[o.Kind]
	switch {
	case o.Kind == Unset:
		return "not set"
	case o.Name == "":
		return prefix
	}
	return prefix + " " + o.Name
}

// Setting is a resolved value and where it came from.
type Setting struct {
	Value  string
	Origin Origin
}

// SecretSetting is a resolved secret and where it came from; it prints
// redacted like Secret.
type SecretSetting struct {
	Value  Secret
	Origin Origin
}

// secretSource is one secret's three possible places in a profile.
type secretSource struct {
	key     string // "skey", "admin_skey", "client_secret"
	inline  Secret
	env     string
	command string
}

func (s secretSource) set() bool { return s.inline != "" || s.env != "" || s.command != "" }

func (p Profile) sKey() secretSource {
	return secretSource{"skey", p.SKey, p.SKeyEnv, p.SKeyCommand}
}

func (p Profile) adminSKey() secretSource {
	return secretSource{"admin_skey", p.AdminSKey, p.AdminSKeyEnv, p.AdminSKeyCommand}
}

func (p Profile) clientSecret() secretSource {
	return secretSource{"client_secret", p.ClientSecret, p.ClientSecretEnv, p.ClientSecretCommand}
}
