package duotest

import (
	"bytes"
	"crypto/tls"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// FaultKind is a failure the simulator can inject.
type FaultKind int

const (
	Fault429          FaultKind = iota + 1 // 429 with Duo's 42901 (and Retry-After if set)
	Fault500                               // 500 with a FAIL envelope
	Fault503                               // 503 with a FAIL envelope
	FaultLatency                           // adds Latency before the normal answer
	FaultBadJSON                           // 200 with a body that is not valid JSON
	FaultTruncated                         // the real answer cut off mid-body
	FaultReset                             // the TCP connection reset (RST) instead of an answer
	FaultTLS                               // the TLS handshake aborted with an alert
	FaultTLSUnknownCA                      // a certificate from a CA nobody trusts (like a TLS-inspecting proxy)
)

var faultNames = map[FaultKind]string{
	Fault429: "429", Fault500: "500", Fault503: "503", FaultLatency: "latency", FaultBadJSON: "bad_json",
	FaultTruncated: "truncated", FaultReset: "reset", FaultTLS: "tls", FaultTLSUnknownCA: "tls_unknown_ca",
}

// String returns the control-API name of the kind.
func (k FaultKind) String() string {
	if n, ok := faultNames[k]; ok {
		return n
	}
	return fmt.Sprintf("FaultKind(%d)", int(k))
}

// ParseFaultKind reads a control-API name: 429, 500, 503, latency, bad_json,
// truncated, reset, tls, tls_unknown_ca.
func ParseFaultKind(s string) (FaultKind, error) {
	for k, n := range faultNames {
		if strings.EqualFold(s, n) {
			return k, nil
		}
	}
	return 0, fmt.Errorf("unknown fault kind %q; use 429, 500, 503, latency, bad_json, truncated, reset, tls or tls_unknown_ca", s)
}

// Fault is a rule that makes matching requests fail. Rules are tried in the
// order added; every matching FaultLatency rule adds its delay, and the first
// other matching rule decides the answer.
type Fault struct {
	// Path is the request path ("/auth/v2/check"); a trailing "*" matches a
	// prefix; "" matches every API path. TLS kinds act on the next handshakes,
	// whatever the path (a kept-alive connection does not handshake again).
	Path string
	Kind FaultKind
	// Count limits the rule to the next Count matching requests; 0: no limit.
	Count int
	// Probability, when above 0, applies the rule to that share of matching
	// requests (0 < p ≤ 1); requests it skips do not use up Count.
	Probability float64
	Latency     time.Duration // FaultLatency's delay
	RetryAfter  time.Duration // Fault429: sent as Retry-After, in whole seconds
}

func (f Fault) matches(path string) bool {
	if f.Path == "" {
		return true
	}
	if p, ok := strings.CutSuffix(f.Path, "*"); ok {
		return strings.HasPrefix(path, p)
	}
	return path == f.Path
}

type faultRule struct {
	Fault
	left int
}

type faultSet struct {
	mu    sync.Mutex
	rules []*faultRule
	rng   *rand.Rand
}

// AddFault installs a fault rule.
func (s *Server) AddFault(f Fault) {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	if s.faults.rng == nil {
		s.faults.rng = rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 1))
	}
	s.faults.rules = append(s.faults.rules, &faultRule{Fault: f, left: f.Count})
}

// ClearFaults removes every fault rule.
func (s *Server) ClearFaults() {
	s.faults.mu.Lock()
	s.faults.rules = nil
	s.faults.mu.Unlock()
}

// Faults returns the rules still in force, Count showing what is left.
func (s *Server) Faults() []Fault {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	out := make([]Fault, 0, len(s.faults.rules))
	for _, r := range s.faults.rules {
		f := r.Fault
		f.Count = r.left
		out = append(out, f)
	}
	return out
}

// takeLocked reports whether rule r fires now, using up one of its Count.
func (fs *faultSet) takeLocked(r *faultRule) bool {
	if r.Probability > 0 && fs.rng.Float64() >= r.Probability {
		return false
	}
	if r.Count > 0 {
		r.left--
	}
	return true
}

func (fs *faultSet) pruneLocked() {
	kept := fs.rules[:0]
	for _, r := range fs.rules {
		if r.Count == 0 || r.left > 0 {
			kept = append(kept, r)
		}
	}
	clear(fs.rules[len(kept):])
	fs.rules = kept
}

