// Command duotui sets up, tests and watches Duo Security two-factor
// authentication from a terminal: a setup wizard for Auth API keys, the
// enrolled users, live pushes, SMS passcodes and calls, and the server clock
// that makes Duo reject logins when it drifts.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/spf13/cobra"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

// Exit codes shared by every one-shot command (design.md, "Interfaces").
const (
	exitOK          = 0
	exitFailed      = 1 // denied, or a check failed
	exitUsage       = 2 // usage or configuration error
	exitNetwork     = 3
	exitTimeout     = 4
	exitRateLimited = 5
)

// exitError carries an exit code up to main without printing twice: the
// command has already told the user what happened.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// fail wraps err with an exit code.
func fail(code int, err error) error { return &exitError{code: code, err: err} }

// globals are the flags every command shares, plus the process's streams and
// environment so tests can run commands in-process.
type globals struct {
	configPath string
	profile    string
	trace      bool
	retryFor   time.Duration

	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], &globals{
		stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv,
	})
	stop()
	os.Exit(code)
}

// run executes one command line and returns the process exit code.
func run(ctx context.Context, args []string, g *globals) int {
	root := newRootCmd(g)
	root.SetArgs(args)
	root.SetIn(g.stdin)
	root.SetOut(g.stdout)
	root.SetErr(g.stderr)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	// Cobra's own errors: unknown flags, wrong argument counts.
	fmt.Fprintf(g.stderr, "duotui: %v\n", err)
	return exitUsage
}

func newRootCmd(g *globals) *cobra.Command {
	root := &cobra.Command{
		Use:   "duotui",
		Short: "Set up, test and watch Duo two-factor authentication from a terminal",
		Long: `duotui walks you through creating a Duo Auth API application, checks the keys,
lists enrolled users, sends test pushes, SMS passcodes and calls, and measures this
server's clock against Duo's. Try it with no Duo account: duotui demo.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       version,
	}
	pf := root.PersistentFlags()
	pf.StringVar(&g.configPath, "config", "", "config file (default $DUOTUI_CONFIG or $XDG_CONFIG_HOME/duotui/config.toml)")
	pf.StringVar(&g.profile, "profile", "", "profile in the config file (default $DUOTUI_PROFILE or the file's default)")
	pf.BoolVar(&g.trace, "trace", false, "print each HTTP exchange to stderr (Authorization redacted)")
	pf.DurationVar(&g.retryFor, "retry-for", 2*time.Minute, "keep retrying when Duo rate-limits (429) for at most this long, then exit 5")

	root.AddCommand(newVersionCmd(g))
	root.AddCommand(newSimCmd(g))
	root.AddCommand(newCheckCmd(g))
	root.AddCommand(newClockCmd(g), newUsersCmd(g), newPreauthCmd(g), newEnrollCmd(g))
	root.AddCommand(newSendCmds(g)...)
	root.AddCommand(newSetupCmd(g))
	root.AddCommand(newDemoCmd(g))
	root.AddCommand(newServeCmd(g))
	root.RunE = tuiRunE(g, root)
	return root
}

func newVersionCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			fmt.Fprintf(cmd.OutOrStdout(), "duotui %s\n", version)
			return nil
		},
	}
}
