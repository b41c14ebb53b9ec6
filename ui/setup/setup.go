// Package setup is duotui's setup wizard: the checklist that creates a Duo
// Auth API application, the form that takes its keys, the live check that
// proves them, the atomic save, and where to paste the keys next (WHMCS,
// duo_unix or environment variables). It is the first screen a new
// administrator sees, so it explains every step itself.
package setup

import (
	"context"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"

	"duotui/config"
	"duotui/model"
	"duotui/ui/common"
)

// stage is a section of the wizard, in the order they are done.
type stage int

const (
	stageChecklist stage = iota
	stageKeys
	stageSave
	stageUse
	numStages
)

var stageNames = [numStages]string{"Checklist", "Keys", "Save", "Use the keys"}

// defaultImportPaths are duo_unix's own configuration files.
var defaultImportPaths = []string{"/etc/duo/login_duo.conf", "/etc/duo/pam_duo.conf"}

// Option changes how New builds the wizard.
type Option func(*Model)

// WithImportPaths replaces /etc/duo/login_duo.conf and /etc/duo/pam_duo.conf
// as the duo_unix files the wizard offers to import (Session.Import, from
// --import, is always tried first). Tests use it to stay off /etc.
func WithImportPaths(paths ...string) Option {
	return func(m *Model) { m.importPaths = paths }
}

// Model is the setup wizard pane.
type Model struct {
	s           *common.Session
	keys        keyMap
	ht          *huh.Theme
	profile     string
	importPaths []string
	width       int
	height      int
	stage       stage

	progress model.SetupProgress
	setup    config.Setup // target, WHMCS version, duo_unix path

	auth    *credForm // the Auth API key form; nil for a viewer
	check   checkRun
	spin    spinner.Model
	proven  *creds // the values the last check proved, until they change
	save    saveState
	use     useState
	imp     *importFound
	writer  fileWriter
	status  statusLine
	initCmd tea.Cmd // the cursor's blink, when New opened the key form
}

// New builds the wizard for a session, resuming the checklist where the
// config file's [setup] section left it and starting from the keys the
// session already has.
func New(s *common.Session, opts ...Option) *Model {
	cl := s.Clients()
	m := &Model{
		s: s, keys: newKeyMap(), ht: huhTheme(s.Theme),
		profile: profileName(s, cl.Creds), importPaths: defaultImportPaths,
		width: 80, height: 20,
	}
	for _, o := range opts {
		o(m)
	}
	if cl.File != nil {
		m.setup = cl.File.Config.Setup
	}
	m.progress = progressFrom(m.setup)
	m.spin = spinner.New(spinner.WithSpinner(spinner.MiniDot), spinner.WithStyle(s.Theme.Focused))
	if s.Role.CanAct() {
		c := cl.Creds
		m.auth = newCredForm(authKind, s.Theme, m.ht, creds{c.IKey.Value, c.SKey.Value.Reveal(), c.Host.Value})
	}
	m.use.init(m)
	if m.auth != nil && cl.Auth == nil && m.progress.Done() {
		// Back after ticking every step, still without keys: the form is
		// where the work is.
		m.stage = stageKeys
		m.initCmd = m.auth.f.focus(m.auth.firstToFill())
	}
	m.SetSize(m.width, m.height)
	m.syncKeys()
	return m
}

// profileName is the profile the wizard saves into: --profile or
// DUOTUI_PROFILE, else the one the session resolved, else "default".
func profileName(s *common.Session, c config.Credentials) string {
	switch {
	case s.Profile != "":
		return s.Profile
	case c.Profile != "":
		return c.Profile
	}
	return "default"
}

// Init looks for a duo_unix configuration to import.
func (m *Model) Init() tea.Cmd {
	if !m.s.Role.CanAct() {
		return nil
	}
	return tea.Batch(m.initCmd, findImport(m.importCandidates()))
}

// Title is the tab label.
func (m *Model) Title() string { return "Setup" }

// Capturing reports that a text field has focus.
func (m *Model) Capturing() bool { return m.editing() != nil }

// ShortHelp is the enabled keys for the current section.
func (m *Model) ShortHelp() []key.Binding { return m.keys.ShortHelp() }

// FullHelp is the enabled keys, grouped.
func (m *Model) FullHelp() [][]key.Binding { return m.keys.FullHelp() }

// editing returns the field column that has focus, if any.
func (m *Model) editing() *fields {
	for _, f := range m.allFields() {
		if f != nil && f.editing {
			return f
		}
	}
	return nil
}

func (m *Model) allFields() []*fields {
	var out []*fields
	if m.auth != nil {
		out = append(out, m.auth.f)
	}
	return append(out, m.use.fieldColumns()...)
}

// ctx is the session's context: calls end with the session.
func (m *Model) ctx() context.Context {
	if m.s.Ctx != nil {
		return m.s.Ctx
	}
	return context.Background()
}

func (m *Model) now() time.Time {
	if m.s.Now != nil {
		return m.s.Now()
	}
	return time.Now()
}

// mayChange reports whether the session may change the setup, saying why
// not in the status line when it may not.
func (m *Model) mayChange() bool {
	if m.s.Role.CanAct() {
		return true
	}
	m.setStatus("This session is read-only (viewer role): ask an administrator to change the setup.", common.Warning)
	return false
}

func (m *Model) mayChangeQuiet() bool { return m.s.Role.CanAct() }

// goTo shows a section. Entering the key form puts the cursor in it.
func (m *Model) goTo(st stage) tea.Cmd {
	st = min(max(st, 0), numStages-1)
	for _, f := range m.allFields() {
		if f != nil {
			f.blur()
		}
	}
	m.stage = st
	switch {
	case st == stageKeys && m.auth != nil && !m.check.busy:
		return m.auth.f.focus(m.auth.firstToFill())
	case st == stageSave:
		m.save.prepare(m)
	}
	return nil
}
