package duo

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"time"
)

// Secret is a Duo secret key (or Web SDK client secret). It formats as a
// redacted marker with every fmt verb, so a Config or Client can be printed or
// logged without leaking it; only the signer reads the raw value.
type Secret string

const redacted = "[redacted]"

// String returns a redacted marker, or "" when no secret is set.
func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return redacted
}

// GoString keeps %#v redacted too.
func (s Secret) GoString() string { return `duo.Secret("` + s.String() + `")` }

// Format redacts the secret for every verb, including %x and %q.
func (s Secret) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		io.WriteString(f, s.GoString())
		return
	}
	io.WriteString(f, s.String())
}

// MarshalText refuses to serialise the secret by accident (json, toml, log).
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// SigVersion selects the canonical form a request is signed with.
type SigVersion int

const (
	// SigV5 signs a JSON body (POST/PUT/PATCH) or query (GET/DELETE) with
	// HMAC-SHA512 over seven lines, including body and X-Duo header hashes.
	// It is what Duo's current Python client sends by default.
	SigV5 SigVersion = iota
	// SigV2 signs form-encoded parameters with HMAC-SHA512 (Duo's Go client).
	SigV2
	// SigV2SHA1 is the original v2 form with HMAC-SHA1 (older clients).
	SigV2SHA1
)

// Config is everything a Client needs. Zero values take sensible defaults.
type Config struct {
	Host string // api-XXXXXXXX.duosecurity.com, or 127.0.0.1:PORT for the simulator
	IKey string // integration key (or Web SDK client ID)
	SKey Secret // secret key (or Web SDK client secret)

	SigVersion SigVersion    // canonical form; default SigV5
	CAFile     string        // PEM bundle trusted instead of the system roots
	Proxy      string        // proxy URL; empty uses HTTPS_PROXY/NO_PROXY from the environment
	Timeout    time.Duration // per attempt; default 15 s (long polls get Duo's poll time on top)
	UserAgent  string        // default "duotui/<version>"

	// HTTPClient, when set, replaces the transport built from CAFile, Proxy
	// and Timeout (the simulator hands one out with its CA installed).
	HTTPClient *http.Client
	// Trace, when set, receives each HTTP exchange with the Authorization
	// header redacted.
	Trace io.Writer
	// Now is the wall clock used for the Date header; default time.Now.
	Now func() time.Time

	// RetryDeadline bounds the time spent waiting out 429s and retrying
	// failed idempotent calls, on top of the attempts; default 2 minutes.
	RetryDeadline time.Duration
	// Sleep waits between retries; default a timer that stops early when ctx
	// ends. Tests inject a recorder so retries run instantly.
	Sleep func(ctx context.Context, d time.Duration) error
}
