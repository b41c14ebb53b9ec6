// Package config loads, validates and saves duotui's config.toml.
//
// The file lives at $XDG_CONFIG_HOME/duotui/config.toml (see [DefaultPath])
// and holds named profiles of Duo credentials plus network, clock, SSH-server,
// audit and setup-wizard settings; config.toml.example at the repository root
// documents every key. Load is strict: unknown keys, malformed values and a
// secret in a file other users can read are refused with a sentence that says
// what to do. Save is atomic and writes mode 0600, keeping the previous file
// as config.toml.bak.
//
// Secrets are held as [Secret], which formats redacted with every fmt verb;
// only [Secret.Reveal] and the TOML encoder see the value. The package knows
// nothing of HTTP or the terminal: callers turn [Credentials] into a Duo
// client and show the [Hint] and error sentences.
package config
