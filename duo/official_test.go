package duo_test

import (
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	duoapi "github.com/duosecurity/duo_api_golang"

	"duotui/duo"
)

// captureRT is an in-memory http.RoundTripper: it records the request the
// official client built and answers 200 without any network.
type captureRT struct {
	mu   sync.Mutex
	req  *http.Request
	body []byte
}

func (c *captureRT) RoundTrip(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		body, _ = io.ReadAll(req.Body)
		req.Body.Close()
	}
	c.mu.Lock()
	c.req, c.body = req, body
	c.mu.Unlock()
	return &http.Response{
		StatusCode: 200, Status: "200 OK", Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header:  http.Header{"Content-Type": {"application/json"}},
		Body:    io.NopCloser(strings.NewReader(`{"stat":"OK","response":{}}`)),
		Request: req,
	}, nil
}

func officialClient(ikey, skey, host string) (*duoapi.DuoApi, *captureRT) {
	rt := &captureRT{}
	api := duoapi.NewDuoApi(ikey, skey, host, "cross-check")
	api.SetCustomHTTPClient(&http.Client{Transport: rt})
	return api, rt
}

// genCase is one generated request for the cross-check.
type genCase struct {
	ikey, skey, host, method, path string
	params                         url.Values
}

// Pieces the generator draws from: reserved and unreserved ASCII, space and
// control characters, multi-byte UTF-8 and an emoji, and the empty string.
var valuePieces = []string{
	"", "root", "First Last", "a b c", "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~",
	"\t\n\x0b\x0c\r ", "é", "ünïcödé", "⠕ꪣ㟏", "😀", "H ell?o", "A(!'*)", "x=y&z=w",
	"+plus+", "100%", "ascii-._~", "pushinfo=Server+IP%3D1", "日本語",
}

