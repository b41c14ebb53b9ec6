package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"duotui/duo/duotest"
)

// binary is the duotui binary built once for the tests that run it the way
// an administrator or a cron job does.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "duotui-bin-")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "duotui")
	args := []string{"build", "-o", binary}
	if raceEnabled {
		args = append(args, "-race")
	}
	build := exec.Command("go", append(args, ".")...)
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		panic("building duotui: " + err.Error())
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// result is what one run of the binary printed.
type result struct {
	stdout, stderr string
	code           int
}

// runBinary runs duotui with only the given environment (plus PATH and a
// private HOME), so the developer's own config and keys never leak in.
func runBinary(t *testing.T, env []string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	home := t.TempDir()
	cmd := exec.CommandContext(ctx, binary, args...)
	cmd.Env = append([]string{
		"PATH=" + os.Getenv("PATH"), "HOME=" + home,
		"XDG_CONFIG_HOME=" + filepath.Join(home, ".config"),
		"XDG_STATE_HOME=" + filepath.Join(home, ".state"),
	}, env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("running duotui %v: %v", args, err)
	}
	return result{out.String(), errb.String(), code}
}

// simEnv is the environment `duotui sim` prints, for an in-process simulator.
func simEnvOf(t *testing.T, srv *duotest.Server) []string {
	t.Helper()
	ca := filepath.Join(t.TempDir(), "ca.pem")
	if err := srv.WriteCA(ca); err != nil {
		t.Fatal(err)
	}
	return []string{
		"DUOTUI_HOST=" + srv.Host, "DUOTUI_IKEY=" + srv.IKey, "DUOTUI_SKEY=" + srv.SKey,
		"DUOTUI_ADMIN_IKEY=" + srv.AdminIKey, "DUOTUI_ADMIN_SKEY=" + srv.AdminSKey,
		"DUOTUI_CA_FILE=" + ca,
	}
}

// with returns env with some variables replaced.
func with(env []string, kv ...string) []string {
	out := append([]string(nil), env...)
	for _, s := range kv {
		name := s[:strings.IndexByte(s, '=')+1]
		for i := range out {
			if strings.HasPrefix(out[i], name) {
				out[i] = s
			}
		}
	}
	return out
}
