package config

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

// Credentials are the values a Duo client needs, each with its Origin. The
// secrets are SecretSettings, so the whole value prints redacted.
type Credentials struct {
	Profile       string // "" when no profile applies (environment only)
	ProfileOrigin Origin

	Host         Setting
	IKey         Setting
	SKey         SecretSetting
	AdminIKey    Setting
	AdminSKey    SecretSetting
	ClientID     Setting
	ClientSecret SecretSetting

	CAFile  Setting
	Proxy   Setting
	Timeout time.Duration

	path                      string // the config file, for messages
	authErr, adminErr, webErr error  // resolution failures, per use
}

// Resolve picks a profile and resolves its values; see ResolveContext.
func (f *File) Resolve(profile string, getenv func(string) string) (Credentials, error) {
	return f.ResolveContext(context.Background(), profile, getenv)
}

// ResolveContext picks the profile — profile (from --profile), else
// DUOTUI_PROFILE, else the file's `profile`, else the only profile, else one
// named "default" — then applies the environment over it: DUOTUI_HOST,
// DUOTUI_IKEY, DUOTUI_SKEY, DUOTUI_ADMIN_IKEY, DUOTUI_ADMIN_SKEY and
// DUOTUI_CA_FILE win over the file, and work with no file at all. Secrets
// named by *_env are read through getenv; *_command helpers run now, each
// within SecretCommandTimeout. Its error is only about choosing the
// profile. Whether the values serve a purpose — present, well-formed, their
// helper commands successful — is for AuthReady, AdminReady and WebSDKReady
// to say, so that a broken Admin API secret does not stop the Auth API.
func (f *File) ResolveContext(ctx context.Context, profile string, getenv func(string) string) (Credentials, error) {
	c := Credentials{path: f.Path}
	name, origin, err := f.pickProfile(profile, getenv)
	if err != nil {
		return c, err
	}
	c.Profile, c.ProfileOrigin = name, origin
	p := f.Config.Profiles[name]
	k := "profiles." + name + "."
	eff := f.Config.Effective(f.Path, getenv)

	c.Host = pick(getenv, "DUOTUI_HOST", p.Host, k+"host")
	c.Host.Value = strings.ToLower(c.Host.Value)
	c.IKey = pick(getenv, "DUOTUI_IKEY", p.IKey, k+"ikey")
	c.AdminIKey = pick(getenv, "DUOTUI_ADMIN_IKEY", p.AdminIKey, k+"admin_ikey")
	c.ClientID = pick(getenv, "", p.ClientID, k+"client_id")
	c.CAFile = pick(getenv, "DUOTUI_CA_FILE", eff.Network.CAFile, "network.ca_file")
	c.Proxy = pick(getenv, "", eff.Network.Proxy, "network.proxy")
	c.Timeout = time.Duration(eff.Network.Timeout)

	// Each use fails on its own: a locked password manager behind
	// admin_skey_command must not stop `duotui check`, which needs only the
	// Auth API keys.
	var authErr, adminErr, webErr error
	c.SKey, authErr = resolveSecret(ctx, getenv, "DUOTUI_SKEY", k, p.sKey())
	c.AdminSKey, adminErr = resolveSecret(ctx, getenv, "DUOTUI_ADMIN_SKEY", k, p.adminSKey())
	c.ClientSecret, webErr = resolveSecret(ctx, getenv, "", k, p.clientSecret())
	host := checkSetting("API hostname", c.Host, CheckHost)
	c.authErr = cmp.Or(authErr, host,
		checkSetting("integration key", c.IKey, CheckIKey),
		checkSetting("secret key", c.SKey.plain(), CheckSKey))
	c.adminErr = cmp.Or(adminErr, host,
		checkSetting("Admin API integration key", c.AdminIKey, CheckIKey),
		checkSetting("Admin API secret key", c.AdminSKey.plain(), CheckSKey))
	c.webErr = cmp.Or(webErr, host,
		checkSetting("Web SDK client ID", c.ClientID, CheckClientID),
		checkSetting("Web SDK client secret", c.ClientSecret.plain(), CheckClientSecret))
	return c, nil
}

