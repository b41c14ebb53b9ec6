package main

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// needSSH skips without the OpenSSH client unless DUOTUI_E2E=require.
func needSSH(t testing.TB) string {
	t.Helper()
	ssh, err := exec.LookPath("ssh")
	_, kerr := exec.LookPath("ssh-keygen")
	if err != nil || kerr != nil {
		if os.Getenv("DUOTUI_E2E") == "require" {
			t.Fatal("the OpenSSH client (ssh, ssh-keygen) is not installed but DUOTUI_E2E=require: apt-get install openssh-client")
		}
		t.Skip("the OpenSSH client is not installed (apt-get install openssh-client); DUOTUI_E2E=require turns this skip into a failure")
	}
	return ssh
}

// syncBuffer collects a subprocess's output for polling.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// serveProc is `duotui serve --demo` running as a subprocess on a loopback
// port, with three client keys: admin (alice@laptop), viewer (helpdesk) and
// stranger (not in authorized_keys).
type serveProc struct {
	t        testing.TB
	ssh      string
	cmd      *exec.Cmd
	dir      string
	port     string
	audit    string            // the demo's audit log
	banner   string            // what serve printed on start
	keys     map[string]string // private key paths
	fp       map[string]string // their SHA256 fingerprints
	log      *syncBuffer       // stderr: logins, logouts, refusals
	done     chan struct{}
	exitCode int
}

func newKey(t testing.TB, dir, name, comment string) (path, fingerprint string) {
	t.Helper()
	path = filepath.Join(dir, name)
	if out, err := exec.Command("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", path).CombinedOutput(); err != nil {
		t.Fatalf("ssh-keygen: %v\n%s", err, out)
	}
	out, err := exec.Command("ssh-keygen", "-l", "-E", "sha256", "-f", path+".pub").Output()
	if err != nil {
		t.Fatal(err)
	}
	return path, strings.Fields(string(out))[1]
}

// startServe starts `duotui serve --demo` with [serve] settings and waits
// until it listens.
func startServe(t testing.TB, bin, serveTOML string) *serveProc {
	t.Helper()
	return startServeWith(t, bin, serveTOML, nil, "--demo")
}

// startServeWith starts `duotui serve ARGS…` with extra environment.
func startServeWith(t testing.TB, bin, serveTOML string, env []string, args ...string) *serveProc {
	t.Helper()
	p := &serveProc{t: t, ssh: needSSH(t), dir: t.TempDir(), keys: map[string]string{}, fp: map[string]string{},
		log: &syncBuffer{}, done: make(chan struct{})}
	var authorized strings.Builder
	for _, k := range []struct{ name, comment, options string }{
		{"admin", "alice@laptop", ""},
		{"viewer", "helpdesk", `environment="DUOTUI_ROLE=viewer" `},
		{"stranger", "stranger", "-"},
	} {
		p.keys[k.name], p.fp[k.name] = newKey(t, p.dir, k.name, k.comment)
		if k.options != "-" {
			pub, err := os.ReadFile(p.keys[k.name] + ".pub")
			if err != nil {
				t.Fatal(err)
			}
			authorized.WriteString(k.options + string(pub))
		}
	}
	keysPath, cfgPath := filepath.Join(p.dir, "authorized_keys"), filepath.Join(p.dir, "config.toml")
	if err := os.WriteFile(keysPath, []byte(authorized.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cfgPath, []byte("[serve]\n"+serveTOML), 0o600); err != nil {
		t.Fatal(err)
	}
	p.cmd = exec.Command(bin, append([]string{"serve", "--config", cfgPath, "--listen", "127.0.0.1:0",
		"--host-key", filepath.Join(p.dir, "hostkey", "ssh_host_ed25519_key"), "--authorized-keys", keysPath}, args...)...)
	p.cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + p.dir,
		"XDG_STATE_HOME=" + filepath.Join(p.dir, "state")}, env...)
	p.cmd.Stderr = p.log
	out, err := p.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		p.cmd.Wait()
		p.exitCode = p.cmd.ProcessState.ExitCode()
		close(p.done)
	}()
	t.Cleanup(p.stop)
	sc := bufio.NewScanner(out)
	var banner strings.Builder
	for sc.Scan() {
		line := sc.Text()
		banner.WriteString(line + "\n")
		if a, ok := strings.CutPrefix(line, "duotui serve: listening on 127.0.0.1:"); ok {
			p.port = a
		}
		if a, ok := strings.CutPrefix(line, "audit log: "); ok {
			p.audit = a
		}
		if strings.HasPrefix(line, "connect with:") {
			break
		}
	}
	p.banner = banner.String()
	if p.port == "" || p.audit == "" {
		t.Fatalf("serve did not start; it printed:\n%s\nstderr:\n%s", p.banner, p.log.String())
	}
	return p
}

