package duo_test

import (
	"bytes"
	"context"
	"net/http"
	"net/url"

	"sync/atomic"
	"testing"
	"time"

	duoapi "github.com/duosecurity/duo_api_golang"

	"duotui/duo"
)

// script answers the n-th request (from 0) with steps[n], repeating the last.
func script(steps ...handler) handler {
	var n atomic.Int32
	return func(w http.ResponseWriter, r *http.Request, body []byte) {
		i := int(n.Add(1)) - 1
		steps[min(i, len(steps)-1)](w, r, body)
	}
}

var (
	tooMany = failWith(42901, "Too Many Requests", "")
	okTime  = func(w http.ResponseWriter, _ *http.Request, _ []byte) { ok(w, map[string]any{"time": 1}) }
	okAuth  = func(w http.ResponseWriter, _ *http.Request, _ []byte) {
		ok(w, map[string]any{"result": "allow", "status": "allow", "status_msg": "Success. Logging you in..."})
	}
	unavailable = status(503, "text/plain", "down")
)

func exactJitter(c *duo.Client) *duo.Client {
	duo.SetJitter(c, func(d time.Duration) time.Duration { return d })
	return c
}

func secs(ns ...int) []time.Duration {
	out := make([]time.Duration, len(ns))
	for i, n := range ns {
		out[i] = time.Duration(n) * time.Second
	}
	return out
}

func equalWaits(t *testing.T, got, want []time.Duration) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("waits = %v, want %v", got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("waits = %v, want %v", got, want)
		}
	}
}

func TestRateLimitBacksOffTo32s(t *testing.T) {
	f := newFake(t, tooMany)
	c := exactJitter(f.client(t))
	_, err := c.Check(context.Background())
	if duo.KindOf(err) != duo.KindRateLimited {
		t.Fatalf("err = %v", err)
	}
	equalWaits(t, f.waits(), secs(1, 2, 4, 8, 16, 32))
	if n := len(f.requests()); n != 7 {
		t.Errorf("%d attempts, want 7", n)
	}
}

func TestRateLimitFullJitter(t *testing.T) {
	f := newFake(t, tooMany)
	c := f.client(t)
	c.Check(context.Background())
	waits := f.waits()
	if len(waits) != 6 {
		t.Fatalf("waits = %v", waits)
	}
	for i, w := range waits {
		if limit := time.Second << i; w < 0 || w >= limit {
			t.Errorf("wait %d = %v, want in [0, %v)", i, w, limit)
		}
	}
}

func TestRateLimitHonoursRetryAfter(t *testing.T) {
	serverNow := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, tc := range []struct {
		name, header, value string
		want                time.Duration
	}{
		{"Retry-After seconds", "Retry-After", "3", 3 * time.Second},
		{"X-Retry-After seconds", "X-Retry-After", "5", 5 * time.Second},
		{"Retry-After date against Duo's Date", "Retry-After", serverNow.Add(7 * time.Second).Format(http.TimeFormat), 7 * time.Second},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake(t, script(func(w http.ResponseWriter, r *http.Request, b []byte) {
				w.Header().Set(tc.header, tc.value)
				w.Header().Set("Date", serverNow.Format(http.TimeFormat))
				tooMany(w, r, b)
			}, okTime))
			// The local clock is an hour off: the wait must not change.
			c := f.client(t, func(c *duo.Config) { c.Now = func() time.Time { return serverNow.Add(time.Hour) } })
			if _, err := c.Check(context.Background()); err != nil {
				t.Fatal(err)
			}
			equalWaits(t, f.waits(), []time.Duration{tc.want})
		})
	}
}

func TestRetryDeadlineBoundsWaiting(t *testing.T) {
	f := newFake(t, tooMany)
	c := exactJitter(f.client(t, func(c *duo.Config) { c.RetryDeadline = 10 * time.Second }))
	_, err := c.Check(context.Background())
	if duo.KindOf(err) != duo.KindRateLimited {
		t.Fatalf("err = %v", err)
	}
	equalWaits(t, f.waits(), secs(1, 2, 4)) // 1+2+4 = 7 s; 8 more would pass 10 s
}

func TestCancelDuringBackoff(t *testing.T) {
	f := newFake(t, tooMany)
	ctx, cancel := context.WithCancel(context.Background())
	c := f.client(t, func(c *duo.Config) {
		c.Sleep = func(ctx context.Context, d time.Duration) error { cancel(); return ctx.Err() }
	})
	_, err := c.Check(ctx)
	assertExplained(t, err, duo.KindCanceled, "The request to "+f.host()+" was canceled before Duo answered: retry when you are ready.")
	if n := len(f.requests()); n != 1 {
		t.Errorf("%d attempts after cancel, want 1", n)
	}
}

