package duotest

import (
	"crypto/sha512"
	"encoding/hex"
	"net/http"
	"net/url"
	"sort"
	"strings"
)

// This file re-implements Duo's canonical request forms independently of the
// duo package, so that the simulator cross-checks the client instead of
// agreeing with it by construction.

// encode is Duo's strict RFC 3986 encoding: only A-Z a-z 0-9 - . _ ~ stay,
// every other byte becomes %XX with upper-case hex.
func encode(s string) string {
	const hexdigits = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(s) + len(s)/2)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if unreserved(c) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hexdigits[c>>4])
		b.WriteByte(hexdigits[c&15])
	}
	return b.String()
}

func unreserved(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' ||
		c == '-' || c == '.' || c == '_' || c == '~'
}

type pair struct{ k, v string }

func encodedPairs(p url.Values) []pair {
	out := make([]pair, 0, len(p))
	for k, vs := range p {
		ek := encode(k)
		for _, v := range vs {
			out = append(out, pair{ek, encode(v)})
		}
	}
	return out
}

func joinPairs(ps []pair) string {
	var b strings.Builder
	for i, p := range ps {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(p.k)
		b.WriteByte('=')
		b.WriteString(p.v)
	}
	return b.String()
}

// canonParams sorts by encoded key, then encoded value (Duo's Python and Go
// clients).
func canonParams(p url.Values) string {
	ps := encodedPairs(p)
	sort.Slice(ps, func(i, j int) bool {
		if ps[i].k != ps[j].k {
			return ps[i].k < ps[j].k
		}
		return ps[i].v < ps[j].v
	})
	return joinPairs(ps)
}

// canonParamsWhole sorts whole "k=v" strings, as duo_unix's strcmp does. It
// differs from canonParams only when one key is a prefix of another and the
// next byte sorts before '='; the simulator accepts either order.
func canonParamsWhole(p url.Values) string {
	ps := encodedPairs(p)
	sort.Slice(ps, func(i, j int) bool { return ps[i].k+"="+ps[i].v < ps[j].k+"="+ps[j].v })
	return joinPairs(ps)
}

// canonV2 is the five-line canonical string of signature v2.
func canonV2(date, method, host, path, params string) string {
	return strings.Join([]string{date, strings.ToUpper(method), strings.ToLower(host), path, params}, "\n")
}

// canonV4 is v2 plus the SHA-512 of the body (v5 without the header line).
func canonV4(date, method, host, path, params string, body []byte) string {
	return canonV2(date, method, host, path, params) + "\n" + hashHex(body)
}

// canonV5 adds the hash of the X-Duo-* headers to v4.
func canonV5(date, method, host, path, params string, body []byte, xhdr string) string {
	return canonV4(date, method, host, path, params, body) + "\n" + hashHex([]byte(xhdr))
}

func hashHex(b []byte) string {
	h := sha512.Sum512(b)
	return hex.EncodeToString(h[:])
}

// xDuoHeaders returns the "name\0value\0…" string of the request's X-Duo-*
// headers, lower-cased and sorted. withDate says whether X-Duo-Date counts:
// clients disagree (it is the date, not an "additional" header), so the
// verifier tries both.
func xDuoHeaders(h http.Header, withDate bool) string {
	var names []string
	for k := range h {
		lk := strings.ToLower(k)
		if !strings.HasPrefix(lk, "x-duo-") || (!withDate && lk == "x-duo-date") {
			continue
		}
		names = append(names, k)
	}
	sort.Slice(names, func(i, j int) bool { return strings.ToLower(names[i]) < strings.ToLower(names[j]) })
	parts := make([]string, 0, 2*len(names))
	for _, k := range names {
		parts = append(parts, strings.ToLower(k), h.Get(k))
	}
	return strings.Join(parts, "\x00")
}
