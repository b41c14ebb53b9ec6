package serve

import (
	"context"
	"fmt"
	"runtime/debug"
	"strconv"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish/bubbletea"
	gossh "golang.org/x/crypto/ssh"

	"duotui/config"
	"duotui/model"
	"duotui/ui/common"
)

// The key's identity travels from authentication to the session in the
// connection's permissions, so a later edit of authorized_keys cannot
// change who an open connection is.
const (
	extFingerprint = "duotui-key-fingerprint"
	extName        = "duotui-key-name"
	extRole        = "duotui-key-role"
)

// authorize lets in the public keys of the authorized_keys file. Passwords
// and keyboard-interactive have no handler, so the server never offers them.
func (s *Server) authorize(ctx ssh.Context, pub ssh.PublicKey) bool {
	k, ok := s.keys.Lookup(pub)
	if !ok {
		s.logf("refused key %s from %s: not in %s", gossh.FingerprintSHA256(pub), ctx.RemoteAddr(), s.keys.Path())
		return false
	}
	p := ctx.Permissions()
	if p.Extensions == nil {
		p.Extensions = map[string]string{}
	}
	p.Extensions[extFingerprint] = k.Fingerprint
	p.Extensions[extName] = k.Name
	p.Extensions[extRole] = k.Role.String()
	return true
}

// identity is who a session is, from the key it authenticated with.
func identity(sess ssh.Session) (model.Actor, common.Role) {
	ext := sess.Permissions().Extensions
	role := common.RoleViewer // never more than the file said
	if ext[extRole] == common.RoleAdmin.String() {
		role = common.RoleAdmin
	}
	return model.Actor{
		KeyFingerprint: ext[extFingerprint],
		KeyName:        ext[extName],
		RemoteAddr:     sess.RemoteAddr().String(),
	}, role
}

// session wraps the Bubble Tea middleware: it admits the session within
// the limits, logs it in and out, and tells the user why it ended when that
// was not their own choice.
func (s *Server) session(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		actor, role := identity(sess)
		if _, _, ok := sess.Pty(); !ok {
			s.refuse(sess, actor, "duotui serve shows a full-screen app, which needs a terminal — connect with ssh -t")
			return
		}
		if len(sess.Command()) > 0 {
			s.refuse(sess, actor, "duotui serve runs no commands — connect without one, like ssh -p PORT HOST")
			return
		}
		c, why := s.admit(sess, actor, role)
		if why != "" {
			s.refuse(sess, actor, why)
			return
		}
		defer s.release(c)
		s.logf("login %s as %s (%d open)", actor, role, s.Sessions())
		reason := s.run(next, c)
		s.logf("logout %s: %s after %s", actor, s.explainLog(reason), time.Since(c.start).Round(time.Second))
		if msg := s.explainUser(reason); msg != "" {
			fmt.Fprintln(sess.Stderr(), msg)
			_ = sess.Exit(1)
		}
	}
}

// run runs the program through next, surviving a panic in this session
// without taking the others down.
func (s *Server) run(next ssh.Handler, c *conn) (reason endReason) {
	defer func() {
		if r := recover(); r != nil {
			s.logf("session of %s failed: %v\n%s", c.actor, r, debug.Stack())
			c.finish()
			reason = endFailed
		}
	}()
	next(c.sess)
	return c.finish()
}

// refuse tells the client why in one line and ends the session.
func (s *Server) refuse(sess ssh.Session, actor model.Actor, why string) {
	s.logf("refused session of %s: %s", actor, why)
	fmt.Fprintln(sess.Stderr(), why)
	_ = sess.Exit(1)
}

// admit registers a session, or says why it may not start.
func (s *Server) admit(sess ssh.Session, actor model.Actor, role common.Role) (*conn, string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.closing:
		return nil, "duotui is shutting down — connect again when it is back"
	case s.cfg.MaxSessions > 0 && len(s.sessions) >= s.cfg.MaxSessions:
		n := strconv.Itoa(len(s.sessions)) + " sessions are"
		if len(s.sessions) == 1 {
			n = "1 session is"
		}
		return nil, "duotui: " + n + " open, the most this server allows (serve.max_sessions) — try again later"
	}
	c := &conn{sess: sess, actor: actor, role: role, start: time.Now()}
	c.lastInput.Store(c.start.UnixNano())
	s.sessions[c] = struct{}{}
	s.bySess[sess] = c
	s.active.Add(1)
	return c, ""
}

func (s *Server) release(c *conn) {
	s.mu.Lock()
	delete(s.sessions, c)
	delete(s.bySess, c.sess)
	s.mu.Unlock()
	s.active.Done()
}

// program builds a session's program: its own renderer (the client's colour
// profile and background), its own common.Session over the shared Env.
func (s *Server) program(sess ssh.Session) *tea.Program {
	s.mu.Lock()
	c := s.bySess[sess]
	s.mu.Unlock()
	if c == nil {
		return nil // not admitted: session has already refused it
	}
	ctx, cancel := context.WithCancel(sess.Context())
	cs := &common.Session{
		Env:   s.cfg.Env,
		Ctx:   ctx,
		Actor: c.actor,
		Role:  c.role,
		Theme: common.NewTheme(bubbletea.MakeRenderer(sess)),
		// Saved secrets stay masked, even for an admin (ui/common.MayReveal).
		Remote: true,
	}
	opts := append(bubbletea.MakeOptions(sess),
		tea.WithAltScreen(),
		// SIGTERM is the server's to handle: every program would quit at
		// once, before its session is told why.
		tea.WithoutSignalHandler(),
		tea.WithFilter(c.filter),
	)
	p := tea.NewProgram(s.cfg.App(cs), opts...)
	c.started(p, cancel)
	if s.cfg.IdleTimeout > 0 || s.cfg.MaxSession > 0 {
		go c.watch(ctx, s.cfg.IdleTimeout, s.cfg.MaxSession)
	}
	return p
}

// explainUser is the line a session gets when the server ended it.
func (s *Server) explainUser(r endReason) string {
	switch r {
	case endIdle:
		return "duotui: disconnected after " + dur(s.cfg.IdleTimeout) + " without input — connect again to carry on."
	case endMaxSession:
		return "duotui: this session reached its " + dur(s.cfg.MaxSession) + " limit (serve.max_session) — connect again to carry on."
	case endShutdown:
		return "duotui is shutting down — connect again when it is back."
	case endFailed:
		return "duotui: the app stopped unexpectedly — connect again; the server's log has the details."
	}
	return ""
}

// explainLog is the reason in the logout line.
func (s *Server) explainLog(r endReason) string {
	switch r {
	case endIdle:
		return "no input for " + dur(s.cfg.IdleTimeout)
	case endMaxSession:
		return "session limit of " + dur(s.cfg.MaxSession) + " reached"
	case endShutdown:
		return "server shutting down"
	case endDropped:
		return "connection closed"
	case endFailed:
		return "the app stopped unexpectedly"
	}
	return "quit"
}

func dur(d time.Duration) string { return config.Duration(d).String() }
