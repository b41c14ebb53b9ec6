package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"
)

// ptySSH is one `ssh -tt` on a pseudo-terminal of its own. Its reader
// answers the renderer's background-colour and device-attributes queries as
// a terminal emulator would, and keeps what the server drew.
type ptySSH struct {
	cmd  *exec.Cmd
	f    *os.File
	news chan struct{} // a token after each chunk of output

	mu  sync.Mutex
	out bytes.Buffer

	done chan struct{}
	code int
}

func startPTY(p *serveProc, key string) (*ptySSH, error) {
	cmd := exec.Command(p.ssh, append([]string{"-tt"}, p.sshArgs(key)...)...)
	cmd.Env = []string{"HOME=" + p.dir, "PATH=" + os.Getenv("PATH"), "TERM=xterm-256color"}
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 24, Cols: 80})
	if err != nil {
		return nil, err
	}
	c := &ptySSH{cmd: cmd, f: f, news: make(chan struct{}, 1), done: make(chan struct{})}
	drained := make(chan struct{})
	go func() { c.read(); close(drained) }()
	go func() {
		cmd.Wait()
		c.code = cmd.ProcessState.ExitCode()
		// The last words (the server's parting sentence) may still sit in
		// the pty: read them before closing it.
		select {
		case <-drained:
		case <-time.After(2 * time.Second):
		}
		f.Close()
		close(c.done)
	}()
	return c, nil
}

func (c *ptySSH) read() {
	buf := make([]byte, 32<<10)
	answered := false
	for {
		n, err := c.f.Read(buf)
		if n > 0 {
			c.mu.Lock()
			c.out.Write(buf[:n])
			ask := !answered && bytes.Contains(c.out.Bytes(), []byte("\x1b]11;?"))
			c.mu.Unlock()
			if ask {
				answered = true
				c.f.Write([]byte("\x1b]11;rgb:1c1c/1c1c/1c1c\x07\x1b[?62;22c"))
			}
			select {
			case c.news <- struct{}{}:
			default:
			}
		}
		if err != nil {
			return
		}
	}
}

// size is how many bytes the server has drawn so far.
func (c *ptySSH) size() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.out.Len()
}

// waitFor waits until what was drawn after offset from holds text.
func (c *ptySSH) waitFor(from int, text string, d time.Duration) error {
	deadline := time.After(d)
	for {
		c.mu.Lock()
		ok := bytes.Contains(c.out.Bytes()[from:], []byte(text))
		c.mu.Unlock()
		if ok {
			return nil
		}
		select {
		case <-c.news:
		case <-c.done:
			return fmt.Errorf("ssh exited (%d) waiting for %q", c.code, text)
		case <-deadline:
			return fmt.Errorf("no %q within %v", text, d)
		}
	}
}

// vmRSS is a process's resident set size in kB, from /proc.
func vmRSS(t testing.TB, pid int) int {
	t.Helper()
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		t.Skipf("no /proc/%d/status (%v): RSS cannot be measured here", pid, err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
			return kb
		}
	}
	t.Fatal("no VmRSS line")
	return 0
}

// tabKey is a tab's number key and text its pane draws.
type tabKey struct{ key, marker string }

// TestServeFiftySessions: 50 sessions over the real client at once, each
// switching tabs about once a second for 30 s (10 for 5 s with -short):
// every key answered, every session quits with 0, and the server's RSS
// grows by at most 5 MB per session (asserted on a build without -race).
func TestServeFiftySessions(t *testing.T) {
	sessions, length := 50, 30*time.Second
	if testing.Short() {
		sessions, length = 10, 5*time.Second
	}
	p := startServe(t, binary, "max_sessions = 60\n")
	pid := p.cmd.Process.Pid
	before := vmRSS(t, pid)

	clients := make([]*ptySSH, sessions)
	var wg sync.WaitGroup
	errs := make(chan error, sessions*100)
	connectStart := time.Now()
	for i := range clients {
		c, err := startPTY(p, "admin")
		if err != nil {
			t.Fatal(err)
		}
		clients[i] = c
		t.Cleanup(func() { c.cmd.Process.Kill(); <-c.done })
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := c.waitFor(0, "alice@laptop", 30*time.Second); err != nil {
				errs <- fmt.Errorf("session %d: first screen: %v", i, err)
			}
		}()
	}
	wg.Wait()
	connected := time.Since(connectStart)
	afterConnect := vmRSS(t, pid)

	keys := []tabKey{{"1", "Set up Duo"}, {"4", "nobody yet (press u)"}}
	if c := clients[0]; c.waitFor(0, " 2 Users ", 0) == nil {
		keys = append(keys, tabKey{"2", "from the Admin API"})
	}
	var mu sync.Mutex
	var latencies []time.Duration
	end := time.Now().Add(length)
	for i, c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tick := time.NewTicker(time.Second)
			defer tick.Stop()
			for k := i; time.Now().Before(end); k++ {
				tk := keys[k%len(keys)]
				from, sent := c.size(), time.Now()
				c.f.Write([]byte(tk.key))
				if err := c.waitFor(from, tk.marker, 10*time.Second); err != nil {
					errs <- fmt.Errorf("session %d, key %s: %v", i, tk.key, err)
					return
				}
				mu.Lock()
				latencies = append(latencies, time.Since(sent))
				mu.Unlock()
				<-tick.C
			}
		}()
	}
	peak := afterConnect
	sampling := time.NewTicker(250 * time.Millisecond)
	for time.Now().Before(end) {
		<-sampling.C
		peak = max(peak, vmRSS(t, pid))
	}
	sampling.Stop()
	wg.Wait()

	for _, c := range clients {
		c.f.Write([]byte("q"))
	}
	for i, c := range clients {
		select {
		case <-c.done:
			if c.code != 0 {
				errs <- fmt.Errorf("session %d: ssh exit %d after q", i, c.code)
			}
		case <-time.After(15 * time.Second):
			errs <- fmt.Errorf("session %d still open 15 s after q", i)
		}
	}
	close(errs)
	for err := range errs {
		t.Error(err)
	}

	slices.Sort(latencies)
	pct := func(q float64) time.Duration {
		if len(latencies) == 0 {
			return 0
		}
		return latencies[int(q*float64(len(latencies)-1))].Round(time.Millisecond)
	}
	perSession := float64(peak-before) / float64(sessions) / 1024
	build := "built without -race"
	if raceEnabled {
		build = "built with -race (memory figures inflated; budget not asserted)"
	}
	t.Logf("%d sessions for %v, server %s: all connected in %v; %d tab switches, key → redraw p50 %v p99 %v max %v",
		sessions, length, build, connected.Round(time.Millisecond), len(latencies), pct(0.5), pct(0.99), pct(1))
	t.Logf("server RSS: %.1f MB before, %.1f MB with %d connected, %.1f MB peak — %.2f MB per session (budget 5 MB)",
		float64(before)/1024, float64(afterConnect)/1024, sessions, float64(peak)/1024, perSession)
	if !raceEnabled && perSession > 5 {
		t.Errorf("RSS grew %.2f MB per session, over the 5 MB budget", perSession)
	}
	logs := p.log.String()
	if n := strings.Count(logs, "login "); n != sessions {
		t.Errorf("%d logins logged, want %d", n, sessions)
	}
	if n := strings.Count(logs, ": quit after"); n != sessions {
		t.Errorf("%d logouts by quit logged, want %d", n, sessions)
	}
	for _, bad := range []string{"refused", "failed", "error"} {
		if strings.Contains(logs, bad) {
			t.Errorf("the server log says %q:\n%s", bad, logs)
		}
	}
}
