package duo

import (
	"context"
	"errors"
	"time"
)

const (
	firstBackoff = time.Second
	// maxBackoff is where Duo's own clients give up: waits of 1, 2, 4, 8, 16
	// and 32 s, then the 429 goes back to the caller.
	maxBackoff = 32 * time.Second
	// maxFailRetries bounds retries of 5xx and failed connections (GET only).
	maxFailRetries = 2
)

// do runs cl with Duo's retry rules:
//   - 429: Duo refused the request, so any call may be retried; wait with
//     exponential backoff (1 s doubling to 32 s, full jitter), or as long as
//     Retry-After / X-Retry-After asks.
//   - 5xx, refused or reset connections: retried only when cl is idempotent.
//     A POST that may send a push, SMS or call is never repeated once it may
//     have reached Duo.
//
// Every attempt is rebuilt and re-signed with a fresh Date and the full body.
// All waiting stops at the context's end or after RetryDeadline.
func (c *Client) do(ctx context.Context, cl *call) (*reply, error) {
	w, err := c.prepare(cl)
	if err != nil {
		return nil, &Error{Op: cl.method + " " + cl.path, Host: c.host, Kind: KindUnknown, Err: err}
	}
	start := time.Now()
	var slept time.Duration // counted too, so an injected Sleep still meets the deadline
	backoff := firstBackoff
	failRetries := 0
	for {
		r, err := c.attempt(ctx, cl, w, nil)
		var wait time.Duration
		switch {
		case err != nil:
			if !cl.idempotent || failRetries >= maxFailRetries || !retryableNet(err) {
				return nil, err
			}
			failRetries++
			wait = c.jitter(backoff)
		case r.status == 429:
			if backoff > maxBackoff {
				return r, nil
			}
			wait = c.jitter(backoff)
			if ra := retryAfter(r.header, r.sent); ra > 0 {
				wait = ra
			}
		case r.status >= 500 && cl.idempotent && failRetries < maxFailRetries:
			failRetries++
			wait = c.jitter(backoff)
		default:
			return r, nil
		}
		if spent := max(time.Since(start), slept); spent+wait > c.retryFor {
			if err != nil {
				return nil, err
			}
			return r, nil
		}
		if serr := c.sleep(ctx, wait); serr != nil {
			return nil, c.netError(ctx, cl.method+" "+cl.path, serr, c.timeout)
		}
		slept += wait
		backoff *= 2
	}
}

// retryableNet reports whether a failed attempt is worth repeating: the
// connection was refused or dropped, as when a load balancer restarts. DNS,
// TLS and timeouts would fail the same way again (or have used up the time).
func retryableNet(err error) bool {
	var e *Error
	if !errors.As(err, &e) {
		return false
	}
	return e.Kind == KindRefused || e.Kind == KindReset
}
