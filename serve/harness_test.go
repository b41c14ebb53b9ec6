package serve

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	gossh "golang.org/x/crypto/ssh"

	"duotui/model"
	"duotui/ui/common"
)

// fakeApp stands in for the ui package (which serve must not import): it
// shows who the session is and records an audit line on r.
type fakeApp struct {
	s        *common.Session
	block    <-chan struct{} // what b waits for
	w, h     int
	recorded int
	status   string
}

func (a *fakeApp) Init() tea.Cmd { return nil }

func (a *fakeApp) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		a.w, a.h = msg.Width, msg.Height
	case tea.KeyMsg:
		switch msg.String() {
		case "q":
			return a, tea.Quit
		case "!":
			panic("the fake app fails on !")
		case "b":
			block := a.block
			a.status = "blocked"
			return a, func() tea.Msg { <-block; return recordedMsg{} }
		case "r":
			s := a.s
			return a, func() tea.Msg {
				return recordedMsg{s.Record(model.AuditRecord{Time: time.Now(), Action: model.ActionCheck, Result: "ok"})}
			}
		}
	case recordedMsg:
		a.recorded++
		a.status = fmt.Sprintf("recorded %d (%v)", a.recorded, msg.err)
	}
	return a, nil
}

type recordedMsg struct{ err error }

func (a *fakeApp) View() string {
	return fmt.Sprintf("hello %s\n%s\nas %s at %dx%d reveal=%v\n%s",
		a.s.Theme.Error.Render("red"), a.s.Actor, a.s.Role, a.w, a.h, a.s.MayReveal(), a.status)
}

// testServer is a Server on a loopback port with three keys: 1 alice
// (admin), 2 helpdesk (viewer); 3 is not in the file.
type testServer struct {
	*Server
	addr    string
	keyPath string
	audit   *model.AuditLog
	block   chan struct{} // closed at the end of the test
	log     *lockedBuffer
}

func startServer(t *testing.T, tune func(*Config)) *testServer {
	t.Helper()
	dir := t.TempDir()
	keyPath := filepath.Join(dir, "authorized_keys")
	writeKeys(t, keyPath, keyText(t, 1)+" alice\n"+`environment="DUOTUI_ROLE=viewer" `+keyText(t, 2)+" helpdesk\n")
	audit, err := model.OpenAuditLog(filepath.Join(dir, "audit.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { audit.Close() })
	logs := &lockedBuffer{}
	block := make(chan struct{})
	t.Cleanup(func() { close(block) })
	cfg := Config{
		Listen: "127.0.0.1:0", HostKeyPath: filepath.Join(dir, "host_key"), AuthorizedKeysPath: keyPath,
		Env: &common.Env{Audit: audit, Now: time.Now},
		App: func(s *common.Session) tea.Model { return &fakeApp{s: s, block: block} },
		Log: logs,
	}
	if tune != nil {
		tune(&cfg)
	}
	srv, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	addr, err := srv.Listen()
	if err != nil {
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve() }()
	t.Cleanup(func() {
		srv.ssh.Close()
		if err := <-served; err != nil {
			t.Errorf("Serve: %v", err)
		}
		if t.Failed() {
			t.Logf("server log:\n%s", logs.String())
		}
	})
	return &testServer{Server: srv, addr: addr.String(), keyPath: keyPath, audit: audit, log: logs, block: block}
}

// lockedBuffer is a bytes.Buffer safe for a writer and a poller.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// client is one SSH session to the test server.
type client struct {
	t      *testing.T
	conn   *gossh.Client
	sess   *gossh.Session
	in     io.WriteCloser
	out    *lockedBuffer
	stderr *lockedBuffer
	done   chan error
}

// dial authenticates with test key n.
func (ts *testServer) dial(t *testing.T, n byte) (*gossh.Client, error) {
	t.Helper()
	_, signer := testKey(t, n)
	return gossh.Dial("tcp", ts.addr, &gossh.ClientConfig{
		User: "anyone", Auth: []gossh.AuthMethod{gossh.PublicKeys(signer)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 5 * time.Second,
	})
}

// open starts a terminal session with key n, or with no command and no
// terminal when pty is false.
func (ts *testServer) open(t *testing.T, n byte, pty bool, command string) *client {
	t.Helper()
	return ts.openTerm(t, n, pty, command, "xterm-256color")
}

// openTerm is open with the client's TERM.
func (ts *testServer) openTerm(t *testing.T, n byte, pty bool, command, term string) *client {
	t.Helper()
	conn, err := ts.dial(t, n)
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	sess, err := conn.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	c := &client{t: t, conn: conn, sess: sess, out: &lockedBuffer{}, stderr: &lockedBuffer{}, done: make(chan error, 1)}
	t.Cleanup(func() { conn.Close() })
	sess.Stdout, sess.Stderr = c.out, c.stderr
	if c.in, err = sess.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	if pty {
		if err := sess.RequestPty(term, 24, 80, gossh.TerminalModes{}); err != nil {
			t.Fatal(err)
		}
		// Answer the renderer's background query as a terminal would
		// (a primary device attributes report), so it does not wait.
		io.WriteString(c.in, "\x1b[?62;22c")
	}
	if command == "" {
		err = sess.Shell()
	} else {
		err = sess.Start(command)
	}
	if err != nil {
		t.Fatal(err)
	}
	go func() { c.done <- sess.Wait() }()
	return c
}

func (c *client) press(keys string) {
	c.t.Helper()
	if _, err := io.WriteString(c.in, keys); err != nil {
		c.t.Fatalf("typing %q: %v", keys, err)
	}
}

// has reports whether the output holds text.
func (c *client) has(text string) bool { return strings.Contains(c.out.String(), text) }

// waitOut waits until the output holds text.
func (c *client) waitOut(text string) {
	c.t.Helper()
	waitUntil(c.t, fmt.Sprintf("output %q", text), 5*time.Second, func() bool { return strings.Contains(c.out.String(), text) })
}

// exit waits for the session to end and returns its exit status.
func (c *client) exit(within time.Duration) int {
	c.t.Helper()
	select {
	case err := <-c.done:
		var ee *gossh.ExitError
		switch {
		case err == nil:
			return 0
		case errors.As(err, &ee):
			return ee.ExitStatus()
		}
		c.t.Fatalf("session ended without a status: %v", err)
	case <-time.After(within):
		c.t.Fatalf("session still open after %v; output %q", within, c.out.String())
	}
	return -1
}

// waitUntil polls ok until the deadline. The server is a black box over a
// socket here, so there is no event to wait on.
func waitUntil(t *testing.T, what string, d time.Duration, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("waited %v for %s", d, what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// errNet reports whether err is a refused or closed connection.
func errNet(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) || errors.Is(err, io.EOF) || errors.Is(err, os.ErrDeadlineExceeded)
}
