package main

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"duotui/ui"
)

// appTerm is the real binary running in a detached tmux session.
type appTerm struct {
	t      testing.TB
	sock   string // tmux -L socket: a server of our own
	dir    string
	home   string
	rcFile string
}

// needTmux skips without tmux unless DUOTUI_E2E=require.
func needTmux(t testing.TB) {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		if os.Getenv("DUOTUI_E2E") == "require" {
			t.Fatal("tmux is not installed but DUOTUI_E2E=require: apt-get install tmux")
		}
		t.Skip("tmux is not installed (apt-get install tmux); DUOTUI_E2E=require turns this skip into a failure")
	}
}

// buildApp builds the binary into a temporary directory.
func buildApp(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "duotui")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, "go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// startApp runs `duotui ARGS…` at w×h with an empty environment and a
// temporary HOME. It records the instant of exec (for the first-frame
// measure) and the exit status.
func startApp(t *testing.T, bin string, w, h int, args ...string) *appTerm {
	t.Helper()
	dir := t.TempDir()
	a := &appTerm{t: t, sock: "duotui-e2e-" + strconv.Itoa(os.Getpid()) + "-" + filepath.Base(dir),
		dir: dir, home: filepath.Join(dir, "home"), rcFile: filepath.Join(dir, "rc")}
	if err := os.Mkdir(a.home, 0o700); err != nil {
		t.Fatal(err)
	}
	quoted := make([]string, len(args))
	for i, s := range args {
		quoted[i] = e2eQuote(s)
	}
	script := "#!/bin/sh\n" +
		"date +%s%N > " + e2eQuote(filepath.Join(dir, "exec")) + "\n" +
		"env -i HOME=" + e2eQuote(a.home) + ` TERM="$TERM" LANG=C.UTF-8 ` + e2eQuote(bin) + " " + strings.Join(quoted, " ") + "\n" +
		"echo $? > " + e2eQuote(a.rcFile) + "\n"
	sh := filepath.Join(dir, "run.sh")
	if err := os.WriteFile(sh, []byte(script), 0o700); err != nil {
		t.Fatal(err)
	}
	a.tmux("new-session", "-d", "-s", "app", "-x", strconv.Itoa(w), "-y", strconv.Itoa(h), sh)
	t.Cleanup(func() { exec.Command("tmux", "-L", a.sock, "kill-server").Run() })
	return a
}

func e2eQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

func (a *appTerm) tmux(args ...string) string {
	a.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-L", a.sock}, args...)...).CombinedOutput()
	if err != nil {
		a.t.Fatalf("tmux %v: %v\n%s", args, err, out)
	}
	return string(out)
}

func (a *appTerm) screen() string {
	out, _ := exec.Command("tmux", "-L", a.sock, "capture-pane", "-p", "-t", "app").Output()
	return string(out)
}

// press sends tmux key names ("Tab", "Escape", "2", "?").
func (a *appTerm) press(keys ...string) {
	a.t.Helper()
	for _, k := range keys {
		a.tmux("send-keys", "-t", "app", k)
	}
}

// waitFor polls the screen until ok, failing with the last screen after d.
func (a *appTerm) waitFor(what string, d time.Duration, ok func(string) bool) string {
	a.t.Helper()
	deadline := time.Now().Add(d)
	for {
		s := a.screen()
		if ok(s) {
			return s
		}
		if time.Now().After(deadline) {
			a.t.Fatalf("waited %v for %s; the screen shows:\n%s", d, what, s)
		}
		time.Sleep(5 * time.Millisecond) // polling an external process: nothing to wait on
	}
}

func (a *appTerm) waitText(text string) string {
	a.t.Helper()
	return a.waitFor(strconv.Quote(text), 10*time.Second, func(s string) bool { return strings.Contains(s, text) })
}

// firstFrame waits for the first non-blank screen and returns the time
// since exec.
func (a *appTerm) firstFrame() time.Duration {
	a.t.Helper()
	a.waitFor("a first frame", 10*time.Second, func(s string) bool { return strings.TrimSpace(s) != "" })
	seen := time.Now()
	b, err := os.ReadFile(filepath.Join(a.dir, "exec"))
	if err != nil {
		a.t.Fatal(err)
	}
	ns, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
	if err != nil {
		a.t.Fatal(err)
	}
	return seen.Sub(time.Unix(0, ns))
}

