package config

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

var killLoops = flag.Int("kill-loops", 200, "kills in TestSaveSurvivesKill; DUOTUI_KILL_LOOPS overrides (1000 for the long run)")

// saveChildEnv makes the test binary a child that saves in a loop.
const saveChildEnv = "DUOTUI_CONFIG_SAVE_CHILD"

// killConfigs are the two contents the child alternates between; they
// differ in credentials, so every save also rewrites config.toml.bak.
func killConfigs() (a, b *Config) {
	a, b = fullConfig(), fullConfig()
	b.Profiles["work"] = Profile{Host: testHost, IKey: testIKey, SKey: Secret(otherSKey)}
	b.Setup.Step = 5
	return a, b
}

// TestSaveSurvivesKill re-executes the test binary as a child that saves
// two configs alternately as fast as it can, SIGKILLs it at a random moment,
// and checks that config.toml (and config.toml.bak) is each time exactly one
// of the two complete files and loads. It runs -kill-loops times.
func TestSaveSurvivesKill(t *testing.T) {
	if path := os.Getenv(saveChildEnv); path != "" {
		saveForever(path)
	}
	loops := *killLoops
	if v, err := strconv.Atoi(os.Getenv("DUOTUI_KILL_LOOPS")); err == nil {
		loops = v
	}
	path := filepath.Join(t.TempDir(), "config.toml")
	a, b := killConfigs()
	wantA, err := marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	wantB, err := marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	mustSave(t, path, a)

	var sawA, sawB, interrupted int
	for i := range loops {
		temps := countTemps(t, path)
		killSavingChild(t, path)
		got, err := os.ReadFile(path)
		switch {
		case err != nil:
			t.Fatalf("kill %d: config.toml is gone: %v", i, err)
		case bytes.Equal(got, wantA):
			sawA++
		case bytes.Equal(got, wantB):
			sawB++
		default:
			t.Fatalf("kill %d: config.toml is neither the old nor the new file (%d bytes):\n%s", i, len(got), got)
		}
		if _, err := Load(path); err != nil {
			t.Fatalf("kill %d: config.toml does not load: %v", i, err)
		}
		if bak, err := os.ReadFile(path + ".bak"); err == nil && !bytes.Equal(bak, wantA) && !bytes.Equal(bak, wantB) {
			t.Fatalf("kill %d: config.toml.bak is partial (%d bytes)", i, len(bak))
		}
		if countTemps(t, path) > temps {
			interrupted++
		}
	}
	t.Logf("%d kills: config.toml was the first content %d times and the second %d times; %d kills landed mid-write (temp file left behind)",
		loops, sawA, sawB, interrupted)
}

// killSavingChild starts the saving child, waits until it has saved once,
// lets it run for a random 0–12 ms (a few saves' worth) and SIGKILLs it.
func killSavingChild(t *testing.T, path string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestSaveSurvivesKill$")
	cmd.Env = append(os.Environ(), saveChildEnv+"="+path)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	ready := false
	for sc := bufio.NewScanner(stdout); sc.Scan(); {
		if sc.Text() == "ready" {
			ready = true
			break
		}
	}
	if !ready {
		cmd.Wait()
		t.Fatalf("the saving child stopped before saving: %s", stderr.String())
	}
	// The random moment of the kill is the point of the test, not a wait
	// for something to happen.
	time.Sleep(rand.N(12 * time.Millisecond))
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	if strings.Contains(stderr.String(), "save failed") {
		t.Fatalf("the child's save failed: %s", stderr.String())
	}
}

// saveForever is the child: it saves the two configs alternately until
// killed, saying "ready" after the first save.
func saveForever(path string) {
	a, b := killConfigs()
	for i := 0; ; i++ {
		cfg := b
		if i%2 == 1 {
			cfg = a
		}
		if err := Save(path, cfg); err != nil {
			fmt.Fprintln(os.Stderr, "save failed:", err)
			os.Exit(3)
		}
		if i == 0 {
			fmt.Println("ready")
		}
	}
}

// countTemps counts temporary files left by interrupted saves.
func countTemps(t *testing.T, path string) int {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+"*"))
	if err != nil {
		t.Fatal(err)
	}
	return len(m)
}
