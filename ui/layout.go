package ui

import (
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/lipgloss"

	"duotui/ui/common"
)

// The smallest terminal the app lays out for; below it the screen says so.
const (
	MinWidth  = 80
	MinHeight = 24
)

// Lines of chrome that are always there: the tabs bar and the two lines of
// the status bar. Banners and help come on top.
const (
	tabsLines   = 1
	statusLines = 2
)

type size struct{ w, h int }

// layout is the screen's division, computed when something that changes it
// happens (a resize, a tab switch, the banner, help), never in View.
type layout struct {
	tooSmall bool
	banners  int // demo and no-credentials lines
	body     size
	helpH    int
}

// SetSize lays the app out for a terminal of w×h cells.
func (a *App) SetSize(w, h int) {
	a.width, a.height = w, h
	a.layout()
}

// layout recomputes a.lay and gives the panes their rectangle.
func (a *App) layout() {
	w, h := a.width, a.height
	if w < MinWidth || h < MinHeight {
		a.lay = layout{tooSmall: true}
		return
	}
	l := layout{}
	if a.s.Demo {
		l.banners++
	}
	if a.noCreds {
		l.banners++
	}
	fixed := l.banners + tabsLines + statusLines
	a.help.Width = w
	l.helpH = 1
	if a.fullHelp {
		l.helpH = lipgloss.Height(a.help.FullHelpView(a.helpKeys().FullHelp()))
	}
	// Help never takes more than half of what is left; it is clipped.
	if most := (h - fixed) / 2; l.helpH > most {
		l.helpH = most
	}
	l.body = size{w, h - fixed - l.helpH}
	a.lay = l
	for _, t := range a.order {
		if a.paneSize[t] != l.body {
			a.panes[t].SetSize(l.body.w, l.body.h)
			a.paneSize[t] = l.body
		}
	}
}

// refreshHelp re-measures the full help after a pane changed which of its
// keys are enabled.
func (a *App) refreshHelp() {
	if a.fullHelp && !a.lay.tooSmall && a.width > 0 {
		a.layout()
	}
}

func (a *App) helpKeys() appKeys {
	k := appKeys{global: a.keys, fullHelp: a.fullHelp}
	if p := a.panes[a.active]; p != nil {
		k.pane, k.capturing = p, p.Capturing()
	}
	return k
}

func newHelp(th common.Theme) help.Model {
	h := help.New()
	h.Styles = help.Styles{
		Ellipsis:       th.Muted,
		ShortKey:       th.Key,
		ShortDesc:      th.Muted,
		ShortSeparator: th.Muted,
		FullKey:        th.Key,
		FullDesc:       th.Muted,
		FullSeparator:  th.Muted,
	}
	return h
}
