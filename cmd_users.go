package main

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"duotui/duo"
	"duotui/model"
)

// userJSON is one user in `duotui users --json`.
type userJSON struct {
	Username   string   `json:"username"`
	UserID     string   `json:"user_id"`
	RealName   string   `json:"realname,omitempty"`
	Email      string   `json:"email,omitempty"`
	Status     string   `json:"status"`
	IsEnrolled bool     `json:"is_enrolled"`
	LastLogin  *int64   `json:"last_login"` // Unix seconds, null for never
	Groups     []string `json:"groups,omitempty"`
	Phones     []string `json:"phones,omitempty"` // numbers, as Duo masks or shows them
}

type usersResult struct {
	OK      bool       `json:"ok"`
	Total   int        `json:"total"`   // users Duo has
	Matched int        `json:"matched"` // users that matched --filter
	Users   []userJSON `json:"users"`   // at most --limit
	Error   *jsonError `json:"error,omitempty"`
}

func newUsersCmd(g *globals) *cobra.Command {
	var (
		asJSON bool
		filter string
		limit  int
	)
	cmd := &cobra.Command{
		Use:   "users",
		Short: "List Duo users through the Admin API",
		Long: `users lists the account's users through the Admin API (page by page, with
progress on stderr). It needs an Admin API application's keys (admin_ikey and
admin_skey, or DUOTUI_ADMIN_IKEY / DUOTUI_ADMIN_SKEY). --filter keeps users
whose username, real name or email contains the text (case-insensitive).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runUsers(cmd.Context(), g, asJSON, filter, limit)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print one JSON object instead of a table")
	cmd.Flags().StringVar(&filter, "filter", "", "keep users whose username, real name or email contains this")
	cmd.Flags().IntVar(&limit, "limit", 0, "print at most this many users (0: all)")
	return cmd
}

func runUsers(ctx context.Context, g *globals, asJSON bool, filter string, limit int) error {
	l, err := g.load(ctx)
	if err != nil {
		return err
	}
	admin, err := g.adminClient(l)
	if err != nil {
		return g.usage(err)
	}
	needle := strings.ToLower(filter)
	var res usersResult
	progress := func(fetched, total int) {
		res.Total = total
		if isTerminalWriter(g.stderr) {
			fmt.Fprintf(g.stderr, "\rfetched %d of %d users", fetched, total)
		}
	}
	for u, err := range admin.Users(ctx, progress) {
		if err != nil {
			if isTerminalWriter(g.stderr) {
				fmt.Fprintln(g.stderr)
			}
			res.Error = newJSONError(err)
			if asJSON {
				g.printJSON(res)
			} else {
				fmt.Fprintf(g.stderr, "duotui: %s\n", duo.Explain(err))
			}
			return fail(exitFor(err), err)
		}
		if needle != "" && !strings.Contains(strings.ToLower(u.Username+"\x00"+u.RealName+"\x00"+u.Email), needle) {
			continue
		}
		res.Matched++
		if limit <= 0 || len(res.Users) < limit {
			res.Users = append(res.Users, toUserJSON(u))
		}
	}
	if isTerminalWriter(g.stderr) {
		fmt.Fprintln(g.stderr)
	}
	res.OK = true
	if asJSON {
		return g.printJSON(res)
	}
	tw := tabwriter.NewWriter(g.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "USERNAME\tNAME\tSTATUS\tENROLLED\tLAST LOGIN\tPHONES")
	for _, u := range res.Users {
		last := "never"
		if u.LastLogin != nil {
			last = time.Unix(*u.LastLogin, 0).UTC().Format("2006-01-02 15:04")
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", u.Username, u.RealName, u.Status, yesNo(u.IsEnrolled), last, strings.Join(u.Phones, " "))
	}
	tw.Flush()
	fmt.Fprintf(g.stderr, "%d of %d users shown\n", len(res.Users), res.Total)
	return nil
}

func toUserJSON(u duo.User) userJSON {
	j := userJSON{Username: u.Username, UserID: u.UserID, RealName: u.RealName, Email: u.Email, Status: u.Status, IsEnrolled: u.IsEnrolled}
	if !u.LastLogin.IsZero() {
		s := u.LastLogin.Unix()
		j.LastLogin = &s
	}
	for _, gr := range u.Groups {
		j.Groups = append(j.Groups, gr.Name)
	}
	for _, p := range u.Phones {
		j.Phones = append(j.Phones, p.Number)
	}
	return j
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// preauthResult is `duotui preauth --json`.
type preauthResult struct {
	OK        bool         `json:"ok"`
	ExitCode  int          `json:"exit_code"`
	User      string       `json:"user"`
	Result    string       `json:"result,omitempty"` // auth, allow, deny, enroll
	StatusMsg string       `json:"status_msg,omitempty"`
	State     string       `json:"state,omitempty"`   // what it means: active, bypass, locked_out…
	Meaning   string       `json:"meaning,omitempty"` // one sentence for the admin
	Fix       string       `json:"fix,omitempty"`
	EnrollURL string       `json:"enroll_portal_url,omitempty"`
	Devices   []duo.Device `json:"devices"`
	Error     *jsonError   `json:"error,omitempty"`
}

func newPreauthCmd(g *globals) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "preauth USER",
		Short: "Ask Duo whether USER can log in, and with which devices",
		Long: `preauth asks Duo what a login by USER would need: a second factor on one of the
listed devices (exit 0), nothing (bypass, exit 0), or refusal (locked out,
disabled, not enrolled: exit 1).`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, a []string) error { return runPreauth(cmd.Context(), g, asJSON, a[0]) },
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print one JSON object instead of text")
	return cmd
}

func runPreauth(ctx context.Context, g *globals, asJSON bool, user string) error {
	l, auth, err := g.loadAuth(ctx)
	if err != nil {
		return err
	}
	start := time.Now()
	p, err := auth.Preauth(ctx, duo.PreauthRequest{Username: user})
	res := preauthResult{User: user, Devices: p.Devices, Error: newJSONError(err)}
	rec := model.AuditRecord{Action: model.ActionPreauth, Host: auth.Host(), User: user, Duration: model.Millis(time.Since(start))}
	code := exitFor(err)
	if err == nil {
		ru := model.RosterUser{User: duo.User{Username: user}, Preauth: &model.PreauthSeen{Preauth: p, At: time.Now()}}
		info := ru.Explain()
		res.Result, res.StatusMsg, res.EnrollURL = string(p.Result), p.StatusMsg, p.EnrollPortalURL
		res.State, res.Meaning, res.Fix = string(info.State), info.Meaning, info.Fix
		if p.Result == duo.PreauthDeny || p.Result == duo.PreauthEnroll {
			code = exitFailed
		}
		rec.Result, rec.Status, rec.StatusMsg = string(p.Result), string(p.Result), p.StatusMsg
	} else {
		rec.Result, rec.Error = "failed", duo.Explain(err)
	}
	res.ExitCode, res.OK = code, code == exitOK
	g.record(g.audit(l), rec)
	if asJSON {
		g.printJSON(res)
	} else if err != nil {
		fmt.Fprintf(g.stderr, "duotui: %s\n", duo.Explain(err))
	} else {
		fmt.Fprintf(g.stdout, "%s: %s — %s\n", user, p.Result, res.Meaning)
		if res.Fix != "" {
			fmt.Fprintf(g.stdout, "  %s\n", res.Fix)
		}
		if p.EnrollPortalURL != "" {
			fmt.Fprintf(g.stdout, "  enrollment: %s\n", p.EnrollPortalURL)
		}
		for _, d := range p.Devices {
			name := d.DisplayName
			if name == "" {
				name = d.Name
			}
			fmt.Fprintf(g.stdout, "  %-22s %-28s %s\n", d.Device, name, capList(d.Capabilities))
		}
	}
	if code != exitOK {
		return fail(code, fmt.Errorf("preauth %s", res.Result))
	}
	return nil
}

func capList(cs []duo.Capability) string {
	s := make([]string, len(cs))
	for i, c := range cs {
		s[i] = string(c)
	}
	return strings.Join(s, ",")
}
