package duotest

import (
	"net/http"
	"strings"
)

// The legacy Auth API (/rest/v1/*.bson) that duo_unix 1.11.x speaks: params
// "user", "factor=auto" with "auto=<menu factor or passcode>", a prompt that
// is a string with "factors" beside it, "status" carrying the message, and
// status.bson omitting "result" while the transaction waits. Requests are
// signed without a date (see verify).

type legacyPreauthJSON struct {
	Result  string            `json:"result"`
	Status  string            `json:"status,omitempty"`
	Prompt  string            `json:"prompt,omitempty"`
	Factors map[string]string `json:"factors,omitempty"`
}

func (s *Server) handleLegacyPreauth(w http.ResponseWriter, q *request) {
	name := q.params.Get("user")
	if name == "" {
		writeFail(w, errMissingParam("user"))
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.byName[strings.ToLower(name)]
	switch {
	case u == nil || (u.status == StatusActive && !u.enrolled()):
		writeOK(w, legacyPreauthJSON{Result: "enroll", Status: "Please enroll at " + s.portalURL()})
	case u.status == StatusBypass:
		writeOK(w, legacyPreauthJSON{Result: "allow", Status: msgBypass})
	case u.status == StatusDisabled:
		writeOK(w, legacyPreauthJSON{Result: "deny", Status: msgDisabled})
	case u.status == StatusLockedOut:
		writeOK(w, legacyPreauthJSON{Result: "deny", Status: msgLockedOut})
	default:
		m := textMenu(u)
		writeOK(w, legacyPreauthJSON{Result: "auth", Prompt: m.Text, Factors: m.Factors})
	}
}

// handleLegacyAuth maps the legacy parameters onto /auth/v2/auth's
// factor=prompt and answers in the legacy shape.
func (s *Server) handleLegacyAuth(w http.ResponseWriter, q *request) {
	p := q.params
	if p.Get("user") == "" {
		writeFail(w, errMissingParam("user"))
		return
	}
	if p.Get("auto") == "" {
		writeFail(w, errMissingParam("auto"))
		return
	}
	if f := p.Get("factor"); f != "auto" {
		writeFail(w, errInvalidParam("factor"))
		return
	}
	factor, index, passcode := promptFactor(p.Get("auto"))
	s.mu.Lock()
	u := s.byName[strings.ToLower(p.Get("user"))]
	if u == nil {
		s.mu.Unlock()
		writeFail(w, errInvalidParam("user"))
		return
	}
	t, aerr := s.startAuthLocked(u, factor, "", index, passcode)
	if aerr != nil {
		s.mu.Unlock()
		writeFail(w, aerr)
		return
	}
	s.describeLocked(t, p.Get("type"), "", p.Get("pushinfo"), p.Get("ipaddr"), p.Get("hostname"))
	s.mu.Unlock()
	if p.Get("async") == "1" {
		writeOK(w, map[string]string{"txid": t.id})
		return
	}
	st, ok := s.waitFinal(q.r.Context(), t)
	if !ok {
		return
	}
	writeOK(w, map[string]string{"result": st.Result, "status": st.StatusMsg})
}

func (s *Server) handleLegacyStatus(w http.ResponseWriter, q *request) {
	st, ok := s.pollTx(w, q)
	if !ok {
		return
	}
	if st.Result == "waiting" {
		writeOK(w, map[string]string{"status": st.StatusMsg})
		return
	}
	writeOK(w, map[string]string{"result": st.Result, "status": st.StatusMsg})
}
