package enroll

import (
	"testing"
	"time"
	"unicode/utf8"

	"github.com/charmbracelet/lipgloss"
)

// FuzzDrawQR: any activation text and any pane size either draws a code
// that fits the pane, or explains why not; it never panics.
func FuzzDrawQR(f *testing.F) {
	f.Add(duoURL, 80, 20, true)
	f.Add(simURL, 40, 10, false)
	f.Add("duo://"+simURL, 0, 0, true)
	f.Add("", -5, 3, false)
	f.Fuzz(func(t *testing.T, text string, w, h int, dark bool) {
		if w > 1000 || h > 1000 || len(text) > 3000 {
			t.Skip("beyond any terminal")
		}
		c, err := drawQR(text, w, h, dark)
		if err != nil {
			if c.lines != nil {
				t.Fatalf("lines drawn despite %v", err)
			}
			if err.Error() == "" {
				t.Fatal("empty error")
			}
			return
		}
		if len(c.lines) > h || len(c.lines) != (c.width()+1)/2 {
			t.Fatalf("%d lines for height %d and width %d", len(c.lines), h, c.width())
		}
		for _, l := range c.lines {
			if !utf8.ValidString(l) || lipgloss.Width(l) != c.width() || c.width() > w {
				t.Fatalf("line of width %d in a %d-wide code for a %d-wide pane: %q", lipgloss.Width(l), c.width(), w, l)
			}
		}
	})
}

// FuzzParseValidity: whatever is typed, the validity is an error sentence
// or a duration between a second and Duo's limit.
func FuzzParseValidity(f *testing.F) {
	for _, s := range []string{"", "1h", "7d", "30d", "2w", "3600", "1h30m", "0", "-1d", "99999999999999999d", "d", " 5 D "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := parseValidity(s)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error")
			}
			return
		}
		if d < time.Second || d > maxValid || d%time.Second != 0 {
			t.Fatalf("parseValidity(%q) = %v", s, d)
		}
	})
}
