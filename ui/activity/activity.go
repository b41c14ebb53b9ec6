// Package activity is duotui's Activity pane: the audit log, newest first
// and paged, filtered by text, action or user, with the selected record in
// full. It reloads whenever another pane announces a record.
package activity

import (
	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"duotui/model"
	"duotui/ui/common"
)

// pageSize is how many records one read returns; older ones are read when
// the cursor goes past the last.
const pageSize = 100

// Model is the Activity pane. Create it with New.
type Model struct {
	s    *common.Session
	keys activityKeys

	width, height int

	path   string // the log read; "" when there is none to read
	noLog  string // why no log is open, and where it would be
	filter textinput.Model

	filtering bool

	seq     int // the latest read asked for; older answers are dropped
	loading bool
	ready   bool // a first answer came
	records []model.AuditRecord
	next    int64 // cursor for older records
	more    bool
	skipped int
	err     error

	cursor, top int
}

// New builds the Activity pane for a session.
func New(s *common.Session) *Model {
	ti := textinput.New()
	ti.Prompt = "/ "
	ti.Placeholder = "text, action:push, user:alice"
	ti.PromptStyle = s.Theme.Focused
	ti.TextStyle = s.Theme.Text
	ti.PlaceholderStyle = s.Theme.Muted
	ti.Cursor.Style = s.Theme.Focused
	ti.Cursor.TextStyle = s.Theme.Text
	ti.Cursor.SetMode(cursor.CursorStatic)
	ti.CharLimit = 200
	p := &Model{s: s, keys: newActivityKeys(), filter: ti}
	if s.Audit != nil {
		p.path = s.Audit.Path()
	}
	p.syncKeys()
	return p
}

// Title is the tab label.
func (p *Model) Title() string { return "Activity" }

// Capturing reports that the filter field has the keyboard.
func (p *Model) Capturing() bool { return p.filtering }

// ShortHelp implements help.KeyMap.
func (p *Model) ShortHelp() []key.Binding { return p.keys.ShortHelp() }

// FullHelp implements help.KeyMap.
func (p *Model) FullHelp() [][]key.Binding { return p.keys.FullHelp() }

// SetSize gives the pane its rectangle.
func (p *Model) SetSize(w, h int) {
	p.width, p.height = w, h
	p.filter.Width = max(w-40, 10)
	p.follow()
}

// Init reads the newest page, or finds out why there is no log.
func (p *Model) Init() tea.Cmd {
	if p.path == "" {
		return findLog(p.s)
	}
	return p.reload()
}

// wide reports whether the list and the detail sit side by side.
func (p *Model) wide() bool { return p.width >= 100 }

// selected is the record under the cursor.
func (p *Model) selected() (model.AuditRecord, bool) {
	if p.cursor < 0 || p.cursor >= len(p.records) {
		return model.AuditRecord{}, false
	}
	return p.records[p.cursor], true
}
