package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"duotui/config"
	"duotui/duo"
	"duotui/model"
)

// checkStep is one line of `duotui check`, and one element of its JSON.
type checkStep struct {
	Name      string     `json:"name"`   // format, dns, connect, tls, ping, clock, check, admin, websdk
	Status    string     `json:"status"` // ok, warn, failed, skipped
	Detail    string     `json:"detail,omitempty"`
	LatencyMS float64    `json:"latency_ms"`
	Error     *jsonError `json:"error,omitempty"`
}

// jsonError is a failure as scripts read it; Explanation is the sentence a
// person reads.
type jsonError struct {
	Kind        string `json:"kind"`
	HTTPStatus  int    `json:"http_status,omitempty"`
	Code        int    `json:"code,omitempty"`
	Message     string `json:"message,omitempty"`
	Explanation string `json:"explanation"`
}

func newJSONError(err error) *jsonError {
	if err == nil {
		return nil
	}
	j := &jsonError{Kind: duo.KindOf(err).String(), Explanation: duo.Explain(err)}
	if e, ok := err.(*duo.Error); ok {
		j.HTTPStatus, j.Code, j.Message = e.HTTPStatus, e.Code, e.Message
	}
	return j
}

// clockJSON is the clock step's measurement.
type clockJSON struct {
	OffsetMS float64       `json:"offset_ms"` // Duo − local: positive means this clock is slow
	LoMS     float64       `json:"lo_ms"`
	HiMS     float64       `json:"hi_ms"`
	Samples  int           `json:"samples"`
	Verdict  model.Verdict `json:"verdict"`
}

// checkReport is the one object `duotui check --json` prints.
type checkReport struct {
	OK       bool        `json:"ok"`
	ExitCode int         `json:"exit_code"`
	Profile  string      `json:"profile,omitempty"`
	Host     string      `json:"host,omitempty"`
	Steps    []checkStep `json:"steps"`
	Clock    *clockJSON  `json:"clock,omitempty"`
}

type checkOptions struct {
	json         bool
	clockSamples int
}

