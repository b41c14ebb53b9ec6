package duo

import (
	"bytes"
	"net/url"
	"slices"
	"sync"
)

// Encode returns Duo's canonical parameter string: every key and value
// percent-encoded per RFC 3986 (only A-Za-z0-9 and "-._~" stay literal, hex
// in upper case, space as %20), one "k=v" per value, sorted by encoded key and
// then encoded value, joined with "&". It is both the signed line 5 and the
// exact bytes sent as query or form body, so the two can never drift apart.
func Encode(params url.Values) string {
	if len(params) == 0 {
		return ""
	}
	e := getEncoder()
	e.out = e.appendParams(e.out[:0], params)
	s := string(e.out)
	putEncoder(e)
	return s
}

// span locates one encoded pair inside encoder.scratch: key is
// scratch[start:mid], value is scratch[mid:end].
type span struct{ start, mid, end int32 }

// encoder holds reusable buffers so signing a request allocates nothing but
// its result.
type encoder struct {
	scratch []byte
	pairs   []span
	out     []byte
	names   []string // X-Duo header names, for the v5 header hash
}

var encoderPool = sync.Pool{New: func() any { return new(encoder) }}

func getEncoder() *encoder { return encoderPool.Get().(*encoder) }

// putEncoder drops oversized buffers so one huge request does not pin memory.
func putEncoder(e *encoder) {
	if cap(e.scratch) > 64<<10 || cap(e.out) > 64<<10 || cap(e.pairs) > 4096 {
		return
	}
	clear(e.names)
	e.names = e.names[:0]
	encoderPool.Put(e)
}

// appendParams appends the canonical form of params to dst.
func (e *encoder) appendParams(dst []byte, params url.Values) []byte {
	e.scratch = e.scratch[:0]
	e.pairs = e.pairs[:0]
	for k, vs := range params {
		for _, v := range vs {
			start := int32(len(e.scratch))
			e.scratch = appendEscaped(e.scratch, k)
			mid := int32(len(e.scratch))
			e.scratch = appendEscaped(e.scratch, v)
			e.pairs = append(e.pairs, span{start, mid, int32(len(e.scratch))})
		}
	}
	buf := e.scratch
	slices.SortFunc(e.pairs, func(a, b span) int {
		if c := bytes.Compare(buf[a.start:a.mid], buf[b.start:b.mid]); c != 0 {
			return c
		}
		return bytes.Compare(buf[a.mid:a.end], buf[b.mid:b.end])
	})
	for i, p := range e.pairs {
		if i > 0 {
			dst = append(dst, '&')
		}
		dst = append(dst, buf[p.start:p.mid]...)
		dst = append(dst, '=')
		dst = append(dst, buf[p.mid:p.end]...)
	}
	return dst
}

const upperHex = "0123456789ABCDEF"

// unreserved marks the bytes RFC 3986 leaves literal: A-Z a-z 0-9 - . _ ~
var unreserved = func() (t [256]bool) {
	for c := 'A'; c <= 'Z'; c++ {
		t[c], t[c+'a'-'A'] = true, true
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	t['-'], t['.'], t['_'], t['~'] = true, true, true, true
	return t
}()

// appendEscaped percent-encodes s byte by byte (UTF-8 bytes individually).
func appendEscaped(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if unreserved[c] {
			dst = append(dst, c)
			continue
		}
		dst = append(dst, '%', upperHex[c>>4], upperHex[c&15])
	}
	return dst
}