// exitCode waits for the program to end.
func (a *appTerm) exitCode() int {
	a.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		if b, err := os.ReadFile(a.rcFile); err == nil && len(b) > 0 {
			n, err := strconv.Atoi(strings.TrimSpace(string(b)))
			if err != nil {
				a.t.Fatal(err)
			}
			return n
		}
		if time.Now().After(deadline) {
			a.t.Fatalf("the program did not exit; the screen shows:\n%s", a.screen())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// quit leaves a text field if one has focus, then presses q and returns
// the exit status. Escape and q are never sent back to back: arriving in one
// read they are alt+q.
func (a *appTerm) quit() int {
	a.t.Helper()
	if !strings.Contains(a.screen(), "q quit") {
		a.press("Escape")
		a.waitText("q quit")
	}
	a.press("q")
	return a.exitCode()
}

// noConfigWritten fails if anything appeared in the user's config dir.
func (a *appTerm) noConfigWritten() {
	a.t.Helper()
	dir := filepath.Join(a.home, ".config")
	if _, err := os.Stat(dir); !errors.Is(err, fs.ErrNotExist) {
		a.t.Errorf("%s was created (stat: %v): the app wrote to the user's config", dir, err)
	}
}

var tabRE = regexp.MustCompile(`(\[?)([1-6]) ([A-Za-z]+)\]?`)

// tabsOf reads the tabs bar: each shown tab's label ("2 Users") and which
// is focused.
func tabsOf(screen string) (labels []string, active string) {
	for _, line := range strings.Split(screen, "\n") {
		if !strings.HasPrefix(line, "duotui ") && line != "duotui" {
			continue
		}
		for _, m := range tabRE.FindAllStringSubmatch(line, -1) {
			label := m[2] + " " + m[3]
			labels = append(labels, label)
			if m[1] == "[" {
				active = label
			}
		}
		break
	}
	return labels, active
}

func TestDemoInTmux(t *testing.T) {
	needTmux(t)
	bin := buildApp(t)
	a := startApp(t, bin, 80, 24, "demo")
	ff := a.firstFrame()
	t.Logf("first frame after exec: %v (budget 150ms)", ff.Round(time.Millisecond))

	s := a.waitText(ui.DemoBanner)
	a.waitText("simulator ✓ connected")
	for _, want := range []string{"profile demo", "simulator", "q quit"} {
		if !strings.Contains(s, want) {
			t.Errorf("the first screen lacks %q:\n%s", want, s)
		}
	}

	labels, active := tabsOf(s)
	t.Logf("tabs wired: %v, focused %q", labels, active)
	if len(labels) >= 2 {
		// Tab moves the focus when the root offers it (a pane that binds
		// tab, like the wizard, keeps it).
		if strings.Contains(s, "tab next tab") {
			a.press("Tab")
			a.waitFor("tab to move the focus", 10*time.Second, func(s string) bool {
				_, now := tabsOf(s)
				return now != "" && now != active
			})
		}
		for _, l := range labels {
			a.press(l[:1])
			s := a.waitText("[" + l + "]")
			if got, now := tabsOf(s); now != l || len(got) != len(labels) || !strings.Contains(s, ui.DemoBanner) {
				t.Errorf("after %s: tabs %v, focused %q; the screen shows:\n%s", l[:1], got, now, s)
			}
		}
		a.press(active[:1])
		a.waitText("[" + active + "]")
	} else {
		t.Logf("fewer than two panes are wired: tab switching not exercised on the binary")
	}

	a.press("?")
	a.waitText("fewer keys")
	a.press("?")
	a.waitText("more keys")

	a.tmux("resize-window", "-t", "app", "-x", "40", "-y", "10")
	a.waitText(ui.TooSmall)
	a.tmux("resize-window", "-t", "app", "-x", "80", "-y", "24")
	a.waitText(ui.DemoBanner)

	if code := a.quit(); code != 0 {
		t.Errorf("exit status %d after q, want 0", code)
	}
	a.noConfigWritten()
}

// With no config file, plain duotui opens with the credentials banner.
func TestNoConfigInTmux(t *testing.T) {
	needTmux(t)
	bin := buildApp(t)
	a := startApp(t, bin, 80, 24)
	t.Logf("first frame after exec (no config): %v", a.firstFrame().Round(time.Millisecond))
	s := a.waitText(ui.NoCredsBanner)
	if !strings.Contains(s, "profile none") {
		t.Errorf("status bar:\n%s", s)
	}
	if code := a.quit(); code != 0 {
		t.Errorf("exit status %d after q, want 0", code)
	}
	a.noConfigWritten()
}
