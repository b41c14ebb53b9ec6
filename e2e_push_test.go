package main

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"duotui/config"
	"duotui/model"
)

// TestPushApprovedInTmux is the whole loop an administrator goes through:
// the real binary in tmux against the real `duotui sim`, a push sent from
// the Send pane, approved through the simulator's control endpoint (as the
// phone would), and the verdict read off the screen and the audit log.
func TestPushApprovedInTmux(t *testing.T) {
	needTmux(t)
	sim := startSim(t)
	v := sim.vars
	path := filepath.Join(t.TempDir(), "config.toml")
	cfg := &config.Config{
		Profiles: map[string]config.Profile{"default": {
			Host: v["DUOTUI_HOST"], IKey: v["DUOTUI_IKEY"], SKey: config.Secret(v["DUOTUI_SKEY"]),
			AdminIKey: v["DUOTUI_ADMIN_IKEY"], AdminSKey: config.Secret(v["DUOTUI_ADMIN_SKEY"]),
		}},
		Network: config.Network{CAFile: v["DUOTUI_CA_FILE"]},
	}
	if err := config.Save(path, cfg); err != nil {
		t.Fatal(err)
	}

	a := startApp(t, binary, 80, 24, "--config", path)
	a.waitText("Send")
	a.press("4")
	a.waitText("Send to nobody yet")
	a.press("u")
	wizardType(a, "alice")
	a.press("Enter")
	a.waitText("Account is active")
	a.press("p")
	a.waitText("Pushed a login request")

	var txid string
	deadline := time.Now().Add(10 * time.Second)
	for txid == "" && time.Now().Before(deadline) {
		pending := sim.controlList(t, "/sim/v1/pending")
		for _, p := range pending {
			if p["username"] == "alice" {
				txid, _ = p["txid"].(string)
			}
		}
	}
	if txid == "" {
		t.Fatal("the simulator shows no pending push for alice")
	}
	sim.control(t, "POST", "/sim/v1/answer?txid="+txid+"&action=approve")
	screen := a.waitText("✓ Approved")
	if !strings.Contains(screen, "pushed") || !strings.Contains(screen, "approved") {
		t.Errorf("no timeline on screen:\n%s", screen)
	}
	a.press("q")
	if code := a.exitCode(); code != 0 {
		t.Fatalf("exit status %d after q", code)
	}
	rec := waitAudit(t, filepath.Join(a.home, ".local", "state", "duotui", "audit.jsonl"), func(r model.AuditRecord) bool {
		return r.Action == "push" && r.User == "alice"
	})
	if rec.Result != "allow" || rec.Host != v["DUOTUI_HOST"] {
		t.Errorf("audit record %+v", rec)
	}
}
