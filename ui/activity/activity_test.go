package activity_test

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"duotui/model"
	"duotui/ui/uitest"
)

// Records appended by s.Record appear at the top when AuditedMsg arrives,
// and the selection stays on the record it was on.
func TestRefreshesOnAudited(t *testing.T) {
	s := withLog(t, sampleLog()[:2])
	r := start(t, s, 80, 24)
	r.waitScreen("2 records", "setup-save", "check")
	r.key("down") // the older one: setup-save
	r.waitScreen("▸ Dec 03 13:04")

	r.record(model.AuditRecord{Time: at(time.Minute), Action: model.ActionPush, User: "dave", Result: "timeout",
		Status: "timeout", StatusMsg: "Login timed out.", Duration: model.Millis(60 * time.Second)})
	r.waitScreen("3 records", "dave", "timeout")
	lines := strings.Split(r.h.screen(), "\n")
	if !strings.Contains(lines[3], "dave") {
		t.Errorf("the new record is not the first row:\n%s", strings.Join(lines[:6], "\n"))
	}
	if !strings.Contains(r.h.screen(), "▸ Dec 03 13:04") {
		t.Errorf("the selection moved off setup-save")
	}
	// The actor is stamped by the session, and the pane shows it.
	r.key("g")
	r.waitScreen("Who       tester (local user)", "Result    timeout: Login timed out.", "Took      60.0 s")
}

// The filter narrows the list by text, action or user as it is typed, and
// esc clears it.
func TestFilter(t *testing.T) {
	tests := []struct {
		name   string
		filter string
		want   []string // actions listed, newest first
	}{
		{"text in any field", "passcode", []string{"passcode", "sms"}}, // "New SMS passcodes sent."
		{"text in an error", "viewer role", []string{"call"}},
		{"action", "action:push", []string{"push"}},
		{"user", "user:alice", []string{"passcode", "sms", "push"}},
		{"user and text", "user:alice sms", []string{"sms"}},
		{"ssh key name", "ops@laptop", []string{"call"}},
		{"nothing", "zebra", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := start(t, withLog(t, sampleLog()), 120, 40)
			r.waitScreen("8 records")
			r.key("/")
			r.typeText(tc.filter)
			if tc.want == nil {
				r.waitScreen(`No record matches "zebra"`)
			} else {
				r.waitScreen(countText(len(tc.want)))
			}
			if got := actions(r.h.screen()); strings.Join(got, ",") != strings.Join(tc.want, ",") {
				t.Errorf("listed %v, want %v", got, tc.want)
			}
			r.key("enter")
			r.key("esc")
			r.waitScreen("8 records")
		})
	}
}

func countText(n int) string {
	if n == 1 {
		return "1 record"
	}
	return fmt.Sprintf("%d records", n)
}

// actions reads the action column of the list, found by its title.
func actions(screen string) []string {
	lines := strings.Split(screen, "\n")
	col := strings.Index(lines[2], "action")
	var out []string
	for _, l := range lines[3:] {
		r := []rune(l)
		if len(r) <= col || !strings.Contains(string(r[:min(len(r), 16)]), ":") {
			continue
		}
		f := strings.Fields(string(r[col:]))
		if len(f) > 0 {
			out = append(out, f[0])
		}
	}
	return out
}

// A long log is read a page at a time; going past the last row reads older.
func TestPaging(t *testing.T) {
	var recs []model.AuditRecord
	for i := range 250 {
		recs = append(recs, model.AuditRecord{Time: at(time.Duration(250-i) * time.Second), Action: model.ActionCheck,
			User: fmt.Sprintf("u%03d", i), Result: "ok"})
	}
	r := start(t, withLog(t, recs), 80, 24)
	r.waitScreen("100 newest shown", "u249")
	// Newest first, one second apart: row k is 15:04:04 − k s.
	r.key("G")
	r.waitScreen("200 newest shown", "▸ 15:02:24", "u149")
	r.key("G")
	r.waitScreen("250 records", "▸ 15:00:44")
	r.key("G")
	r.waitScreen("▸ 14:59:55", "u000")
}

// A torn last line (a crash mid-write) is passed over and counted.
func TestSkipsUnreadableLines(t *testing.T) {
	s := withLog(t, sampleLog()[:1])
	f, err := os.OpenFile(s.Audit.Path(), os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(`{"time":"2026-12-04T15:00:00Z","act`); err != nil {
		t.Fatal(err)
	}
	f.Close()
	r := start(t, s, 80, 24)
	r.waitScreen("1 record · 1 unreadable lines skipped", "setup-save")
}

// With no records the pane says what will appear and where the log is.
func TestEmptyLog(t *testing.T) {
	s := uitest.Session(t, nil, uitest.Options{})
	r := start(t, s, 120, 40)
	r.waitScreen("No actions recorded yet", "audit.jsonl")
}