// requestFault applies latency rules and returns the rule deciding the
// answer, if any.
func (s *Server) requestFault(r *http.Request) (Fault, bool) {
	fs := &s.faults
	fs.mu.Lock()
	var delay time.Duration
	var chosen Fault
	found := false
	for _, rule := range fs.rules {
		if rule.Kind == FaultTLS || rule.Kind == FaultTLSUnknownCA || !rule.matches(r.URL.Path) {
			continue
		}
		if rule.Kind == FaultLatency {
			if fs.takeLocked(rule) {
				delay += rule.Latency
			}
			continue
		}
		if !found && fs.takeLocked(rule) {
			chosen, found = rule.Fault, true
		}
	}
	fs.pruneLocked()
	fs.mu.Unlock()
	if delay > 0 {
		t := time.NewTimer(delay)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
		}
	}
	return chosen, found
}

var errInjectedTLS = errors.New("duotest: injected TLS handshake failure")

// handshakeFault decides a TLS handshake: nil config is the normal one.
func (s *Server) handshakeFault() (*tls.Config, error) {
	fs := &s.faults
	fs.mu.Lock()
	kind := FaultKind(0)
	for _, rule := range fs.rules {
		if (rule.Kind == FaultTLS || rule.Kind == FaultTLSUnknownCA) && fs.takeLocked(rule) {
			kind = rule.Kind
			break
		}
	}
	fs.pruneLocked()
	fs.mu.Unlock()
	switch kind {
	case FaultTLS:
		return nil, errInjectedTLS
	case FaultTLSUnknownCA:
		ca, err := s.strangerCA()
		if err != nil {
			return nil, err
		}
		return &tls.Config{MinVersion: tls.VersionTLS12, Certificates: []tls.Certificate{ca.leaf}, NextProtos: []string{"http/1.1"}}, nil
	}
	return nil, nil
}

// strangerCA is made on first use: a CA that no client of this server trusts.
func (s *Server) strangerCA() (*certAuthority, error) {
	s.trMu.Lock()
	defer s.trMu.Unlock()
	if s.badCA == nil {
		ca, err := newCertAuthority("intercepting proxy")
		if err != nil {
			return nil, err
		}
		s.badCA = ca
	}
	return s.badCA, nil
}

func (s *Server) writeFaultStatus(w http.ResponseWriter, f Fault) {
	switch f.Kind {
	case Fault429:
		if f.RetryAfter > 0 {
			secs := int((f.RetryAfter + time.Second - 1) / time.Second)
			w.Header().Set("Retry-After", strconv.Itoa(secs))
		}
		writeFail(w, &apiError{CodeRateLimited, "Too Many Requests", ""})
	case Fault500:
		writeFail(w, &apiError{CodeServerError, "Internal server error", ""})
	default:
		writeFail(w, &apiError{CodeUnavailable, "Service unavailable", ""})
	}
}

// reset hijacks the connection and closes the TCP socket with SO_LINGER 0,
// so the client sees a reset, not a clean close.
func (s *Server) reset(w http.ResponseWriter, r *http.Request) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		writeFail(w, &apiError{CodeServerError, "Internal server error", "reset fault: " + err.Error()})
		return
	}
	raw := conn
	if tc, ok := conn.(*tls.Conn); ok {
		raw = tc.NetConn()
	}
	if tcp, ok := raw.(*net.TCPConn); ok {
		tcp.SetLinger(0)
	}
	raw.Close()
}

// serveMangled runs the real handler, then sends its answer broken.
func (s *Server) serveMangled(w http.ResponseWriter, r *http.Request, f Fault) {
	buf := &bufferedWriter{header: http.Header{}, status: http.StatusOK}
	s.serveAPI(buf, r)
	for k, v := range buf.header {
		w.Header()[k] = v
	}
	if f.Kind == FaultBadJSON {
		writeRaw(w, http.StatusOK, "application/json", []byte(`{"stat":"OK","response":{"result":,"status":]`))
		return
	}
	body := buf.body.Bytes()
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(buf.status)
	w.Write(body[:len(body)/2])
	// Returning with bytes still owed makes net/http close the connection,
	// so the client reads an unexpected EOF.
}

type bufferedWriter struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (b *bufferedWriter) Header() http.Header         { return b.header }
func (b *bufferedWriter) Write(p []byte) (int, error) { return b.body.Write(p) }
func (b *bufferedWriter) WriteHeader(code int)        { b.status = code }
