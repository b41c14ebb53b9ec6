package users

import (
	"context"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"duotui/duo"
	"duotui/model"
	"duotui/ui/common"
)

// Timeouts of the pane's calls to Duo.
const (
	pageTimeout    = 30 * time.Second // one Admin API page (retries of a 429 included)
	preauthTimeout = 15 * time.Second
	auditRecords   = 2000 // newest audit records read for the users seen here
	pagesAhead     = 2    // pages fetched ahead of the ones the pane has taken
)

// loader fetches the Admin API listing page by page. The pages are fetched
// by one goroutine, a couple ahead of the pane, and each is delivered to the
// pane by its own tea.Cmd (nextPage), so the progress bar redraws after
// every page and esc stops the fetching between any two.
type loader struct {
	ctx    context.Context
	cancel context.CancelFunc
	pages  chan pageMsg

	unwatch func() bool // stops the session-end watch

	fetched, total int       // for the progress bar
	synced         time.Time // when the list last took a roster snapshot
}

// snapshotEvery spaces the list's refreshes while pages arrive: ten a
// second look live, and the rest of the time goes to fetching.
const snapshotEvery = 100 * time.Millisecond

// pageMsg is one page of the listing (or the error that ended it).
type pageMsg struct {
	l     *loader // which listing: a stopped one's pages are ignored
	users []duo.User
	total int
	more  bool
	err   error
}

// newLoader starts a listing under the session's context. If the session
// ends mid-listing (an SSH client leaves), the shared roster is told, so
// other sessions do not wait for pages that will never come.
func newLoader(session context.Context, r *model.Roster) *loader {
	ctx, cancel := context.WithCancel(session)
	l := &loader{ctx: ctx, cancel: cancel, pages: make(chan pageMsg, pagesAhead)}
	l.unwatch = context.AfterFunc(session, r.AbortAdminLoad)
	return l
}

// end stops the fetching once the pane has finished, stopped or failed the
// listing (and has told the roster itself).
func (l *loader) end() {
	l.unwatch()
	l.cancel()
}

// start begins the fetching and delivers the first page.
func (l *loader) start(c *duo.Client) tea.Cmd {
	return func() tea.Msg {
		go l.fetch(c)
		return l.next()
	}
}

// nextCmd delivers the next page.
func (l *loader) nextCmd() tea.Cmd { return func() tea.Msg { return l.next() } }

func (l *loader) next() tea.Msg {
	select {
	case p, ok := <-l.pages:
		if !ok {
			return pageMsg{l: l, err: context.Canceled}
		}
		return p
	case <-l.ctx.Done():
		return pageMsg{l: l, err: l.ctx.Err()}
	}
}

func (l *loader) fetch(c *duo.Client) {
	defer close(l.pages)
	off := 0
	for {
		ctx, cancel := context.WithTimeout(l.ctx, pageTimeout)
		p, err := c.UsersPage(ctx, off, duo.MaxUsersPage)
		cancel()
		msg := pageMsg{l: l, users: p.Users, total: p.Total, more: p.More && err == nil, err: err}
		select {
		case l.pages <- msg:
		case <-l.ctx.Done():
			return
		}
		if !msg.more {
			return
		}
		off = p.NextOffset
	}
}

// auditSeenMsg carries the users named in the newest audit records.
type auditSeenMsg struct {
	records []model.AuditRecord
	err     error
}

// readAudit reads the newest audit records, for the users this app has seen.
func readAudit(log *model.AuditLog) tea.Cmd {
	if log == nil {
		return nil
	}
	return func() tea.Msg {
		var recs []model.AuditRecord
		q := model.AuditQuery{Limit: 500}
		for len(recs) < auditRecords {
			page, err := log.Read(q)
			if err != nil {
				return auditSeenMsg{records: recs, err: err}
			}
			recs = append(recs, page.Records...)
			if !page.More {
				break
			}
			q.Before = page.Next
		}
		return auditSeenMsg{records: recs}
	}
}

// lookup is a preauth in flight.
type lookup struct {
	explicit bool // asked for with r or enter: recorded in the audit log
	started  time.Time
	host     string // the Duo API host asked, for the audit record
}

// askPreauth asks Duo what it would do at username's next login. The
// answer goes to every pane as common.UserPreauthMsg (Send shows devices
// from it too); this pane stores it in the roster.
func askPreauth(ctx context.Context, c *duo.Client, username string) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, preauthTimeout)
		defer cancel()
		p, err := c.Preauth(ctx, duo.PreauthRequest{Username: username})
		return common.UserPreauthMsg{Username: username, Preauth: p, Err: err}
	}
}

// settleMsg fires when the cursor has rested on a user long enough to be
// worth asking Duo about them.
type settleMsg struct{ seq int }

const settleAfter = 300 * time.Millisecond

// preauthFresh is how long a stored preauth answer is shown without asking
// again when the user is selected.
const preauthFresh = time.Minute
