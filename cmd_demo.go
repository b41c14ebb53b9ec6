package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"duotui/demo"
	"duotui/ui"
)

func newDemoCmd(g *globals) *cobra.Command {
	var users int
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Try the app against a built-in simulated Duo: no account, no network, nothing saved",
		Long: `demo opens the full-screen app against a Duo simulator running inside this
process, with sample users (one per situation an administrator meets) and a few
hundred generated ones. Pushes and calls wait on the simulated phone, which you
answer from the keyboard. Nothing is sent over the network and your config file
is neither read nor written.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if users == 0 {
				users = -1 // demo.Options reads 0 as "the default"
			}
			d, err := demo.Start(demo.Options{Users: users})
			if err != nil {
				fmt.Fprintf(g.stderr, "duotui: %v\n", err)
				return fail(exitFailed, err)
			}
			defer d.Close()
			ctx, cancel := context.WithCancel(cmd.Context())
			defer cancel()
			s := newSession(ctx, g, d.Env)
			s.Demo = true
			return runApp(ctx, g, ui.New(s, buildPanes(s)))
		},
	}
	cmd.Flags().IntVar(&users, "users", demo.DefaultUsers, "generated users besides the sample ones (0: only the samples)")
	return cmd
}
