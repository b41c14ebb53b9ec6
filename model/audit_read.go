package model

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"strings"
)

// AuditQuery selects records, newest first.
type AuditQuery struct {
	Text   string // case-insensitive substring of any field
	Action string // exact action (case-insensitive); "" for all
	User   string // exact Duo user (case-insensitive); "" for all
	Before int64  // cursor from a previous page's Next; 0 starts at the newest record
	Limit  int    // records per page; default 100
}

// AuditPage is one page of matching records.
type AuditPage struct {
	Records []AuditRecord // newest first
	Next    int64         // pass as Before for older records; valid when More
	More    bool          // older lines exist (they may not all match)
	Skipped int           // unreadable lines passed over (a torn last line, corruption)
}

// Read pages through this log; see ReadAudit.
func (l *AuditLog) Read(q AuditQuery) (AuditPage, error) { return ReadAudit(l.path, q) }

// ReadAudit reads the log at path backwards from q.Before (the end if 0),
// so the newest records come first and a long log costs only the pages read.
// A missing file is an empty log.
func ReadAudit(path string, q AuditQuery) (AuditPage, error) {
	if q.Limit <= 0 {
		q.Limit = 100
	}
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return AuditPage{}, nil
	}
	if err != nil {
		return AuditPage{}, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return AuditPage{}, err
	}
	end := fi.Size()
	if q.Before > 0 && q.Before < end {
		end = q.Before
	}
	var page AuditPage
	text := strings.ToLower(q.Text)
	err = scanBackward(f, end, func(line []byte, start int64, complete bool) bool {
		if len(bytes.TrimSpace(line)) == 0 {
			return true
		}
		var r AuditRecord
		if !complete || json.Unmarshal(line, &r) != nil {
			page.Skipped++
			return true
		}
		if !r.matches(q.Action, q.User, text) {
			return true
		}
		page.Records = append(page.Records, r)
		if len(page.Records) == q.Limit {
			page.Next, page.More = start, start > 0
			return false
		}
		return true
	})
	return page, err
}

func (r AuditRecord) matches(action, user, lowerText string) bool {
	if action != "" && !strings.EqualFold(r.Action, action) {
		return false
	}
	if user != "" && !strings.EqualFold(r.User, user) {
		return false
	}
	if lowerText == "" {
		return true
	}
	for _, p := range r.fields() {
		if strings.Contains(strings.ToLower(*p), lowerText) {
			return true
		}
	}
	return false
}

// scanBackward calls fn with each line of f[0:end), last line first, and its
// starting offset. complete is false for a last line with no newline (torn
// by a crash, or still being written). fn returns false to stop.
func scanBackward(f *os.File, end int64, fn func(line []byte, start int64, complete bool) bool) error {
	const chunk = 64 << 10
	pos := end
	var rest []byte // f[pos:pos+len(rest)], not yet passed to fn
	first := true
	for {
		if pos > 0 {
			n := min(int64(chunk), pos)
			pos -= n
			b := make([]byte, int(n)+len(rest))
			if _, err := f.ReadAt(b[:n], pos); err != nil {
				return err
			}
			copy(b[n:], rest)
			rest = b
		}
		if first && len(rest) > 0 {
			first = false
			if rest[len(rest)-1] != '\n' {
				i := bytes.LastIndexByte(rest, '\n')
				if i < 0 && pos > 0 {
					first = true // the torn line is longer than a chunk: read more
					continue
				}
				if !fn(rest[i+1:], pos+int64(i+1), false) {
					return nil
				}
				rest = rest[:i+1]
			}
		}
		// rest now ends with a newline (or is empty): emit whole lines.
		for len(rest) > 0 {
			i := bytes.LastIndexByte(rest[:len(rest)-1], '\n')
			if i < 0 && pos > 0 {
				break // its start lies in the previous chunk
			}
			if !fn(rest[i+1:len(rest)-1], pos+int64(i+1), true) {
				return nil
			}
			rest = rest[:i+1]
		}
		if pos == 0 {
			return nil
		}
	}
}
