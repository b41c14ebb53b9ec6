package model

import "duotui/duo"

// BeginAdminLoad starts a fresh Admin API listing. Users already listed stay
// visible while the new pages arrive.
func (r *Roster) BeginAdminLoad() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.loading, r.loadKeys, r.fetched, r.total = true, map[string]bool{}, 0, 0
	r.version++
}

// AddAdminUsers adds one page of the listing; total is Duo's count of all
// users (for the progress bar).
func (r *Roster) AddAdminUsers(users []duo.User, total int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, u := range users {
		key := rosterKey(u.Username)
		if key == "" {
			continue
		}
		r.admin[key] = u
		if r.loadKeys != nil {
			r.loadKeys[key] = true
		}
		r.touch(key)
	}
	r.fetched += len(users)
	r.total = max(total, r.total)
	r.version++
}

// FinishAdminLoad ends the listing successfully: users Duo no longer has
// are dropped, and from now on the Admin API is the list (seen-only users
// are left out of snapshots).
func (r *Roster) FinishAdminLoad() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.loadKeys != nil {
		for key := range r.admin {
			if !r.loadKeys[key] {
				delete(r.admin, key) // Duo no longer has this user
				r.touch(key)
			}
		}
	}
	if !r.complete {
		for key := range r.seen {
			if _, ok := r.admin[key]; !ok {
				r.touch(key) // seen-only users leave the list
			}
		}
	}
	r.complete, r.loading, r.loadKeys = true, false, nil
	r.version++
}

// AbortAdminLoad ends a failed or cancelled listing, keeping what arrived.
func (r *Roster) AbortAdminLoad() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.loading, r.loadKeys = false, nil
	r.version++
}

// SetAdminUsers replaces the Admin API users with a complete listing.
func (r *Roster) SetAdminUsers(users []duo.User) {
	r.BeginAdminLoad()
	r.AddAdminUsers(users, len(users))
	r.FinishAdminLoad()
}
