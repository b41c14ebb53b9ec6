package main

import (
	"encoding/json"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"duotui/duo/duotest"
	"duotui/model"
)

func TestCheckBinary(t *testing.T) {
	srv := duotest.NewServer(t)
	env := simEnvOf(t, srv)
	closed := func() string {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer l.Close()
		return l.Addr().String()
	}()

	cases := []struct {
		name string
		env  []string
		code int
		want string // the line that names the cause
	}{
		{"all good", env, 0, "✓ check    Duo accepted the integration key"},
		{"wrong host", with(env, "DUOTUI_HOST="+closed), 3,
			"✗ connect  " + closed + " refused the connection: check the API hostname and port, and any firewall between this server and Duo."},
		{"wrong ikey", with(env, "DUOTUI_IKEY=DIXXXXXXXXXXXXXXXXXX"), 1,
			"✗ check    Duo does not know this integration key (Duo 40102: Invalid integration key in request credentials): copy it again from Applications → your Auth API application → Integration key (keys of an Admin API or Web SDK application do not work here)."},
		{"wrong skey", with(env, "DUOTUI_SKEY="+strings.Repeat("x", 40)), 1,
			"✗ check    Duo rejected the request signature (Duo 40103: Invalid signature in request credentials): the secret key is almost certainly wrong or badly pasted, so copy it again from Applications → your Auth API application → Secret key."},
		{"admin keys as auth keys", with(env, "DUOTUI_IKEY="+srv.AdminIKey, "DUOTUI_SKEY="+srv.AdminSKey), 1,
			"✗ check    Duo does not know this integration key"},
		{"malformed secret", with(env, "DUOTUI_SKEY=short"), 2,
			"✗ format   the secret key from env DUOTUI_SKEY is not usable: secret keys are 40 characters — this one has 5"},
		{"no credentials", []string{"DUOTUI_CONFIG=" + t.TempDir() + "/none.toml"}, 2, "✗ format   "},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := runBinary(t, tc.env, "check", "--clock-samples", "2")
			if r.code != tc.code || !strings.Contains(r.stdout, tc.want) {
				t.Fatalf("exit %d (want %d)\nwant line: %s\nstdout:\n%s\nstderr:\n%s", r.code, tc.code, tc.want, r.stdout, r.stderr)
			}
			if strings.Contains(r.stdout+r.stderr, srv.SKey) {
				t.Fatal("the secret key was printed")
			}
		})
	}
}

func TestCheckBinarySkewedClock(t *testing.T) {
	srv := duotest.NewServer(t, duotest.WithClockOffset(-10*time.Minute))
	r := runBinary(t, simEnvOf(t, srv), "check", "--clock-samples", "4")
	if r.code != 1 {
		t.Fatalf("exit %d, want 1\n%s%s", r.code, r.stdout, r.stderr)
	}
	for _, want := range []string{
		"✗ clock    This server's clock is 10 min fast",
		"✗ check    Duo rejected the request timestamp (Duo 40105: Bad request timestamp",
		"this server's clock is 600 s fast, so enable NTP (timedatectl set-ntp true) and retry.",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("missing %q in:\n%s", want, r.stdout)
		}
	}
}

func TestCheckJSON(t *testing.T) {
	srv := duotest.NewServer(t)
	env := simEnvOf(t, srv)
	r := runBinary(t, with(env, "DUOTUI_SKEY="+strings.Repeat("y", 40)), "check", "--json", "--clock-samples", "2")
	var rep checkReport
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("stdout is not one JSON object: %v\n%s", err, r.stdout)
	}
	if r.code != 1 || rep.OK || rep.ExitCode != 1 || rep.Host != srv.Host || rep.Clock == nil {
		t.Fatalf("exit %d, report %+v", r.code, rep)
	}
	got := map[string]checkStep{}
	for _, s := range rep.Steps {
		got[s.Name] = s
	}
	for _, n := range []string{"format", "dns", "connect", "tls", "ping", "clock"} {
		if got[n].Status != "ok" {
			t.Errorf("step %s = %+v", n, got[n])
		}
	}
	if c := got["check"]; c.Status != "failed" || c.Error == nil || c.Error.Code != 40103 || c.Error.HTTPStatus != 401 || c.Error.Kind != "bad_signature" {
		t.Errorf("check step = %+v (error %+v)", c, c.Error)
	}
}

func TestCheckAudited(t *testing.T) {
	srv := duotest.NewServer(t)
	state := t.TempDir()
	// exec uses the last of duplicate variables: this XDG_STATE_HOME wins.
	env := append(simEnvOf(t, srv), "XDG_STATE_HOME="+state)
	if r := runBinary(t, env, "check", "--clock-samples", "0"); r.code != 0 {
		t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r := runBinary(t, with(env, "DUOTUI_SKEY="+strings.Repeat("z", 40)), "check", "--clock-samples", "0")
	if r.code != 1 {
		t.Fatalf("exit %d", r.code)
	}
	page, err := model.ReadAudit(filepath.Join(state, "duotui", "audit.jsonl"), model.AuditQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Records) != 2 {
		t.Fatalf("%d audit records, want 2: %+v", len(page.Records), page.Records)
	}
	failed, passed := page.Records[0], page.Records[1] // newest first
	if passed.Action != "check" || passed.Result != "ok" || passed.Host != srv.Host || passed.Actor.User == "" {
		t.Errorf("first check recorded as %+v", passed)
	}
	if failed.Result != "failed" || !strings.Contains(failed.Error, "40103") {
		t.Errorf("second check recorded as %+v", failed)
	}
}
