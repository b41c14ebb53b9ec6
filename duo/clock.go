package duo

import (
	"context"
	"net/http"
	"net/http/httptrace"
	"sync"
	"time"
)

// ProbeClock takes one clock sample with the unsigned ping. Sent is read
// when the connection is ready (so DNS, TCP and TLS set-up do not widen the
// bound) and Received when the first byte of the answer arrives; both are
// time.Now readings with their monotonic clock. It makes a single attempt: a
// retried sample would bracket the wrong exchange.
func (c *Client) ProbeClock(ctx context.Context) (ClockSample, error) {
	var (
		mu             sync.Mutex
		sent, received time.Time
	)
	hook := func(req *http.Request) *http.Request {
		tr := &httptrace.ClientTrace{
			GotConn: func(httptrace.GotConnInfo) {
				mu.Lock()
				sent = time.Now()
				mu.Unlock()
			},
			GotFirstResponseByte: func() {
				mu.Lock()
				received = time.Now()
				mu.Unlock()
			},
		}
		return req.WithContext(httptrace.WithClientTrace(req.Context(), tr))
	}
	cl := &call{method: http.MethodGet, path: "/auth/v2/ping", unsigned: true}
	before := time.Now()
	r, err := c.attempt(ctx, cl, wire{}, hook)
	after := time.Now()
	if err != nil {
		return ClockSample{}, err
	}
	v, _, err := decode[struct {
		Time int64 `json:"time"`
	}](c, cl, r)
	if err != nil {
		return ClockSample{}, err
	}
	mu.Lock()
	defer mu.Unlock()
	// A transport that reports no trace events (a custom RoundTripper) still
	// gets a valid, if wider, bracket.
	if sent.IsZero() {
		sent = before
	}
	if received.IsZero() {
		received = after
	}
	return ClockSample{Server: time.Unix(v.Time, 0), Sent: sent, Received: received}, nil
}
