package activity

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"duotui/config"
	"duotui/model"
	"duotui/ui/common"
)

// loadedMsg is a page of the log. older marks a page to append below the
// records shown (paging); otherwise it replaces them (reload, filter).
type loadedMsg struct {
	seq   int
	older bool
	page  model.AuditPage
	err   error
}

// noLogMsg says why no audit log is open and where it would be.
type noLogMsg struct {
	path, why string
	readable  bool // the file exists and can be read: show it anyway
}

// parseFilter reads the filter field: action:X and user:X pick exact
// fields, every other word is text searched in all fields.
func parseFilter(s string) model.AuditQuery {
	var q model.AuditQuery
	var words []string
	for _, f := range strings.Fields(s) {
		name, val, ok := strings.Cut(f, ":")
		switch {
		case ok && strings.EqualFold(name, "action") && val != "":
			q.Action = val
		case ok && strings.EqualFold(name, "user") && val != "":
			q.User = val
		default:
			words = append(words, f)
		}
	}
	q.Text = strings.Join(words, " ")
	return q
}

// read runs one ReadAudit off the UI goroutine.
func read(path string, q model.AuditQuery, seq int, older bool) tea.Cmd {
	return func() tea.Msg {
		page, err := model.ReadAudit(path, q)
		return loadedMsg{seq: seq, older: older, page: page, err: err}
	}
}

// reload reads the newest records again with the current filter, as many
// as are shown now, so a record announced by another pane appears at the
// top without losing the place.
func (p *Model) reload() tea.Cmd {
	if p.path == "" {
		return nil
	}
	p.seq++
	p.loading = true
	q := parseFilter(p.filter.Value())
	q.Limit = max(pageSize, len(p.records))
	return read(p.path, q, p.seq, false)
}

// older reads the page after the last record shown.
func (p *Model) older() tea.Cmd {
	if p.path == "" || !p.more || p.loading {
		return nil
	}
	p.seq++
	p.loading = true
	q := parseFilter(p.filter.Value())
	q.Limit, q.Before = pageSize, p.next
	return read(p.path, q, p.seq, true)
}

// findLog works out, off the UI goroutine, why the session has no audit log
// (it could not be opened at start) and where it would be.
func findLog(s *common.Session) tea.Cmd {
	cl := s.Clients()
	getenv := s.Getenv
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	return func() tea.Msg {
		var path string
		if cl.File != nil {
			path = cl.File.Config.Effective(cl.File.Path, getenv).Audit.Path
		} else {
			path, _ = config.DefaultAuditPath(getenv)
		}
		if path == "" {
			return noLogMsg{why: "No audit log is open and no place for one could be worked out: set path under [audit] in config.toml and restart duotui."}
		}
		readable := false
		var cause string
		if _, err := os.Stat(filepath.Dir(path)); errors.Is(err, fs.ErrNotExist) {
			cause = "its folder does not exist and could not be created"
		} else if f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0); err == nil {
			f.Close()
			cause = "it could not be opened when duotui started"
			readable = true
		} else if errors.Is(err, fs.ErrNotExist) {
			cause = "it could not be created"
		} else {
			cause = "it cannot be written (" + strings.TrimPrefix(err.Error(), "open "+path+": ") + ")"
			if f, rerr := os.Open(path); rerr == nil {
				f.Close()
				readable = true
			}
		}
		return noLogMsg{path: path, readable: readable, why: fmt.Sprintf(
			"No audit log is open, so this session's actions are not recorded: %s is where it would be, and %s; fix that or set path under [audit] in config.toml, then restart duotui.",
			path, cause)}
	}
}
