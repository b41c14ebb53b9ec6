package clock

import (
	"context"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"duotui/config"
	"duotui/duo"
	"duotui/model"
	"duotui/ui/common"
)

// Messages carry the run they belong to: r starts a new run, and answers of
// an older one are dropped.
type (
	measureStartedMsg struct {
		run  int
		host string
		ch   <-chan tea.Msg
	}
	sampleMsg struct {
		run int
		est model.ClockEstimate
	}
	measureDoneMsg struct {
		run     int
		host    string
		est     model.ClockEstimate
		err     error
		elapsed time.Duration
		reused  bool // another session's recent reading (Env.LastClock)
	}
	kernelMsg struct {
		run int
		k   model.KernelSync
		err error
	}
	ntpMsg struct {
		run int
		r   model.NTPResult
		err error
	}
	checkMsg struct {
		run int
		err error
	}
	syncMsg struct{ t model.TimeSync }
)

// noHostError is a session with no Duo host at all; its text is the
// sentence the pane shows.
type noHostError struct{}

func (noHostError) Error() string {
	return "No Duo API host is configured, so Duo's clock cannot be read: enter the API hostname in Setup (tab 1) or set DUOTUI_HOST, then press r."
}

var errNoHost error = noHostError{}

// clockSettings reads [clock] with its defaults filled in.
func clockSettings(s *common.Session, cl common.Clients) (ntpServer string, lim model.ClockLimits) {
	c := config.Clock{WarnOffset: config.Duration(config.DefaultWarnOffset), FailOffset: config.Duration(config.DefaultFailOffset)}
	if cl.File != nil {
		getenv := s.Getenv
		if getenv == nil {
			getenv = func(string) string { return "" }
		}
		c = cl.File.Config.Effective(cl.File.Path, getenv).Clock
	}
	return c.NTPServer, model.ClockLimits{Warn: time.Duration(c.WarnOffset), Bad: time.Duration(c.FailOffset)}
}

// pingClient is any client that can reach Duo's unsigned ping: the ping
// needs no keys, so with none configured a bare client on the host will do.
// reuseFor is how long a session trusts another session's reading instead
// of measuring at start: clocks drift by milliseconds a day, and r always
// measures afresh.
const reuseFor = 5 * time.Minute

// hostOf is the host pingClient would measure.
func hostOf(cl common.Clients) string {
	for _, c := range []*duo.Client{cl.Auth, cl.Admin, cl.WebSDK} {
		if c != nil {
			return c.Host()
		}
	}
	return cl.Creds.Host.Value
}

func pingClient(cl common.Clients) (*duo.Client, string, error) {
	for _, c := range []*duo.Client{cl.Auth, cl.Admin, cl.WebSDK} {
		if c != nil {
			return c, c.Host(), nil
		}
	}
	host := cl.Creds.Host.Value
	if host == "" {
		return nil, "", errNoHost
	}
	c, err := duo.NewClient(duo.Config{Host: host, CAFile: cl.Creds.CAFile.Value, Proxy: cl.Creds.Proxy.Value, Timeout: cl.Creds.Timeout})
	return c, host, err
}

// startMeasure starts model.Measure on its own goroutine. Each sample comes
// back as its own message through ch (buffered for every sample, so the
// goroutine never blocks on a pane that stopped listening), and the pane
// re-issues waitNext after each one: the interval narrows on screen live.
func startMeasure(ctx context.Context, cancel context.CancelFunc, run int, cl common.Clients, d deps) tea.Cmd {
	return func() tea.Msg {
		client, host, err := pingClient(cl)
		if err != nil {
			cancel()
			return measureDoneMsg{run: run, err: err}
		}
		now := d.now
		if now == nil {
			now = time.Now
		}
		ch := make(chan tea.Msg, d.samples+2)
		opts := model.MeasureOptions{Now: d.now, Sleep: d.sleep, OnSample: func(e model.ClockEstimate) {
			ch <- sampleMsg{run: run, est: e}
		}}
		go func() {
			defer close(ch)
			defer cancel()
			t0 := now()
			est, err := model.Measure(ctx, d.probe(client), d.samples, opts)
			ch <- measureDoneMsg{run: run, host: host, est: est, err: err, elapsed: now().Sub(t0)}
		}()
		return measureStartedMsg{run: run, host: host, ch: ch}
	}
}

// waitNext delivers the measurement's next message.
func waitNext(ch <-chan tea.Msg) tea.Cmd {
	return func() tea.Msg {
		msg, ok := <-ch
		if !ok {
			return nil
		}
		return msg
	}
}

func readKernel(run int, read func() (model.KernelSync, error)) tea.Cmd {
	return func() tea.Msg {
		k, err := read()
		return kernelMsg{run: run, k: k, err: err}
	}
}

func detectSync(detect func() model.TimeSync) tea.Cmd {
	return func() tea.Msg { return syncMsg{t: detect()} }
}

func queryNTP(ctx context.Context, run int, server string, wait time.Duration, query func(context.Context, string, time.Duration) (model.NTPResult, error)) tea.Cmd {
	if server == "" {
		return nil // opt-in: no server, no traffic
	}
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, 2*wait)
		defer cancel()
		r, err := query(ctx, server, wait)
		return ntpMsg{run: run, r: r, err: err}
	}
}

// signedCheck asks Duo to judge this clock the way it judges every signed
// request: a 40105 here is the server-clock half of the second-factor test.
func signedCheck(ctx context.Context, run int, c *duo.Client) tea.Cmd {
	if c == nil {
		return nil
	}
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
		defer cancel()
		_, err := c.Check(ctx)
		return checkMsg{run: run, err: err}
	}
}

// record appends the measurement to the audit log and tells Activity.
func record(s *common.Session, rec model.AuditRecord) tea.Cmd {
	return func() tea.Msg {
		if s.Audit == nil {
			return nil
		}
		if err := s.Record(rec); err != nil {
			return common.StatusMsg{Text: duo.Explain(err), Level: common.Failure}
		}
		return common.AuditedMsg{Record: rec}
	}
}

// msgCmd returns msg from a Cmd.
func msgCmd(msg tea.Msg) tea.Cmd { return func() tea.Msg { return msg } }
