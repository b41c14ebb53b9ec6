package duotest

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"
)

// These tests run Duo's own C client, login_duo from Debian's login-duo
// package, against the simulator on a pseudo-terminal. Without the binary
// they skip; DUOTUI_E2E=require makes that a failure (CI installs it).

func loginDuoBinary(t *testing.T) string {
	t.Helper()
	bin, err := exec.LookPath("login_duo")
	if err != nil {
		if os.Getenv("DUOTUI_E2E") == "require" {
			t.Fatal("login_duo is not installed but DUOTUI_E2E=require: apt-get install login-duo")
		}
		t.Skip("login_duo is not installed (apt-get install login-duo); DUOTUI_E2E=require turns this skip into a failure")
	}
	if os.Geteuid() != 0 {
		if os.Getenv("DUOTUI_E2E") == "require" {
			t.Fatal("login_duo -c/-f needs root but DUOTUI_E2E=require")
		}
		t.Skip("login_duo accepts -c and -f only from root")
	}
	return bin
}

// ptyOutput collects what login_duo writes to its terminal.
type ptyOutput struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (o *ptyOutput) Write(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.buf.Write(p)
}

func (o *ptyOutput) String() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.buf.String()
}

type loginResult struct {
	out  string
	code int
}

// loginDuo runs `login_duo -d -c CONF -f user SCRIPT`, the script touching a
// marker and printing COMMAND-RAN. The marker file is the proof the command ran: what a
// command prints just before the pty closes is sometimes lost, so the
// output gets "COMMAND-RAN" from the marker when the echo went missing. At each
// "Passcode or option" prompt it types the next answer (computed then, so an
// answer can depend on what the simulator just did, like an SMS batch).
func loginDuo(t *testing.T, srv *Server, conf, user string, answers ...func() string) loginResult {
	t.Helper()
	dir := t.TempDir()
	marker, script := filepath.Join(dir, "ran"), filepath.Join(dir, "command.sh")
	// A script rather than sh -c: login_duo's getopt would take that -c.
	if err := os.WriteFile(script, []byte("#!/bin/sh\ntouch '"+marker+"'\necho COMMAND-RAN\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(loginDuoBinary(t), "-d", "-c", conf, "-f", user, script)
	cmd.Env = append(os.Environ(), "LANG=C")
	tty, err := pty.Start(cmd)
	if err != nil {
		t.Fatal(err)
	}
	defer tty.Close()
	var out ptyOutput
	copied := make(chan struct{})
	go func() {
		defer close(copied)
		buf := make([]byte, 4096)
		for {
			n, err := tty.Read(buf)
			out.Write(buf[:n])
			if err != nil {
				return
			}
		}
	}()
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	deadline := time.After(30 * time.Second)
	asked := 0
	var werr error
	for done := false; !done; {
		select {
		case werr = <-exited:
			done = true
		case <-deadline:
			cmd.Process.Kill()
			t.Fatalf("login_duo did not finish; output so far:\n%s", out.String())
		case <-time.After(20 * time.Millisecond):
			if n := strings.Count(out.String(), "Passcode or option"); n > asked && asked < len(answers) {
				tty.Write([]byte(answers[asked]() + "\n"))
				asked++
			}
		}
	}
	select {
	case <-copied:
	case <-time.After(2 * time.Second):
	}
	code := 0
	var exit *exec.ExitError
	if errors.As(werr, &exit) {
		code = exit.ExitCode()
	} else if werr != nil {
		t.Fatal(werr)
	}
	text := strings.ReplaceAll(out.String(), "\r\n", "\n")
	if _, err := os.Stat(marker); err == nil && !strings.Contains(text, "COMMAND-RAN") {
		text += "COMMAND-RAN (from the marker file)\n"
	}
	return loginResult{text, code}
}

func writeConf(t *testing.T, srv *Server, extra ...string) string {
	t.Helper()
	dir := t.TempDir()
	conf := filepath.Join(dir, "login_duo.conf")
	if err := srv.WriteLoginDuoConf(conf, filepath.Join(dir, "ca.pem"), extra...); err != nil {
		t.Fatal(err)
	}
	return conf
}

func say(s string) func() string { return func() string { return s } }

func TestLoginDuo(t *testing.T) {
	loginDuoBinary(t)
	srv := NewServer(t, WithPollInterval(time.Second))
	conf := writeConf(t, srv, "failmode = secure", "prompts = 1")
	cases := []struct {
		name     string
		user     string
		setup    func()
		answers  []func() string
		code     int
		contains []string
	}{
		{"push approved", "alice", func() { srv.Phone("alice").Approve(200 * time.Millisecond) }, []func() string{say("1")}, 0,
			[]string{"Success. Logging you in...", "COMMAND-RAN"}},
		{"push denied", "alice", func() { srv.Phone("alice").Deny(100 * time.Millisecond) }, []func() string{say("1")}, 1,
			[]string{"Login request denied."}},
		{"phone call answered", "carol", func() { srv.Phone("carol").Approve(200 * time.Millisecond) }, []func() string{say("1")}, 0,
			[]string{"COMMAND-RAN"}},
		{"token passcode", "dave", nil, []func() string{func() string { return srv.Token("dave").Passcode() }}, 0,
			[]string{"COMMAND-RAN"}},
		{"Duo Mobile passcode", "alice", nil, []func() string{func() string { return srv.Phone("alice").Passcode() }}, 0,
			[]string{"COMMAND-RAN"}},
		{"wrong passcode", "alice", nil, []func() string{say("000000")}, 1,
			[]string{"Incorrect passcode. Please try again."}},
		{"skewed phone's passcode", "judy", nil, []func() string{func() string { return srv.Phone("judy").Passcode() }}, 1,
			[]string{"Incorrect passcode. Please try again."}},
		{"not enrolled", "heidi", nil, nil, 1, []string{"Please enroll at " + srv.URL + "/portal?code="}},
		{"bypass user", "erin", nil, nil, 0, []string{"COMMAND-RAN"}},
		{"locked out", "frank", nil, nil, 1, []string{msgLockedOut}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.setup != nil {
				c.setup()
			}
			r := loginDuo(t, srv, conf, c.user, c.answers...)
			if r.code != c.code {
				t.Errorf("exit %d, want %d; output:\n%s", r.code, c.code, r.out)
			}
			for _, s := range c.contains {
				if !strings.Contains(r.out, s) {
					t.Errorf("output lacks %q:\n%s", s, r.out)
				}
			}
			if c.code != 0 && strings.Contains(r.out, "COMMAND-RAN") {
				t.Errorf("the command ran after a refusal:\n%s", r.out)
			}
		})
	}
}

// TestLoginDuoMenu: the menu login_duo prints is Duo's wording.
func TestLoginDuoMenu(t *testing.T) {
	loginDuoBinary(t)
	srv := NewServer(t, WithPhone(ApproveAfter(100*time.Millisecond)))
	r := loginDuo(t, srv, writeConf(t, srv), "alice", say("1"))
	menu := "Duo two-factor login for alice\n\nEnter a passcode or select one of the following options:\n\n" +
		" 1. Duo Push to XXX-XXX-0100\n 2. Phone call to XXX-XXX-0100\n 3. SMS passcodes to XXX-XXX-0100\n\n" +
		"Passcode or option (1-3): "
	if !strings.Contains(r.out, menu) || r.code != 0 {
		t.Errorf("exit %d; output:\n%s\nwant the menu:\n%s", r.code, r.out, menu)
	}
}

// TestLoginDuoSMS: option 3 texts passcodes; the next prompt shows the
// first digit of the next code, and typing that code logs in.
func TestLoginDuoSMS(t *testing.T) {
	loginDuoBinary(t)
	srv := NewServer(t)
	r := loginDuo(t, srv, writeConf(t, srv), "alice", say("3"),
		func() string { return srv.Phone("alice").SMSPasscodes()[0] })
	if r.code != 0 || !strings.Contains(r.out, msgSMSSent) || !strings.Contains(r.out, "(next code starts with: ") ||
		!strings.Contains(r.out, "COMMAND-RAN") {
		t.Errorf("exit %d; output:\n%s", r.code, r.out)
	}
}

func TestLoginDuoErrors(t *testing.T) {
	loginDuoBinary(t)
	srv := NewServer(t)
	t.Run("wrong secret key", func(t *testing.T) {
		conf := writeConf(t, srv, "failmode = secure")
		b, _ := os.ReadFile(conf)
		os.WriteFile(conf, bytes.Replace(b, []byte(srv.SKey), []byte(strings.Repeat("Z", 40)), 1), 0o600)
		r := loginDuo(t, srv, conf, "alice")
		if r.code == 0 || !strings.Contains(r.out, "Invalid ikey or skey") {
			t.Errorf("exit %d; output:\n%s", r.code, r.out)
		}
	})
	for _, c := range []struct {
		failmode string
		code     int
		says     string
	}{{"safe", 0, "Failsafe Duo login"}, {"secure", 1, "Failsecure Duo login"}} {
		t.Run("503 with failmode "+c.failmode, func(t *testing.T) {
			srv.AddFault(Fault{Kind: Fault503, Count: 1})
			defer srv.ClearFaults()
			r := loginDuo(t, srv, writeConf(t, srv, "failmode = "+c.failmode), "alice")
			if r.code != c.code || !strings.Contains(r.out, c.says) {
				t.Errorf("exit %d, want %d with %q; output:\n%s", r.code, c.code, c.says, r.out)
			}
		})
	}
}

// TestLoginDuoRateLimited pins what Debian's login_duo (duo_unix 1.11) does
// with a 429 carrying Retry-After: it neither waits nor retries nor fails
// open, it aborts the login. duo_unix 2.x honours Retry-After; this test
// fails the day the installed login_duo starts retrying, so the README's
// rehearsal notes can be updated.
func TestLoginDuoRateLimited(t *testing.T) {
	loginDuoBinary(t)
	srv := NewServer(t, WithPhone(ApproveAfter(100*time.Millisecond)))
	srv.AddFault(Fault{Kind: Fault429, Count: 1, RetryAfter: time.Second})
	r := loginDuo(t, srv, writeConf(t, srv, "failmode = safe"), "alice", say("1"))
	if r.code != 1 || !strings.Contains(r.out, "Aborted Duo login for 'alice': HTTP 429") || strings.Contains(r.out, "COMMAND-RAN") {
		t.Errorf("exit %d; output:\n%s", r.code, r.out)
	}
	if f := srv.Faults(); len(f) != 0 {
		t.Errorf("the 429 was not served: %+v", f)
	}
}
