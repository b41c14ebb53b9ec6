package duo_test

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"duotui/duo"
)

func TestProbeClockBracketsDuosSecond(t *testing.T) {
	var (
		mu      sync.Mutex
		handled []time.Time
	)
	offset := 90 * time.Second
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, _ []byte) {
		now := time.Now()
		mu.Lock()
		handled = append(handled, now)
		mu.Unlock()
		ok(w, map[string]any{"time": now.Add(offset).Unix()})
	})
	c := f.client(t)
	for i := range 3 { // the first probe dials; later ones reuse the connection
		s, err := c.ProbeClock(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		mu.Lock()
		at := handled[i]
		mu.Unlock()
		if s.Sent.After(at) || s.Received.Before(at) {
			t.Errorf("probe %d: sent %v, received %v do not bracket the server's %v", i, s.Sent, s.Received, at)
		}
		if s.Server.Nanosecond() != 0 || s.Server.Unix() != at.Add(offset).Unix() {
			t.Errorf("probe %d: server time %v", i, s.Server)
		}
		// Both local instants carry a monotonic reading ("m=±…" in String).
		if !strings.Contains(s.Sent.String(), "m=") || !strings.Contains(s.Received.String(), "m=") {
			t.Errorf("probe %d: no monotonic reading in %v / %v", i, s.Sent, s.Received)
		}
		// The offset bound [S - t1, S + 1 s - t0] holds the true offset.
		lo, hi := s.Server.Sub(s.Received), s.Server.Add(time.Second).Sub(s.Sent)
		if offset < lo || offset > hi {
			t.Errorf("probe %d: offset %v outside [%v, %v]", i, offset, lo, hi)
		}
	}
	for _, s := range f.requests() {
		if s.Path != "/auth/v2/ping" || s.Header.Get("Authorization") != "" {
			t.Errorf("probe used %s signed=%v", s.Path, s.Header.Get("Authorization") != "")
		}
	}
}

func TestProbeClockIsNotRetried(t *testing.T) {
	f := newFake(t, status(503, "text/plain", "down"))
	if _, err := f.client(t).ProbeClock(context.Background()); duo.KindOf(err) != duo.KindServer {
		t.Fatalf("err = %v", err)
	}
	if n := len(f.requests()); n != 1 {
		t.Errorf("%d attempts, want 1", n)
	}
}
