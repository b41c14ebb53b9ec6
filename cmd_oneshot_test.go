package main

import (
	"bufio"
	"encoding/json"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// jsonOf decodes the one object a --json command printed.
func jsonOf[T any](t *testing.T, r result) T {
	t.Helper()
	var v T
	dec := json.NewDecoder(strings.NewReader(r.stdout))
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("stdout is not a JSON object: %v\n%s\nstderr: %s", err, r.stdout, r.stderr)
	}
	if dec.More() {
		t.Fatalf("stdout holds more than one JSON value:\n%s", r.stdout)
	}
	return v
}

// TestOneShotCommands runs every one-shot command of the real binary against
// the real `duotui sim`, for success and each failure exit code, and parses
// each --json object.
func TestOneShotCommands(t *testing.T) {
	sim := startSim(t, "--users", "100")
	env := append(sim.env, "DUOTUI_CONFIG="+t.TempDir()+"/none.toml")
	script := func(user, action, after string) {
		sim.control(t, "POST", "/sim/v1/phone/"+user+"?action="+action+"&after="+after)
	}

	t.Run("check passes with only the sim's variables", func(t *testing.T) {
		r := runBinary(t, env, "check", "--json", "--clock-samples", "3")
		if rep := jsonOf[checkReport](t, r); r.code != 0 || !rep.OK {
			t.Fatalf("exit %d: %s", r.code, r.stdout)
		}
	})

	pushes := []struct {
		name, action string
		code         int
		outcome      string
		args         []string
	}{
		{"push approved", "approve", 0, "allow", nil},
		{"push denied", "deny", 1, "deny", nil},
		{"push fraud", "fraud", 1, "fraud", nil},
		{"push unanswered", "ignore", 4, "error", []string{"--timeout", "1500ms"}},
	}
	for _, tc := range pushes {
		t.Run(tc.name, func(t *testing.T) {
			script("alice", tc.action, "200ms")
			r := runBinary(t, env, append([]string{"push", "alice", "--json", "--pushinfo", "server=web01"}, tc.args...)...)
			res := jsonOf[sendResult](t, r)
			if r.code != tc.code || res.ExitCode != tc.code || res.Outcome != tc.outcome {
				t.Fatalf("exit %d, result %+v\nstderr: %s", r.code, res, r.stderr)
			}
			if tc.code != 4 && (res.TxID == "" || len(res.Timeline) < 3 || res.Timeline[1].Status != "pushed") {
				t.Errorf("timeline %+v", res.Timeline)
			}
		})
	}

	t.Run("call approved", func(t *testing.T) {
		script("bob", "approve", "200ms")
		r := runBinary(t, env, "call", "bob", "--json")
		res := jsonOf[sendResult](t, r)
		var statuses []string
		for _, e := range res.Timeline {
			statuses = append(statuses, e.Status)
		}
		if r.code != 0 || strings.Join(statuses, ",") != "requested,calling,answered,allow" {
			t.Fatalf("exit %d, timeline %v", r.code, statuses)
		}
	})

	t.Run("sms then passcode", func(t *testing.T) {
		r := runBinary(t, env, "sms", "alice", "--json")
		if res := jsonOf[sendResult](t, r); r.code != 0 || res.Outcome != "sms_sent" {
			t.Fatalf("sms: exit %d %+v", r.code, res)
		}
		codes := sim.control(t, "GET", "/sim/v1/sms/alice")["passcodes"].([]any)
		good := codes[0].(string)
		r = runBinary(t, env, "passcode", "alice", "000000", "--json")
		if res := jsonOf[sendResult](t, r); r.code != 1 || res.Outcome != "deny" {
			t.Fatalf("wrong passcode: exit %d %+v", r.code, res)
		}
		r = runBinary(t, env, "passcode", "alice", good, "--json")
		if res := jsonOf[sendResult](t, r); r.code != 0 || res.Outcome != "allow" {
			t.Fatalf("right passcode: exit %d %+v", r.code, res)
		}
		if strings.Contains(r.stdout+r.stderr, good) {
			t.Error("the passcode was echoed")
		}
	})

	t.Run("preauth", func(t *testing.T) {
		for user, want := range map[string]struct {
			code  int
			state string
		}{"alice": {0, "active"}, "erin": {0, "bypass"}, "frank": {1, "locked out"}, "heidi": {1, "not enrolled"}} {
			r := runBinary(t, env, "preauth", user, "--json")
			res := jsonOf[preauthResult](t, r)
			if r.code != want.code || res.State != want.state || res.Meaning == "" {
				t.Errorf("%s: exit %d, %+v", user, r.code, res)
			}
		}
	})

	t.Run("users", func(t *testing.T) {
		r := runBinary(t, env, "users", "--json", "--filter", "alice")
		res := jsonOf[usersResult](t, r)
		if r.code != 0 || res.Total != 110 || res.Matched < 1 || res.Users[0].Username != "alice" {
			t.Fatalf("exit %d: %+v", r.code, res)
		}
		r = runBinary(t, env, "users", "--limit", "5")
		if lines := strings.Count(r.stdout, "\n"); r.code != 0 || lines != 6 {
			t.Fatalf("exit %d, %d lines:\n%s", r.code, lines, r.stdout)
		}
		noAdmin := with(env, "DUOTUI_ADMIN_IKEY=", "DUOTUI_ADMIN_SKEY=")
		if r := runBinary(t, noAdmin, "users"); r.code != 2 || !strings.Contains(r.stderr, "Admin API") {
			t.Fatalf("without admin keys: exit %d, %s", r.code, r.stderr)
		}
	})

	t.Run("enroll and wait for the phone", func(t *testing.T) {
		r := runBinary(t, env, "enroll", "newhire", "--json")
		res := jsonOf[enrollResult](t, r)
		if r.code != 0 || !strings.HasPrefix(res.ActivationCode, "duo://") || res.ActivationURL == "" {
			t.Fatalf("exit %d: %+v", r.code, res)
		}
		// A second enrollment, activated by the simulated phone while --wait
		// polls: read the code from the text output as a person would.
		cmd := exec.Command(binary, "enroll", "newhire2", "--wait")
		cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir()}, env...)
		out, _ := cmd.StdoutPipe()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(out)
		var code string
		for code == "" && sc.Scan() {
			if c, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "code: "); ok {
				code = c
			}
		}
		sim.control(t, "POST", "/sim/v1/activate?code="+url.QueryEscape(code))
		var rest strings.Builder
		for sc.Scan() {
			rest.WriteString(sc.Text() + "\n")
		}
		if err := cmd.Wait(); err != nil || !strings.Contains(rest.String(), "✓ newhire2 activated Duo Mobile") {
			t.Fatalf("enroll --wait: %v\n%s", err, rest.String())
		}
	})

	t.Run("clock fine, then off by ten minutes", func(t *testing.T) {
		r := runBinary(t, env, "clock", "--json", "--samples", "4")
		if res := jsonOf[clockResult](t, r); r.code != 0 || res.Samples != 4 || res.LoMS > 0 && res.HiMS < 0 {
			t.Fatalf("exit %d: %+v", r.code, res)
		}
		sim.control(t, "POST", "/sim/v1/clock?offset=10m")
		defer sim.control(t, "POST", "/sim/v1/clock?offset=0s")
		r = runBinary(t, env, "clock", "--json", "--samples", "4")
		res := jsonOf[clockResult](t, r)
		if r.code != 1 || res.Verdict.Level.String() != "bad" || res.LoMS > 600000 || res.HiMS < 600000 {
			t.Fatalf("exit %d: %+v", r.code, res)
		}
		if r := runBinary(t, env, "push", "alice", "--json"); r.code != 1 || jsonOf[sendResult](t, r).Error.Code != 40105 {
			t.Fatalf("push with a skewed clock: exit %d %s", r.code, r.stdout)
		}
	})

	t.Run("rate limited", func(t *testing.T) {
		sim.control(t, "POST", "/sim/v1/faults?path=/auth/v2/auth&kind=429&count=50")
		defer sim.control(t, "DELETE", "/sim/v1/faults")
		r := runBinary(t, env, "push", "alice", "--json", "--retry-for", "2s")
		res := jsonOf[sendResult](t, r)
		if r.code != 5 || res.Error == nil || res.Error.Code != 42901 {
			t.Fatalf("exit %d: %+v", r.code, res)
		}
	})

	t.Run("network failure and usage errors", func(t *testing.T) {
		if r := runBinary(t, with(env, "DUOTUI_HOST=127.0.0.1:1"), "push", "alice", "--json"); r.code != 3 {
			t.Fatalf("closed port: exit %d %s", r.code, r.stdout)
		}
		if r := runBinary(t, env, "push"); r.code != 2 {
			t.Fatalf("missing user: exit %d", r.code)
		}
		if r := runBinary(t, with(env, "DUOTUI_SKEY="), "push", "alice"); r.code != 2 || !strings.Contains(r.stderr, "secret key") {
			t.Fatalf("no secret: exit %d %s", r.code, r.stderr)
		}
		if r := runBinary(t, env, "push", "alice", "--pushinfo", "novalue"); r.code != 2 || !strings.Contains(r.stderr, "key=value") {
			t.Fatalf("bad pushinfo: exit %d %s", r.code, r.stderr)
		}
	})
}