func TestServerErrorsRetriedOnlyForGET(t *testing.T) {
	ctx := context.Background()
	t.Run("GET recovers", func(t *testing.T) {
		f := newFake(t, script(unavailable, unavailable, okTime))
		if _, err := exactJitter(f.client(t)).Check(ctx); err != nil {
			t.Fatal(err)
		}
		equalWaits(t, f.waits(), secs(1, 2))
	})
	t.Run("GET gives up after two retries", func(t *testing.T) {
		f := newFake(t, unavailable)
		if _, err := f.client(t).Check(ctx); duo.KindOf(err) != duo.KindServer {
			t.Fatal(err)
		}
		if n := len(f.requests()); n != 3 {
			t.Errorf("%d attempts, want 3", n)
		}
	})
	for name, call := range map[string]func(*duo.Client) error{
		"preauth POST": func(c *duo.Client) error { _, err := c.Preauth(ctx, duo.PreauthRequest{Username: "a"}); return err },
		"push": func(c *duo.Client) error {
			_, err := c.Auth(ctx, duo.AuthRequest{Username: "a", Factor: duo.FactorPush})
			return err
		},
		"enroll": func(c *duo.Client) error { _, err := c.Enroll(ctx, duo.EnrollRequest{}); return err },
	} {
		t.Run(name+" is not repeated", func(t *testing.T) {
			f := newFake(t, unavailable)
			if err := call(f.client(t)); duo.KindOf(err) != duo.KindServer {
				t.Fatal(err)
			}
			if n := len(f.requests()); n != 1 {
				t.Errorf("%d attempts, want 1", n)
			}
		})
	}
}

// TestPushNeverRepeatedAfterReachingDuo: the connection drops after Duo has
// read the whole request, so a push may be on its way; no retry.
func TestPushNeverRepeatedAfterReachingDuo(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, _ *http.Request, _ []byte) { hangUp(w, true) })
	for _, factor := range []duo.Factor{duo.FactorPush, duo.FactorSMS, duo.FactorPhone} {
		_, err := f.client(t).Auth(context.Background(), duo.AuthRequest{Username: "alice", Factor: factor})
		if duo.KindOf(err) != duo.KindReset {
			t.Fatalf("%s: err = %v", factor, err)
		}
	}
	if n := len(f.requests()); n != 3 {
		t.Errorf("%d requests for 3 calls: a push, SMS or call was repeated", n)
	}
}

// TestRetriedPostResendsSignedBody: after a 429 the push is sent again with
// its full body, re-signed under a fresh Date.
func TestRetriedPostResendsSignedBody(t *testing.T) {
	for _, v := range []duo.SigVersion{duo.SigV5, duo.SigV2} {
		f := newFake(t, script(tooMany, okAuth))
		var tick atomic.Int64
		c := f.client(t, func(c *duo.Config) {
			c.SigVersion = v
			c.Now = func() time.Time { return fixedNow.Add(time.Duration(tick.Add(1)) * time.Second) }
		})
		res, err := c.Auth(context.Background(), duo.AuthRequest{Username: "alice", Factor: duo.FactorPush})
		if err != nil || res.Result != duo.ResultAllow {
			t.Fatalf("v%d: %v %v", v, res, err)
		}
		reqs := f.requests()
		if len(reqs) != 2 {
			t.Fatalf("%d requests, want 2", len(reqs))
		}
		if len(reqs[1].Body) == 0 || !bytes.Equal(reqs[0].Body, reqs[1].Body) {
			t.Errorf("retry body %q, first body %q", reqs[1].Body, reqs[0].Body)
		}
		if reqs[0].Header.Get("Date") == reqs[1].Header.Get("Date") {
			t.Error("retry reused the first Date")
		}
		for _, s := range reqs {
			if err := verify(s, v); err != nil {
				t.Error(err)
			}
		}
	}
}

// TestOfficialClientDropsBodyOnRetry documents why duotui does not reuse
// Duo's Go client for pushes: on a 429 retry it sends the POST again with
// the body it already consumed, i.e. empty, under the old signature. It
// sleeps 1-2 s (its sleep is not injectable), so it runs in parallel.
func TestOfficialClientDropsBodyOnRetry(t *testing.T) {
	t.Parallel()
	f := newFake(t, script(tooMany, okAuth))
	api := duoapi.NewDuoApi(testIKey, testSKey, f.host(), "cross-check")
	api.SetCustomHTTPClient(f.srv.Client())
	if _, _, err := api.SignedCall("POST", "/auth/v2/auth", url.Values{"username": {"alice"}, "factor": {"push"}, "device": {"auto"}}); err != nil {
		t.Fatal(err)
	}
	reqs := f.requests()
	if len(reqs) != 2 {
		t.Fatalf("%d requests, want 2", len(reqs))
	}
	if len(reqs[0].Body) == 0 || len(reqs[1].Body) != 0 {
		t.Errorf("official client: first body %q, retry body %q (expected the retry to be empty)", reqs[0].Body, reqs[1].Body)
	}
}
