package ui

import (
	"context"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"duotui/duo"
	"duotui/ui/common"
)

// Timeouts of the root's own calls.
const (
	// reloadTimeout covers Env.Load, which may run up to three *_command
	// helpers of config.SecretCommandTimeout each.
	reloadTimeout = 35 * time.Second
	checkTimeout  = 15 * time.Second
)

// credentialsLoadedMsg reports the Env reload that followed a
// CredentialsMsg.
type credentialsLoadedMsg struct {
	saved common.CredentialsMsg
	err   error
}

// credentialsWork is the banner's test: an Auth API client exists and
// nothing is known to be wrong with its keys.
func credentialsWork(cl common.Clients) bool { return cl.Auth != nil && cl.AuthErr == nil }

// loadCredentials rebuilds the Env's clients from the file the wizard saved.
func loadCredentials(s *common.Session, saved common.CredentialsMsg) tea.Cmd {
	ctx, env := s.Ctx, s.Env
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, reloadTimeout)
		defer cancel()
		return credentialsLoadedMsg{saved: saved, err: env.Load(ctx)}
	}
}

// credentialsLoaded updates the banner and status bar, then tells the panes
// (which build their next calls from the new clients) and checks the
// connection again.
func (a *App) credentialsLoaded(msg credentialsLoadedMsg) tea.Cmd {
	cl := a.s.Clients()
	a.noCreds = !credentialsWork(cl)
	a.layout()
	where := msg.saved.Path
	if where == "" {
		where = a.s.ConfigPath
	}
	switch {
	case msg.err != nil:
		a.bar.status = common.StatusMsg{Text: sentence(msg.err), Level: common.Failure}
	case a.noCreds && cl.AuthErr != nil:
		a.bar.status = common.StatusMsg{Text: sentence(cl.AuthErr), Level: common.Warning}
	case a.noCreds:
		a.bar.status = common.StatusMsg{Text: where + " holds no complete Auth API keys yet — finish the Setup tab.", Level: common.Warning}
	default:
		a.bar.status = common.StatusMsg{Text: "New credentials in use, saved to " + where + ".", Level: common.Success}
	}
	cmds := []tea.Cmd{a.broadcast(msg.saved)}
	if !a.noCreds {
		cmds = append(cmds, checkConnection(a.s))
	}
	return tea.Batch(cmds...)
}

// checkConnection makes one signed check for the status bar.
func checkConnection(s *common.Session) tea.Cmd {
	c := s.Clients().Auth
	if c == nil {
		return nil
	}
	ctx, now := s.Ctx, s.Now
	if now == nil {
		now = time.Now
	}
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, checkTimeout)
		defer cancel()
		_, err := c.Check(ctx)
		return common.ConnMsg{Err: err, At: now()}
	}
}

// sentence is an error as the one line the status bar shows.
func sentence(err error) string {
	return strings.Join(strings.Fields(duo.Explain(err)), " ")
}
