package users

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// The matcher is our own, not sahilm/fuzzy: at 100 000 users a keystroke
// has 16 ms for filtering and drawing, and sahilm/fuzzy allocates a slice of
// matched indexes for every hit and re-folds case on every call. Ours works
// on haystacks lower-cased once per roster snapshot, finds the characters
// with strings.IndexByte (vectorised), allocates nothing per candidate and
// only records positions for the rows on screen.
//
// A haystack is "username\x00real name\x00email", lower-cased rune by rune
// where the lower-case rune has the same UTF-8 length (all of ASCII and
// nearly everything else), so a byte offset into the haystack is the same
// offset into the original fields and highlighting needs no mapping.

// Scoring, per matched character. A username prefix and word starts count
// most, then runs of consecutive characters; gaps cost a little, so compact
// matches come first. Ties keep the roster's alphabetical order.
const (
	scoreChar    = 16
	bonusFirst   = 24 // the haystack's first byte: the username starts with it
	bonusWord    = 12 // after a separator (. _ - @ space, or a field boundary)
	bonusConsec  = 10 // right after the previous matched character
	bonusInName  = 20 // the whole match lies in the username
	maxGapCost   = 8
	scoreBase    = 256 // keeps scores positive before clamping
	maxScore     = 4095
	fieldSep     = 0
	maxQueryUnit = 64 // longer queries are matched on their first 64 characters
)

// pattern is a lower-cased query split into characters (units): one byte
// each for ASCII, so the common case is a byte search.
type pattern struct {
	text    string
	ascii   bool
	units   []string // each a whole UTF-8 character
	letters uint32   // the units that are a–z, as initials bits
	at, alt []int    // scratch positions: zeroing arrays per candidate costs more than matching
}

func newPattern(q string) pattern {
	q = lowerSameWidth(q)
	p := pattern{text: q, ascii: true}
	for i, r := range q {
		if len(p.units) == maxQueryUnit {
			break
		}
		n := utf8.RuneLen(r)
		if r == utf8.RuneError || n < 1 {
			n = 1
		}
		if r >= utf8.RuneSelf {
			p.ascii = false
		}
		p.units = append(p.units, q[i:i+n])
		p.letters |= letterBit(q[i])
	}
	p.at, p.alt = make([]int, len(p.units)), make([]int, len(p.units))
	return p
}

// lowerSameWidth lower-cases s rune by rune, keeping a rune whose lower case
// would change its encoded length (so offsets stay valid).
func lowerSameWidth(s string) string {
	var b strings.Builder
	appendLower(&b, s)
	return b.String()
}

func appendLower(b *strings.Builder, s string) {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			b.WriteByte(c)
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if l := unicode.ToLower(r); r != utf8.RuneError && utf8.RuneLen(l) == n {
			b.WriteRune(l)
		} else {
			b.WriteString(s[i : i+n])
		}
		i += n
	}
}

// letterBit is c's bit in an initials mask: a–z only.
func letterBit(c byte) uint32 {
	if 'a' <= c && c <= 'z' {
		return 1 << (c - 'a')
	}
	return 0
}

// initials is the set of letters that start a word in h. A query whose
// letters are not all among them cannot be placed on word starts, which
// spares most candidates the search.
func initials(h string) uint32 {
	var m uint32
	for i := 0; i < len(h); i++ {
		if i == 0 || isSep(h[i-1]) {
			m |= letterBit(h[i])
		}
	}
	return m
}

func isSep(c byte) bool {
	switch c {
	case fieldSep, ' ', '.', '_', '-', '@', '+', '\'':
		return true
	}
	return false
}

// match reports whether p is a subsequence of h and scores it. inits is
// initials(h). pos, when not nil, receives the byte offsets of the matched
// characters (it must hold len(p.units)); the filter passes nil and only
// rows on screen pay for positions.
func (p *pattern) match(h string, nameLen int, inits uint32, pos []int) (score int, ok bool) {
	at := p.at
	if at == nil { // the zero pattern
		at = make([]int, len(p.units))
	}
	if !p.find(h, at) {
		return 0, false
	}
	score = p.score(h, nameLen, at)
	// The tightest window can miss initials ("js" → James Smith): try the
	// alignment on word starts too and keep the better.
	if len(at) > 1 && inits&p.letters == p.letters && !p.tidy(h, at) {
		if ws := p.alt; p.findWordStarts(h, ws) {
			if s := p.score(h, nameLen, ws); s > score {
				score, at = s, ws
			}
		}
	}
	if pos != nil {
		copy(pos, at)
	}
	return score, true
}

// tidy reports whether every unit already sits at a word start or right
// after the previous one: no other alignment can score better.
func (p *pattern) tidy(h string, at []int) bool {
	for k, i := range at {
		if i != 0 && !isSep(h[i-1]) && (k == 0 || i != at[k-1]+len(p.units[k-1])) {
			return false
		}
	}
	return true
}

// findWordStarts places every unit at the start of a word, left to right.
func (p *pattern) findWordStarts(h string, at []int) bool {
	from := 0
	for k, u := range p.units {
		for {
			var i int
			if len(u) == 1 {
				i = strings.IndexByte(h[from:], u[0])
			} else {
				i = strings.Index(h[from:], u)
			}
			if i < 0 {
				return false
			}
			i += from
			from = i + len(u)
			if i == 0 || isSep(h[i-1]) {
				at[k] = i
				break
			}
		}
	}
	return true
}

// find places the units greedily from the left to learn where the earliest
// complete match ends, then walks back from that end taking each unit's
// last occurrence: the tightest window ending there (fzf's v1 approach).
func (p *pattern) find(h string, at []int) bool {
	m := len(p.units)
	if m == 0 {
		return true
	}
	from := 0
	if p.ascii {
		q := p.text
		for k := 0; k < m; k++ {
			i := strings.IndexByte(h[from:], q[k])
			if i < 0 {
				return false
			}
			at[k] = from + i
			from += i + 1
		}
		end := at[m-1]
		for k := m - 2; k >= 0; k-- {
			at[k] = strings.LastIndexByte(h[:end], q[k])
			end = at[k]
		}
		return true
	}
	for k, u := range p.units {
		i := strings.Index(h[from:], u)
		if i < 0 {
			return false
		}
		at[k] = from + i
		from += i + len(u)
	}
	end := at[m-1]
	for k := m - 2; k >= 0; k-- {
		at[k] = strings.LastIndex(h[:end], p.units[k])
		end = at[k]
	}
	return true
}

func (p *pattern) score(h string, nameLen int, at []int) int {
	s := scoreBase
	prevEnd := -1
	for k, i := range at {
		s += scoreChar
		switch {
		case i == 0:
			s += bonusFirst
		case isSep(h[i-1]):
			s += bonusWord
		}
		if k > 0 {
			if i == prevEnd {
				s += bonusConsec
			} else {
				s -= min(i-prevEnd, maxGapCost)
			}
		}
		prevEnd = i + len(p.units[k])
	}
	if len(at) > 0 && prevEnd <= nameLen {
		s += bonusInName
	}
	return max(0, min(s, maxScore))
}
