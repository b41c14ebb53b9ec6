package duo_test

import (
	"net/url"
	"testing"

	"duotui/duo"
)

const (
	benchIKey = "DIWJ8X6AEYOR5OMC6TQ1"
	benchSKey = "Zh5eGmUq9zpfQnyUIu5OL9iWoMMv5ZNmk3zLJ4Ep"
	benchHost = "api-XXXXXXXX.duosecurity.com"
	benchDate = "Tue, 21 Aug 2012 17:29:18 +0000"
)

// benchParams is a typical push: what Auth sends for an async push.
func benchParams() url.Values {
	return url.Values{
		"factor":   {"push"},
		"username": {"alice"},
		"device":   {"auto"},
		"async":    {"1"},
		"ipaddr":   {"192.0.2.10"},
		"type":     {"Login"},
		"pushinfo": {"Server+IP=192.0.2.1&Command=sudo+systemctl+restart+nginx"},
	}
}

const benchBody = `{"async":"1","device":"auto","factor":"push","ipaddr":"192.0.2.10","pushinfo":"Server+IP=192.0.2.1\u0026Command=sudo+systemctl+restart+nginx","type":"Login","username":"alice"}`

// BenchmarkSign times signing one request, ours against the official
// duo_api_golang signer. The official sign/signV5 are unexported, so
// impl=official runs a verbatim copy of them (bench_official_test.go, proven
// identical to SignedCall by TestOfficialCopyIsFaithful). Timing the signer
// alone, rather than SignedCall over a fake transport, keeps HTTP request
// construction (which differs between the clients) out of the comparison.
func BenchmarkSign(b *testing.B) {
	params := benchParams()
	b.Run("req=v2/impl=duotui", func(b *testing.B) {
		req := duo.Request{Method: "POST", Host: benchHost, Path: "/auth/v2/auth", Date: benchDate, Params: params}
		b.ReportAllocs()
		for b.Loop() {
			duo.Sign(duo.SigV2, req, benchIKey, benchSKey)
		}
	})
	b.Run("req=v2/impl=official", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			officialSign(benchIKey, benchSKey, "POST", benchHost, "/auth/v2/auth", benchDate, params)
		}
	})
	b.Run("req=v5/impl=duotui", func(b *testing.B) {
		req := duo.Request{Method: "POST", Host: benchHost, Path: "/auth/v2/auth", Date: benchDate, Body: []byte(benchBody)}
		b.ReportAllocs()
		for b.Loop() {
			duo.Sign(duo.SigV5, req, benchIKey, benchSKey)
		}
	})
	b.Run("req=v5/impl=official", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			officialSignV5(benchIKey, benchSKey, "POST", benchHost, "/auth/v2/auth", benchDate, url.Values{}, benchBody)
		}
	})
}