// pickProfile applies the precedence documented on ResolveContext.
func (f *File) pickProfile(flag string, getenv func(string) string) (string, Origin, error) {
	profiles := f.Config.Profiles
	name, origin := flag, Origin{FromFlag, "--profile"}
	if name == "" {
		name, origin = getenv("DUOTUI_PROFILE"), Origin{FromEnv, "DUOTUI_PROFILE"}
	}
	if name == "" {
		name, origin = f.Config.Profile, Origin{FromFile, "profile"}
	}
	if name == "" {
		_, hasDefault := profiles["default"]
		switch {
		case len(profiles) == 1:
			name = slices.Collect(maps.Keys(profiles))[0]
			return name, Origin{FromDefault, "the only profile"}, nil
		case hasDefault:
			return "default", Origin{FromDefault, "the profile named default"}, nil
		case len(profiles) == 0 || getenv("DUOTUI_HOST") != "" && getenv("DUOTUI_IKEY") != "" && getenv("DUOTUI_SKEY") != "":
			return "", Origin{}, nil
		}
		return "", Origin{}, fmt.Errorf("%s has several profiles (%s) and none is chosen — add profile = \"NAME\" at its top, or pass --profile NAME",
			f.Path, strings.Join(slices.Sorted(maps.Keys(profiles)), ", "))
	}
	if _, ok := profiles[name]; !ok {
		if f.Missing {
			return "", Origin{}, fmt.Errorf("profile %q was asked for (%s), but there is no config file at %s — run duotui setup, or unset %s", name, origin, f.Path, origin.Name)
		}
		return "", Origin{}, fmt.Errorf("profile %q (%s) is not in %s — add [profiles.%s]%s", name, origin, f.Path, name, f.Config.oneOf())
	}
	return name, origin, nil
}

// pick takes env over the file.
func pick(getenv func(string) string, env, fileValue, key string) Setting {
	if env != "" {
		if v := strings.TrimSpace(getenv(env)); v != "" {
			return Setting{v, Origin{FromEnv, env}}
		}
	}
	if fileValue != "" {
		return Setting{fileValue, Origin{FromFile, key}}
	}
	return Setting{}
}

// resolveSecret takes env over the file's inline value, *_env or *_command.
func resolveSecret(ctx context.Context, getenv func(string) string, env, k string, s secretSource) (SecretSetting, error) {
	if env != "" {
		if v := strings.TrimSpace(getenv(env)); v != "" {
			return SecretSetting{Secret(v), Origin{FromEnv, env}}, nil
		}
	}
	switch {
	case s.inline != "":
		return SecretSetting{s.inline, Origin{FromFile, k + s.key}}, nil
	case s.env != "":
		v := strings.TrimSpace(getenv(s.env))
		if v == "" {
			return SecretSetting{}, fmt.Errorf("%s%s_env names %s, but it is not set in the environment — export it, or change %[2]s_env", k, s.key, s.env)
		}
		return SecretSetting{Secret(v), Origin{FromEnv, s.env + " (" + k + s.key + "_env)"}}, nil
	case s.command != "":
		v, err := runSecretCommand(ctx, k+s.key+"_command", s.command, SecretCommandTimeout)
		if err != nil {
			return SecretSetting{}, err
		}
		return SecretSetting{Secret(v), Origin{FromCommand, k + s.key + "_command"}}, nil
	}
	return SecretSetting{}, nil
}

// checkSetting format-checks a resolved value, naming where it came from;
// an absent value is for the Ready methods to report.
func checkSetting(what string, s Setting, check func(string) (Hint, bool)) error {
	if s.Value == "" {
		return nil
	}
	if h, ok := check(s.Value); !ok {
		return fmt.Errorf("the %s from %s is not usable: %s", what, s.Origin, h)
	}
	return nil
}

// plain exposes the secret to checkSetting, whose messages never quote it.
func (s SecretSetting) plain() Setting { return Setting{s.Value.Reveal(), s.Origin} }
