package main

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"duotui/duo"
	"duotui/model"
)

// clockResult is `duotui clock --json`.
type clockResult struct {
	OK       bool              `json:"ok"`
	ExitCode int               `json:"exit_code"`
	Host     string            `json:"host"`
	OffsetMS float64           `json:"offset_ms"` // Duo − local, the middle of the interval; positive: this clock is slow
	LoMS     float64           `json:"lo_ms"`
	HiMS     float64           `json:"hi_ms"`
	WidthMS  float64           `json:"width_ms"`
	RTTMS    float64           `json:"rtt_ms"`
	Samples  int               `json:"samples"`
	Kernel   *model.KernelSync `json:"kernel,omitempty"`
	NTP      *ntpJSON          `json:"ntp,omitempty"`
	TimeZone string            `json:"time_zone"`
	Verdict  model.Verdict     `json:"verdict"`
	Error    *jsonError        `json:"error,omitempty"`
}

type ntpJSON struct {
	Server   string  `json:"server"`
	OffsetMS float64 `json:"offset_ms,omitempty"`
	RTTMS    float64 `json:"rtt_ms,omitempty"`
	Error    string  `json:"error,omitempty"`
}

func newClockCmd(g *globals) *cobra.Command {
	var (
		asJSON  bool
		samples int
		ntp     string
	)
	cmd := &cobra.Command{
		Use:   "clock",
		Short: "Measure this server's clock against Duo's, with a verdict and the fix",
		Long: `clock measures Duo − local with unsigned pings aimed at Duo's second boundaries,
which narrows Duo's one-second clock to about one round trip, and adds the
kernel's sync state and, with --ntp or [clock] ntp_server, an NTP server's view.
It needs only the API hostname: the ping is unsigned, so it works even when the
keys or the clock are wrong. Exit 0 when the clock is fine (or only warned
about), 1 when it is off enough to break logins, 3 when Duo is unreachable.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runClock(cmd.Context(), g, asJSON, samples, ntp, cmd.Flags().Changed("ntp"))
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print one JSON object instead of text")
	cmd.Flags().IntVar(&samples, "samples", model.DefaultClockSamples, "pings to take (each aimed at a second boundary)")
	cmd.Flags().StringVar(&ntp, "ntp", "", "also ask this NTP server (default [clock] ntp_server; empty: none)")
	return cmd
}

func runClock(ctx context.Context, g *globals, asJSON bool, samples int, ntp string, ntpSet bool) error {
	l, err := g.load(ctx)
	if err != nil {
		return err
	}
	if l.creds.Host.Value == "" {
		return g.usage(fmt.Errorf("no API hostname is configured: set host in the config file or DUOTUI_HOST (the clock check needs no keys)"))
	}
	c, err := g.client(l, l.creds.IKey.Value, "")
	if err != nil {
		return err
	}
	if !ntpSet {
		ntp = l.eff.Clock.NTPServer
	}
	res := clockResult{Host: c.Host(), TimeZone: model.TimeZoneLine(time.Now())}
	facts := model.ClockFacts{
		Sync:   model.DetectLocalTimeSync(),
		Limits: model.ClockLimits{Warn: time.Duration(l.eff.Clock.WarnOffset), Bad: time.Duration(l.eff.Clock.FailOffset)},
	}
	if k, err := model.ReadKernelSync(); err == nil {
		facts.Kernel, res.Kernel = &k, &k
	}
	if ntp != "" {
		n, err := model.QueryNTP(ctx, ntp, 5*time.Second)
		res.NTP = &ntpJSON{Server: ntp}
		if err != nil {
			res.NTP.Error = err.Error()
		} else {
			facts.NTP = &n
			res.NTP.OffsetMS, res.NTP.RTTMS = ms(n.Offset), ms(n.RTT)
		}
	}
	progress := func(e model.ClockEstimate) {
		if !asJSON && isTerminalWriter(g.stderr) {
			fmt.Fprintf(g.stderr, "\rsample %2d: Duo − local in %s (width %s)   ", e.Samples, e.Interval, e.Width().Round(time.Millisecond))
		}
	}
	est, merr := model.Measure(ctx, model.DuoProbe(c), samples, model.MeasureOptions{OnSample: progress})
	if !asJSON && isTerminalWriter(g.stderr) {
		fmt.Fprintln(g.stderr)
	}
	if est.Known() {
		facts.Duo = &est
		res.OffsetMS, res.LoMS, res.HiMS, res.WidthMS = ms(est.Mid()), ms(est.Lo), ms(est.Hi), ms(est.Width())
		res.RTTMS, res.Samples = ms(est.RTT), est.Samples
	}
	res.Verdict = model.JudgeClock(facts)
	code := exitOK
	switch {
	case !est.Known() && merr != nil:
		code = exitFor(merr)
		res.Error = newJSONError(merr)
	case res.Verdict.Level == model.LevelBad:
		code = exitFailed
	}
	res.ExitCode, res.OK = code, code == exitOK
	rec := model.AuditRecord{Action: model.ActionClock, Host: c.Host(), Result: res.Verdict.Level.String(), StatusMsg: res.Verdict.Summary}
	if merr != nil && !est.Known() {
		rec.Result, rec.Error = "failed", duo.Explain(merr)
	}
	g.record(g.audit(l), rec)

	if asJSON {
		g.printJSON(res)
	} else {
		printClock(g, res, est, merr)
	}
	if code != exitOK {
		return fail(code, fmt.Errorf("clock %s", res.Verdict.Level))
	}
	return nil
}

func printClock(g *globals, res clockResult, est model.ClockEstimate, merr error) {
	m := g.marks()
	if !est.Known() {
		fmt.Fprintf(g.stdout, "%s Duo: %s\n", m.bad.Render("✗"), duo.Explain(merr))
	} else {
		fmt.Fprintf(g.stdout, "Duo − local   %s  (interval %s, %d samples, round trip %s)\n",
			model.FormatOffset(est.Mid(), est.Width()/2), est.Interval, est.Samples, est.RTT.Round(10*time.Microsecond))
	}
	if res.Kernel != nil {
		fmt.Fprintf(g.stdout, "kernel        %s\n", res.Kernel.Summary())
	}
	if res.NTP != nil {
		if res.NTP.Error != "" {
			fmt.Fprintf(g.stdout, "NTP           %s\n", res.NTP.Error)
		} else {
			fmt.Fprintf(g.stdout, "NTP           %s: %s\n", res.NTP.Server, model.FormatOffset(time.Duration(res.NTP.OffsetMS*float64(time.Millisecond)), 0))
		}
	}
	fmt.Fprintf(g.stdout, "%s\n", res.TimeZone)
	mark := m.ok.Render("✓")
	switch res.Verdict.Level {
	case model.LevelWarn:
		mark = m.warn.Render("!")
	case model.LevelBad:
		mark = m.bad.Render("✗")
	}
	fmt.Fprintf(g.stdout, "%s %s\n", mark, res.Verdict.Summary)
	if res.Verdict.Fix != "" {
		fmt.Fprintf(g.stdout, "  %s\n", res.Verdict.Fix)
	}
	for _, c := range res.Verdict.Commands {
		fmt.Fprintf(g.stdout, "    %s\n", c)
	}
}
