package duotest

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"duotui/duo"
)

// Server is a running Duo simulator: an HTTPS server on loopback with an Auth
// API, an Admin API and a Web SDK application, users and their phones, a
// clock of its own and fault rules. All methods are safe for concurrent use.
type Server struct {
	URL  string // "https://127.0.0.1:PORT"
	Host string // "127.0.0.1:PORT", what goes in a client's host setting

	// Auth API application keys.
	IKey, SKey string
	// Admin API application keys.
	AdminIKey, AdminSKey string
	// Web SDK application credentials.
	ClientID, ClientSecret string

	cfg    config
	ca     *certAuthority
	badCA  *certAuthority // lazily made for FaultTLSUnknownCA
	ln     net.Listener
	hs     *http.Server
	ctx    context.Context
	cancel context.CancelFunc
	apps   map[string]*app
	offset atomic.Int64 // Duo's clock minus the local clock, in ns
	closed sync.Once
	done   chan struct{}

	mu       sync.RWMutex // guards everything below
	users    []*user
	byName   map[string]*user
	byID     map[string]*user
	enrolls  map[string]*enrollment // by bare activation code
	txs      map[string]*tx
	scripts  map[string][]Answer // by username: answers to the next pushes/calls
	credits  int
	jtis     map[string]time.Time
	adminCnt int

	faults faultSet

	trMu       sync.Mutex
	transports []*http.Transport

	logMu sync.Mutex
}

// Start starts a simulator, for use outside tests (duotui sim, duotui demo).
// The caller must Close it.
func Start(opts ...Option) (*Server, error) {
	cfg := defaultConfig()
	for _, o := range opts {
		o(&cfg)
	}
	cfg.keys.fill()
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return nil, fmt.Errorf("the Duo simulator cannot listen on %s (%w); choose a free loopback address such as 127.0.0.1:0", cfg.addr, err)
	}
	host, _, _ := net.SplitHostPort(ln.Addr().String())
	ca, err := newCertAuthority("duotest", host)
	if err != nil {
		ln.Close()
		return nil, fmt.Errorf("the Duo simulator could not make its TLS certificate (%w); check that the system's random source works", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &Server{
		Host:         ln.Addr().String(),
		IKey:         cfg.keys.IKey,
		SKey:         cfg.keys.SKey,
		AdminIKey:    cfg.keys.AdminIKey,
		AdminSKey:    cfg.keys.AdminSKey,
		ClientID:     cfg.keys.ClientID,
		ClientSecret: cfg.keys.ClientSecret,
		cfg:          cfg,
		ca:           ca,
		ctx:          ctx,
		cancel:       cancel,
		done:         make(chan struct{}),
		byName:       map[string]*user{},
		byID:         map[string]*user{},
		enrolls:      map[string]*enrollment{},
		txs:          map[string]*tx{},
		scripts:      map[string][]Answer{},
		jtis:         map[string]time.Time{},
		credits:      cfg.credits,
		adminCnt:     1,
	}
	s.URL = "https://" + s.Host
	s.apps = map[string]*app{
		s.IKey:      {appAuth, s.SKey},
		s.AdminIKey: {appAdmin, s.AdminSKey},
		s.ClientID:  {appWebSDK, s.ClientSecret},
	}
	s.offset.Store(int64(cfg.clockOffset))
	if err := s.loadUsers(); err != nil {
		ln.Close()
		cancel()
		return nil, err
	}
	for _, f := range cfg.faults {
		s.AddFault(f)
	}
	s.ln = tls.NewListener(ln, s.tlsConfig())
	s.hs = &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          nil,
		BaseContext:       func(net.Listener) context.Context { return ctx },
	}
	s.hs.SetKeepAlivesEnabled(true)
	go func() {
		defer close(s.done)
		if err := s.hs.Serve(s.ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.logf("serve: %v", err)
		}
	}()
	go s.janitor()
	return s, nil
}

// NewServer starts a simulator for a test or benchmark and closes it when
// tb's cleanup runs. It fails tb if the server cannot start.
func NewServer(tb testing.TB, opts ...Option) *Server {
	tb.Helper()
	s, err := Start(opts...)
	if err != nil {
		tb.Fatalf("duotest: %v", err)
	}
	tb.Cleanup(s.Close)
	return s
}

// Close stops the server: long polls and synchronous auths end, open
// transactions stop, listeners and idle client connections close.
func (s *Server) Close() {
	s.closed.Do(func() {
		s.cancel()
		s.mu.Lock()
		for _, t := range s.txs {
			t.stopTimers()
		}
		s.mu.Unlock()
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		if err := s.hs.Shutdown(ctx); err != nil {
			s.hs.Close()
		}
		<-s.done
		s.trMu.Lock()
		for _, tr := range s.transports {
			tr.CloseIdleConnections()
		}
		s.trMu.Unlock()
	})
}

// Config returns a duo.Config for the Auth API application, with an
// HTTPClient that trusts the simulator.
func (s *Server) Config() duo.Config {
	return duo.Config{Host: s.Host, IKey: s.IKey, SKey: duo.Secret(s.SKey), HTTPClient: s.HTTPClient()}
}

// AdminConfig returns a duo.Config for the Admin API application.
func (s *Server) AdminConfig() duo.Config {
	return duo.Config{Host: s.Host, IKey: s.AdminIKey, SKey: duo.Secret(s.AdminSKey), HTTPClient: s.HTTPClient()}
}

// WebSDKConfig returns a duo.Config for the Web SDK application (IKey is the
// client ID, SKey the client secret).
func (s *Server) WebSDKConfig() duo.Config {
	return duo.Config{Host: s.Host, IKey: s.ClientID, SKey: duo.Secret(s.ClientSecret), HTTPClient: s.HTTPClient()}
}

// Now returns Duo's clock: the local clock plus the offset.
func (s *Server) Now() time.Time { return time.Now().Add(time.Duration(s.offset.Load())) }

// ClockOffset returns how far Duo's clock is ahead of the local clock.
func (s *Server) ClockOffset() time.Duration { return time.Duration(s.offset.Load()) }

// SetClockOffset moves Duo's clock to the local clock plus d.
func (s *Server) SetClockOffset(d time.Duration) { s.offset.Store(int64(d)) }

// janitor forgets finished transactions and used JWT IDs after a while, so a
// long-running `duotui sim` does not grow without bound.
func (s *Server) janitor() {
	t := time.NewTicker(30 * time.Second)
	defer t.Stop()
	for {
		select {
		case <-s.ctx.Done():
			return
		case <-t.C:
			s.sweep(time.Now())
		}
	}
}

func (s *Server) sweep(now time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for id, t := range s.txs {
		if t.done && now.Sub(t.finished) > 10*time.Minute {
			delete(s.txs, id)
		}
	}
	for j, exp := range s.jtis {
		if now.After(exp) {
			delete(s.jtis, j)
		}
	}
}

func (s *Server) logf(format string, args ...any) {
	if s.cfg.log == nil {
		return
	}
	line := time.Now().Format("15:04:05.000") + " " + fmt.Sprintf(format, args...)
	if !strings.HasSuffix(line, "\n") {
		line += "\n"
	}
	s.logMu.Lock()
	io.WriteString(s.cfg.log, line)
	s.logMu.Unlock()
}
