package users

import (
	"slices"
	"strings"
	"testing"

	"duotui/duo"
	"duotui/model"
)

func rosterOf(t *testing.T, users ...duo.User) *model.RosterSnapshot {
	t.Helper()
	r := model.NewRoster()
	r.SetAdminUsers(users)
	return r.Snapshot()
}

func sampleSnap(t *testing.T) *model.RosterSnapshot {
	return rosterOf(t,
		duo.User{Username: "james.smith", RealName: "James Smith", Email: "james.smith@example.com"},
		duo.User{Username: "james.smith2", RealName: "James Smith", Email: "james.smith2@example.com"},
		duo.User{Username: "jo.sample", RealName: "Jo Sample", Email: "jo@example.com"},
		duo.User{Username: "mary.garcia", RealName: "Mary Garcia", Email: "mg@example.com"},
		duo.User{Username: "ines", RealName: "Inès Dubois", Email: "ines@example.com"},
		duo.User{Username: "zed", RealName: "Zed Jasmith", Email: "zed@example.com"},
	)
}

func names(ix *index, ranked []int32) []string {
	out := make([]string, len(ranked))
	for i, j := range ranked {
		out[i] = ix.users[j].Username
	}
	return out
}

func TestFilterRanks(t *testing.T) {
	for _, tc := range []struct {
		name, query string
		want        []string // in rank order
	}{
		{"username prefix first", "james", []string{"james.smith", "james.smith2", "jo.sample"}},
		{"case does not matter", "JAMES.SMITH2", []string{"james.smith2"}},
		{"word starts beat scattered letters", "jsm", []string{"james.smith", "james.smith2", "jo.sample", "zed"}},
		{"real name", "garcia", []string{"mary.garcia"}},
		{"across fields", "mary mg", []string{"mary.garcia"}},
		{"e-mail", "jo@", []string{"jo.sample"}},
		{"accented letter folds case only", "INÈS", []string{"ines"}},
		{"no match", "qqq", []string{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var f filter
			f.setIndex(buildIndex(sampleSnap(t)))
			got := names(f.ix, f.set(tc.query))
			if !slices.Equal(got, tc.want) {
				t.Errorf("%q ranked %q, want %q", tc.query, got, tc.want)
			}
		})
	}
}

// A longer query filters only the previous matches, and a backspace goes
// back to a result already computed.
func TestFilterReusesPrefixResults(t *testing.T) {
	var f filter
	f.setIndex(buildIndex(sampleSnap(t)))
	f.set("j")
	f.set("ja")
	jam := f.set("jam")
	if len(f.levels) != 3 {
		t.Fatalf("levels = %d, want one per typed prefix", len(f.levels))
	}
	// Poison what "ja" would scan from scratch: the stack must be used.
	f.levels[0].matched = nil
	back := f.set("ja")
	if len(f.levels) != 2 || &back[0] != &f.levels[1].ranked[0] {
		t.Fatalf("backspace recomputed instead of popping (levels %d)", len(f.levels))
	}
	again := f.set("jam")
	if !slices.Equal(names(f.ix, again), names(f.ix, jam)) {
		t.Errorf("retyped %q = %q, want %q", "jam", names(f.ix, again), names(f.ix, jam))
	}
	if f.set("") != nil || len(f.levels) != 0 {
		t.Error("an empty query should list everyone and drop the stack")
	}
	f.set("mary")
	if got := names(f.ix, f.set("zed")); !slices.Equal(got, []string{"zed"}) {
		t.Errorf("a query that is no extension got %q", got)
	}
}

func TestMatchPositions(t *testing.T) {
	for _, tc := range []struct {
		name, query, hay string
		want             []int
	}{
		{"contiguous", "smi", "james.smith", []int{6, 7, 8}},
		{"tightest window", "ja", "xjxxja", []int{4, 5}},
		{"initials", "js", "james.smith", []int{0, 6}},
		{"multi-byte unit", "è", "inès", []int{2}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := newPattern(tc.query)
			pos := make([]int, len(p.units))
			if _, ok := p.match(tc.hay, len(tc.hay), initials(tc.hay), pos); !ok {
				t.Fatalf("%q does not match %q", tc.query, tc.hay)
			}
			if !slices.Equal(pos, tc.want) {
				t.Errorf("positions %v, want %v", pos, tc.want)
			}
		})
	}
}

// Haystacks keep byte offsets: lower-casing never changes a character's
// length, so offsets into the haystack are offsets into the fields.
func TestLowerKeepsOffsets(t *testing.T) {
	for _, s := range []string{"JAMES", "Inès DUBOIS", "İstanbul", "ẞtraße", "\xffbad"} {
		if got := lowerSameWidth(s); len(got) != len(s) {
			t.Errorf("lowerSameWidth(%q) = %q: %d bytes, want %d", s, got, len(got), len(s))
		}
	}
	if got := lowerSameWidth("Inès DUBOIS"); got != "inès dubois" {
		t.Errorf("got %q", got)
	}
}

func TestIndexSameText(t *testing.T) {
	r := model.NewRoster()
	r.SetAdminUsers([]duo.User{{Username: "a"}, {Username: "b", RealName: "Bee"}})
	ix := buildIndex(r.Snapshot())
	r.SetPreauth("b", duo.Preauth{Result: duo.PreauthAuth}, uitestEpoch)
	if !ix.sameText(r.Snapshot()) {
		t.Error("a preauth answer changed nothing searchable, yet the index would be rebuilt")
	}
	r.SetAdminUsers([]duo.User{{Username: "a"}, {Username: "b", RealName: "Bea"}})
	if ix.sameText(r.Snapshot()) {
		t.Error("a changed real name kept the old haystack")
	}
	if h := ix.at(1); !strings.Contains(h, "bee") {
		t.Errorf("haystack %q", h)
	}
}
