package main

import (
	"context"
	"fmt"
	"net"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/spf13/cobra"

	"duotui/config"
	"duotui/demo"
	"duotui/duo"
	"duotui/model"
	"duotui/serve"
	"duotui/ui"
	"duotui/ui/common"
)

// serveStopWithin bounds a graceful stop on SIGTERM: sessions are told and
// closed, and the process exits well inside the 5 s a supervisor allows.
const serveStopWithin = 4 * time.Second

// serveOptions are `duotui serve`'s flags; empty ones come from [serve].
type serveOptions struct {
	listen, hostKey, authorizedKeys string
	demo                            bool
}

func newServeCmd(g *globals) *cobra.Command {
	var o serveOptions
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the app over SSH to the public keys in an authorized_keys file",
		Long: `serve runs the full-screen app over SSH, so administrators reach it with
ssh -p 2222 HOST and install nothing. Only the public keys in the authorized_keys
file may log in (one per line, OpenSSH format; the comment is the key's name).
A line with environment="DUOTUI_ROLE=viewer" gets the viewer role: it sees
everything but cannot send, enroll or change setup. The file is re-read when it
changes. The host key (ed25519) is generated on first start; its fingerprint is
printed on every start. Limits come from [serve] in the config file:
max_sessions, idle_timeout and max_session. SIGTERM tells every session and
closes it before exiting.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runServe(cmd.Context(), g, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.listen, "listen", "", "address to listen on (default [serve] listen, or "+config.DefaultListen+")")
	f.StringVar(&o.hostKey, "host-key", "", "the server's private host key, generated if missing (default [serve] host_key)")
	f.StringVar(&o.authorizedKeys, "authorized-keys", "", "the public keys allowed in, OpenSSH format (default [serve] authorized_keys)")
	f.BoolVar(&o.demo, "demo", false, "serve the demo: a simulated Duo inside this process, as duotui demo")
	return cmd
}

// runServe loads the config, builds the shared Env (the user's Duo, or the
// demo's simulator) and serves until ctx ends.
func runServe(ctx context.Context, g *globals, o serveOptions) error {
	path, err := g.resolveConfigPath()
	if err != nil {
		return g.usage(err)
	}
	f, err := config.Load(path)
	if err != nil {
		fmt.Fprintf(g.stderr, "duotui: %v\n", err)
		return fail(exitUsage, err)
	}
	eff := f.Config.Effective(path, g.getenv)
	env, notes, closeEnv, err := serveEnv(ctx, g, path, eff, o.demo)
	if err != nil {
		fmt.Fprintf(g.stderr, "duotui: %v\n", err)
		return fail(exitUsage, err)
	}
	stopping := false // after a signal, closing the Env is bounded too
	defer func() {
		if !stopping {
			closeEnv()
		}
	}()

	cfg := serve.Config{
		Listen:             pick(o.listen, eff.Serve.Listen),
		HostKeyPath:        pick(o.hostKey, eff.Serve.HostKey),
		AuthorizedKeysPath: pick(o.authorizedKeys, eff.Serve.AuthorizedKeys),
		IdleTimeout:        time.Duration(eff.Serve.IdleTimeout),
		MaxSessions:        eff.Serve.MaxSessions,
		MaxSession:         time.Duration(eff.Serve.MaxSession),
		Env:                env,
		App:                serveApp(o.demo, notes),
		Log:                g.stderr,
	}
	srv, err := serve.New(cfg)
	if err != nil {
		fmt.Fprintf(g.stderr, "duotui: %v\n", err)
		return fail(exitUsage, err)
	}
	addr, err := srv.Listen()
	if err != nil {
		fmt.Fprintf(g.stderr, "duotui: %v\n", err)
		return fail(exitNetwork, err)
	}
	printServing(g, srv, cfg, addr, env)

	served := make(chan error, 1)
	go func() { served <- srv.Serve() }()
	select {
	case err := <-served:
		fmt.Fprintf(g.stderr, "duotui: the SSH server stopped (%v) — start it again.\n", err)
		return fail(exitNetwork, err)
	case <-ctx.Done():
	}
	stop, cancel := context.WithTimeout(context.Background(), serveStopWithin)
	defer cancel()
	stopping = true
	fmt.Fprintf(g.stderr, "duotui serve: shutting down, telling %d sessions\n", srv.Sessions())
	if err := srv.Shutdown(stop); err != nil {
		fmt.Fprintf(g.stderr, "duotui serve: some connections had to be cut (%v)\n", err)
	}
	<-served
	closed := make(chan struct{})
	go func() {
		closeEnv()
		close(closed)
	}()
	select {
	case <-closed:
	case <-stop.Done():
		// The demo's simulator waits for its HTTP connections; a supervisor
		// waits for us. Exit: the OS reclaims the rest.
		fmt.Fprintf(g.stderr, "duotui serve: stopped before everything was closed (%v)\n", stop.Err())
	}
	return nil
}

// serveEnv builds the Env every session shares: like runTUI's, or the
// demo's. The audit log is required: remote actions are never unrecorded.
func serveEnv(ctx context.Context, g *globals, path string, eff config.Config, demoMode bool) (*common.Env, []common.StatusMsg, func(), error) {
	if demoMode {
		d, err := demo.Start(demo.Options{})
		if err != nil {
			return nil, nil, nil, err
		}
		return d.Env, nil, func() { d.Close() }, nil
	}
	audit, err := model.OpenAuditLog(eff.Audit.Path)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("the audit log cannot be opened, and duotui serve does not run unrecorded: %s", duo.Explain(err))
	}
	env := g.newEnv(path, audit)
	var notes []common.StatusMsg
	if lerr := env.Load(ctx); lerr != nil && env.Clients().Auth != nil {
		notes = append(notes, common.StatusMsg{Level: common.Warning, Text: duo.Explain(lerr)})
	}
	return env, notes, func() { audit.Close() }, nil
}

// serveApp builds each SSH session's app the way runTUI builds the local
// one: the root over one pane per tab.
func serveApp(demoMode bool, notes []common.StatusMsg) func(*common.Session) tea.Model {
	return func(s *common.Session) tea.Model {
		s.Demo = demoMode
		app := ui.New(s, buildPanes(s))
		for _, n := range notes {
			app.SetStatus(n)
		}
		return app
	}
}

// printServing tells the administrator where to connect and which host key
// fingerprint clients will see.
func printServing(g *globals, srv *serve.Server, cfg serve.Config, addr net.Addr, env *common.Env) {
	out := g.stdout
	fmt.Fprintf(out, "duotui serve: listening on %s\n", addr)
	note := ""
	if srv.HostKeyCreated() {
		note = " (generated now)"
	}
	fmt.Fprintf(out, "host key: %s %s%s\n", srv.HostKeyFingerprint(), cfg.HostKeyPath, note)
	keys, bad := srv.Keys()
	fmt.Fprintf(out, "authorized keys: %s (%d allowed, %d bad lines)\n", cfg.AuthorizedKeysPath, keys.Len(), len(bad))
	if keys.Len() == 0 {
		fmt.Fprintf(out, "nobody can log in yet: add a public key to %s (it is read again at each login)\n", cfg.AuthorizedKeysPath)
	}
	if env.Audit != nil {
		fmt.Fprintf(out, "audit log: %s\n", env.Audit.Path())
	}
	if _, port, err := net.SplitHostPort(addr.String()); err == nil {
		fmt.Fprintf(out, "connect with: ssh -p %s HOST\n", port)
	}
}

// pick is the flag when given, else the config's value.
func pick(flag, fromConfig string) string {
	if flag != "" {
		return flag
	}
	return fromConfig
}