// stop ends the server (SIGTERM, then SIGKILL) and fails on a data race
// report from a -race binary.
func (p *serveProc) stop() {
	select {
	case <-p.done:
	default:
		p.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-p.done:
		case <-time.After(10 * time.Second):
			p.cmd.Process.Kill()
			<-p.done
		}
	}
	if strings.Contains(p.log.String(), "DATA RACE") || strings.Contains(p.log.String(), "panic") {
		p.t.Errorf("the server reported a race or a panic:\n%s", p.log.String())
	}
	if p.t.Failed() {
		p.t.Logf("server log:\n%s", p.log.String())
	}
}

// sshArgs are the client options every test uses, for key name.
func (p *serveProc) sshArgs(key string, extra ...string) []string {
	args := []string{"-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
		"-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-o", "LogLevel=ERROR", "-p", p.port}
	if key != "" {
		args = append(args, "-i", p.keys[key])
	}
	return append(append(args, extra...), "127.0.0.1")
}

// sshTerm is `ssh -tt` in a detached 80x24 tmux session, its stderr (where
// the server's parting sentence goes) kept in a file.
type sshTerm struct {
	*appTerm
	errFile string
}

func (p *serveProc) term(key string) *sshTerm {
	t := p.t
	t.Helper()
	needTmux(t)
	dir := t.TempDir()
	a := &appTerm{t: t, sock: "duotui-serve-" + strconv.Itoa(os.Getpid()) + "-" + filepath.Base(dir),
		dir: dir, home: p.dir, rcFile: filepath.Join(dir, "rc")}
	s := &sshTerm{appTerm: a, errFile: filepath.Join(dir, "stderr")}
	quoted := []string{e2eQuote(p.ssh), "-tt"}
	for _, arg := range p.sshArgs(key) {
		quoted = append(quoted, e2eQuote(arg))
	}
	script := "#!/bin/sh\n" +
		"env -i HOME=" + e2eQuote(a.home) + ` TERM="$TERM" LANG=C.UTF-8 ` + strings.Join(quoted, " ") +
		" 2>" + e2eQuote(s.errFile) + "\n" +
		"echo $? > " + e2eQuote(a.rcFile) + "\n"
	sh := filepath.Join(dir, "run.sh")
	if err := os.WriteFile(sh, []byte(script), 0o700); err != nil {
		t.Fatal(err)
	}
	a.tmux("new-session", "-d", "-s", "app", "-x", "80", "-y", "24", sh)
	t.Cleanup(func() { exec.Command("tmux", "-L", a.sock, "kill-server").Run() })
	return s
}

func (s *sshTerm) stderr() string {
	b, _ := os.ReadFile(s.errFile)
	return string(b)
}

// runSSH runs the client to the end without a terminal.
func (p *serveProc) runSSH(args ...string) (code int, stderr string) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, p.ssh, args...)
	cmd.Env = []string{"HOME=" + p.dir, "PATH=" + os.Getenv("PATH")}
	var errb bytes.Buffer
	cmd.Stderr = &errb
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), errb.String()
	} else if err != nil {
		p.t.Fatalf("ssh: %v", err)
	}
	return 0, errb.String()
}

// waitLog waits until the server's log holds text.
func (p *serveProc) waitLog(text string) {
	p.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(p.log.String(), text) {
		if time.Now().After(deadline) {
			p.t.Fatalf("the server log lacks %q:\n%s", text, p.log.String())
		}
		time.Sleep(5 * time.Millisecond) // an external process: nothing to wait on
	}
}
