package duo_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	duoapi "github.com/duosecurity/duo_api_golang"
	"github.com/duosecurity/duo_api_golang/authapi"

	"duotui/duo"
	"duotui/duo/duotest"
)

// BenchmarkRoundTrip times a signed GET /auth/v2/check on loopback TLS with
// keep-alive, ours against the official client's authapi.Check, both over
// the same server and the same http.Client.
func BenchmarkRoundTrip(b *testing.B) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"stat":"OK","response":{"time":1357020061}}`))
	}))
	defer srv.Close()
	host := strings.TrimPrefix(srv.URL, "https://")
	b.Run("impl=duotui", func(b *testing.B) {
		c, _ := duo.NewClient(duo.Config{Host: host, IKey: benchIKey, SKey: benchSKey, SigVersion: duo.SigV2, HTTPClient: srv.Client()})
		b.ReportAllocs()
		for b.Loop() {
			if _, err := c.Check(context.Background()); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("impl=official", func(b *testing.B) {
		api := duoapi.NewDuoApi(benchIKey, benchSKey, host, "bench")
		api.SetCustomHTTPClient(srv.Client())
		auth := authapi.NewAuthApi(*api)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := auth.Check(); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkUsers100k loads 100 000 users through the Users iterator from
// pre-rendered pages, the design's "≤ 3 s on loopback" budget minus the
// simulator's own cost.
func BenchmarkUsers100k(b *testing.B) {
	const total = 100_000
	pages := map[int][]byte{}
	for off := 0; off < total; off += duo.MaxUsersPage {
		end := min(off+duo.MaxUsersPage, total)
		list := make([]any, 0, end-off)
		for i := off; i < end; i++ {
			list = append(list, wireUser(i))
		}
		md := map[string]any{"total_objects": total}
		if end < total {
			md["next_offset"] = end
		}
		pages[off], _ = json.Marshal(map[string]any{"stat": "OK", "response": list, "metadata": md})
	}
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		off, _ := strconv.Atoi(r.URL.Query().Get("offset"))
		w.Header().Set("Content-Type", "application/json")
		w.Write(pages[off])
	}))
	defer srv.Close()
	c, _ := duo.NewClient(duo.Config{Host: strings.TrimPrefix(srv.URL, "https://"), IKey: benchIKey, SKey: benchSKey, HTTPClient: srv.Client()})
	var size int
	for _, p := range pages {
		size += len(p)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		for _, err := range c.Users(context.Background(), nil) {
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n != total {
			b.Fatal(fmt.Sprint(n, " users"))
		}
	}
}

// BenchmarkRoundTripSimulator is the same comparison against the Duo
// simulator, which verifies every signature and Date as Duo does: a signed
// GET /auth/v2/check per op over one keep-alive connection pool, reported
// also as round trips per second.
func BenchmarkRoundTripSimulator(b *testing.B) {
	srv := duotest.NewServer(b)
	hc := srv.HTTPClient()
	report := func(b *testing.B) {
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "trips/s")
	}
	for _, v := range []struct {
		name string
		sig  duo.SigVersion
	}{{"impl=duotui-v2", duo.SigV2}, {"impl=duotui-v5", duo.SigV5}} {
		b.Run(v.name, func(b *testing.B) {
			c, _ := duo.NewClient(duo.Config{Host: srv.Host, IKey: srv.IKey, SKey: duo.Secret(srv.SKey), SigVersion: v.sig, HTTPClient: hc})
			b.ReportAllocs()
			for b.Loop() {
				if _, err := c.Check(context.Background()); err != nil {
					b.Fatal(err)
				}
			}
			report(b)
		})
	}
	b.Run("impl=official", func(b *testing.B) {
		api := duoapi.NewDuoApi(srv.IKey, srv.SKey, srv.Host, "bench")
		api.SetCustomHTTPClient(hc)
		auth := authapi.NewAuthApi(*api)
		b.ReportAllocs()
		for b.Loop() {
			if r, err := auth.Check(); err != nil || r.Stat != "OK" {
				b.Fatal(err, r)
			}
		}
		report(b)
	})
}
