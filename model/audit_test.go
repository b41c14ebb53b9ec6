package model

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"duotui/duo"
)

func openTestLog(t *testing.T) (*AuditLog, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "state", "audit.jsonl")
	l, err := OpenAuditLog(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return l, path
}

func TestAuditLogPermissionsAndRoundTrip(t *testing.T) {
	l, path := openTestLog(t)
	rec := AuditRecord{Time: t0, Actor: Actor{KeyFingerprint: "SHA256:abc", KeyName: "laptop", RemoteAddr: "127.0.0.1:50022"},
		Action: ActionPush, Host: "api-12345678.duosecurity.com", User: "alice", Factor: "push", Device: "DP1",
		Result: "allow", Status: "allow", StatusMsg: "Success. Logging you in...", Duration: Millis(4100 * time.Millisecond)}
	if err := l.Append(rec); err != nil {
		t.Fatal(err)
	}
	for p, want := range map[string]os.FileMode{path: 0o600, filepath.Dir(path): 0o700} {
		fi, err := os.Stat(p)
		if err != nil || fi.Mode().Perm() != want {
			t.Fatalf("%s: mode %v, want %v (%v)", p, fi.Mode().Perm(), want, err)
		}
	}
	raw, _ := os.ReadFile(path)
	if !bytes.Contains(raw, []byte(`"duration_ms":4100.000`)) || bytes.Count(raw, []byte("\n")) != 1 {
		t.Fatalf("line: %s", raw)
	}
	page, err := l.Read(AuditQuery{})
	if err != nil || len(page.Records) != 1 {
		t.Fatalf("%+v %v", page, err)
	}
	if got := page.Records[0]; got != rec {
		t.Fatalf("read back\n%+v\nwant\n%+v", got, rec)
	}
	if s := rec.Actor.String(); s != "SHA256:abc (laptop) from 127.0.0.1:50022" {
		t.Fatalf("actor %q", s)
	}
}

func TestAuditLogNeverHoldsSecrets(t *testing.T) {
	l, path := openTestLog(t)
	const skey = "Zh5eGmUq9zpfQnyUIu5OL9iWoMMv5ZNmk3zLJ4Ep"
	const passcode = "482913"
	l.AddSecret(skey)
	tx := NewTx(duo.FactorPasscode, "alice", "DP1", t0)
	tx.Record(duo.AuthResult{Result: duo.ResultDeny, Status: "deny", StatusMsg: "Incorrect passcode " + passcode + "."}, at(0.3))
	rec := AuditFromTx(LocalActor(), "api-12345678.duosecurity.com", tx.Snapshot())
	rec.Error = "signing with " + skey + " failed"
	if err := l.Append(rec, passcode); err != nil {
		t.Fatal(err)
	}
	if err := l.Append(AuditRecord{Action: ActionSetupSave, Result: "ok", Error: "key " + skey}); err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(path)
	for _, secret := range []string{skey, passcode} {
		if bytes.Contains(raw, []byte(secret)) {
			t.Fatalf("the log holds %q:\n%s", secret, raw)
		}
	}
	if bytes.Count(raw, []byte(redactedMark)) != 3 {
		t.Fatalf("expected three redactions:\n%s", raw)
	}
	if !bytes.Contains(raw, []byte(`"action":"passcode"`)) || !bytes.Contains(raw, []byte(`"result":"deny"`)) {
		t.Fatalf("transaction record incomplete:\n%s", raw)
	}
}

// Many goroutines and two handles on the same file (as two duotui processes
// would have) append at once; every line must be one whole record.
func TestAuditLogConcurrentAppendsMakeWholeLines(t *testing.T) {
	l, path := openTestLog(t)
	l2, err := OpenAuditLog(path)
	if err != nil {
		t.Fatal(err)
	}
	defer l2.Close()
	const goroutines, each = 16, 100
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			log := l
			if g%2 == 1 {
				log = l2
			}
			for i := range each {
				msg := strings.Repeat(fmt.Sprintf("g%d-i%d ", g, i), 20)
				if err := log.Append(AuditRecord{Action: ActionCheck, User: fmt.Sprintf("u%d", g), StatusMsg: msg}); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	f, _ := os.Open(path)
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	n := 0
	for sc.Scan() {
		var r AuditRecord
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("line %d is not a whole record: %v: %q", n+1, err, sc.Text())
		}
		n++
	}
	if n != goroutines*each {
		t.Fatalf("%d lines, want %d", n, goroutines*each)
	}
}

