package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"duotui/config"
)

// TestSetupWizardInTmux drives the real binary through the whole wizard
// against the real `duotui sim`, as a new administrator would: tick part of
// the checklist, quit, start again at the same step, finish it, paste the
// keys, watch the live check pass, save, and write a duo_unix file.
func TestSetupWizardInTmux(t *testing.T) {
	needTmux(t)
	sim := startSim(t)
	v := sim.vars
	dir := t.TempDir()
	path := filepath.Join(dir, "config.toml")
	pamPath := filepath.Join(dir, "pam_duo.conf")
	// The simulator's CA, as an administrator behind a TLS-inspecting proxy
	// would set network.ca_file; nothing else is configured yet.
	if err := config.Save(path, &config.Config{Network: config.Network{CAFile: v["DUOTUI_CA_FILE"]}}); err != nil {
		t.Fatal(err)
	}

	a := startApp(t, binary, 80, 24, "--config", path)
	a.waitText("0 of 7 done")
	a.press("Enter", "Enter", "Enter")
	a.waitText("3 of 7 done")
	a.press("q")
	if code := a.exitCode(); code != 0 {
		t.Fatalf("exit status %d after q, want 0", code)
	}

	a = startApp(t, binary, 80, 24, "setup", "--config", path)
	a.waitText("3 of 7 done")
	a.waitText("› [ ] 4. Protect an Application")
	a.press("Enter", "Enter", "Enter", "Enter") // steps 4–7; the last opens the key form
	a.waitText("Live check")
	wizardType(a, v["DUOTUI_IKEY"])
	a.press("Tab")
	wizardType(a, v["DUOTUI_SKEY"])
	a.press("Tab")
	wizardType(a, v["DUOTUI_HOST"])
	a.press("Enter")
	a.waitFor("the live check to pass", 30*time.Second, func(s string) bool { return strings.Contains(s, "The keys work") })
	a.press("Enter")
	a.waitText("Saved the keys to")

	a.press("Down", "Enter") // duo_unix
	a.waitText("File to write")
	a.press("e", "C-u")
	wizardType(a, pamPath)
	a.press("Enter", "Enter")
	a.waitText("(mode 0600)")
	a.press("q")
	if code := a.exitCode(); code != 0 {
		t.Errorf("exit status %d after q, want 0", code)
	}

	f, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	p := f.Config.Profiles["default"]
	if p.IKey != v["DUOTUI_IKEY"] || p.SKey.Reveal() != v["DUOTUI_SKEY"] || p.Host != v["DUOTUI_HOST"] {
		t.Errorf("saved %s / %s / secret match %v, want the simulator's keys", p.Host, p.IKey, p.SKey.Reveal() == v["DUOTUI_SKEY"])
	}
	if f.Config.Network.CAFile != v["DUOTUI_CA_FILE"] {
		t.Errorf("the save lost network.ca_file: %q", f.Config.Network.CAFile)
	}
	wizardMode(t, path, 0o600)

	pam, _, err := config.ReadDuoUnix(pamPath)
	if err != nil {
		t.Fatal(err)
	}
	if pam.IKey != v["DUOTUI_IKEY"] || pam.SKey.Reveal() != v["DUOTUI_SKEY"] || pam.Host != v["DUOTUI_HOST"] {
		t.Errorf("the duo_unix file holds %s / %s, want the simulator's keys", pam.Host, pam.IKey)
	}
	wizardMode(t, pamPath, 0o600)
}

// wizardType types text literally (tmux would read "Enter" or "C-u" in it
// as keys).
func wizardType(a *appTerm, text string) {
	a.t.Helper()
	a.tmux("send-keys", "-t", "app", "-l", text)
}

func wizardMode(t *testing.T, path string, want os.FileMode) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != want {
		t.Errorf("%s has mode %v, want %v", path, got, want)
	}
}