// genCases builds n requests deterministically. Keys within a request start
// with distinct lower-case letters, and repeated values with distinct
// letters, so Duo's sort (by encoded key, then value; duo-api.md §2) and the
// Go client's sort (by raw key, then raw value) agree; where they differ is
// shown separately in TestOfficialGoSortsRawStrings.
func genCases(n int, seed uint64, repeated bool) []genCase {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	hosts := []string{"api-xxxxxxxx.duosecurity.com", "API-AbCd1234.DuoSecurity.COM", "api-12345678.duofederal.com", "127.0.0.1:8443"}
	paths := []string{"/auth/v2/preauth", "/auth/v2/auth", "/admin/v1/users", "/auth/v2/check", "/Foo/BaR2/qux"}
	pick := func(s []string) string { return s[r.IntN(len(s))] }
	out := make([]genCase, n)
	for i := range out {
		c := genCase{
			ikey:   "DI" + strings.ToUpper(randString(r, 18, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")),
			skey:   randString(r, 40, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"),
			host:   pick(hosts),
			method: []string{"GET", "POST"}[i%2],
			path:   pick(paths),
			params: url.Values{},
		}
		letters := r.Perm(26)
		nkeys := i % 7 // 0..6 keys, so some requests have none
		for k := range nkeys {
			key := string(rune('a'+letters[k])) + pick([]string{"", "name", "_id", "-x", ".y", "~z", " sp", "é", "/slash", "%", "日本"})
			if repeated && r.IntN(3) == 0 {
				vl := r.Perm(26)
				for j := range 2 + r.IntN(2) {
					c.params.Add(key, string(rune('A'+vl[j]))+pick(valuePieces))
				}
				continue
			}
			c.params.Set(key, pick(valuePieces))
		}
		out[i] = c
	}
	return out
}

func randString(r *rand.Rand, n int, alphabet string) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[r.IntN(len(alphabet))]
	}
	return string(b)
}

// coverage makes sure the generated set really exercises what it claims.
func coverage(t *testing.T, cases []genCase, wantRepeated bool) {
	t.Helper()
	var get, post, none, empty, uni, reserved, rep bool
	for _, c := range cases {
		get = get || c.method == "GET"
		post = post || c.method == "POST"
		none = none || len(c.params) == 0
		for _, vs := range c.params {
			rep = rep || len(vs) > 1
			for _, v := range vs {
				empty = empty || v == ""
				uni = uni || strings.ContainsAny(v, "é😀日")
				reserved = reserved || strings.ContainsAny(v, "!*'();:@&=+$,/?#[]% ")
			}
		}
	}
	if !get || !post || !none || !empty || !uni || !reserved || rep != wantRepeated {
		t.Fatalf("generated cases miss something: get=%v post=%v none=%v empty=%v unicode=%v reserved=%v repeated=%v",
			get, post, none, empty, uni, reserved, rep)
	}
}

// TestSignMatchesOfficialV2 signs 25 generated requests with the official
// client's SignedCall (HMAC-SHA512, form/query) and with ours, using the
// Date the official client put on its request, and compares the
// Authorization headers byte for byte. The canonical strings are compared
// against a faithful copy of the official canonicalize (bench_official_test.go).
func TestSignMatchesOfficialV2(t *testing.T) {
	cases := genCases(25, 2, true)
	coverage(t, cases, true)
	for i, c := range cases {
		api, rt := officialClient(c.ikey, c.skey, c.host)
		params := cloneValues(c.params) // the official client sorts values in place
		if _, _, err := api.SignedCall(c.method, c.path, params); err != nil {
			t.Fatalf("case %d: official: %v", i, err)
		}
		date := rt.req.Header.Get("Date")
		req := duo.Request{Method: c.method, Host: c.host, Path: c.path, Date: date, Params: c.params}
		got := duo.Sign(duo.SigV2, req, c.ikey, duo.Secret(c.skey))
		if want := rt.req.Header.Get("Authorization"); got != want {
			t.Errorf("case %d %s %s %v:\n ours     %s\n official %s", i, c.method, c.path, c.params, got, want)
		}
		if got, want := duo.Canonical(duo.SigV2, req), officialCanonicalize(c.method, c.host, c.path, cloneValues(c.params), date); got != want {
			t.Errorf("case %d canonical:\n ours     %q\n official %q", i, got, want)
		}
	}
}

// TestSignMatchesOfficialV5 does the same for JSONSignedCall (v5: JSON body
// for POST, query for GET, body and X-Duo header hashes), comparing the
// canonical strings against the copied official canonicalizeV5.
func TestSignMatchesOfficialV5(t *testing.T) {
	cases := genCases(25, 5, false)
	coverage(t, cases, false)
	for i, c := range cases {
		api, rt := officialClient(c.ikey, c.skey, c.host)
		jp := duoapi.JSONParams{}
		for k, vs := range c.params {
			jp[k] = vs[0]
		}
		if _, _, err := api.JSONSignedCall(c.method, c.path, jp); err != nil {
			t.Fatalf("case %d: official: %v", i, err)
		}
		req := duo.Request{Method: c.method, Host: c.host, Path: c.path, Date: rt.req.Header.Get("Date")}
		if c.method == "POST" {
			req.Body = rt.body
		} else {
			req.Params = c.params
		}
		got := duo.Sign(duo.SigV5, req, c.ikey, duo.Secret(c.skey))
		if want := rt.req.Header.Get("Authorization"); got != want {
			t.Errorf("case %d %s %s %v:\n ours     %s\n official %s", i, c.method, c.path, c.params, got, want)
		}
		wantCanon := officialCanonicalizeV5(c.method, c.host, c.path, cloneValues(req.Params), string(req.Body), req.Date)
		if got := duo.Canonical(duo.SigV5, req); got != wantCanon {
			t.Errorf("case %d canonical:\n ours     %q\n official %q", i, got, wantCanon)
		}
	}
}

// TestOfficialGoSortsRawStrings records where the official Go client and
// Duo's documented rule differ: Go sorts raw keys, Python (and duotui, and
// the simulator) sort encoded ones. "~" (0x7E) sorts after "é" encoded
// ("%C3%A9") but before it raw.
func TestOfficialGoSortsRawStrings(t *testing.T) {
	p := url.Values{"k~": {"1"}, "ké": {"2"}}
	ours := duo.Encode(p)
	if want := "k%C3%A9=2&k~=1"; ours != want {
		t.Errorf("Encode = %s, want %s (sorted by encoded key)", ours, want)
	}
	if theirs := strings.Split(officialCanonicalize("GET", "h", "/", p, "d"), "\n")[4]; theirs != "k~=1&k%C3%A9=2" {
		t.Errorf("official order changed: %s", theirs)
	}
}

func cloneValues(v url.Values) url.Values {
	out := make(url.Values, len(v))
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

// TestOfficialCopyIsFaithful shows the benchmark's copied official signer
// produces the same header as the real SignedCall / JSONSignedCall.
func TestOfficialCopyIsFaithful(t *testing.T) {
	for i, c := range genCases(10, 7, true) {
		api, rt := officialClient(c.ikey, c.skey, c.host)
		if _, _, err := api.SignedCall(c.method, c.path, cloneValues(c.params)); err != nil {
			t.Fatal(err)
		}
		date := rt.req.Header.Get("Date")
		if got, want := officialSign(c.ikey, c.skey, c.method, c.host, c.path, date, cloneValues(c.params)), rt.req.Header.Get("Authorization"); got != want {
			t.Errorf("case %d: copied sign differs from SignedCall", i)
		}
	}
	api, rt := officialClient(benchIKey, benchSKey, benchHost)
	jp := duoapi.JSONParams{}
	for k, vs := range benchParams() {
		jp[k] = vs[0]
	}
	if _, _, err := api.JSONSignedCall("POST", "/auth/v2/auth", jp); err != nil {
		t.Fatal(err)
	}
	if string(rt.body) != benchBody {
		t.Errorf("benchmark body differs from what JSONSignedCall sends:\n%s", rt.body)
	}
	date := rt.req.Header.Get("Date")
	if got, want := officialSignV5(benchIKey, benchSKey, "POST", benchHost, "/auth/v2/auth", date, url.Values{}, string(rt.body)), rt.req.Header.Get("Authorization"); got != want {
		t.Errorf("copied signV5 differs from JSONSignedCall")
	}
}