func TestAuditReadFilterAndPaging(t *testing.T) {
	l, _ := openTestLog(t)
	actions := []string{ActionPush, ActionSMS, ActionCheck}
	for i := range 300 {
		r := AuditRecord{Time: t0.Add(time.Duration(i) * time.Second), Action: actions[i%3], User: fmt.Sprintf("user%d", i%7), Result: "ok"}
		if i == 150 {
			r.StatusMsg = "Needle in the haystack"
		}
		if err := l.Append(r); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name  string
		q     AuditQuery
		count int
	}{
		{"all", AuditQuery{Limit: 40}, 300},
		{"by action", AuditQuery{Action: "PUSH", Limit: 30}, 100},
		{"by user", AuditQuery{User: "user3", Limit: 7}, 43},
		{"by action and user", AuditQuery{Action: ActionSMS, User: "user1", Limit: 5}, 15},
		{"by text", AuditQuery{Text: "needle", Limit: 5}, 1},
		{"no match", AuditQuery{Text: "nothing like this"}, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []AuditRecord
			q := tc.q
			for pages := 0; ; pages++ {
				p, err := l.Read(q)
				if err != nil || pages > 100 {
					t.Fatalf("%v after %d pages", err, pages)
				}
				if len(p.Records) > q.Limit {
					t.Fatalf("page of %d, limit %d", len(p.Records), q.Limit)
				}
				got = append(got, p.Records...)
				if !p.More {
					break
				}
				q.Before = p.Next
			}
			if len(got) != tc.count {
				t.Fatalf("%d records, want %d", len(got), tc.count)
			}
			for i := 1; i < len(got); i++ {
				if !got[i].Time.Before(got[i-1].Time) {
					t.Fatalf("not newest first at %d: %v then %v", i, got[i-1].Time, got[i].Time)
				}
			}
		})
	}
}

func TestAuditToleratesTornLastLine(t *testing.T) {
	l, path := openTestLog(t)
	for i := range 3 {
		if err := l.Append(AuditRecord{Action: ActionPush, User: fmt.Sprintf("u%d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	l.Close()
	f, _ := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	f.WriteString(`{"time":"2025-06-01T12:00:00Z","action":"pu`) // a crash mid-write
	f.Close()

	p, err := ReadAudit(path, AuditQuery{})
	if err != nil || len(p.Records) != 3 || p.Skipped != 1 || p.Records[0].User != "u2" {
		t.Fatalf("%+v %v", p, err)
	}
	l2, err := OpenAuditLog(path)
	if err != nil {
		t.Fatal(err)
	}
	defer l2.Close()
	if err := l2.Append(AuditRecord{Action: ActionSMS, User: "after"}); err != nil {
		t.Fatal(err)
	}
	p, err = ReadAudit(path, AuditQuery{})
	if err != nil || len(p.Records) != 4 || p.Skipped != 1 || p.Records[0].User != "after" {
		t.Fatalf("after repair: %+v %v", p, err)
	}
}

// Lines longer than the backward reader's chunk still come back whole.
func TestAuditReadLongLines(t *testing.T) {
	l, _ := openTestLog(t)
	for i := range 6 {
		if err := l.Append(AuditRecord{Action: ActionCheck, User: fmt.Sprint(i), Error: strings.Repeat("x", 50_000+i*9_000)}); err != nil {
			t.Fatal(err)
		}
	}
	p, err := l.Read(AuditQuery{})
	if err != nil || len(p.Records) != 6 || p.Skipped != 0 {
		t.Fatalf("%d records, %d skipped, %v", len(p.Records), p.Skipped, err)
	}
	for i, r := range p.Records {
		if r.User != fmt.Sprint(5-i) || len(r.Error) != 50_000+(5-i)*9_000 {
			t.Fatalf("record %d: user %s len %d", i, r.User, len(r.Error))
		}
	}
}

func TestAuditMissingFileAndClosedLog(t *testing.T) {
	p, err := ReadAudit(filepath.Join(t.TempDir(), "none.jsonl"), AuditQuery{})
	if err != nil || len(p.Records) != 0 {
		t.Fatalf("%+v %v", p, err)
	}
	l, _ := openTestLog(t)
	l.Close()
	if err := l.Append(AuditRecord{Action: ActionCheck}); err != ErrAuditClosed {
		t.Fatalf("err = %v", err)
	}
}

func TestAuditTightensLoosePermissions(t *testing.T) {
	path := filepath.Join(t.TempDir(), "audit.jsonl")
	os.WriteFile(path, nil, 0o644)
	os.Chmod(path, 0o644)
	l, err := OpenAuditLog(path)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v", fi.Mode().Perm())
	}
}
