package demo

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"duotui/config"
	"duotui/duo"
	"duotui/duo/duotest"
)

func startDemo(t *testing.T, o Options) *Demo {
	t.Helper()
	d, err := Start(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

func TestStartClientsWork(t *testing.T) {
	d := startDemo(t, Options{Users: 25})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	cl := d.Env.Clients()
	if cl.Auth == nil || cl.AuthErr != nil {
		t.Fatalf("no working Auth client: %v", cl.AuthErr)
	}
	if _, err := cl.Auth.Check(ctx); err != nil {
		t.Fatalf("Check: %s", duo.Explain(err))
	}
	if cl.Admin == nil {
		t.Fatal("no Admin client")
	}
	sum, err := cl.Admin.Summary(ctx)
	if err != nil {
		t.Fatalf("Summary: %s", duo.Explain(err))
	}
	if want := len(duotest.SampleUsers()) + 25; sum.UserCount != want {
		t.Errorf("UserCount = %d, want %d (samples + generated)", sum.UserCount, want)
	}
	if cl.WebSDK == nil {
		t.Fatal("no Web SDK client")
	}
	if _, err := cl.WebSDK.HealthCheck(ctx); err != nil {
		t.Fatalf("HealthCheck: %s", duo.Explain(err))
	}
	if !config.IsSimulatorHost(cl.Creds.Host.Value) || cl.Creds.Profile != ProfileName {
		t.Errorf("creds host %q profile %q, want the simulator and %q", cl.Creds.Host.Value, cl.Creds.Profile, ProfileName)
	}
}

func TestGeneratedUsersAreFixed(t *testing.T) {
	list := func() []string {
		d := startDemo(t, Options{Users: 5})
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		page, err := d.Env.Clients().Admin.UsersPage(ctx, 0, 100)
		if err != nil {
			t.Fatal(duo.Explain(err))
		}
		var names []string
		for _, u := range page.Users {
			names = append(names, u.Username)
		}
		return names
	}
	a, b := list(), list()
	if strings.Join(a, ",") != strings.Join(b, ",") {
		t.Errorf("two demos show different users:\n%v\n%v", a, b)
	}
}

func TestFilesStayInDir(t *testing.T) {
	d := startDemo(t, Options{Users: -1})
	for name, p := range map[string]string{
		"config": d.Env.ConfigPath,
		"audit":  d.Env.Audit.Path(),
		"ca":     d.Env.Getenv("DUOTUI_CA_FILE"),
	} {
		if !strings.HasPrefix(p, d.Dir+string(filepath.Separator)) {
			t.Errorf("%s path %s is outside the demo's directory %s", name, p, d.Dir)
		}
	}
	if _, err := os.Stat(d.Env.ConfigPath); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a config file was written at %s (stat: %v)", d.Env.ConfigPath, err)
	}
	if !d.Env.Clients().File.Missing {
		t.Error("the Env claims a config file exists")
	}
	for _, k := range []string{"DUOTUI_HOST", "DUOTUI_IKEY", "DUOTUI_SKEY", "HOME"} {
		if v := d.Env.Getenv(k); v != "" {
			t.Errorf("Getenv(%q) = %q; the demo must not read the real environment", k, v)
		}
	}
}

func TestCloseRemovesDir(t *testing.T) {
	d, err := Start(Options{Users: -1})
	if err != nil {
		t.Fatal(err)
	}
	dir := d.Dir
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("%s still exists after Close (stat: %v)", dir, err)
	}
	if err := d.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

func TestKeyboardAnswers(t *testing.T) {
	for _, tc := range []struct {
		name    string
		approve bool
		want    duo.Result
	}{
		{"approve", true, "allow"},
		{"deny", false, "deny"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := startDemo(t, Options{Users: -1})
			ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
			defer cancel()
			auth := d.Env.Clients().Auth
			res, err := auth.Auth(ctx, duo.AuthRequest{Username: "alice", Factor: duo.FactorPush, Device: "auto", Async: true})
			if err != nil {
				t.Fatal(duo.Explain(err))
			}
			pending := d.Env.Sim.Pending()
			if len(pending) != 1 || pending[0].TxID != res.TxID || pending[0].User != "alice" || pending[0].Factor != "push" {
				t.Fatalf("Pending = %+v, want alice's push %s", pending, res.TxID)
			}
			if err := d.Env.Sim.Answer(res.TxID, tc.approve); err != nil {
				t.Fatal(err)
			}
			for !res.Final() {
				if res, err = auth.AuthStatus(ctx, res.TxID); err != nil {
					t.Fatal(duo.Explain(err))
				}
			}
			if res.Result != tc.want {
				t.Errorf("result %q, want %q", res.Result, tc.want)
			}
			if p := d.Env.Sim.Pending(); len(p) != 0 {
				t.Errorf("still pending after the answer: %+v", p)
			}
		})
	}
}

func TestAnswerUnknown(t *testing.T) {
	d := startDemo(t, Options{Users: -1})
	if err := d.Env.Sim.Answer("no-such-tx", true); !errors.Is(err, duotest.ErrNoTransaction) {
		t.Errorf("Answer(unknown) = %v, want ErrNoTransaction", err)
	}
}

// The wizard may save keys in a demo; they go to the demo's directory and the
// reloaded clients still trust the simulator.
func TestReloadAfterWizardSave(t *testing.T) {
	d := startDemo(t, Options{Users: -1})
	cfg := &config.Config{Profiles: map[string]config.Profile{"default": {
		Host: d.Server.Host, IKey: d.Server.IKey, SKey: config.Secret(d.Server.SKey),
	}}}
	if err := config.Save(d.Env.ConfigPath, cfg); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := d.Env.Load(ctx); err != nil {
		t.Fatalf("Load: %v", err)
	}
	auth := d.Env.Clients().Auth
	if auth == nil {
		t.Fatal("no Auth client after reload")
	}
	if _, err := auth.Check(ctx); err != nil {
		t.Fatalf("Check after reload: %s", duo.Explain(err))
	}
}
