package serve

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"duotui/model"
)

// TestSessionIdentity: each key's session is its own Actor (fingerprint,
// name, address) with the file's role, and its audit records say so.
func TestSessionIdentity(t *testing.T) {
	ts := startServer(t, nil)
	tests := []struct {
		name string
		key  byte
		who  string
		role string
	}{
		{"admin", 1, "alice", "admin"},
		{"viewer", 2, "helpdesk", "viewer"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			pub, _ := testKey(t, tc.key)
			fp := gossh.FingerprintSHA256(pub)
			c := ts.open(t, tc.key, true, "")
			c.waitOut(fmt.Sprintf("%s (%s) from 127.0.0.1:", fp, tc.who))
			c.waitOut("as " + tc.role + " at 80x24 reveal=false") // even an admin: saved secrets stay masked
			c.press("r")
			c.waitOut("recorded 1 (<nil>)")
			c.press("q")
			if code := c.exit(5 * time.Second); code != 0 {
				t.Errorf("exit status %d after q, want 0", code)
			}
			page, err := ts.audit.Read(model.AuditQuery{})
			if err != nil {
				t.Fatal(err)
			}
			last := page.Records[0] // newest first
			local := c.conn.LocalAddr().String()
			if last.Actor != (model.Actor{KeyFingerprint: fp, KeyName: tc.who, RemoteAddr: local}) {
				t.Errorf("audit actor %+v, want %s (%s) from %s", last.Actor, fp, tc.who, local)
			}
			waitUntil(t, "the logout line", 5*time.Second, func() bool {
				return strings.Contains(ts.log.String(), "logout "+fp+" ("+tc.who+") from "+local+": quit after")
			})
			if !strings.Contains(ts.log.String(), "login "+fp+" ("+tc.who+") from "+local+" as "+tc.role) {
				t.Errorf("no login line in the log:\n%s", ts.log.String())
			}
		})
	}
}

// TestRefusals: what is refused, and the one line the client gets.
func TestRefusals(t *testing.T) {
	ts := startServer(t, func(c *Config) { c.MaxSessions = 1 })
	if _, err := ts.dial(t, 3); err == nil || !strings.Contains(err.Error(), "unable to authenticate") {
		t.Errorf("unknown key: %v, want refused", err)
	}
	first := ts.open(t, 1, true, "")
	first.waitOut("hello")
	tests := []struct {
		name    string
		pty     bool
		command string
		want    string
	}{
		{"beyond max sessions", true, "", "1 session is open, the most this server allows (serve.max_sessions) — try again later"},
		{"no terminal", false, "", "needs a terminal — connect with ssh -t"},
		{"a command", true, "ls", "runs no commands"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := ts.open(t, 2, tc.pty, tc.command)
			if code := c.exit(5 * time.Second); code != 1 {
				t.Errorf("exit status %d, want 1", code)
			}
			if got := strings.TrimSpace(c.stderr.String()); !strings.Contains(got, tc.want) || strings.Contains(got, "\n") {
				t.Errorf("stderr %q, want one line with %q", got, tc.want)
			}
		})
	}
	if !strings.Contains(ts.log.String(), "refused key "+gossh.FingerprintSHA256(mustPub(t, 3))) {
		t.Errorf("the unknown key is not in the log:\n%s", ts.log.String())
	}
}

func mustPub(t *testing.T, n byte) gossh.PublicKey {
	pub, _ := testKey(t, n)
	return pub
}

// TestTimeLimits: no input for IdleTimeout, or MaxSession in all, ends the
// session with a sentence; typing keeps an idle timer from firing.
func TestTimeLimits(t *testing.T) {
	tests := []struct {
		name  string
		tune  func(*Config)
		typeF time.Duration // keep typing this long first
		want  string
		min   time.Duration
	}{
		{"idle", func(c *Config) { c.IdleTimeout = 300 * time.Millisecond }, 0, "disconnected after 300ms without input", 300 * time.Millisecond},
		{"typing keeps it open", func(c *Config) { c.IdleTimeout = 300 * time.Millisecond }, 900 * time.Millisecond, "disconnected after 300ms without input", 1200 * time.Millisecond},
		{"max session", func(c *Config) { c.MaxSession = 600 * time.Millisecond; c.IdleTimeout = time.Hour }, 900 * time.Millisecond, "reached its 600ms limit", 600 * time.Millisecond},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ts := startServer(t, tc.tune)
			start := time.Now()
			c := ts.open(t, 1, true, "")
			c.waitOut("hello")
		typing:
			for time.Since(start) < tc.typeF {
				select {
				case err := <-c.done:
					if !strings.Contains(tc.want, "limit") {
						t.Fatalf("ended while typing: %q", c.stderr.String())
					}
					c.done <- err
					break typing
				case <-time.After(50 * time.Millisecond):
					c.in.Write([]byte("x"))
				}
			}
			if code := c.exit(5 * time.Second); code != 1 {
				t.Errorf("exit status %d, want 1", code)
			}
			if took := time.Since(start); took < tc.min {
				t.Errorf("ended after %v, before %v", took, tc.min)
			}
			if !strings.Contains(c.stderr.String(), tc.want) {
				t.Errorf("stderr %q, want %q", c.stderr.String(), tc.want)
			}
		})
	}
}

