package serve

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/ssh"

	"duotui/model"
	"duotui/ui/common"
)

// endReason is why a session ended.
type endReason int

const (
	endQuit       endReason = iota // the user quit
	endDropped                     // the client went away
	endIdle                        // no input for Config.IdleTimeout
	endMaxSession                  // open for Config.MaxSession
	endShutdown                    // the server is stopping
	endFailed                      // the app stopped on its own (a panic)
)

// conn is one SSH session running the app.
type conn struct {
	sess      ssh.Session
	actor     model.Actor
	role      common.Role
	start     time.Time
	lastInput atomic.Int64 // unix nanoseconds of the last key, mouse or resize

	mu     sync.Mutex
	prog   *tea.Program
	cancel context.CancelFunc // ends the common.Session's context
	ended  bool
	reason endReason
}

// end asks the session's program to quit for reason r, unless it is
// already ending. Before the program exists, it quits as soon as it does.
func (c *conn) end(r endReason) {
	c.mu.Lock()
	if c.ended {
		c.mu.Unlock()
		return
	}
	c.ended, c.reason = true, r
	p := c.prog
	c.mu.Unlock()
	if p != nil {
		go p.Quit() // Send blocks until the program reads it
	}
}

// started records the session's program and context.
func (c *conn) started(p *tea.Program, cancel context.CancelFunc) {
	c.mu.Lock()
	c.prog, c.cancel = p, cancel
	ended := c.ended
	c.mu.Unlock()
	if ended {
		go p.Quit()
	}
}

// finish ends the session's context and says why the program stopped.
func (c *conn) finish() endReason {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cancel != nil {
		c.cancel()
	}
	switch {
	case (!c.ended || c.reason == endQuit) && c.sess.Context().Err() != nil:
		c.reason = endDropped
	case !c.ended:
		// No quit went through the program: Bubble Tea caught a panic.
		c.reason = endFailed
	}
	c.ended = true
	return c.reason
}

// filter notes input for the idle timer and tells a quit from the app
// (the user's q) from one the server asked for.
func (c *conn) filter(_ tea.Model, msg tea.Msg) tea.Msg {
	switch msg.(type) {
	case tea.KeyMsg, tea.MouseMsg, tea.WindowSizeMsg:
		c.lastInput.Store(time.Now().UnixNano())
	case tea.QuitMsg:
		c.mu.Lock()
		c.ended = true // keeps a reason already set
		c.mu.Unlock()
	}
	return msg
}

// watch ends the session after idle without input or max in all (zero:
// no limit), until ctx ends.
func (c *conn) watch(ctx context.Context, idle, max time.Duration) {
	var idleT *time.Timer
	var idleC, maxC <-chan time.Time
	if idle > 0 {
		idleT = time.NewTimer(idle)
		defer idleT.Stop()
		idleC = idleT.C
	}
	if max > 0 {
		maxT := time.NewTimer(max)
		defer maxT.Stop()
		maxC = maxT.C
	}
	for {
		select {
		case <-ctx.Done():
			return
		case <-maxC:
			c.end(endMaxSession)
			return
		case <-idleC:
			since := time.Since(time.Unix(0, c.lastInput.Load()))
			if since >= idle {
				c.end(endIdle)
				return
			}
			idleT.Reset(idle - since)
		}
	}
}
