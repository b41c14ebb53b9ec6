package model

import (
	"cmp"
	"slices"
	"strings"
	"sync"
	"time"

	"duotui/duo"
)

// PreauthSeen is the latest preauth answer for a user and when it came.
type PreauthSeen struct {
	duo.Preauth
	At  time.Time
	Err string // one sentence, when the lookup failed (then Preauth is zero)
}

// RosterUser is one row of the users pane. It is immutable once published
// in a snapshot: updates make a new value.
type RosterUser struct {
	duo.User              // the Admin API's record; only Username (and maybe UserID) for seen users
	InAdmin  bool         // the record came from the Admin API
	LastSeen time.Time    // the last time this app acted on or looked up the user
	Preauth  *PreauthSeen // the latest preauth, nil if never looked up

	key string // rosterKey(Username), computed once: snapshots compare it a lot
}

// RosterSnapshot is an immutable view of the roster. Users is sorted by
// username, case-insensitively; do not modify it. Taking a snapshot when
// nothing changed costs nothing, and after a change only the changed rows
// are rebuilt, so the users pane can take one per frame.
type RosterSnapshot struct {
	Users         []*RosterUser
	Version       uint64 // changes with every change to the roster
	AdminComplete bool   // a full Admin API listing is in: seen-only users are left out
	Loading       bool   // an Admin API listing is being fetched
	Fetched       int    // users fetched by the current or last listing
	Total         int    // users Duo said it has (0 until the first page)
}

// Lookup finds a user by username (case-insensitive).
func (s *RosterSnapshot) Lookup(username string) (*RosterUser, bool) {
	i, ok := slices.BinarySearchFunc(s.Users, rosterKey(username), cmpKey)
	if !ok {
		return nil, false
	}
	return s.Users[i], true
}

func rosterKey(username string) string { return strings.ToLower(strings.TrimSpace(username)) }

func cmpKey(u *RosterUser, key string) int { return cmp.Compare(u.key, key) }

func cmpUsers(a, b *RosterUser) int { return cmp.Compare(a.key, b.key) }

type seenUser struct {
	username, userID string
	at               time.Time
}

// Roster merges the Admin API's users (when admin keys are configured) with
// the users this app has seen (audit log, enrollments, lookups) and the
// latest preauth per user. It is safe for concurrent use; every SSH session
// reads the same roster.
type Roster struct {
	mu      sync.Mutex
	admin   map[string]duo.User
	seen    map[string]seenUser
	preauth map[string]*PreauthSeen

	complete, loading bool
	loadKeys          map[string]bool // keys fetched by the listing in progress
	fetched, total    int

	snap    *RosterSnapshot     // the last published snapshot
	dirty   map[string]struct{} // keys changed since snap
	version uint64
}

// NewRoster returns an empty roster.
func NewRoster() *Roster {
	return &Roster{admin: map[string]duo.User{}, seen: map[string]seenUser{}, preauth: map[string]*PreauthSeen{},
		dirty: map[string]struct{}{}, snap: &RosterSnapshot{}}
}

func (r *Roster) touch(key string) {
	r.dirty[key] = struct{}{}
	r.version++
}

// Seen records that this app acted on a user (an audit record, an
// enrollment, a lookup). userID may be empty.
func (r *Roster) Seen(username, userID string, at time.Time) {
	key := rosterKey(username)
	if key == "" {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.seenLocked(key, username, userID, at)
}

func (r *Roster) seenLocked(key, username, userID string, at time.Time) {
	s, ok := r.seen[key]
	if ok && !at.After(s.at) && (userID == "" || userID == s.userID) {
		return
	}
	if !ok || at.After(s.at) {
		s.at = at
	}
	s.username = username
	if userID != "" {
		s.userID = userID
	}
	r.seen[key] = s
	r.touch(key)
}

// SeenInAudit records every user named in audit records.
func (r *Roster) SeenInAudit(recs []AuditRecord) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, rec := range recs {
		if key := rosterKey(rec.User); key != "" {
			r.seenLocked(key, rec.User, "", rec.Time)
		}
	}
}

// SetPreauth stores the latest preauth answer for a user (and marks the
// user seen).
func (r *Roster) SetPreauth(username string, p duo.Preauth, at time.Time) {
	r.setPreauth(username, &PreauthSeen{Preauth: p, At: at})
}

// SetPreauthError stores a failed lookup with its one-sentence reason.
func (r *Roster) SetPreauthError(username, sentence string, at time.Time) {
	r.setPreauth(username, &PreauthSeen{At: at, Err: sentence})
}

func (r *Roster) setPreauth(username string, p *PreauthSeen) {
	key := rosterKey(username)
	if key == "" {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.preauth[key] = p
	r.seenLocked(key, username, "", p.At)
	r.touch(key)
}

// entry builds the row for key, or nil if it should not be listed.
func (r *Roster) entry(key string) *RosterUser {
	a, inAdmin := r.admin[key]
	s, seen := r.seen[key]
	if !inAdmin && (r.complete || !seen) {
		return nil
	}
	u := &RosterUser{User: a, InAdmin: inAdmin, LastSeen: s.at, Preauth: r.preauth[key], key: key}
	if !inAdmin {
		u.Username, u.UserID = s.username, s.userID
	}
	return u
}

// Snapshot returns the current immutable view.
func (r *Roster) Snapshot() *RosterSnapshot {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.snap.Version == r.version {
		return r.snap
	}
	users := r.snap.Users // immutable: shared when no row changed
	if len(r.dirty) > 0 {
		users = r.applyDirty(users)
	}
	clear(r.dirty)
	r.snap = &RosterSnapshot{Users: users, Version: r.version, AdminComplete: r.complete,
		Loading: r.loading, Fetched: r.fetched, Total: r.total}
	return r.snap
}

// applyDirty rebuilds only the changed rows: O(n) pointer copies plus
// O(k log n) searches for k changes, so a page of the Admin API listing or a
// preauth answer costs well under a millisecond at 100 000 users.
func (r *Roster) applyDirty(old []*RosterUser) []*RosterUser {
	var adds []*RosterUser
	type change struct {
		i int
		u *RosterUser
	}
	var changes []change
	removed := false
	for key := range r.dirty {
		u := r.entry(key)
		i, found := slices.BinarySearchFunc(old, key, cmpKey)
		switch {
		case found:
			changes = append(changes, change{i, u})
			removed = removed || u == nil
		case u != nil:
			adds = append(adds, u)
		}
	}
	base := old
	if len(changes) > 0 {
		base = slices.Clone(old)
		for _, c := range changes {
			base[c.i] = c.u
		}
		if removed {
			base = slices.DeleteFunc(base, func(u *RosterUser) bool { return u == nil })
		}
	}
	if len(adds) == 0 {
		return base
	}
	slices.SortFunc(adds, cmpUsers)
	out := make([]*RosterUser, 0, len(base)+len(adds))
	prev := 0
	for _, a := range adds {
		pos, _ := slices.BinarySearchFunc(base[prev:], a.key, cmpKey)
		out = append(out, base[prev:prev+pos]...)
		out = append(out, a)
		prev += pos
	}
	return append(out, base[prev:]...)
}
