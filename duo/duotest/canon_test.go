package duotest

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"hash"
	"net/http"
	"net/url"
	"testing"
)

// Vectors from duo-api.md §2, re-derived from Duo's own client tests.
const (
	vecIKey = "DIWJ8X6AEYOR5OMC6TQ1"
	vecSKey = "Zh5eGmUq9zpfQnyUIu5OL9iWoMMv5ZNmk3zLJ4Ep"
	vecDate = "Tue, 21 Aug 2012 17:29:18 -0000"
	vecHost = "api-XXXXXXXX.duosecurity.com"
	vecPath = "/accounts/v1/account/list"
)

func hmacHex(h func() hash.Hash, key, msg string) string {
	m := hmac.New(h, []byte(key))
	m.Write([]byte(msg))
	return hex.EncodeToString(m.Sum(nil))
}

func TestCanonicalVectors(t *testing.T) {
	params := url.Values{"realname": {"First Last"}, "username": {"root"}}
	v2 := canonV2(vecDate, "POST", vecHost, vecPath, canonParams(params))
	cases := []struct {
		name, got, want string
	}{
		{"v2 SHA1", hmacHex(sha1.New, vecSKey, v2), "2d97d6166319781b5a3a07af39d366f491234edc"},
		{"v2 SHA512", hmacHex(sha512.New, vecSKey, v2),
			"1bffb8924348f7db7da9e7d7d749ded93aafd02d8e904960da7b96c57510220185a64a2827ee8f24ac5d30802a9ee97e59de44b304b18242f0d596d15a8122af"},
		{"v2 header", "Basic " + base64.StdEncoding.EncodeToString([]byte(vecIKey+":"+hmacHex(sha1.New, vecSKey, v2))),
			"Basic RElXSjhYNkFFWU9SNU9NQzZUUTE6MmQ5N2Q2MTY2MzE5NzgxYjVhM2EwN2FmMzlkMzY2ZjQ5MTIzNGVkYw=="},
		{"v5", hmacHex(sha512.New, vecSKey, canonV5(vecDate, "POST", vecHost, vecPath, "realname=First%20Last",
			[]byte(`{"txid":"f22b1678-252a-4070-b176-0ca2be7319fd"}`), "")),
			"78f4327f831173cc78d0907e913e3c5a28fe72dd4545a342586bb67181f2ba393d20911e870362f6faba3dc6f7e9db5e93aed2f3bfc110c6dadaff4dc6179e0b"},
		{"no X-Duo headers", hashHex([]byte(xDuoHeaders(http.Header{}, true))),
			"cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e"},
		{"X-Duo header hash", hashHex([]byte(xDuoHeaders(http.Header{"X-Duo-Header-1": {"header_value_1"}}, false))),
			"630b4bfe7e9abd03da2eee8f0a5d4e60a254ec880a839bcc2223bb5b9443e8ef24d58f0254f1f5934bf8c017ebd0fd5b1acf86766bdbe74185e712a4092df3ed"},
		{"encoding punctuation", encode("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"),
			"%21%22%23%24%25%26%27%28%29%2A%2B%2C-.%2F%3A%3B%3C%3D%3E%3F%40%5B%5C%5D%5E_%60%7B%7C%7D~"},
		{"encoding whitespace", encode("\t\n\v\f\r "), "%09%0A%0B%0C%0D%20"},
		{"sort by key", canonParams(url.Values{"foo_bar": {"2"}, "foo": {"1"}}), "foo=1&foo_bar=2"},
		{"several values", canonParams(url.Values{"password": {"H-._~i", "A(!'*)"}, "username": {"H ell?o"}}),
			"password=A%28%21%27%2A%29&password=H-._~i&username=H%20ell%3Fo"},
		{"UTF-8", encode("ü"), "%C3%BC"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.got != c.want {
				t.Errorf("got  %s\nwant %s", c.got, c.want)
			}
		})
	}
}

func TestSignedHosts(t *testing.T) {
	cases := []struct {
		host string
		want []string
	}{
		{"127.0.0.1:4443", []string{"127.0.0.1:4443", "127.0.0.1"}},
		{"localhost:4443", []string{"localhost:4443", "localhost"}},
		{"[::1]:4443", []string{"[::1]:4443", "::1", "[::1]"}},
		{"api-xxxxxxxx.duosecurity.com:443", []string{"api-xxxxxxxx.duosecurity.com:443"}},
		{"api-xxxxxxxx.duosecurity.com", []string{"api-xxxxxxxx.duosecurity.com"}},
	}
	for _, c := range cases {
		t.Run(c.host, func(t *testing.T) {
			got := signedHosts(c.host)
			if len(got) != len(c.want) {
				t.Fatalf("got %q, want %q", got, c.want)
			}
			for i := range got {
				if got[i] != c.want[i] {
					t.Fatalf("got %q, want %q", got, c.want)
				}
			}
		})
	}
}
