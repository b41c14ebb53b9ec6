package duo

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

// flexString accepts a JSON string, number or null: Duo's masked numbers and
// SMS next-codes have appeared as both.
type flexString string

// UnmarshalJSON keeps strings as they are and numbers as their digits.
func (s *flexString) UnmarshalJSON(b []byte) error {
	switch {
	case bytes.Equal(b, []byte("null")):
		*s = ""
	case len(b) > 0 && b[0] == '"':
		var v string
		if err := json.Unmarshal(b, &v); err != nil {
			return err
		}
		*s = flexString(v)
	default:
		*s = flexString(b)
	}
	return nil
}

// unixTime accepts Unix seconds (number or numeric string), an ISO-8601
// time, or null. The Admin API uses seconds for last_login/created and
// ISO strings for a phone's last_seen.
type unixTime struct{ time.Time }

// UnmarshalJSON turns null, "" and 0 into the zero time ("never").
func (t *unixTime) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) || bytes.Equal(b, []byte(`""`)) {
		t.Time = time.Time{}
		return nil
	}
	s := string(b)
	if b[0] == '"' {
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		if f == 0 {
			t.Time = time.Time{}
			return nil
		}
		sec := int64(f)
		t.Time = time.Unix(sec, int64((f-float64(sec))*1e9))
		return nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05"} {
		if v, err := time.Parse(layout, s); err == nil {
			t.Time = v
			return nil
		}
	}
	return fmt.Errorf("duo: cannot read %q as a time", s)
}
