package main

import (
	"context"
	"fmt"
	"time"

	"github.com/mdp/qrterminal/v3"
	"github.com/spf13/cobra"

	"duotui/duo"
	"duotui/model"
)

// enrollResult is `duotui enroll --json`.
type enrollResult struct {
	OK                bool       `json:"ok"`
	ExitCode          int        `json:"exit_code"`
	Username          string     `json:"username"`
	UserID            string     `json:"user_id,omitempty"`
	ActivationCode    string     `json:"activation_code,omitempty"`
	ActivationURL     string     `json:"activation_url,omitempty"`
	ActivationBarcode string     `json:"activation_barcode,omitempty"`
	Expiration        int64      `json:"expiration,omitempty"` // Unix seconds
	Status            string     `json:"status,omitempty"`     // with --wait: success, invalid or waiting (timed out)
	Error             *jsonError `json:"error,omitempty"`
}

type enrollOptions struct {
	json, qr, wait bool
	valid          time.Duration
}

func newEnrollCmd(g *globals) *cobra.Command {
	var o enrollOptions
	cmd := &cobra.Command{
		Use:   "enroll USER",
		Short: "Start enrolling USER: an activation link and QR code for Duo Mobile",
		Long: `enroll asks Duo for an activation of a new user (Auth API enroll) and prints
the activation link and code; --qr draws the code for the Duo Mobile app to scan,
--wait follows the activation until the phone completes it (exit 0), the code
becomes invalid (1) or --valid runs out (4).`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, a []string) error { return runEnroll(cmd.Context(), g, o, a[0]) },
	}
	f := cmd.Flags()
	f.BoolVar(&o.json, "json", false, "print one JSON object instead of text")
	f.BoolVar(&o.qr, "qr", false, "draw the activation QR code in the terminal")
	f.BoolVar(&o.wait, "wait", false, "wait until the phone activates (polls enroll_status)")
	f.DurationVar(&o.valid, "valid", 24*time.Hour, "how long the activation stays valid")
	return cmd
}

func runEnroll(ctx context.Context, g *globals, o enrollOptions, user string) error {
	l, auth, err := g.loadAuth(ctx)
	if err != nil {
		return err
	}
	start := time.Now()
	en, err := auth.Enroll(ctx, duo.EnrollRequest{Username: user, ValidSecs: int(o.valid / time.Second)})
	res := enrollResult{Username: user, Error: newJSONError(err)}
	rec := model.AuditRecord{Action: model.ActionEnroll, Host: auth.Host(), User: user}
	code := exitFor(err)
	if err == nil {
		res.UserID, res.ActivationCode, res.ActivationURL, res.ActivationBarcode = en.UserID, en.ActivationCode, en.ActivationURL, en.ActivationBarcode
		res.Expiration = en.Expiration.Unix()
		if !o.json {
			fmt.Fprintf(g.stdout, "Activation for %s (valid until %s):\n  link: %s\n  code: %s\n",
				user, en.Expiration.Local().Format("2006-01-02 15:04 MST"), en.ActivationURL, en.ActivationCode)
			if o.qr {
				// Duo Mobile scans the activation code itself; the link is for a
				// phone's camera. Lowest error correction keeps it small enough
				// for an 80x24 terminal.
				qrterminal.GenerateWithConfig(en.ActivationCode, qrterminal.Config{
					Level: qrterminal.L, Writer: g.stdout, HalfBlocks: true, QuietZone: 2,
					BlackChar: qrterminal.BLACK_BLACK, WhiteBlackChar: qrterminal.WHITE_BLACK,
					WhiteChar: qrterminal.WHITE_WHITE, BlackWhiteChar: qrterminal.BLACK_WHITE,
				})
			}
		}
		rec.Result = "started"
		if o.wait {
			res.Status, code, err = waitActivation(ctx, g, auth, en, o.json)
			rec.Result, rec.Error = res.Status, explainOrEmpty(err)
			res.Error = newJSONError(err)
		}
	} else {
		rec.Result, rec.Error = "failed", duo.Explain(err)
	}
	rec.Duration = model.Millis(time.Since(start))
	g.record(g.audit(l), rec)
	res.ExitCode, res.OK = code, code == exitOK
	if o.json {
		g.printJSON(res)
	} else if err != nil {
		fmt.Fprintf(g.stderr, "duotui: %s\n", duo.Explain(err))
	}
	if code != exitOK {
		return fail(code, fmt.Errorf("enroll %s", res.Status))
	}
	return nil
}

// waitActivation polls enroll_status every two seconds until the phone
// activates, the code turns invalid, or the activation expires.
func waitActivation(ctx context.Context, g *globals, auth *duo.Client, en duo.Enrollment, quiet bool) (string, int, error) {
	ctx, cancel := context.WithDeadline(ctx, en.Expiration)
	defer cancel()
	tick := time.NewTicker(2 * time.Second)
	defer tick.Stop()
	for {
		st, err := auth.EnrollStatus(ctx, en.UserID, en.ActivationCode)
		switch {
		case ctx.Err() != nil:
			return string(duo.EnrollWaiting), exitTimeout, nil
		case err != nil:
			return "", exitFor(err), err
		case st == duo.EnrollSuccess:
			if !quiet {
				fmt.Fprintf(g.stdout, "✓ %s activated Duo Mobile\n", en.Username)
			}
			return string(st), exitOK, nil
		case st == duo.EnrollInvalid:
			if !quiet {
				fmt.Fprintln(g.stdout, "✗ the activation code is no longer valid: run duotui enroll again")
			}
			return string(st), exitFailed, nil
		}
		select {
		case <-ctx.Done():
			return string(duo.EnrollWaiting), exitTimeout, nil
		case <-tick.C:
		}
	}
}

func explainOrEmpty(err error) string {
	if err == nil {
		return ""
	}
	return duo.Explain(err)
}
