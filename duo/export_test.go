package duo

import (
	"net/http"
	"time"
)

// SetJitter replaces the full-jitter draw so tests can assert exact waits.
func SetJitter(c *Client, f func(time.Duration) time.Duration) { c.jitter = f }

// TransportOf exposes the transport NewClient built.
func TransportOf(c *Client) *http.Transport { return c.hc.Transport.(*http.Transport) }
