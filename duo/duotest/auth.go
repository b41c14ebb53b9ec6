package duotest

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

var factorCaps = map[string]string{"push": CapPush, "phone": CapPhone, "sms": CapSMS}

// promptFactor reads duo_unix's factor=prompt value: a factor name from the
// preauth menu ("push1", "phone2", "sms1"; also the older "voice1" and
// "smsrefresh1") or, failing that, a typed passcode.
func promptFactor(v string) (factor string, index int, passcode string) {
	for _, k := range []struct{ prefix, factor string }{
		{"push", "push"}, {"phone", "phone"}, {"voice", "phone"}, {"smsrefresh", "sms"}, {"sms", "sms"},
	} {
		if rest, ok := strings.CutPrefix(v, k.prefix); ok {
			if n, err := strconv.Atoi(rest); err == nil && n > 0 {
				return k.factor, n, ""
			}
		}
	}
	return "passcode", 0, v
}

// handleAuth starts an authentication: push, phone, sms, passcode, auto or
// prompt; synchronous (held until final) or async (txid).
func (s *Server) handleAuth(w http.ResponseWriter, q *request) {
	p := q.params
	factor := p.Get("factor")
	if factor == "" {
		writeFail(w, errMissingParam("factor"))
		return
	}
	userID, username := p.Get("user_id"), p.Get("username")
	if userID == "" && username == "" {
		writeFail(w, errMissingParam("username"))
		return
	}
	async := p.Get("async") == "1" || p.Get("async") == "true"
	if _, err := url.ParseQuery(p.Get("pushinfo")); err != nil || len(p.Get("pushinfo")) > 20000 {
		writeFail(w, errInvalidParam("pushinfo"))
		return
	}
	deviceParam, index, passcode := p.Get("device"), 0, p.Get("passcode")
	if factor == "prompt" {
		if p.Get("prompt") == "" {
			writeFail(w, errMissingParam("prompt"))
			return
		}
		factor, index, passcode = promptFactor(p.Get("prompt"))
	}
	if factor == "passcode" && passcode == "" {
		writeFail(w, errMissingParam("passcode"))
		return
	}
	if factor != "auto" && factor != "passcode" && factorCaps[factor] == "" {
		writeFail(w, errInvalidParam("factor"))
		return
	}

	s.mu.Lock()
	u := s.lookupLocked(userID, username)
	if u == nil {
		s.mu.Unlock()
		if userID != "" {
			writeFail(w, errInvalidParam("user_id"))
		} else {
			writeFail(w, errInvalidParam("username"))
		}
		return
	}
	t, aerr := s.startAuthLocked(u, factor, deviceParam, index, passcode)
	if aerr != nil {
		s.mu.Unlock()
		writeFail(w, aerr)
		return
	}
	s.describeLocked(t, p.Get("type"), p.Get("display_username"), p.Get("pushinfo"), p.Get("ipaddr"), p.Get("hostname"))
	s.mu.Unlock()

	if async {
		writeOK(w, map[string]string{"txid": t.id})
		return
	}
	st, ok := s.waitFinal(q.r.Context(), t)
	if !ok {
		return // the client went away or the server is closing
	}
	writeOK(w, st)
}

