package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"duotui/duo"
	"duotui/model"
)

// sendOptions are the flags of push, call, sms and passcode.
type sendOptions struct {
	json            bool
	device          string
	pushinfo        []string
	pushType        string
	displayUsername string
	timeout         time.Duration
}

// sendResult is the one JSON object push/call/sms/passcode print.
type sendResult struct {
	OK        bool            `json:"ok"`
	ExitCode  int             `json:"exit_code"`
	User      string          `json:"user"`
	Factor    string          `json:"factor"`
	Device    string          `json:"device,omitempty"`
	TxID      string          `json:"txid,omitempty"`
	Outcome   string          `json:"outcome"` // allow, deny, timeout, fraud, sms_sent, error, canceled
	Status    string          `json:"status,omitempty"`
	StatusMsg string          `json:"status_msg,omitempty"`
	ElapsedMS float64         `json:"elapsed_ms"`
	Timeline  []model.TxEvent `json:"timeline"`
	Error     *jsonError      `json:"error,omitempty"`
}

func newSendCmds(g *globals) []*cobra.Command {
	mk := func(use, short string, factor duo.Factor, args cobra.PositionalArgs) *cobra.Command {
		var o sendOptions
		cmd := &cobra.Command{
			Use:   use,
			Short: short,
			Args:  args,
			RunE: func(cmd *cobra.Command, a []string) error {
				code := ""
				if factor == duo.FactorPasscode {
					code = a[1]
				}
				return runSend(cmd.Context(), g, o, factor, a[0], code)
			},
		}
		f := cmd.Flags()
		f.BoolVar(&o.json, "json", false, "print one JSON object instead of text")
		f.DurationVar(&o.timeout, "timeout", 90*time.Second, "give up waiting for the user after this long (exit 4)")
		if factor != duo.FactorPasscode {
			f.StringVar(&o.device, "device", "auto", "device ID (DP…) from `duotui preauth`, or auto")
		}
		if factor == duo.FactorPush {
			f.StringArrayVar(&o.pushinfo, "pushinfo", nil, "key=value shown in the push (repeatable)")
			f.StringVar(&o.pushType, "type", "", `label of the push, e.g. "Test" (Duo's default: "Login")`)
			f.StringVar(&o.displayUsername, "display-username", "", "username shown in the push")
		}
		return cmd
	}
	return []*cobra.Command{
		mk("push USER", "Send a Duo Push to USER and wait for the answer", duo.FactorPush, cobra.ExactArgs(1)),
		mk("call USER", "Phone USER and wait for the answer (spends telephony credits)", duo.FactorPhone, cobra.ExactArgs(1)),
		mk("sms USER", "Text USER a batch of passcodes (spends telephony credits)", duo.FactorSMS, cobra.ExactArgs(1)),
		mk("passcode USER CODE", "Verify a passcode of USER (CODE - reads it from stdin)", duo.FactorPasscode, cobra.ExactArgs(2)),
	}
}

func runSend(ctx context.Context, g *globals, o sendOptions, factor duo.Factor, user, code string) error {
	l, auth, err := g.loadAuth(ctx)
	if err != nil {
		return err
	}
	req := duo.AuthRequest{Username: user, Factor: factor, Async: factor != duo.FactorPasscode}
	if factor == duo.FactorPasscode {
		if code == "-" {
			line, _ := bufio.NewReader(g.stdin).ReadString('\n')
			code = strings.TrimSpace(line)
		}
		req.Passcode = code
	} else {
		req.Device = o.device
	}
	if factor == duo.FactorPush {
		req.Type, req.DisplayUsername = o.pushType, o.displayUsername
		if req.PushInfo, err = parsePushInfo(o.pushinfo); err != nil {
			return g.usage(err)
		}
	}
	log := g.audit(l)
	if log != nil && req.Passcode != "" {
		log.AddSecret(req.Passcode)
	}

	ctx, cancel := context.WithTimeout(ctx, o.timeout)
	defer cancel()
	tx := model.NewTx(factor, user, req.Device, time.Now())
	live := !o.json && isTerminalWriter(g.stderr)
	progress := func() {
		if live {
			fmt.Fprintf(g.stderr, "\r%s", tx.Snapshot().Timeline())
		}
	}
	res, err := auth.Auth(ctx, req)
	txid := res.TxID
	// Duo long-polls auth_status: each answer is a change (pushed, answered,
	// allow…) or the end of its poll interval.
	for err == nil {
		tx.Record(res, time.Now())
		progress()
		if res.Final() || txid == "" {
			break
		}
		res, err = auth.AuthStatus(ctx, txid)
	}
	if live {
		fmt.Fprintln(g.stderr)
	}
	code2 := exitOK
	if err != nil {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			tx.Fail(fmt.Sprintf("no answer within %s", o.timeout), time.Now())
			code2 = exitTimeout
		} else {
			tx.Fail(duo.Explain(err), time.Now())
			code2 = exitFor(err)
		}
	}
	rec := tx.Snapshot()
	if err == nil {
		code2 = outcomeExit(rec.Outcome)
	}
	g.record(log, model.AuditFromTx(model.LocalActor(), auth.Host(), rec))

	out := sendResult{
		OK: code2 == exitOK, ExitCode: code2, User: user, Factor: string(factor), Device: rec.Device,
		TxID: rec.TxID, Outcome: string(rec.Outcome), StatusMsg: rec.StatusMsg,
		ElapsedMS: ms(rec.Elapsed()), Timeline: rec.Events, Error: newJSONError(err),
	}
	if n := len(rec.Events); n > 0 {
		out.Status = rec.Events[n-1].Status
	}
	if o.json {
		g.printJSON(out)
	} else {
		if !live {
			fmt.Fprintln(g.stderr, rec.Timeline())
		}
		m := g.marks()
		mark := m.ok.Render("✓")
		if code2 != exitOK {
			mark = m.bad.Render("✗")
		}
		fmt.Fprintf(g.stdout, "%s %s\n", mark, rec.Verdict())
		if err != nil && code2 != exitTimeout {
			fmt.Fprintf(g.stdout, "  %s\n", duo.Explain(err))
		}
	}
	if code2 != exitOK {
		return fail(code2, errors.New(string(rec.Outcome)))
	}
	return nil
}

// outcomeExit maps a transaction's end to design.md's exit codes; an SMS
// that was sent is a success of `duotui sms`.
func outcomeExit(o model.Outcome) int {
	switch o {
	case model.OutcomeAllow, model.OutcomeSMSSent:
		return exitOK
	case model.OutcomeTimeout:
		return exitTimeout
	}
	return exitFailed
}

// parsePushInfo turns repeated key=value flags into the pushinfo values.
func parsePushInfo(kvs []string) (url.Values, error) {
	if len(kvs) == 0 {
		return nil, nil
	}
	v := url.Values{}
	for _, kv := range kvs {
		k, val, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			return nil, fmt.Errorf("--pushinfo %q is not key=value, like --pushinfo server=web01", kv)
		}
		v.Add(k, val)
	}
	return v, nil
}