func newCheckCmd(g *globals) *cobra.Command {
	var o checkOptions
	cmd := &cobra.Command{
		Use:   "check",
		Short: "Check the Duo keys, the network path and this server's clock, step by step",
		Long: `check is a preflight doctor: the keys' formats, DNS, TCP, TLS, Duo's unsigned
ping, this server's clock against Duo's, and a signed call that proves the keys
(plus the Admin API and Web SDK keys when configured). Each step prints ✓ or ✗
and, on failure, one sentence saying what to do.

Exit codes: 0 all good, 1 Duo rejected the keys or the clock is off,
2 configuration error or no keys yet, 3 network failure, 4 timeout, 5 rate-limited.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runCheck(cmd.Context(), g, o) },
	}
	cmd.Flags().BoolVar(&o.json, "json", false, "print one JSON object instead of text")
	cmd.Flags().IntVar(&o.clockSamples, "clock-samples", 6, "clock probes (each aimed at a second boundary; 0 skips the clock step)")
	return cmd
}

func runCheck(ctx context.Context, g *globals, o checkOptions) error {
	l, err := g.load(ctx)
	if err != nil {
		if o.json {
			g.printJSON(checkReport{ExitCode: exitUsage, Steps: []checkStep{{Name: "format", Status: "failed", Error: &jsonError{Kind: "config", Explanation: err.Error()}}}})
		}
		return err
	}
	r := &checker{g: g, o: o, l: l, m: g.marks(), rep: checkReport{Profile: l.creds.Profile, Host: l.creds.Host.Value}}
	code := r.run(ctx)
	r.rep.ExitCode, r.rep.OK = code, code == exitOK
	if o.json {
		g.printJSON(r.rep)
	}
	result := "ok"
	if code != exitOK {
		result = "failed"
	}
	g.record(g.audit(l), model.AuditRecord{Action: model.ActionCheck, Host: l.creds.Host.Value, Result: result, Error: r.firstErr})
	if code != exitOK {
		return fail(code, fmt.Errorf("check failed"))
	}
	return nil
}

// checker runs the steps in order; a failing step decides the exit code and
// skips the steps that depend on it.
type checker struct {
	g        *globals
	o        checkOptions
	l        *loaded
	m        marks
	rep      checkReport
	firstErr string
}

func (c *checker) run(ctx context.Context) int {
	if code := c.format(); code != exitOK {
		return code
	}
	auth, err := c.g.authClient(c.l)
	if err != nil {
		return exitUsage
	}
	if code := c.dial(ctx, auth); code != exitOK {
		return code
	}
	code := c.step("ping", func() (string, bool, error) {
		p, err := auth.Ping(ctx)
		if err != nil {
			return "", false, err
		}
		return "Duo answered; its clock reads " + p.Time.UTC().Format(time.RFC1123), false, nil
	})
	if code != exitOK {
		c.skip("clock", "check")
		return code
	}
	clockCode := c.clock(ctx, auth)
	code = c.step("check", func() (string, bool, error) {
		if _, err := auth.Check(ctx); err != nil {
			return "", false, err
		}
		return "Duo accepted the integration key and the signature of the secret key", false, nil
	})
	if admin, err := c.g.adminClient(c.l); admin != nil && err == nil {
		code = worst(code, c.step("admin", func() (string, bool, error) {
			page, err := admin.UsersPage(ctx, 0, 1)
			if err != nil {
				return "", false, err
			}
			return fmt.Sprintf("Admin API keys work: %d users", page.Total), false, nil
		}))
	}
	if c.l.creds.WebSDKReady() == nil {
		if web, err := c.g.client(c.l, c.l.creds.ClientID.Value, c.l.creds.ClientSecret.Value); err == nil {
			code = worst(code, c.step("websdk", func() (string, bool, error) {
				if _, err := web.HealthCheck(ctx); err != nil {
					return "", false, err
				}
				return "the Web SDK client ID and secret pass Duo's health check", false, nil
			}))
		}
	}
	return worst(code, clockCode)
}

// worst keeps the first failure's code.
func worst(a, b int) int {
	if a != exitOK {
		return a
	}
	return b
}

// format checks the three values offline; nothing configured gets the
// one-line reminder a daily cron job keeps sending until the keys are in.
func (c *checker) format() int {
	cr := c.l.creds
	if err := cr.AuthReady(); err != nil {
		c.add(checkStep{Name: "format", Status: "failed", Error: &jsonError{Kind: "config", Explanation: err.Error()}})
		c.line("✗", "format", err.Error())
		c.firstErr = err.Error()
		return exitUsage
	}
	// Formats are valid here (AuthReady checked them); what is left are
	// warnings, such as an integration key that does not start with DI.
	var notes []string
	for _, h := range []config.Hint{
		hintOnly(config.CheckHost(cr.Host.Value)), hintOnly(config.CheckIKey(cr.IKey.Value)), hintOnly(config.CheckSKey(cr.SKey.Value.Reveal())),
	} {
		if h != "" {
			notes = append(notes, string(h))
		}
	}
	host := cr.Host.Value
	if config.IsSimulatorHost(host) {
		host += " (simulator)"
	}
	detail := fmt.Sprintf("host %s, integration key %s (%s), secret key from %s", host, cr.IKey.Value, cr.IKey.Origin, cr.SKey.Origin)
	st := checkStep{Name: "format", Status: "ok", Detail: detail}
	mark := "✓"
	if len(notes) > 0 {
		st.Status, mark = "warn", "!"
		st.Detail += "; " + strings.Join(notes, "; ")
	}
	c.add(st)
	c.line(mark, "format", st.Detail)
	return exitOK
}

func hintOnly(h config.Hint, _ bool) config.Hint { return h }

// dial reports DNS, TCP and TLS separately, so a TLS-inspecting proxy or a
// firewall shows itself before any API call.
func (c *checker) dial(ctx context.Context, auth *duo.Client) int {
	rep, err := auth.Dial(ctx)
	if rep.Via != "" {
		c.add(checkStep{Name: "dns", Status: "skipped", Detail: "requests go through the proxy " + rep.Via})
		c.line("-", "proxy", "requests go through "+rep.Via+"; the ping below tests the whole path")
		return exitOK
	}
	steps := []struct {
		name   string
		d      time.Duration
		detail string
	}{
		{"dns", rep.DNS, dnsDetail(auth.Host(), rep.Addrs)},
		{"connect", rep.Connect, "TCP connection to " + auth.Host()},
		{"tls", rep.TLS, fmt.Sprintf("%s, certificate issued by %s", rep.TLSVersion, rep.Issuer)},
	}
	for _, s := range steps {
		if s.name == rep.Failed {
			c.fail(s.name, s.d, err)
			c.skipAfter(s.name)
			return exitFor(err)
		}
		c.add(checkStep{Name: s.name, Status: "ok", Detail: s.detail, LatencyMS: ms(s.d)})
		c.line("✓", s.name, fmt.Sprintf("%s (%s)", s.detail, round(s.d)))
	}
	return exitOK
}

// clock measures Duo − local through aimed unsigned pings; beyond the
// configured limits it fails the check (exit 1) but the signed check still runs.
func (c *checker) clock(ctx context.Context, auth *duo.Client) int {
	if c.o.clockSamples <= 0 {
		c.skip("clock")
		return exitOK
	}
	start := time.Now()
	est, err := model.Measure(ctx, model.DuoProbe(auth), c.o.clockSamples, model.MeasureOptions{Target: 20 * time.Millisecond})
	if err != nil && !est.Known() {
		c.fail("clock", time.Since(start), err)
		return exitFor(err)
	}
	v := model.JudgeClock(model.ClockFacts{
		Duo:    &est,
		Limits: model.ClockLimits{Warn: time.Duration(c.l.eff.Clock.WarnOffset), Bad: time.Duration(c.l.eff.Clock.FailOffset)},
	})
	mid := est.Mid()
	c.rep.Clock = &clockJSON{OffsetMS: ms(mid), LoMS: ms(est.Lo), HiMS: ms(est.Hi), Samples: est.Samples, Verdict: v}
	detail := v.Summary
	st := checkStep{Name: "clock", Status: "ok", Detail: detail, LatencyMS: ms(time.Since(start))}
	mark, code := "✓", exitOK
	switch v.Level {
	case model.LevelWarn:
		st.Status, mark = "warn", "!"
	case model.LevelBad:
		st.Status, mark, code = "failed", "✗", exitFailed
		st.Error = &jsonError{Kind: "clock", Explanation: v.Summary + " " + v.Fix}
		c.noteErr(v.Summary)
	}
	c.add(st)
	c.line(mark, "clock", detail)
	if v.Level >= model.LevelWarn && v.Fix != "" {
		c.explain(v.Fix)
	}
	return code
}

// step runs one API step and prints its line.
func (c *checker) step(name string, f func() (string, bool, error)) int {
	start := time.Now()
	detail, warn, err := f()
	d := time.Since(start)
	if err != nil {
		c.fail(name, d, err)
		return exitFor(err)
	}
	st, mark := checkStep{Name: name, Status: "ok", Detail: detail, LatencyMS: ms(d)}, "✓"
	if warn {
		st.Status, mark = "warn", "!"
	}
	c.add(st)
	c.line(mark, name, fmt.Sprintf("%s (%s)", detail, round(d)))
	return exitOK
}

func (c *checker) fail(name string, d time.Duration, err error) {
	c.add(checkStep{Name: name, Status: "failed", LatencyMS: ms(d), Error: newJSONError(err)})
	c.line("✗", name, duo.Explain(err))
	c.noteErr(duo.Explain(err))
}

func (c *checker) noteErr(s string) {
	if c.firstErr == "" {
		c.firstErr = s
	}
}

// skipAfter marks the network steps after a failed one, and the API steps.
func (c *checker) skipAfter(failed string) {
	order := []string{"dns", "connect", "tls", "ping", "clock", "check"}
	for i, n := range order {
		if n == failed {
			c.skip(order[i+1:]...)
			return
		}
	}
}

func (c *checker) skip(names ...string) {
	for _, n := range names {
		c.add(checkStep{Name: n, Status: "skipped"})
		c.line("-", n, "skipped")
	}
}

func (c *checker) add(s checkStep) { c.rep.Steps = append(c.rep.Steps, s) }

// line prints one step for people; --json prints nothing until the end.
func (c *checker) line(mark, name, text string) {
	if c.o.json {
		return
	}
	style := c.m.ok
	switch mark {
	case "✗":
		style = c.m.bad
	case "!":
		style = c.m.warn
	case "-":
		style = c.m.skip
	}
	fmt.Fprintf(c.g.stdout, "%s %-8s %s\n", style.Render(mark), name, text)
}

// explain prints an indented second line under a step.
func (c *checker) explain(text string) {
	if !c.o.json {
		fmt.Fprintf(c.g.stdout, "           %s\n", c.m.faint.Render(text))
	}
}

func round(d time.Duration) time.Duration {
	if d > 10*time.Millisecond {
		return d.Round(time.Millisecond)
	}
	return d.Round(10 * time.Microsecond)
}

func dnsDetail(host string, addrs []string) string {
	if len(addrs) == 1 && strings.HasPrefix(host, addrs[0]) {
		return addrs[0] + " is an IP address: no lookup needed"
	}
	return host + " is " + strings.Join(addrs, ", ")
}
