// Package demo builds the environment of `duotui demo`: the app's Env wired
// to an in-process Duo simulator with sample users, a simulated phone that
// waits for the keyboard, and every file (CA, audit log, config path) in a
// temporary directory, so a demo never reads or writes the user's own files.
package demo

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"duotui/config"
	"duotui/duo/duotest"
	"duotui/model"
	"duotui/ui/common"
)

// Defaults for Options left zero.
const (
	DefaultUsers = 300 // generated users beside the samples: enough to scroll and filter
	DefaultSeed  = 1   // a fixed seed, so every demo shows the same people
)

// ProfileName is what the status bar shows as the demo's profile.
const ProfileName = "demo"

// Options tune Start.
type Options struct {
	// Users is how many generated users join duotest.SampleUsers();
	// 0 means DefaultUsers and a negative number none.
	Users int
	Seed  int64 // 0 means DefaultSeed
	// AnswerTimeout is how long a push or call waits for the keyboard before
	// it times out (0: the simulator's default, 60 s as on Duo).
	AnswerTimeout time.Duration
	Now           func() time.Time // default time.Now
	Trace         io.Writer        // the clients' HTTP trace; nil for none
	Log           io.Writer        // the simulator's request log; nil for none
}

// Demo is a running demo environment. Close it when the app ends.
type Demo struct {
	Env    *common.Env
	Server *duotest.Server
	// Dir holds the CA certificate, the audit log and the (never written
	// unless the wizard saves) config path; Close removes it.
	Dir string
}

// Start starts the simulator and builds an Env whose Auth, Admin and Web SDK
// clients point at it.
func Start(o Options) (*Demo, error) {
	if o.Users == 0 {
		o.Users = DefaultUsers
	}
	if o.Seed == 0 {
		o.Seed = DefaultSeed
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	dir, err := os.MkdirTemp("", "duotui-demo-")
	if err != nil {
		return nil, fmt.Errorf("cannot create the demo's temporary directory (%v) — check that $TMPDIR is writable", err)
	}
	d := &Demo{Dir: dir}
	if err := d.start(o); err != nil {
		d.Close()
		return nil, err
	}
	return d, nil
}

func (d *Demo) start(o Options) error {
	opts := []duotest.Option{
		duotest.WithUsers(duotest.SampleUsers()...),
		// Nothing answers on its own: the newcomer approves or denies from
		// the keyboard (common.Sim), or the push times out as on Duo.
		duotest.WithPhone(duotest.Ignore()),
	}
	if o.Users > 0 {
		opts = append(opts, duotest.WithGeneratedUsers(o.Users, o.Seed))
	}
	if o.AnswerTimeout > 0 {
		opts = append(opts, duotest.WithAnswerTimeout(o.AnswerTimeout))
	}
	if o.Log != nil {
		opts = append(opts, duotest.WithLog(o.Log))
	}
	srv, err := duotest.Start(opts...)
	if err != nil {
		return fmt.Errorf("cannot start the simulated Duo (%v) — check that loopback networking works", err)
	}
	d.Server = srv

	caFile := filepath.Join(d.Dir, "ca.pem")
	if err := srv.WriteCA(caFile); err != nil {
		return fmt.Errorf("cannot write the simulator's CA certificate (%v) — check that $TMPDIR is writable", err)
	}
	audit, err := model.OpenAuditLog(filepath.Join(d.Dir, "audit.jsonl"))
	if err != nil {
		return fmt.Errorf("cannot open the demo's audit log (%v) — check that $TMPDIR is writable", err)
	}
	configPath := filepath.Join(d.Dir, "config.toml")
	d.Env = &common.Env{
		Roster:     model.NewRoster(),
		Txs:        model.NewTxHistory(model.DefaultTxHistory),
		Audit:      audit,
		Sim:        SimOf(srv),
		ConfigPath: configPath,
		// Only the CA comes from the "environment": if the wizard saves keys
		// in the demo (to configPath, in Dir) and the Env reloads, the
		// clients still trust the simulator.
		Getenv: func(k string) string {
			if k == "DUOTUI_CA_FILE" {
				return caFile
			}
			return ""
		},
		Trace: o.Trace,
		Now:   o.Now,
	}
	creds := credentials(srv, caFile)
	cl, err := common.BuildClients(creds, o.Trace, o.Now)
	if err != nil {
		return err
	}
	d.Env.SetClients(&config.File{Path: configPath, Missing: true}, creds, cl)
	return nil
}

// credentials are the simulator's three applications as resolved settings,
// built through the same path as a real profile (CA file included).
func credentials(srv *duotest.Server, caFile string) config.Credentials {
	from := config.Origin{Kind: config.FromDefault, Name: "the demo's simulator"}
	set := func(v string) config.Setting { return config.Setting{Value: v, Origin: from} }
	secret := func(v string) config.SecretSetting {
		return config.SecretSetting{Value: config.Secret(v), Origin: from}
	}
	return config.Credentials{
		Profile:       ProfileName,
		ProfileOrigin: from,
		Host:          set(srv.Host),
		IKey:          set(srv.IKey),
		SKey:          secret(srv.SKey),
		AdminIKey:     set(srv.AdminIKey),
		AdminSKey:     secret(srv.AdminSKey),
		ClientID:      set(srv.ClientID),
		ClientSecret:  secret(srv.ClientSecret),
		CAFile:        set(caFile),
		Timeout:       config.DefaultTimeout,
	}
}

// Close stops the simulator, closes the audit log and removes Dir.
// It is safe to call more than once.
func (d *Demo) Close() error {
	var errs []error
	if d.Server != nil {
		d.Server.Close()
		d.Server = nil
	}
	if d.Env != nil && d.Env.Audit != nil {
		errs = append(errs, d.Env.Audit.Close())
		d.Env.Audit = nil
	}
	if d.Dir != "" {
		errs = append(errs, os.RemoveAll(d.Dir))
		d.Dir = ""
	}
	return errors.Join(errs...)
}
