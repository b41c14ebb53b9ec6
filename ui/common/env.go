package common

import (
	"context"
	"fmt"
	"io"
	"sync"
	"time"

	"duotui/config"
	"duotui/duo"
	"duotui/model"
)

// Env is what every session of one process shares: the Duo clients, the
// roster, the transaction history and the audit log. The clients can be
// replaced (the setup wizard saves new keys) while other SSH sessions use the
// old ones, so they sit behind a lock; everything else is safe for concurrent
// use on its own.
type Env struct {
	Roster *model.Roster
	Txs    *model.TxHistory
	Audit  *model.AuditLog // nil when the audit log could not be opened
	Sim    Sim             // non-nil only in `duotui demo`

	ConfigPath string
	Profile    string
	Getenv     func(string) string
	Trace      io.Writer
	Now        func() time.Time

	mu      sync.RWMutex
	file    *config.File
	creds   config.Credentials
	auth    *duo.Client
	admin   *duo.Client
	websdk  *duo.Client
	authErr error // why there is no usable Auth API client
	clock   ClockReading
}

// ClockReading is the latest measurement of Duo's clock. Sessions share it,
// so fifty SSH logins do not each ping Duo a dozen times to learn the same
// offset; the Clock pane measures again only when asked or when it is old.
type ClockReading struct {
	Host string
	Est  model.ClockEstimate
	At   time.Time
}

// LastClock returns the latest reading of host's clock taken within maxAge
// of now.
func (e *Env) LastClock(host string, now time.Time, maxAge time.Duration) (ClockReading, bool) {
	e.mu.RLock()
	defer e.mu.RUnlock()
	r := e.clock
	ok := r.Host != "" && r.Host == host && r.Est.Known() && now.Sub(r.At) <= maxAge
	return r, ok
}

// SetClock keeps a finished measurement for the other sessions.
func (e *Env) SetClock(r ClockReading) {
	e.mu.Lock()
	e.clock = r
	e.mu.Unlock()
}

// Clients is one consistent set of clients; any may be nil.
type Clients struct {
	Auth, Admin, WebSDK *duo.Client
	Creds               config.Credentials
	File                *config.File
	// AuthErr says why Auth is nil or not yet proven (no keys, bad format).
	AuthErr error
}

// Clients returns the current clients.
func (e *Env) Clients() Clients {
	e.mu.RLock()
	defer e.mu.RUnlock()
	return Clients{Auth: e.auth, Admin: e.admin, WebSDK: e.websdk, Creds: e.creds, File: e.file, AuthErr: e.authErr}
}

// Load reads the config file and (re)builds the clients from it and the
// environment. A config error is returned and leaves the Env without clients,
// so the wizard can start and fix it.
func (e *Env) Load(ctx context.Context) error {
	getenv := e.Getenv
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	f, err := config.Load(e.ConfigPath)
	if err != nil && f == nil {
		e.set(nil, config.Credentials{}, Clients{AuthErr: err})
		return err
	}
	creds, rerr := f.ResolveContext(ctx, e.Profile, getenv)
	if rerr != nil {
		e.set(f, creds, Clients{AuthErr: rerr})
		return rerr
	}
	cl, cerr := BuildClients(creds, e.Trace, e.Now)
	e.set(f, creds, cl)
	if err != nil {
		return err
	}
	return cerr
}

// SetClients installs clients built elsewhere (the demo's simulator, tests).
func (e *Env) SetClients(f *config.File, creds config.Credentials, cl Clients) {
	e.set(f, creds, cl)
}

func (e *Env) set(f *config.File, creds config.Credentials, cl Clients) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.file, e.creds = f, creds
	e.auth, e.admin, e.websdk, e.authErr = cl.Auth, cl.Admin, cl.WebSDK, cl.AuthErr
}

// BuildClients makes the Auth, Admin and Web SDK clients the credentials
// allow. AuthErr in the result says why there is no Auth API client.
func BuildClients(c config.Credentials, trace io.Writer, now func() time.Time) (Clients, error) {
	var cl Clients
	cl.Creds = c
	base := duo.Config{
		Host:    c.Host.Value,
		CAFile:  c.CAFile.Value,
		Proxy:   c.Proxy.Value,
		Timeout: c.Timeout,
		Trace:   trace,
		Now:     now,
	}
	var firstErr error
	mk := func(ikey string, skey config.Secret) *duo.Client {
		cfg := base
		cfg.IKey, cfg.SKey = ikey, duo.Secret(skey)
		cl, err := duo.NewClient(cfg)
		if err != nil && firstErr == nil {
			firstErr = err
		}
		return cl
	}
	if err := c.AuthReady(); err != nil {
		cl.AuthErr = err
	} else {
		cl.Auth = mk(c.IKey.Value, c.SKey.Value)
	}
	if c.AdminReady() == nil {
		cl.Admin = mk(c.AdminIKey.Value, c.AdminSKey.Value)
	}
	if c.WebSDKReady() == nil {
		cl.WebSDK = mk(c.ClientID.Value, c.ClientSecret.Value)
	}
	if firstErr != nil {
		return cl, fmt.Errorf("%s", duo.Explain(firstErr))
	}
	return cl, nil
}

// Role limits what a session may do. Local sessions are admins; SSH keys
// carry a role from the serve configuration.
type Role int

const (
	RoleAdmin  Role = iota
	RoleViewer      // no sends, no enrolls, no setup; secrets masked
)

// CanAct reports whether the role may send, enroll or change setup.
func (r Role) CanAct() bool { return r == RoleAdmin }

func (r Role) String() string {
	if r == RoleViewer {
		return "viewer"
	}
	return "admin"
}

// Session is one user's view of the Env: who they are and how they see it.
// Each local run or SSH connection has its own.
type Session struct {
	*Env
	Ctx    context.Context // cancelled when the session ends
	Actor  model.Actor
	Role   Role
	Theme  Theme
	Demo   bool // banner: a simulated Duo
	Import string
	// Remote is set for an SSH session (duotui serve). A secret already
	// saved never reaches its screen, whatever the role: an administrator
	// may replace it there, not read it. See MayReveal.
	Remote bool
}

// MayReveal reports whether a saved secret may be shown on this session's
// screen: a local administrator may, a viewer or any SSH session may not.
func (s *Session) MayReveal() bool { return s.Role.CanAct() && !s.Remote }

// Sim lets the demo answer the simulated phone from the keyboard. It is
// implemented over the simulator by `duotui demo`; the UI never imports it.
type Sim interface {
	// Pending lists the pushes and calls waiting for the phone's answer.
	Pending() []SimPrompt
	// Answer approves or denies one of them.
	Answer(txid string, approve bool) error
}

// SimPrompt is a push or call waiting on the simulated phone.
type SimPrompt struct {
	TxID, User, Factor, Device string
	Since                      time.Time
}

// Record appends an audit record when the log is open, stamping the actor;
// a failure to write is returned for the status bar but loses nothing else.
func (s *Session) Record(r model.AuditRecord) error {
	if s.Audit == nil {
		return nil
	}
	if r.Actor == (model.Actor{}) {
		r.Actor = s.Actor
	}
	return s.Audit.Append(r)
}
