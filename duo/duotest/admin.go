package duotest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

const (
	defaultPageLimit = 100
	maxPageLimit     = 300
)

// handleUsers is GET /admin/v1/users with Duo's paging: limit (default 100,
// at most 300), offset, metadata with total_objects, prev_offset (after the
// first page) and next_offset (absent on the last page). Each user's JSON is
// rendered once and cached until the user changes, so 100 000 users page out
// at loopback speed.
func (s *Server) handleUsers(w http.ResponseWriter, q *request) {
	p := q.params
	limit, aerr := intParam(p, "limit", defaultPageLimit, 1)
	if aerr != nil {
		writeFail(w, aerr)
		return
	}
	limit = min(limit, maxPageLimit)
	offset, aerr := intParam(p, "offset", 0, 0)
	if aerr != nil {
		writeFail(w, aerr)
		return
	}
	s.mu.Lock()
	users := s.users
	if p.Has("username") || p.Has("username_list") || p.Has("user_id_list") {
		users = s.filterLocked(p)
	}
	total := len(users)
	var b bytes.Buffer
	b.WriteString(`{"stat":"OK","response":[`)
	end := min(offset+limit, total)
	for i := offset; i < end; i++ {
		if i > offset {
			b.WriteByte(',')
		}
		b.Write(s.userJSONLocked(users[i]))
	}
	s.mu.Unlock()
	b.WriteString(`],"metadata":{"total_objects":` + strconv.Itoa(total))
	if offset > 0 {
		b.WriteString(`,"prev_offset":` + strconv.Itoa(max(0, offset-limit)))
	}
	if end < total {
		b.WriteString(`,"next_offset":` + strconv.Itoa(end))
	}
	b.WriteString(`}}`)
	writeRaw(w, http.StatusOK, "application/json", b.Bytes())
}

func intParam(p url.Values, name string, def, lowest int) (int, *apiError) {
	v := p.Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lowest {
		return 0, errInvalidParam(name)
	}
	return n, nil
}

func (s *Server) filterLocked(p url.Values) []*user {
	var out []*user
	add := func(u *user) {
		if u != nil {
			out = append(out, u)
		}
	}
	if name := p.Get("username"); name != "" {
		add(s.byName[strings.ToLower(name)])
	}
	for _, name := range append(p["username_list"], p["username_list[]"]...) {
		add(s.byName[strings.ToLower(name)])
	}
	for _, id := range append(p["user_id_list"], p["user_id_list[]"]...) {
		add(s.byID[id])
	}
	return out
}

// handleUser is GET /admin/v1/users/{user_id}.
func (s *Server) handleUser(w http.ResponseWriter, q *request) {
	id := strings.TrimPrefix(q.r.URL.Path, "/admin/v1/users/")
	s.mu.Lock()
	u := s.byID[id]
	var body []byte
	if u != nil {
		body = s.userJSONLocked(u)
	}
	s.mu.Unlock()
	if u == nil {
		writeFail(w, &apiError{CodeNotFound, "Resource not found", "user_id"})
		return
	}
	writeRaw(w, http.StatusOK, "application/json",
		append(append([]byte(`{"stat":"OK","response":`), body...), '}'))
}

// handleAdminEnroll is POST /admin/v1/users/enroll: it creates the user if
// needed and an activation code valid for valid_secs (default 30 days); Duo
// e-mails it, the simulator returns it (Server.Activate takes it).
func (s *Server) handleAdminEnroll(w http.ResponseWriter, q *request) {
	p := q.params
	name, email := p.Get("username"), p.Get("email")
	if name == "" {
		writeFail(w, errMissingParam("username"))
		return
	}
	if email == "" {
		writeFail(w, errMissingParam("email"))
		return
	}
	if !strings.Contains(email, "@") {
		writeFail(w, errInvalidParam("email"))
		return
	}
	valid, aerr := validSecs(p, 2592000)
	if aerr != nil {
		writeFail(w, aerr)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.byName[strings.ToLower(name)]
	if u == nil {
		var err error
		if u, err = s.addUserLocked(User{Name: name, Email: email}, map[string]string{}, s.Now()); err != nil {
			writeFail(w, errInvalidParam("username"))
			return
		}
	} else if u.enrolled() {
		writeFail(w, &apiError{CodeInvalidParam, "Invalid request parameters", "username is already enrolled"})
		return
	}
	writeOK(w, s.newEnrollmentLocked(u, valid).code)
}

type summaryJSON struct {
	AdminCount                int `json:"admin_count"`
	IntegrationCount          int `json:"integration_count"`
	TelephonyCreditsRemaining int `json:"telephony_credits_remaining"`
	UserCount                 int `json:"user_count"`
}

func (s *Server) handleSummary(w http.ResponseWriter, q *request) {
	s.mu.RLock()
	out := summaryJSON{s.adminCnt, len(s.apps), s.credits, len(s.users)}
	s.mu.RUnlock()
	writeOK(w, out)
}

// TelephonyCredits returns the credits left (each SMS batch or call costs one).
func (s *Server) TelephonyCredits() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.credits
}

// userJSONLocked returns the user's cached Admin API JSON, rendering it when
// stale. Callers hold s.mu for writing.
func (s *Server) userJSONLocked(u *user) []byte {
	if u.json == nil {
		b, err := json.Marshal(adminUser(u))
		if err != nil {
			panic("duotest: marshal user: " + err.Error())
		}
		u.json = b
	}
	return u.json
}

func unixPtr(t time.Time) *int64 {
	if t.IsZero() {
		return nil
	}
	v := t.Unix()
	return &v
}
