package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"duotui/config"
	"duotui/duo"
	"duotui/model"
	"duotui/ui/common"
)

// loaded is a resolved configuration, ready to build clients from.
type loaded struct {
	file  *config.File
	eff   config.Config // with defaults filled in
	creds config.Credentials
}

// configPath is --config, else DUOTUI_CONFIG, else the XDG default.
func (g *globals) resolveConfigPath() (string, error) {
	if g.configPath != "" {
		return g.configPath, nil
	}
	return config.PathFrom(g.getenv)
}

// load reads the config file and resolves the credentials. A config error is
// printed as its one sentence and returned with exit code 2.
func (g *globals) load(ctx context.Context) (*loaded, error) {
	path, err := g.resolveConfigPath()
	if err != nil {
		return nil, g.usage(err)
	}
	f, err := config.Load(path)
	if err != nil {
		return nil, g.usage(err)
	}
	for _, w := range f.Warnings {
		fmt.Fprintf(g.stderr, "duotui: warning: %s\n", w)
	}
	creds, err := f.ResolveContext(ctx, g.profile, g.getenv)
	if err != nil {
		return nil, g.usage(err)
	}
	return &loaded{file: f, eff: f.Config.Effective(path, g.getenv), creds: creds}, nil
}

// usage prints err as the command's one sentence and exits 2.
func (g *globals) usage(err error) error {
	fmt.Fprintf(g.stderr, "duotui: %v\n", err)
	return fail(exitUsage, err)
}

// client builds a Duo client for one application's keys, with the
// network settings and --trace.
func (g *globals) client(l *loaded, ikey string, skey config.Secret) (*duo.Client, error) {
	cfg := duo.Config{
		Host:    l.creds.Host.Value,
		IKey:    ikey,
		SKey:    duo.Secret(skey.Reveal()),
		CAFile:  l.creds.CAFile.Value,
		Proxy:   l.creds.Proxy.Value,
		Timeout: l.creds.Timeout,
		// Duo's own clients back off up to 32 s a wait; scripts may want less.
		RetryDeadline: g.retryFor,
	}
	if g.trace {
		cfg.Trace = g.stderr
	}
	c, err := duo.NewClient(cfg)
	if err != nil {
		return nil, g.usage(err)
	}
	return c, nil
}

// authClient is the Auth API client, or a usage error saying which value is
// missing or malformed.
func (g *globals) authClient(l *loaded) (*duo.Client, error) {
	if err := l.creds.AuthReady(); err != nil {
		return nil, g.usage(err)
	}
	return g.client(l, l.creds.IKey.Value, l.creds.SKey.Value)
}

// loadAuth is load then authClient: what every command that calls the
// Auth API starts with.
func (g *globals) loadAuth(ctx context.Context) (*loaded, *duo.Client, error) {
	l, err := g.load(ctx)
	if err != nil {
		return nil, nil, err
	}
	auth, err := g.authClient(l)
	return l, auth, err
}

// adminClient is the Admin API client, or nil with the reason.
func (g *globals) adminClient(l *loaded) (*duo.Client, error) {
	if err := l.creds.AdminReady(); err != nil {
		return nil, err
	}
	return g.client(l, l.creds.AdminIKey.Value, l.creds.AdminSKey.Value)
}

// newEnv is the state one process shares across its sessions (the local
// app, or every SSH session of serve); Load fills in the Duo clients.
func (g *globals) newEnv(path string, audit *model.AuditLog) *common.Env {
	return &common.Env{
		Roster:     model.NewRoster(),
		Txs:        model.NewTxHistory(model.DefaultTxHistory),
		Audit:      audit,
		ConfigPath: path,
		Profile:    g.profile,
		Getenv:     g.getenv,
		Now:        time.Now,
	}
}

// audit opens the audit log; a failure is a warning on stderr, never fatal:
// a one-shot command still does its job.
func (g *globals) audit(l *loaded) *model.AuditLog {
	path := l.eff.Audit.Path
	if path == "" {
		return nil
	}
	log, err := model.OpenAuditLog(path)
	if err != nil {
		fmt.Fprintf(g.stderr, "duotui: warning: the audit log %s cannot be opened (%v); this action is not recorded\n", path, err)
		return nil
	}
	return log
}

// record appends one audit record and closes the log.
func (g *globals) record(log *model.AuditLog, r model.AuditRecord) {
	if log == nil {
		return
	}
	defer log.Close()
	if r.Time.IsZero() {
		r.Time = time.Now()
	}
	if r.Actor == (model.Actor{}) {
		r.Actor = model.LocalActor()
	}
	if err := log.Append(r); err != nil {
		fmt.Fprintf(g.stderr, "duotui: warning: the audit log could not be written (%v)\n", err)
	}
}

// exitFor maps a Duo error to the exit codes of design.md.
func exitFor(err error) int {
	switch k := duo.KindOf(err); {
	case err == nil:
		return exitOK
	case k == duo.KindTimeout || k == duo.KindCanceled:
		return exitTimeout
	case k == duo.KindRateLimited:
		return exitRateLimited
	case k.Network():
		return exitNetwork
	}
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	return exitFailed
}

// printJSON writes v as one indented JSON object on stdout.
func (g *globals) printJSON(v any) error {
	enc := json.NewEncoder(g.stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// marks colours ✓/✗/! when stdout is a terminal and leaves them plain in
// pipes, files and tests.
type marks struct{ ok, bad, warn, skip, faint lipgloss.Style }

func (g *globals) marks() marks {
	r := lipgloss.NewRenderer(g.stdout)
	if f, isFile := g.stdout.(*os.File); !isFile || !isTerminal(f) {
		r.SetColorProfile(termenv.Ascii)
	}
	return marks{
		ok:    r.NewStyle().Foreground(lipgloss.AdaptiveColor{Light: "28", Dark: "78"}),
		bad:   r.NewStyle().Foreground(lipgloss.AdaptiveColor{Light: "160", Dark: "203"}),
		warn:  r.NewStyle().Foreground(lipgloss.AdaptiveColor{Light: "130", Dark: "214"}),
		skip:  r.NewStyle().Foreground(lipgloss.AdaptiveColor{Light: "245", Dark: "243"}),
		faint: r.NewStyle().Foreground(lipgloss.AdaptiveColor{Light: "245", Dark: "243"}),
	}
}

func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// ms renders a duration for JSON as milliseconds with a fraction.
func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// isTerminalWriter reports whether progress lines (with \r) make sense.
func isTerminalWriter(w any) bool {
	f, ok := w.(*os.File)
	return ok && isTerminal(f)
}