// startAuthLocked creates the transaction for one factor, judging the user's
// status first as Duo does.
func (s *Server) startAuthLocked(u *user, factor, deviceParam string, index int, passcode string) (*tx, *apiError) {
	final := func(f, result, status, msg string) *tx {
		t := s.newTxLocked(u, nil, f)
		s.setLocked(t, result, status, msg)
		return t
	}
	switch u.status {
	case StatusBypass:
		return final(factor, "allow", "bypass", msgBypass), nil
	case StatusDisabled:
		return final(factor, "deny", "deny", msgDisabled), nil
	case StatusLockedOut:
		return final(factor, "deny", "locked_out", msgLockedOut), nil
	}
	if factor == "passcode" {
		if s.checkPasscodeLocked(u, passcode, s.Now()) {
			return final("passcode", "allow", "allow", msgAllow), nil
		}
		return final("passcode", "deny", "deny", msgBadCode), nil
	}
	if !u.enrolled() {
		return final(factor, "deny", "deny", msgEnroll), nil
	}
	d, factor, aerr := pickDevice(u, factor, deviceParam, index)
	if aerr != nil {
		return nil, aerr
	}
	if factor != "push" {
		if s.credits <= 0 {
			return final(factor, "deny", "deny", msgNoCredits), nil
		}
		s.credits--
	}
	t := s.newTxLocked(u, d, factor)
	t.pending = Pending{TxID: t.id, Username: u.name, DeviceID: d.id, Device: d.menuLabel(), Factor: factor, Started: s.Now()}
	switch factor {
	case "push":
		s.setLocked(t, "waiting", "pushed", msgPushed)
		s.startOutOfBandLocked(t, s.nextAnswerLocked(u, d))
	case "phone":
		s.setLocked(t, "waiting", "calling", "Dialing "+maskNumber(d.number)+"...")
		s.startOutOfBandLocked(t, s.nextAnswerLocked(u, d))
	case "sms":
		d.sms = newSMSBatch()
		d.smsSent = true
		u.json = nil
		s.setLocked(t, "deny", "sent", msgSMSSent)
	}
	return t, nil
}

// pickDevice resolves device=auto, a device ID or a menu index, and turns
// factor=auto into push (preferred) or phone.
func pickDevice(u *user, factor, deviceParam string, index int) (*device, string, *apiError) {
	capable := func(d *device) (string, bool) {
		if d.typ != TypePhone {
			return "", false
		}
		if factor == "auto" {
			if d.can(CapPush) {
				return "push", true
			}
			if d.can(CapPhone) {
				return "phone", true
			}
			return "", false
		}
		return factor, d.can(factorCaps[factor])
	}
	if index > 0 {
		if index > len(u.devices) {
			return nil, "", errInvalidParam("prompt")
		}
		d := u.devices[index-1]
		f, ok := capable(d)
		if !ok {
			return nil, "", errInvalidParam("prompt")
		}
		return d, f, nil
	}
	if deviceParam == "" || deviceParam == "auto" {
		for _, d := range u.devices {
			if f, ok := capable(d); ok {
				return d, f, nil
			}
		}
		return nil, "", errInvalidParam("device")
	}
	for _, d := range u.devices {
		if d.id == deviceParam {
			if f, ok := capable(d); ok {
				return d, f, nil
			}
			break
		}
	}
	return nil, "", errInvalidParam("device")
}

// handleAuthStatus long-polls: it answers at once when the transaction has a
// state this txid's poller has not seen, otherwise holds until it changes or
// the poll interval passes.
func (s *Server) handleAuthStatus(w http.ResponseWriter, q *request) {
	if st, ok := s.pollTx(w, q); ok {
		writeOK(w, st)
	}
}

// pollTx finds the request's txid and waits for its next state; false when
// it answered with an error or the client went away.
func (s *Server) pollTx(w http.ResponseWriter, q *request) (txState, bool) {
	id := q.params.Get("txid")
	if id == "" {
		writeFail(w, errMissingParam("txid"))
		return txState{}, false
	}
	s.mu.RLock()
	t := s.txs[id]
	s.mu.RUnlock()
	if t == nil {
		writeFail(w, errInvalidParam("txid"))
		return txState{}, false
	}
	st := s.waitChange(q.r.Context(), t, s.cfg.pollInterval)
	return st, q.r.Context().Err() == nil
}

// describeLocked records what the push shows the user, for Pending.
func (s *Server) describeLocked(t *tx, typ, displayUsername, pushinfo, ipaddr, hostname string) {
	if typ == "" {
		typ = "Login"
	}
	info, _ := url.ParseQuery(pushinfo)
	t.pending.Type, t.pending.DisplayUsername, t.pending.PushInfo = typ, displayUsername, info
	t.pending.IPAddr, t.pending.Hostname = ipaddr, hostname
}
