package users

import (
	"strings"

	"duotui/model"
)

// index holds the lower-cased haystacks of one roster snapshot, all in one
// string so 100 000 users cost one allocation and scan with good locality.
type index struct {
	version uint64
	users   []*model.RosterUser
	hay     string
	off     []int32  // hay of user i is hay[off[i]:off[i+1]]
	nameLen []int32  // bytes of the username at the start of each haystack
	inits   []uint32 // initials(haystack)
}

func buildIndex(snap *model.RosterSnapshot) *index {
	n := len(snap.Users)
	ix := &index{version: snap.Version, users: snap.Users, off: make([]int32, n+1), nameLen: make([]int32, n),
		inits: make([]uint32, n)}
	size := 0
	for _, u := range snap.Users {
		size += len(u.Username) + len(u.RealName) + len(u.Email) + 2
	}
	var b strings.Builder
	b.Grow(size)
	for i, u := range snap.Users {
		appendLower(&b, u.Username)
		b.WriteByte(fieldSep)
		appendLower(&b, u.RealName)
		b.WriteByte(fieldSep)
		appendLower(&b, u.Email)
		ix.nameLen[i] = int32(len(u.Username))
		ix.off[i+1] = int32(b.Len())
	}
	ix.hay = b.String()
	for i := range n {
		ix.inits[i] = initials(ix.at(int32(i)))
	}
	return ix
}

func (ix *index) at(i int32) string { return ix.hay[ix.off[i]:ix.off[i+1]] }

// sameText reports whether snap lists the same users in the same order with
// the same searchable text as ix, so the haystacks and any filter results
// can be kept. A preauth answer replaces one row's pointer and nothing
// else: this turns a 100 000-row rebuild into a pointer walk.
func (ix *index) sameText(snap *model.RosterSnapshot) bool {
	if len(snap.Users) != len(ix.users) {
		return false
	}
	for i, u := range snap.Users {
		o := ix.users[i]
		if u != o && (u.Username != o.Username || u.RealName != o.RealName || u.Email != o.Email) {
			return false
		}
	}
	return true
}

// level is the result of one query: the matching users in roster order
// (the candidates for a longer query) and ranked best first.
type level struct {
	query   string
	matched []int32 // indexes into the index, ascending
	ranked  []int32
}

// filter keeps a stack of results, one per prefix of the current query:
// a typed character filters only the previous matches, and a backspace
// pops back to a result already computed.
type filter struct {
	ix     *index
	levels []level
	counts []int32 // counting-sort buckets, reused
	scores []uint16
}

// setIndex installs a new index; results are recomputed on the next set.
func (f *filter) setIndex(ix *index) {
	f.ix = ix
	f.levels = f.levels[:0]
}

// set filters for q and returns the ranked matches; nil means no query
// (every user, in roster order).
func (f *filter) set(q string) []int32 {
	q = lowerSameWidth(q)
	if q == "" {
		f.levels = f.levels[:0]
		return nil
	}
	for n := len(f.levels); n > 0 && !strings.HasPrefix(q, f.levels[n-1].query); n = len(f.levels) {
		f.levels = f.levels[:n-1]
	}
	if n := len(f.levels); n > 0 && f.levels[n-1].query == q {
		return f.levels[n-1].ranked
	}
	var cands []int32
	if n := len(f.levels); n > 0 {
		cands = f.levels[n-1].matched
	}
	f.levels = append(f.levels, f.run(q, cands))
	return f.levels[len(f.levels)-1].ranked
}

// run scores the candidates (every user when cands is nil) and ranks the
// matches with a stable counting sort on the score: O(n), and equal scores
// keep roster order.
func (f *filter) run(q string, cands []int32) level {
	p := newPattern(q)
	ix := f.ix
	n := len(ix.users)
	if cands != nil {
		n = len(cands)
	}
	lv := level{query: q, matched: make([]int32, 0, n)}
	f.scores = f.scores[:0]
	try := func(i int32) {
		if s, ok := p.match(ix.at(i), int(ix.nameLen[i]), ix.inits[i], nil); ok {
			lv.matched = append(lv.matched, i)
			f.scores = append(f.scores, uint16(s))
		}
	}
	if cands == nil {
		for i := range int32(len(ix.users)) {
			try(i)
		}
	} else {
		for _, i := range cands {
			try(i)
		}
	}
	lv.ranked = f.rank(lv.matched)
	return lv
}

func (f *filter) rank(matched []int32) []int32 {
	if cap(f.counts) < maxScore+2 {
		f.counts = make([]int32, maxScore+2)
	}
	counts := f.counts[:maxScore+2]
	clear(counts)
	for _, s := range f.scores {
		counts[maxScore-int(s)+1]++ // best first
	}
	for i := 1; i < len(counts); i++ {
		counts[i] += counts[i-1]
	}
	out := make([]int32, len(matched))
	for j, i := range matched {
		b := maxScore - int(f.scores[j])
		out[counts[b]] = i
		counts[b]++
	}
	return out
}

// positions returns where q matches user i's haystack (byte offsets), for
// highlighting a row on screen.
func (f *filter) positions(p *pattern, i int32, buf []int) []int {
	buf = buf[:len(p.units)]
	if _, ok := p.match(f.ix.at(i), int(f.ix.nameLen[i]), f.ix.inits[i], buf); !ok {
		return buf[:0]
	}
	return buf
}
