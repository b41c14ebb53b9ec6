package model

import (
	"context"
	"errors"
	"fmt"
	"net"
	"time"

	"github.com/beevik/ntp"
)

// ErrNoNTPServer is returned when no server is configured: NTP is opt-in
// (config's [clock] ntp_server), since many networks block UDP 123.
var ErrNoNTPServer = errors.New("no NTP server is configured; set ntp_server under [clock] to compare with one")

// NTPResult is one NTP server's view of this clock.
type NTPResult struct {
	Server  string        `json:"server"`
	Offset  time.Duration `json:"offset"` // server − local, the same sign as Duo − local
	RTT     time.Duration `json:"rtt"`
	Stratum uint8         `json:"stratum"`
	At      time.Time     `json:"at"` // local time of the query
}

// QueryNTP asks server ("host" or "host:port", such as pool.ntp.org) for its
// time; an empty server gives ErrNoNTPServer without sending anything. It gives up at ctx's deadline or after timeout (default 3 s),
// whichever is first. A failure is an error with one sentence for the user;
// the clock pane shows it and carries on.
func QueryNTP(ctx context.Context, server string, timeout time.Duration) (NTPResult, error) {
	if server == "" {
		return NTPResult{}, ErrNoNTPServer
	}
	if timeout <= 0 {
		timeout = 3 * time.Second
	}
	if dl, ok := ctx.Deadline(); ok {
		timeout = min(timeout, time.Until(dl))
	}
	if err := ctx.Err(); err != nil {
		return NTPResult{}, err
	}
	at := time.Now()
	// ntp has no context; its timeout bounds the wait, and a cancelled ctx
	// returns at once while the query finishes in the background.
	type answer struct {
		r   *ntp.Response
		err error
	}
	ch := make(chan answer, 1)
	go func() {
		r, err := ntp.QueryWithOptions(server, ntp.QueryOptions{Timeout: timeout})
		if err == nil {
			err = r.Validate()
		}
		ch <- answer{r, err}
	}()
	var a answer
	select {
	case a = <-ch:
	case <-ctx.Done():
		return NTPResult{}, ctx.Err()
	}
	if a.err != nil {
		return NTPResult{}, ntpError(server, timeout, a.err)
	}
	return NTPResult{Server: server, Offset: a.r.ClockOffset, RTT: a.r.RTT, Stratum: a.r.Stratum, At: at}, nil
}

// NTPError is a failed NTP query; Error is one sentence, Err the cause.
type NTPError struct {
	Server string
	msg    string
	Err    error
}

// Error is the sentence for the user.
func (e *NTPError) Error() string { return e.msg }

// Unwrap exposes the cause to errors.Is/As.
func (e *NTPError) Unwrap() error { return e.Err }

func ntpError(server string, timeout time.Duration, err error) error {
	var ne net.Error
	var dns *net.DNSError
	var msg string
	switch {
	case errors.As(err, &dns):
		msg = fmt.Sprintf("The NTP server name %s could not be resolved; check DNS or configure another NTP server.", server)
	case errors.As(err, &ne) && ne.Timeout():
		msg = fmt.Sprintf("The NTP server %s did not answer within %v; check that outgoing UDP port 123 is allowed, or configure another NTP server.", server, timeout.Round(time.Millisecond))
	case errors.Is(err, ntp.ErrKissOfDeath):
		msg = fmt.Sprintf("The NTP server %s asked us to stop querying it (kiss of death); configure another NTP server.", server)
	default:
		msg = fmt.Sprintf("The NTP server %s gave no usable time (%v); configure another NTP server.", server, err)
	}
	return &NTPError{Server: server, msg: msg, Err: err}
}
