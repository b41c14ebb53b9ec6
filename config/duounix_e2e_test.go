package config

import (
	"bytes"
	"context"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestWriteDuoUnixRealLoginDuo runs Debian's login_duo (apt-get install
// login-duo) on files WriteDuoUnix wrote, with Duo unreachable, so both
// that duo_unix parses them and that the failmode comments tell the truth.
func TestWriteDuoUnixRealLoginDuo(t *testing.T) {
	bin, err := exec.LookPath("login_duo")
	if err != nil {
		if os.Getenv("DUOTUI_E2E") == "require" {
			t.Fatal("login_duo is not installed (apt-get install login-duo) and DUOTUI_E2E=require")
		}
		t.Skip("login_duo is not installed (apt-get install login-duo)")
	}
	if os.Geteuid() != 0 {
		t.Skip("login_duo, installed setuid root, takes -c and -f only from root")
	}
	me, err := user.Current()
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := ln.Addr().String()
	ln.Close()

	for _, tc := range []struct {
		failmode string
		ran      bool
		log      string
	}{
		{FailSafe, true, "Failsafe Duo login"},
		{FailSecure, false, "Failsecure Duo login"},
	} {
		t.Run(tc.failmode, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "login_duo.conf")
			conf := DuoUnixConf{IKey: testIKey, SKey: Secret(testSKey), Host: closed, Failmode: tc.failmode}
			if err := WriteDuoUnix(path, conf); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			cmd := exec.CommandContext(ctx, bin, "-d", "-c", path, "-f", me.Username, "echo ran-after-duo")
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err := cmd.Run()
			if strings.Contains(stderr.String(), "Parse error") || strings.Contains(stderr.String(), "Invalid") {
				t.Fatalf("login_duo refused the file: %s", stderr.String())
			}
			if ran := strings.Contains(stdout.String(), "ran-after-duo"); ran != tc.ran || (err == nil) != tc.ran {
				t.Errorf("command ran=%v (exit %v), want %v; stderr: %s", ran, err, tc.ran, stderr.String())
			}
			if !strings.Contains(stderr.String(), tc.log) {
				t.Errorf("stderr %q lacks %q", stderr.String(), tc.log)
			}
		})
	}
}
