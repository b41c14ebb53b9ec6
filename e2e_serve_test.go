package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"duotui/model"
	"duotui/ui"
)

// TestServeAuthorisedKey: an authorised key gets the app's first screen
// over the real OpenSSH client, moves between tabs and quits with status 0.
func TestServeAuthorisedKey(t *testing.T) {
	p := startServe(t, binary, "")
	t.Logf("serve printed:\n%s", p.banner)
	if !strings.Contains(p.banner, "(generated now)") || !regexp.MustCompile(`host key: SHA256:\S{43} `).MatchString(p.banner) {
		t.Errorf("the start lacks the new host key's fingerprint:\n%s", p.banner)
	}
	a := p.term("admin")
	s := a.waitText("alice@laptop (admin)")
	t.Logf("first screen over ssh:\n%s", s)
	labels, active := tabsOf(s)
	if !strings.Contains(s, ui.DemoBanner) || len(labels) < 2 || active == "" {
		t.Fatalf("not the app's first screen (tabs %v, focused %q)", labels, active)
	}
	for _, l := range append(labels, active) {
		a.press(l[:1])
		a.waitText("[" + l + "]")
	}
	a.tmux("resize-window", "-t", "app", "-x", "40", "-y", "10")
	a.waitText(ui.TooSmall)
	a.tmux("resize-window", "-t", "app", "-x", "120", "-y", "30")
	s = a.waitText(ui.DemoBanner)
	if at := strings.Index(strings.Split(s, "\n")[0], "DEMO"); at < 30 { // centred on 120 columns, not 80
		t.Errorf("after growing the window to 120 columns the banner starts at column %d:\n%s", at, s)
	}
	// No Escape before q: over SSH both bytes arrive in one read, as alt+q.
	a.press("q")
	if code := a.exitCode(); code != 0 {
		t.Errorf("ssh exit status %d after q, want 0 (stderr %q)", code, a.stderr())
	}
	p.waitLog("logout " + p.fp["admin"] + " (alice@laptop) from 127.0.0.1:")
	p.waitLog(": quit after")
}

// TestServeOwnConfig: without --demo, sessions use the config's Duo (here
// `duotui sim`'s variables) and the audit log under XDG_STATE_HOME.
func TestServeOwnConfig(t *testing.T) {
	sim := startSim(t)
	p := startServeWith(t, binary, "", sim.env)
	if want := filepath.Join(p.dir, "state", "duotui", "audit.jsonl"); p.audit != want {
		t.Errorf("audit log %s, want %s", p.audit, want)
	}
	a := p.term("admin")
	s := a.waitText("simulator ✓ connected")
	if strings.Contains(s, ui.DemoBanner) || !strings.Contains(s, "alice@laptop (admin)") {
		t.Errorf("screen:\n%s", s)
	}
	a.press("q")
	if code := a.exitCode(); code != 0 {
		t.Errorf("exit %d after q", code)
	}
}

// TestServeRefusesOthers: an unknown key, passwords, keyboard-interactive
// and no key at all are refused before any session starts.
func TestServeRefusesOthers(t *testing.T) {
	p := startServe(t, binary, "")
	tests := []struct {
		name string
		args []string
	}{
		{"unknown key", p.sshArgs("stranger", "-tt")},
		{"password", p.sshArgs("", "-tt", "-o", "PubkeyAuthentication=no", "-o", "PreferredAuthentications=password", "-o", "BatchMode=no", "-o", "NumberOfPasswordPrompts=1")},
		{"keyboard-interactive", p.sshArgs("", "-tt", "-o", "PubkeyAuthentication=no", "-o", "PreferredAuthentications=keyboard-interactive")},
		{"no key", p.sshArgs("", "-tt", "-o", "PubkeyAuthentication=no", "-o", "IdentityAgent=none")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, stderr := p.runSSH(tc.args...)
			t.Logf("ssh exit %d, stderr %q", code, strings.TrimSpace(stderr))
			if code != 255 || !strings.Contains(stderr, "Permission denied (publickey)") {
				t.Errorf("exit %d, stderr %q; want 255 and Permission denied (publickey)", code, stderr)
			}
		})
	}
	p.waitLog("refused key " + p.fp["stranger"] + " from 127.0.0.1:")
	if strings.Contains(p.log.String(), "login ") {
		t.Errorf("a refused client logged in:\n%s", p.log.String())
	}
}

