package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"duotui/config"
	"duotui/duo/duotest"
)

// simOptions are the flags of `duotui sim`.
type simOptions struct {
	addr         string
	users        int
	seed         int64
	clockOffset  time.Duration
	envFile      string
	caFile       string
	loginDuoConf string
	phone        string
	answerAfter  time.Duration
	quiet        bool
}

func newSimCmd(g *globals) *cobra.Command {
	var o simOptions
	cmd := &cobra.Command{
		Use:   "sim",
		Short: "Serve a simulated Duo on loopback for other clients and tests",
		Long: `sim serves the Duo Auth API, Admin API and Web SDK health check on a loopback
HTTPS port, with sample users (alice, bob, …) and simulated phones. It prints the
DUOTUI_… variables that point duotui at it, then "ready", and logs each request
on stderr. Answer pushes with the control API under /sim/v1 (see README).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runSim(cmd, g, o) },
	}
	f := cmd.Flags()
	f.StringVar(&o.addr, "addr", "127.0.0.1:0", "listen address (loopback only: the control API trusts loopback callers)")
	f.IntVar(&o.users, "users", 0, "generated users to add after the sample users")
	f.Int64Var(&o.seed, "seed", 1, "seed for generated users")
	f.DurationVar(&o.clockOffset, "clock-offset", 0, "how far Duo's clock is from this machine's (e.g. 10m, -45s)")
	f.StringVar(&o.envFile, "env-file", "", "also write the export lines to this file (0600)")
	f.StringVar(&o.caFile, "ca-file", "", "where to write the simulator's CA certificate (default: a temporary file)")
	f.StringVar(&o.loginDuoConf, "login-duo-conf", "", "write a ready login_duo.conf (0600) pointing at the simulator")
	f.StringVar(&o.phone, "phone", "wait", "how phones answer when nothing is scripted: wait, approve, deny or fraud")
	f.DurationVar(&o.answerAfter, "answer-after", time.Second, "delay before phones answer (with --phone approve/deny/fraud)")
	f.BoolVar(&o.quiet, "quiet", false, "do not log requests")
	return cmd
}

func runSim(cmd *cobra.Command, g *globals, o simOptions) error {
	answer, err := phoneAnswer(o.phone, o.answerAfter)
	if err != nil {
		fmt.Fprintf(g.stderr, "duotui sim: %v\n", err)
		return fail(exitUsage, err)
	}
	opts := []duotest.Option{
		duotest.WithAddr(o.addr),
		duotest.WithUsers(duotest.SampleUsers()...),
		duotest.WithClockOffset(o.clockOffset),
		duotest.WithPhone(answer),
	}
	if o.users > 0 {
		opts = append(opts, duotest.WithGeneratedUsers(o.users, o.seed))
	}
	if !o.quiet {
		opts = append(opts, duotest.WithLog(g.stderr))
	}
	srv, err := duotest.Start(opts...)
	if err != nil {
		fmt.Fprintf(g.stderr, "duotui sim: cannot start: %v\n", err)
		return fail(exitUsage, err)
	}
	defer srv.Close()

	caFile := o.caFile
	if caFile == "" {
		dir, err := os.MkdirTemp("", "duotui-sim-")
		if err != nil {
			return fail(exitUsage, err)
		}
		defer os.RemoveAll(dir)
		caFile = filepath.Join(dir, "ca.pem")
	}
	if caFile, err = filepath.Abs(caFile); err != nil {
		return fail(exitUsage, err)
	}
	if err := srv.WriteCA(caFile); err != nil {
		fmt.Fprintf(g.stderr, "duotui sim: cannot write the CA certificate: %v\n", err)
		return fail(exitUsage, err)
	}

	env := simEnv(srv, caFile)
	if o.envFile != "" {
		if err := writePrivate(o.envFile, env); err != nil {
			fmt.Fprintf(g.stderr, "duotui sim: cannot write %s: %v\n", o.envFile, err)
			return fail(exitUsage, err)
		}
	}
	if o.loginDuoConf != "" {
		conf := config.DuoUnixConf{IKey: srv.IKey, SKey: config.Secret(srv.SKey), Host: srv.Host, CAFile: caFile, Failmode: config.FailSecure}
		if err := config.WriteDuoUnix(o.loginDuoConf, conf); err != nil {
			fmt.Fprintf(g.stderr, "duotui sim: cannot write %s: %v\n", o.loginDuoConf, err)
			return fail(exitUsage, err)
		}
		fmt.Fprintf(g.stderr, "wrote %s: login_duo -c %s -f alice true\n", o.loginDuoConf, o.loginDuoConf)
	}
	fmt.Fprintf(g.stderr, "simulated Duo at %s; Web SDK client ID %s, client secret %s; control API: %s/sim/v1\n", srv.URL, srv.ClientID, srv.ClientSecret, srv.URL)
	io.WriteString(g.stdout, env)
	fmt.Fprintln(g.stdout, "ready")

	<-cmd.Context().Done()
	fmt.Fprintln(g.stderr, "duotui sim: stopping")
	return nil
}

// simEnv is the export lines of design.md's interface: exactly the
// variables that configure duotui, nothing else.
func simEnv(srv *duotest.Server, caFile string) string {
	var b strings.Builder
	for _, kv := range [][2]string{
		{"DUOTUI_HOST", srv.Host},
		{"DUOTUI_IKEY", srv.IKey},
		{"DUOTUI_SKEY", srv.SKey},
		{"DUOTUI_ADMIN_IKEY", srv.AdminIKey},
		{"DUOTUI_ADMIN_SKEY", srv.AdminSKey},
		{"DUOTUI_CA_FILE", caFile},
	} {
		fmt.Fprintf(&b, "export %s=%s\n", kv[0], shellQuote(kv[1]))
	}
	return b.String()
}

// shellQuote quotes s for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func phoneAnswer(mode string, after time.Duration) (duotest.Answer, error) {
	switch mode {
	case "wait", "ignore":
		return duotest.Ignore(), nil
	case "approve":
		return duotest.ApproveAfter(after), nil
	case "deny":
		return duotest.DenyAfter(after), nil
	case "fraud":
		return duotest.FraudAfter(after), nil
	}
	return duotest.Answer{}, errors.New(`--phone must be wait, approve, deny or fraud`)
}

// writePrivate writes a file only its owner can read: the lines hold keys.
func writePrivate(path, content string) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(content), 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
