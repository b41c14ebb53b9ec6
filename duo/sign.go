package duo

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"hash"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

// Request is what gets signed: the exact strings and bytes that go on the
// wire. Date is the Date (or X-Duo-Date) header verbatim; Params are the
// query or form parameters; Body is the raw JSON body (v5 only); Headers are
// extra headers, of which only X-Duo-* ones count (v5 only).
type Request struct {
	Method, Host, Path, Date string
	Params                   url.Values
	Body                     []byte
	Headers                  map[string]string
}

// Canonical returns the string that Sign feeds to the HMAC, lines joined by
// "\n" with no trailing newline: Date, METHOD, host in lower case, path,
// Encode(Params); v5 adds hex SHA-512 of Body and of the X-Duo headers.
// A v5 client puts POST parameters in Body and leaves Params empty, which is
// why line 5 is then "".
func Canonical(v SigVersion, r Request) string {
	e := getEncoder()
	e.out = e.appendCanonical(e.out[:0], v, r)
	s := string(e.out)
	putEncoder(e)
	return s
}

// Sign returns the Authorization header value for r:
// "Basic " + base64(ikey + ":" + lower-hex HMAC(skey, Canonical(v, r))).
// HMAC is SHA-1 for SigV2SHA1 and SHA-512 otherwise.
func Sign(v SigVersion, r Request, ikey string, skey Secret) string {
	e := getEncoder()
	e.out = e.appendCanonical(e.out[:0], v, r)

	m := getMAC(v == SigV2SHA1, string(skey))
	m.h.Write(e.out)
	sum := m.h.Sum(m.sum[:0])
	n := hex.Encode(m.hex[:], sum)

	// "ikey:hex" is assembled in the encoder's scratch buffer (its pairs are
	// done with), so the only allocation is the returned string.
	plain := append(e.scratch[:0], ikey...)
	plain = append(plain, ':')
	plain = append(plain, m.hex[:n]...)
	putMAC(m)

	var sb strings.Builder
	sb.Grow(len("Basic ") + base64.StdEncoding.EncodedLen(len(plain)))
	sb.WriteString("Basic ")
	// Encode through a stack buffer in 3-byte-aligned chunks: base64 straight
	// into the builder would need a second copy of the result.
	const chunk = 192
	var out [chunk / 3 * 4]byte
	for rest := plain; len(rest) > 0; {
		in := rest[:min(len(rest), chunk)]
		base64.StdEncoding.Encode(out[:], in)
		sb.Write(out[:base64.StdEncoding.EncodedLen(len(in))])
		rest = rest[len(in):]
	}
	e.scratch = plain[:0]
	putEncoder(e)
	return sb.String()
}

// appendCanonical appends the canonical lines for r to dst.
func (e *encoder) appendCanonical(dst []byte, v SigVersion, r Request) []byte {
	dst = append(dst, r.Date...)
	dst = append(dst, '\n')
	for i := 0; i < len(r.Method); i++ {
		c := r.Method[i]
		if 'a' <= c && c <= 'z' {
			c -= 'a' - 'A'
		}
		dst = append(dst, c)
	}
	dst = append(dst, '\n')
	for i := 0; i < len(r.Host); i++ {
		c := r.Host[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	dst = append(dst, '\n')
	dst = append(dst, r.Path...)
	dst = append(dst, '\n')
	dst = e.appendParams(dst, r.Params)
	if v != SigV5 {
		return dst
	}
	var hx [2 * sha512.Size]byte
	sum := sha512.Sum512(r.Body)
	hex.Encode(hx[:], sum[:])
	dst = append(dst, '\n')
	dst = append(dst, hx[:]...)
	sum = e.headerHash(r.Headers)
	hex.Encode(hx[:], sum[:])
	dst = append(dst, '\n')
	return append(dst, hx[:]...)
}

// headerHash is SHA-512 over the X-Duo-* headers, names lower-cased and
// sorted, as "name\x00value\x00name\x00value" (Duo's v5 line 7).
func (e *encoder) headerHash(h map[string]string) [sha512.Size]byte {
	if len(h) == 0 {
		return emptySHA512
	}
	e.names = e.names[:0]
	for k := range h {
		if len(k) >= 6 && strings.EqualFold(k[:6], "x-duo-") {
			e.names = append(e.names, k)
		}
	}
	if len(e.names) == 0 {
		return emptySHA512
	}
	slices.SortFunc(e.names, func(a, b string) int {
		return strings.Compare(strings.ToLower(a), strings.ToLower(b))
	})
	buf := e.scratch[:0]
	for i, k := range e.names {
		if i > 0 {
			buf = append(buf, 0)
		}
		for j := 0; j < len(k); j++ {
			c := k[j]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			buf = append(buf, c)
		}
		buf = append(buf, 0)
		buf = append(buf, h[k]...)
	}
	e.scratch = buf[:0]
	return sha512.Sum512(buf)
}

var emptySHA512 = sha512.Sum512(nil)

// pooledMAC is an HMAC keyed with one secret plus buffers for its output.
type pooledMAC struct {
	key  macKey
	h    hash.Hash
	sum  [sha512.Size]byte
	hex  [2 * sha512.Size]byte
	pool *sync.Pool
}

type macKey struct {
	sha1 bool
	key  string
}

// macPools caches keyed HMACs per secret: hmac.New hashes the key and
// allocates two digests every time, which dominates the cost of signing.
// A process holds a handful of keys (profiles, Admin API); past maxMACPools
// distinct keys we stop caching rather than grow without bound.
var (
	macPools    sync.Map // macKey -> *sync.Pool
	macPoolSize atomic.Int32
)

const maxMACPools = 64

func getMAC(useSHA1 bool, key string) *pooledMAC {
	k := macKey{useSHA1, key}
	if p, ok := macPools.Load(k); ok {
		return p.(*sync.Pool).Get().(*pooledMAC)
	}
	if macPoolSize.Load() >= maxMACPools {
		return newMAC(k, nil)
	}
	p := &sync.Pool{}
	p.New = func() any { return newMAC(k, p) }
	if actual, loaded := macPools.LoadOrStore(k, p); loaded {
		p = actual.(*sync.Pool)
	} else {
		macPoolSize.Add(1)
	}
	return p.Get().(*pooledMAC)
}

func newMAC(k macKey, p *sync.Pool) *pooledMAC {
	fn := sha512.New
	if k.sha1 {
		fn = sha1.New
	}
	return &pooledMAC{key: k, h: hmac.New(fn, []byte(k.key)), pool: p}
}

func putMAC(m *pooledMAC) {
	m.h.Reset()
	if m.pool != nil {
		m.pool.Put(m)
	}
}