// TestServeIdleTimeout: no input for idle_timeout ends the session with a
// sentence, and the server logs why.
func TestServeIdleTimeout(t *testing.T) {
	p := startServe(t, binary, "idle_timeout = \"2s\"\n")
	a := p.term("admin")
	a.waitText("alice@laptop (admin)")
	shown := time.Now()
	code := a.exitCode()
	idle := time.Since(shown)
	t.Logf("disconnected %v after the first screen; ssh exit %d, stderr %q", idle.Round(10*time.Millisecond), code, strings.TrimSpace(a.stderr()))
	if !strings.Contains(a.stderr(), "duotui: disconnected after 2s without input — connect again to carry on.") || code != 1 {
		t.Errorf("exit %d, stderr %q", code, a.stderr())
	}
	if idle < time.Second || idle > 6*time.Second {
		t.Errorf("disconnected %v after the first screen, want about 2 s", idle)
	}
	p.waitLog(": no input for 2s after")
}

// TestServeViewerCannotPush: a viewer key sees the Send pane but its push
// is refused on screen and audited as refused under its fingerprint; the
// secret key stays masked in Setup.
func TestServeViewerCannotPush(t *testing.T) {
	p := startServe(t, binary, "")
	a := p.term("viewer")
	a.waitText("helpdesk (viewer)")
	a.press("4")
	a.waitText("Send to nobody yet")
	a.press("u")
	a.tmux("send-keys", "-t", "app", "-l", "alice")
	a.press("Enter")
	a.waitText("Send to alice")
	a.waitText("iOS")
	a.press("p")
	s := a.waitText("This session has the viewer role, so it cannot send")
	t.Logf("viewer after p:\n%s", s)

	rec := waitAudit(t, p.audit, func(r model.AuditRecord) bool { return r.Result == "refused" })
	t.Logf("audit record: %+v", rec)
	if rec.Action != model.ActionPush || rec.User != "alice" || rec.Actor.KeyFingerprint != p.fp["viewer"] ||
		rec.Actor.KeyName != "helpdesk" || !strings.HasPrefix(rec.Actor.RemoteAddr, "127.0.0.1:") {
		t.Errorf("audit record %+v, want a refused push to alice by %s (helpdesk) from 127.0.0.1", rec, p.fp["viewer"])
	}

	secret := regexp.MustCompile(`\b[A-Za-z0-9]{40}\b`) // the shape of a Duo secret key
	a.press("1")
	a.waitText("[1 Setup]")
	a.press("Tab")
	s = a.waitText("Secret key       set (hidden)")
	a.press("Tab", "Tab", "Down", "Down", "Enter")
	a.waitText("Environment variables")
	a.press("r") // "show the secret" for an admin at the console
	s += a.waitText("DUOTUI_SKEY=<secret key>")
	if m := secret.FindString(s); m != "" {
		t.Errorf("the viewer's Setup shows a secret %q:\n%s", m, s)
	}
	a.press("q")
	if code := a.exitCode(); code != 0 {
		t.Errorf("exit %d after q", code)
	}
}

// waitAudit polls the audit log for a record.
func waitAudit(t *testing.T, path string, ok func(model.AuditRecord) bool) model.AuditRecord {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		b, _ := os.ReadFile(path)
		for _, line := range strings.Split(string(b), "\n") {
			var r model.AuditRecord
			if json.Unmarshal([]byte(line), &r) == nil && ok(r) {
				return r
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no such record in %s:\n%s", path, b)
		}
		time.Sleep(10 * time.Millisecond) // written by another process
	}
}

