package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"sync"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
	"github.com/charmbracelet/wish/bubbletea"
	"github.com/muesli/termenv"
	gossh "golang.org/x/crypto/ssh"

	"duotui/ui/common"
)

// Config is what New needs. Zero limits mean no limit.
type Config struct {
	Listen             string // host:port
	HostKeyPath        string // generated on first start
	AuthorizedKeysPath string
	IdleTimeout        time.Duration // no input for this long ends a session
	MaxSessions        int           // sessions open at once; more are refused
	MaxSession         time.Duration // longest a session may last

	// Env is shared by every session: the Duo clients, roster, history and
	// audit log.
	Env *common.Env
	// App builds one session's model. It is called once per SSH session,
	// from that session's goroutine.
	App func(*common.Session) tea.Model
	// Log receives one line per login, logout, refusal and key file change.
	Log io.Writer
}

// Server serves the app over SSH. Sessions share Config.Env and nothing else.
type Server struct {
	cfg     Config
	log     *log.Logger
	keys    *KeyFile
	signer  gossh.Signer
	created bool
	ssh     *ssh.Server

	mu       sync.Mutex
	ln       net.Listener
	sessions map[*conn]struct{}
	bySess   map[ssh.Session]*conn
	closing  bool
	active   sync.WaitGroup // session handlers still running
}

// New loads (or creates) the host key and reads the authorized_keys file.
// It does not listen yet: see Listen and Serve.
func New(cfg Config) (*Server, error) {
	if cfg.Env == nil || cfg.App == nil {
		return nil, errors.New("serve.New needs an Env and an App")
	}
	if cfg.Log == nil {
		cfg.Log = io.Discard
	}
	s := &Server{cfg: cfg, log: log.New(cfg.Log, "", log.LstdFlags), sessions: map[*conn]struct{}{}, bySess: map[ssh.Session]*conn{}}
	signer, created, err := LoadHostKey(cfg.HostKeyPath)
	if err != nil {
		return nil, err
	}
	s.signer, s.created = signer, created
	if s.keys, err = OpenKeyFile(cfg.AuthorizedKeysPath, func(line string) { s.log.Print(line) }); err != nil {
		return nil, err
	}
	s.ssh, err = wish.NewServer(
		wish.WithAddress(cfg.Listen),
		wish.WithVersion("duotui"),
		func(srv *ssh.Server) error { srv.AddHostKey(signer); return nil },
		wish.WithPublicKeyAuth(s.authorize),
		wish.WithMiddleware(
			bubbletea.MiddlewareWithProgramHandler(s.program, termenv.Ascii),
			s.session,
		),
	)
	if err != nil {
		return nil, err
	}
	s.ssh.ConnectionFailedCallback = func(c net.Conn, err error) {
		s.logf("connection from %s failed: %v", c.RemoteAddr(), err)
	}
	if cfg.IdleTimeout > 0 {
		// A backstop for connections that never open a session (a stalled
		// handshake, a forgotten multiplexing master): sessions themselves
		// end sooner, with a message, on input alone.
		s.ssh.IdleTimeout = cfg.IdleTimeout + 30*time.Second
	}
	return s, nil
}

// HostKeyFingerprint is the host key's SHA256 fingerprint, which clients
// are asked to confirm on first connection.
func (s *Server) HostKeyFingerprint() string { return gossh.FingerprintSHA256(s.signer.PublicKey()) }

// HostKeyCreated reports whether New generated the host key.
func (s *Server) HostKeyCreated() bool { return s.created }

// Keys returns the authorized keys and the bad lines, as last read.
func (s *Server) Keys() (*Keys, []LineError) { return s.keys.Keys() }

// Listen binds Config.Listen and returns the address bound (useful with
// port 0).
func (s *Server) Listen() (net.Addr, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ln != nil {
		return s.ln.Addr(), nil
	}
	ln, err := net.Listen("tcp", s.cfg.Listen)
	if err != nil {
		return nil, fmt.Errorf("cannot listen on %s (%v) — choose a free address with --listen", s.cfg.Listen, err)
	}
	s.ln = ln
	return ln.Addr(), nil
}

// Serve accepts connections until Shutdown, listening first if Listen was
// not called. It returns nil after Shutdown.
func (s *Server) Serve() error {
	if _, err := s.Listen(); err != nil {
		return err
	}
	s.mu.Lock()
	ln := s.ln
	s.mu.Unlock()
	err := s.ssh.Serve(ln)
	if errors.Is(err, ssh.ErrServerClosed) {
		return nil
	}
	return err
}

// Sessions is how many sessions are open.
func (s *Server) Sessions() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.sessions)
}

// Shutdown stops accepting connections, tells every session that duotui is
// shutting down and ends it, then waits for the clients to leave — at most
// until ctx ends, when it closes what is left.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	s.closing = true
	open := make([]*conn, 0, len(s.sessions))
	for c := range s.sessions {
		open = append(open, c)
	}
	s.mu.Unlock()
	for _, c := range open {
		c.end(endShutdown)
	}
	done := make(chan struct{})
	go func() {
		s.active.Wait()
		close(done)
	}()
	var err error
	select {
	case <-done:
		// Every session has sent its goodbye and exit status; give the
		// clients a moment to hang up themselves, so they see a clean close.
		grace, cancel := context.WithTimeout(ctx, time.Second)
		defer cancel()
		if s.ssh.Shutdown(grace) != nil {
			err = s.ssh.Close()
		}
	case <-ctx.Done():
		err = errors.Join(ctx.Err(), s.ssh.Close())
	}
	s.mu.Lock()
	if s.ln != nil {
		s.ln.Close() // Serve never ran: the listener is still ours
	}
	s.mu.Unlock()
	if errors.Is(err, ssh.ErrServerClosed) || errors.Is(err, net.ErrClosed) {
		err = nil
	}
	return err
}

func (s *Server) logf(format string, args ...any) { s.log.Printf(format, args...) }
