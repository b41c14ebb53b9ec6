package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"
)

// appPTY is the real binary on a pseudo-terminal of its own, answering the
// background-colour query as a terminal emulator does.
type appPTY struct {
	cmd   *exec.Cmd
	f     *os.File
	mu    sync.Mutex
	out   bytes.Buffer
	news  chan struct{}
	start time.Time
}

func startAppPTY(tb testing.TB, args ...string) *appPTY {
	tb.Helper()
	home := tb.TempDir()
	cmd := exec.Command(binary, args...)
	cmd.Env = []string{"HOME=" + home, "PATH=" + os.Getenv("PATH"), "TERM=xterm-256color",
		"XDG_CONFIG_HOME=" + filepath.Join(home, ".config"), "XDG_STATE_HOME=" + filepath.Join(home, ".state")}
	a := &appPTY{cmd: cmd, news: make(chan struct{}, 1), start: time.Now()}
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 24, Cols: 80})
	if err != nil {
		tb.Fatal(err)
	}
	a.f = f
	go func() {
		buf := make([]byte, 32<<10)
		answered := 0
		for {
			n, err := f.Read(buf)
			if n > 0 {
				a.mu.Lock()
				a.out.Write(buf[:n])
				asked := bytes.Count(a.out.Bytes(), []byte("\x1b]11;?"))
				a.mu.Unlock()
				// Each renderer asks for the background colour, then the
				// cursor position to know the answer is complete.
				for ; answered < asked; answered++ {
					f.Write([]byte("\x1b]11;rgb:1c1c/1c1c/1c1c\x07\x1b[1;1R"))
				}
				select {
				case a.news <- struct{}{}:
				default:
				}
			}
			if err != nil {
				return
			}
		}
	}()
	return a
}

// waitFor returns how long after exec text first appeared.
func (a *appPTY) waitFor(tb testing.TB, text string) time.Duration {
	tb.Helper()
	deadline := time.After(20 * time.Second)
	for {
		a.mu.Lock()
		ok := bytes.Contains(a.out.Bytes(), []byte(text))
		a.mu.Unlock()
		if ok {
			return time.Since(a.start)
		}
		select {
		case <-a.news:
		case <-deadline:
			tb.Fatalf("no %q within 20 s", text)
		}
	}
}

func (a *appPTY) stop() {
	a.cmd.Process.Kill()
	a.cmd.Wait()
	a.f.Close()
}

// BenchmarkFirstFrame times exec → the first frame of `duotui demo` (its tab
// bar drawn) on an 80x24 pseudo-terminal, and reports the idle RSS of the
// last run a second after that frame. Budgets: first frame ≤ 150 ms, idle
// RSS ≤ 40 MB. Run it on a build without -race for figures worth quoting.
func BenchmarkFirstFrame(b *testing.B) {
	var frames []time.Duration
	for b.Loop() {
		a := startAppPTY(b, "demo")
		frames = append(frames, a.waitFor(b, "Activity"))
		a.stop()
	}
	b.StopTimer()
	a := startAppPTY(b, "demo")
	a.waitFor(b, "Activity")
	time.Sleep(2 * time.Second) // idle: nothing to wait on but time
	rss := vmRSS(b, a.cmd.Process.Pid)
	a.stop()
	slices.Sort(frames)
	b.ReportMetric(float64(frames[len(frames)/2].Microseconds())/1000, "p50-ms/first-frame")
	b.ReportMetric(float64(frames[len(frames)-1].Microseconds())/1000, "max-ms/first-frame")
	b.ReportMetric(float64(rss)/1024, "idle-RSS-MB")
}

// BenchmarkServeSessionRSS opens b.N SSH sessions with the real ssh client
// against `duotui serve --demo`, each waiting for its first screen, and
// reports the server's RSS growth per session (budget ≤ 5 MB) and its idle
// RSS before the first session.
func BenchmarkServeSessionRSS(b *testing.B) {
	p := startServe(b, binary, "max_sessions = 1000\n")
	pid := p.cmd.Process.Pid
	before := vmRSS(b, pid)
	var clients []*ptySSH
	b.Cleanup(func() {
		for _, c := range clients {
			c.cmd.Process.Kill()
			<-c.done
		}
	})
	for b.Loop() {
		c, err := startPTY(p, "admin")
		if err != nil {
			b.Fatal(err)
		}
		clients = append(clients, c)
		if err := c.waitFor(0, "alice@laptop", 30*time.Second); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	time.Sleep(time.Second) // let the sessions settle into idle
	after := vmRSS(b, pid)
	b.ReportMetric(float64(before)/1024, "idle-RSS-MB")
	b.ReportMetric(float64(after-before)/1024/float64(len(clients)), "MB/session")
}
