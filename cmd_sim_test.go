package main

import (
	"bufio"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// simProcess is a running `duotui sim` and the environment it printed.
type simProcess struct {
	env  []string
	vars map[string]string
	cmd  *exec.Cmd
}

// startSim runs the real `duotui sim` and waits for its "ready" line.
func startSim(t *testing.T, args ...string) *simProcess {
	t.Helper()
	envFile := filepath.Join(t.TempDir(), "sim.env")
	cmd := exec.Command(binary, append([]string{"sim", "--quiet", "--env-file", envFile}, args...)...)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir()}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &simProcess{cmd: cmd, vars: map[string]string{}}
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
	})
	ready := make(chan error, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			line := sc.Text()
			if line == "ready" {
				ready <- nil
				io.Copy(io.Discard, out)
				return
			}
			kv := strings.TrimPrefix(line, "export ")
			if k, v, ok := strings.Cut(kv, "="); ok {
				p.vars[k] = strings.Trim(v, "'")
				p.env = append(p.env, k+"="+p.vars[k])
			}
		}
		ready <- io.ErrUnexpectedEOF
	}()
	select {
	case err := <-ready:
		if err != nil {
			t.Fatal("duotui sim ended before printing ready")
		}
	case <-time.After(30 * time.Second):
		t.Fatal("duotui sim printed no ready line within 30 s")
	}
	file, err := os.ReadFile(envFile)
	if err != nil || !strings.Contains(string(file), "export DUOTUI_SKEY=") {
		t.Fatalf("env file: %v\n%s", err, file)
	}
	if st, _ := os.Stat(envFile); st.Mode().Perm() != 0o600 {
		t.Errorf("env file mode %v, want 0600", st.Mode().Perm())
	}
	return p
}

// control calls the simulator's loopback control API and returns an
// object answer (empty for a bare "ok").
func (p *simProcess) control(t *testing.T, method, path string) map[string]any {
	t.Helper()
	out := map[string]any{}
	json.Unmarshal(p.controlRaw(t, method, path), &out)
	return out
}

// controlList returns a list answer, such as /sim/v1/pending.
func (p *simProcess) controlList(t *testing.T, path string) []map[string]any {
	t.Helper()
	var out []map[string]any
	if err := json.Unmarshal(p.controlRaw(t, "GET", path), &out); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return out
}

func (p *simProcess) controlRaw(t *testing.T, method, path string) json.RawMessage {
	t.Helper()
	pem, err := os.ReadFile(p.vars["DUOTUI_CA_FILE"])
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(pem)
	hc := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}, Timeout: 10 * time.Second}
	req, _ := http.NewRequest(method, "https://"+p.vars["DUOTUI_HOST"]+path, nil)
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var env struct {
		Stat     string          `json:"stat"`
		Response json.RawMessage `json:"response"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&env); err != nil || env.Stat != "OK" {
		t.Fatalf("%s %s: %v (stat %q)", method, path, err, env.Stat)
	}
	return env.Response
}

func TestSimPrintsExactlyTheInterfaceVariables(t *testing.T) {
	p := startSim(t)
	want := []string{"DUOTUI_HOST", "DUOTUI_IKEY", "DUOTUI_SKEY", "DUOTUI_ADMIN_IKEY", "DUOTUI_ADMIN_SKEY", "DUOTUI_CA_FILE"}
	if len(p.env) != len(want) {
		t.Fatalf("printed %v", p.env)
	}
	for i, k := range want {
		if !strings.HasPrefix(p.env[i], k+"=") {
			t.Errorf("line %d = %q, want %s=…", i, p.env[i], k)
		}
	}
	if !strings.HasPrefix(p.vars["DUOTUI_HOST"], "127.0.0.1:") {
		t.Errorf("host %q is not loopback", p.vars["DUOTUI_HOST"])
	}
	// The unsigned ping answers with the CA the simulator wrote.
	pem, _ := os.ReadFile(p.vars["DUOTUI_CA_FILE"])
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		t.Fatal("the CA file holds no certificate")
	}
	hc := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	resp, err := hc.Get("https://" + p.vars["DUOTUI_HOST"] + "/auth/v2/ping")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(body), `"stat":"OK"`) || !strings.Contains(string(body), `"time":`) {
		t.Fatalf("ping answered %s", body)
	}
}

func TestSimStopsCleanlyOnSIGTERM(t *testing.T) {
	p := startSim(t)
	p.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- p.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("exit: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("still running 5 s after SIGTERM")
	}
	if _, err := os.Stat(p.vars["DUOTUI_CA_FILE"]); !os.IsNotExist(err) {
		t.Errorf("the temporary CA file was left behind")
	}
}
