package activity

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"duotui/model"
	"duotui/ui/common"
)

// Update handles keys (sent only while focused), the pane's reads, and
// AuditedMsg from any pane, which reloads the newest records.
func (p *Model) Update(msg tea.Msg) (common.Pane, tea.Cmd) {
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case tea.KeyMsg:
		cmd = p.key(msg)
	case loadedMsg:
		p.loaded(msg)
	case noLogMsg:
		p.noLog = msg.why
		if msg.readable {
			p.path = msg.path
			cmd = p.reload()
		}
	case common.AuditedMsg:
		cmd = p.reload()
	}
	p.syncKeys()
	return p, cmd
}

func (p *Model) key(msg tea.KeyMsg) tea.Cmd {
	k := p.keys
	if p.filtering {
		switch {
		case key.Matches(msg, k.Leave), key.Matches(msg, k.Apply):
			p.filtering = false
			p.filter.Blur()
			return nil
		}
		before := p.filter.Value()
		var cmd tea.Cmd
		p.filter, cmd = p.filter.Update(msg)
		if p.filter.Value() != before {
			return tea.Batch(cmd, p.refilter())
		}
		return cmd
	}
	switch {
	case key.Matches(msg, k.Filter):
		p.filtering = true
		return p.filter.Focus()
	case key.Matches(msg, k.Clear):
		p.filter.SetValue("")
		return p.refilter()
	case key.Matches(msg, k.Reload):
		return p.reload()
	case key.Matches(msg, k.Up):
		p.move(-1)
	case key.Matches(msg, k.Down):
		if p.cursor == len(p.records)-1 {
			return p.older()
		}
		p.move(1)
	case key.Matches(msg, k.PageUp):
		p.move(-p.rows())
	case key.Matches(msg, k.PageDown):
		p.move(p.rows())
		if p.cursor == len(p.records)-1 {
			return p.older()
		}
	case key.Matches(msg, k.Home):
		p.move(-len(p.records))
	case key.Matches(msg, k.End):
		p.move(len(p.records))
		return p.older()
	}
	return nil
}

// refilter starts over from the newest record with the new filter.
func (p *Model) refilter() tea.Cmd {
	p.records, p.cursor, p.top, p.more = nil, 0, 0, false
	return p.reload()
}

// loaded takes a page in. On a reload the cursor stays on the record it was
// on, so a new record arriving at the top does not move the selection.
func (p *Model) loaded(msg loadedMsg) {
	if msg.seq != p.seq {
		return
	}
	p.loading, p.ready = false, true
	p.err = msg.err
	if msg.err != nil {
		return
	}
	p.skipped = msg.page.Skipped
	if msg.older {
		p.records = append(p.records, msg.page.Records...)
		p.next, p.more = msg.page.Next, msg.page.More
		p.move(1)
		return
	}
	prev, had := p.selected()
	p.records = msg.page.Records
	p.next, p.more = msg.page.Next, msg.page.More
	p.cursor = 0
	if had && p.cursor < len(p.records) {
		for i, r := range p.records {
			if sameRecord(r, prev) {
				p.cursor = i
				break
			}
		}
	}
	p.follow()
}

func sameRecord(a, b model.AuditRecord) bool {
	return a.Time.Equal(b.Time) && a.Action == b.Action && a.User == b.User && a.Actor == b.Actor
}

// move shifts the cursor by d rows within the records and keeps it visible.
func (p *Model) move(d int) {
	p.cursor = min(max(p.cursor+d, 0), max(len(p.records)-1, 0))
	p.follow()
}

// follow scrolls the list so the cursor is visible.
func (p *Model) follow() {
	rows := p.rows()
	if p.cursor < p.top {
		p.top = p.cursor
	}
	if p.cursor >= p.top+rows {
		p.top = p.cursor - rows + 1
	}
	p.top = max(min(p.top, len(p.records)-rows), 0)
}
