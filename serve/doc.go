// Package serve runs duotui's app over SSH (charmbracelet/wish), so
// administrators reach it with `ssh -p 2222 bastion` and install nothing.
//
// Every SSH session gets its own Bubble Tea program, its own renderer with
// the client terminal's colour profile, and its own common.Session over the
// one shared common.Env: the Duo clients, the roster, the history and the
// audit log. The session's identity — the key's SHA256 fingerprint, the
// key's name and the remote address — is the session's model.Actor, so every
// audit record it writes says who did it. The package never imports the ui
// package: the caller passes Config.App.
//
// # Host key
//
// The server's host key is an ed25519 key at serve.host_key (default
// ssh_host_ed25519_key next to config.toml). It is generated on first start
// (file mode 0600, a new directory 0700) and its fingerprint is printed on
// every start, so clients can check it. A host key readable by other users is
// refused.
//
// # Authorized keys
//
// Only public keys listed in the authorized_keys file (serve.authorized_keys,
// default authorized_keys next to config.toml) may log in; passwords and
// keyboard-interactive are never offered. The file has OpenSSH's format, one
// key per line, and the comment at the end of a line is the key's name in the
// status bar and the audit log:
//
//	# Administrators: everything, including sends, enrollments and setup.
//	ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI… alice@laptop
//	# The help desk: looks, never acts.
//	environment="DUOTUI_ROLE=viewer" ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI… helpdesk
//
// A key's role is admin unless its line has the standard OpenSSH option
// environment="DUOTUI_ROLE=viewer". A viewer sees every pane but cannot send
// pushes, calls, SMS or passcodes, enroll users or change setup. Every SSH
// session, admin or viewer, is marked common.Session.Remote, so the panes never
// show it a saved secret: an administrator may replace a key there, not read it. A role other than admin or viewer makes the line an error
// rather than an admin.
//
// Options that only take away what duotui serve never offers (restrict,
// no-port-forwarding, no-agent-forwarding, no-x11-forwarding, no-user-rc, and
// their positive forms) are accepted, so lines from a hardened sshd file work.
// Options sshd would enforce and duotui serve does not — from=, command=,
// no-pty, expiry-time=, permitopen= and the rest — make the line an error, so
// a key never gets in with more than its line grants. Certificates are not
// accepted. Each bad line is logged with its line number and lets nobody in;
// the other lines still work. When the same key appears twice, the first line
// counts.
//
// The file is read again on the first login after it changes, so keys are
// added and revoked without a restart. A file writable by other users, or a
// missing one, lets nobody in.
//
// # Limits
//
// serve.max_sessions sessions may be open at once (more are refused with a
// one-line message); a session with no input for serve.idle_timeout, or open
// for serve.max_session, is told why and closed. On SIGTERM every session is
// told "duotui is shutting down" and closed before the process exits. Each
// login, logout (with its reason and length) and refusal is a line in the
// server's log.
package serve
