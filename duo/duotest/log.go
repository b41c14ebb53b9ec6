package duotest

import (
	"net/http"
	"time"
)

// logRequest writes one line per request when WithLog is set. It names the
// integration key (public) but never the signature, and no parameters, so
// passcodes and bypass codes stay out of the log.
func (s *Server) logRequest(r *http.Request, status int, took time.Duration, fault string) {
	if s.cfg.log == nil {
		return
	}
	who := "-"
	if ikey, _, ok := basicAuth(r.Header.Get("Authorization")); ok {
		who = ikey + ":[redacted]"
	}
	extra := ""
	if fault != "" {
		extra = " fault=" + fault
	}
	s.logf("%s %s %s %d %s auth=%s%s", r.RemoteAddr, r.Method, r.URL.Path, status,
		took.Round(100*time.Microsecond), who, extra)
}