// TestShutdownTellsEverySession: each open session is told and closed,
// Shutdown returns promptly, and nobody new gets in.
func TestShutdownTellsEverySession(t *testing.T) {
	ts := startServer(t, nil)
	var cs []*client
	for i := range 3 {
		c := ts.open(t, byte(1+i%2), true, "")
		c.waitOut("hello")
		cs = append(cs, c)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	start := time.Now()
	if err := ts.Shutdown(ctx); err != nil {
		t.Errorf("Shutdown: %v", err)
	}
	t.Logf("Shutdown took %v with 3 sessions", time.Since(start))
	for i, c := range cs {
		if code := c.exit(time.Second); code != 1 || !strings.Contains(c.stderr.String(), "duotui is shutting down") {
			t.Errorf("session %d: status %d, stderr %q", i, code, c.stderr.String())
		}
	}
	if time.Since(start) > 4*time.Second {
		t.Errorf("shutdown took %v", time.Since(start))
	}
	if _, err := ts.dial(t, 1); err == nil || !errNet(err) {
		t.Errorf("dial after shutdown: %v, want refused", err)
	}
}

// TestKeysChangeWithoutRestart: a key added to the file logs in at once; a
// removed key no longer does.
func TestKeysChangeWithoutRestart(t *testing.T) {
	ts := startServer(t, nil)
	if _, err := ts.dial(t, 3); err == nil {
		t.Fatal("key 3 got in before it was added")
	}
	writeKeys(t, ts.keyPath, keyText(t, 3)+" carol\n")
	conn, err := ts.dial(t, 3)
	if err != nil {
		t.Fatalf("key 3 after adding it: %v", err)
	}
	conn.Close()
	if _, err := ts.dial(t, 1); err == nil {
		t.Error("key 1 still gets in after its removal")
	}
}

// TestConcurrentSessionsShareEnv: sessions write to the one audit log at
// once (run with -race), each record stamped with its own session.
func TestConcurrentSessionsShareEnv(t *testing.T) {
	const sessions, records = 8, 5
	ts := startServer(t, nil)
	var wg sync.WaitGroup
	addrs := make([]string, sessions)
	errs := make(chan error, sessions)
	for i := range sessions {
		c := ts.open(t, byte(1+i%2), true, "")
		addrs[i] = c.conn.LocalAddr().String()
		// Keys typed before the first frame go to the renderer's terminal
		// query, as type-ahead does with any SSH app served by wish.
		c.waitOut("at 80x24")
		wg.Add(1)
		go func() {
			defer wg.Done()
			// One key at a time: keys arriving in one read are one KeyMsg.
			for n := 1; n <= records; n++ {
				if _, err := c.in.Write([]byte("r")); err != nil {
					errs <- err
					return
				}
				deadline := time.Now().Add(5 * time.Second)
				for !c.has(fmt.Sprintf("recorded %d ", n)) {
					if time.Now().After(deadline) {
						errs <- fmt.Errorf("%s: record %d not acknowledged", addrs[i], n)
						return
					}
					time.Sleep(5 * time.Millisecond)
				}
			}
			c.in.Write([]byte("q"))
		}()
		t.Cleanup(func() { c.exit(5 * time.Second) })
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	waitUntil(t, "every record", 10*time.Second, func() bool {
		page, err := ts.audit.Read(model.AuditQuery{})
		return err == nil && len(page.Records) == sessions*records
	})
	page, _ := ts.audit.Read(model.AuditQuery{})
	per := map[string]int{}
	for _, r := range page.Records {
		per[r.Actor.RemoteAddr]++
	}
	for _, a := range addrs {
		if per[a] != records {
			t.Errorf("%s: %d records, want %d (all: %v)", a, per[a], records, per)
		}
	}
	if _, err := os.Stat(ts.audit.Path()); err != nil {
		t.Error(err)
	}
}
