package main

import (
	"context"
	"errors"
	"fmt"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/spf13/cobra"

	"duotui/config"
	"duotui/duo"
	"duotui/model"
	"duotui/ui"
	"duotui/ui/activity"
	"duotui/ui/clock"
	"duotui/ui/common"
	"duotui/ui/enroll"
	"duotui/ui/send"
	"duotui/ui/setup"
	"duotui/ui/users"
)

// tuiOptions are the full-screen app's own flags.
type tuiOptions struct {
	importPath string // a duo_unix config the wizard offers to import
	setup      bool   // open on the Setup tab
}

// buildPanes makes the session's panes, one per tab. (The root leaves out
// a tab with no pane, so a pane can be dropped here without other changes.)
func buildPanes(s *common.Session) map[common.Tab]common.Pane {
	return map[common.Tab]common.Pane{
		common.TabSetup:    setup.New(s),
		common.TabUsers:    users.New(s),
		common.TabEnroll:   enroll.New(s),
		common.TabSend:     send.New(s),
		common.TabClock:    clock.New(s),
		common.TabActivity: activity.New(s),
	}
}

// tuiRunE makes plain `duotui` run the full-screen app; it adds the app's
// --import flag to root and refuses stray arguments (a mistyped command).
func tuiRunE(g *globals, root *cobra.Command) func(*cobra.Command, []string) error {
	var o tuiOptions
	root.Flags().StringVar(&o.importPath, "import", "", "a duo_unix config (login_duo.conf, pam_duo.conf) for the setup wizard to import keys from")
	root.Args = cobra.NoArgs
	return func(cmd *cobra.Command, _ []string) error {
		return runTUI(cmd.Context(), g, o)
	}
}

func newSetupCmd(g *globals) *cobra.Command {
	o := tuiOptions{setup: true}
	cmd := &cobra.Command{
		Use:   "setup",
		Short: "Open the setup wizard: create an Auth API application, check and save its keys",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runTUI(cmd.Context(), g, o)
		},
	}
	cmd.Flags().StringVar(&o.importPath, "import", "", "a duo_unix config (login_duo.conf, pam_duo.conf) to import keys from")
	return cmd
}

// runTUI opens the app on the user's config. A config file that is broken
// (syntax, permissions, bad values) stops here with its sentence; a missing
// one opens the wizard.
func runTUI(ctx context.Context, g *globals, o tuiOptions) error {
	path := g.configPath
	if path == "" {
		var err error
		if path, err = config.PathFrom(g.getenv); err != nil {
			fmt.Fprintf(g.stderr, "duotui: %v\n", err)
			return fail(exitUsage, err)
		}
	}
	f, err := config.Load(path)
	if err != nil {
		fmt.Fprintf(g.stderr, "duotui: %v\n", err)
		return fail(exitUsage, err)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	var notes []common.StatusMsg
	audit, err := model.OpenAuditLog(f.Config.Effective(path, g.getenv).Audit.Path)
	if err != nil {
		notes = append(notes, common.StatusMsg{Level: common.Warning,
			Text: "The audit log cannot be opened, so actions are not recorded: " + duo.Explain(err)})
	} else {
		defer audit.Close()
	}
	env := g.newEnv(path, audit)
	if g.trace {
		// The screen is the terminal; an HTTP trace would scribble over it.
		notes = append(notes, common.StatusMsg{Level: common.Info,
			Text: "--trace is not shown in the full-screen app; use it with a one-shot command such as duotui check."})
	}
	// A resolve error (a missing *_env variable, a bad key format) leaves no
	// Auth client: the app opens the wizard and shows why.
	if lerr := env.Load(ctx); lerr != nil && env.Clients().Auth != nil {
		notes = append(notes, common.StatusMsg{Level: common.Warning, Text: duo.Explain(lerr)})
	}
	s := newSession(ctx, g, env)
	s.Import = o.importPath
	app := ui.New(s, buildPanes(s))
	if o.setup {
		app.Show(common.TabSetup)
	}
	for _, n := range notes {
		app.SetStatus(n)
	}
	return runApp(ctx, g, app)
}

// newSession is the local user's session: an admin, styled for stdout.
func newSession(ctx context.Context, g *globals, env *common.Env) *common.Session {
	return &common.Session{
		Env:   env,
		Ctx:   ctx,
		Actor: model.LocalActor(),
		Role:  common.RoleAdmin,
		Theme: common.NewTheme(lipgloss.NewRenderer(g.stdout)),
	}
}

// runApp runs the app full-screen until it quits or ctx ends (a signal).
func runApp(ctx context.Context, g *globals, app *ui.App) error {
	p := tea.NewProgram(app, tea.WithAltScreen(), tea.WithContext(ctx),
		tea.WithInput(g.stdin), tea.WithOutput(g.stdout))
	_, err := p.Run()
	switch {
	case err == nil:
		return nil
	case errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil:
		return nil // SIGINT or SIGTERM: a normal way to leave
	}
	fmt.Fprintf(g.stderr, "duotui: the full-screen app stopped (%v) — run it in a terminal, or use a one-shot command such as duotui check.\n", err)
	return fail(exitFailed, err)
}