// TestServeSIGTERM: with sessions open, SIGTERM tells each one and closes
// it, and the process exits 0 within 5 s.
func TestServeSIGTERM(t *testing.T) {
	p := startServe(t, binary, "max_sessions = 30\n")
	var terms []*sshTerm
	for _, k := range []string{"admin", "viewer", "admin"} {
		a := p.term(k)
		a.waitText("q quit")
		terms = append(terms, a)
	}
	// And a crowd on pseudo-terminals, so the stop is timed with load.
	var crowd []*ptySSH
	for range 20 {
		c, err := startPTY(p, "viewer")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.cmd.Process.Kill(); <-c.done })
		crowd = append(crowd, c)
	}
	for i, c := range crowd {
		if err := c.waitFor(0, "helpdesk", 20*time.Second); err != nil {
			t.Fatalf("crowd session %d: %v", i, err)
		}
	}
	start := time.Now()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-p.done:
	case <-time.After(5 * time.Second):
		t.Fatalf("still running 5 s after SIGTERM:\n%s", p.log.String())
	}
	took := time.Since(start)
	t.Logf("exit status %d, %v after SIGTERM with %d sessions", p.exitCode, took.Round(time.Millisecond), len(terms)+len(crowd))
	if p.exitCode != 0 {
		t.Errorf("exit status %d, want 0", p.exitCode)
	}
	for i, a := range terms {
		code := a.exitCode()
		t.Logf("session %d: ssh exit %d, stderr %q", i, code, strings.TrimSpace(a.stderr()))
		if !strings.Contains(a.stderr(), "duotui is shutting down — connect again when it is back.") {
			t.Errorf("session %d was not told", i)
		}
	}
	for i, c := range crowd {
		if err := c.waitFor(0, "duotui is shutting down", 5*time.Second); err != nil {
			t.Errorf("crowd session %d was not told: %v", i, err)
		}
	}
	if n, want := strings.Count(p.log.String(), ": server shutting down after"), len(terms)+len(crowd); n != want {
		t.Errorf("%d logouts for the shutdown, want %d:\n%s", n, want, p.log.String())
	}
}

// TestServeStartErrors: what stops serve before it listens, each with one
// sentence and its exit code.
func TestServeStartErrors(t *testing.T) {
	dir := t.TempDir()
	keys := filepath.Join(dir, "authorized_keys")
	_, _ = newKey(t, dir, "admin", "alice")
	pub, err := os.ReadFile(filepath.Join(dir, "admin.pub"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keys, pub, 0o600); err != nil {
		t.Fatal(err)
	}
	readable := filepath.Join(dir, "readable_host_key")
	if r := runBinary(t, nil, "serve", "--demo", "--host-key", readable, "--authorized-keys", filepath.Join(dir, "none"), "--listen", "127.0.0.1:0"); r.code != exitUsage {
		t.Fatalf("making the host key: %+v", r)
	}
	if err := os.Chmod(readable, 0o644); err != nil {
		t.Fatal(err)
	}
	notADir := filepath.Join(dir, "file")
	if err := os.WriteFile(notADir, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	badConfig := filepath.Join(dir, "bad.toml")
	if err := os.WriteFile(badConfig, []byte("[serve]\nmax_sessions = -1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	hostKey := filepath.Join(dir, "host_key")
	tests := []struct {
		name string
		env  []string
		args []string
		code int
		want string
	}{
		{"no authorized_keys", nil, []string{"--demo", "--authorized-keys", filepath.Join(dir, "none"), "--host-key", hostKey}, exitUsage, "there is no authorized_keys file at"},
		{"host key readable by others", nil, []string{"--demo", "--authorized-keys", keys, "--host-key", readable}, exitUsage, "run chmod 600 " + readable},
		{"bad port", nil, []string{"--demo", "--authorized-keys", keys, "--host-key", hostKey, "--listen", "127.0.0.1:99999"}, exitNetwork, "cannot listen on 127.0.0.1:99999"},
		{"no audit log", []string{"XDG_STATE_HOME=" + notADir}, []string{"--authorized-keys", keys, "--host-key", hostKey}, exitUsage, "does not run unrecorded"},
		{"bad [serve]", nil, []string{"--config", badConfig, "--demo"}, exitUsage, "max_sessions"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{"serve"}, tc.args...)
			if !strings.Contains(strings.Join(args, " "), "--listen") {
				args = append(args, "--listen", "127.0.0.1:0")
			}
			r := runBinary(t, tc.env, args...)
			if r.code != tc.code || !strings.Contains(r.stderr, tc.want) || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 {
				t.Errorf("exit %d, stderr %q; want %d and one line with %q", r.code, r.stderr, tc.code, tc.want)
			}
		})
	}
}
