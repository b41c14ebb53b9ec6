package common

import (
	"github.com/charmbracelet/bubbles/help"
	tea "github.com/charmbracelet/bubbletea"
)

// Tab identifies a pane of the root app. The order is the tab order and the
// number keys 1–6.
type Tab int

const (
	TabSetup Tab = iota
	TabUsers
	TabEnroll
	TabSend
	TabClock
	TabActivity
	NumTabs
)

// Pane is one screen of the app. The root owns the size, focus, tabs, status
// bar and global keys; a pane owns its rectangle. Update returns a Pane, not a
// tea.Model, so the root needs no type assertions.
type Pane interface {
	Init() tea.Cmd
	Update(tea.Msg) (Pane, tea.Cmd)
	View() string
	// SetSize gives the pane its rectangle; lay out here, not in View.
	SetSize(width, height int)
	// Title is the tab label.
	Title() string
	// Capturing reports that a text field has focus, so the root leaves q,
	// ?, digits and letters to the pane (esc always leaves the field).
	Capturing() bool
	help.KeyMap
}
