package duo

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// maxTraceBody keeps a trace readable: a 300-user page is large.
const maxTraceBody = 4 << 10

// traceRequest writes the request line, headers and body. The Authorization
// value is replaced: it is a bearer credential for the life of the Date, and
// a trace is exactly what gets pasted into a support ticket.
func (c *Client) traceRequest(req *http.Request, body []byte) {
	if c.trace == nil {
		return
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "> %s %s\n", req.Method, req.URL.Redacted())
	writeHeaders(&b, "> ", req.Header)
	if len(body) > 0 {
		b.WriteString("> \n")
		writeBody(&b, "> ", redactBody(body, req.Header.Get("Content-Type")))
	}
	c.emit(b.Bytes())
}

func (c *Client) traceResponse(resp *http.Response, body []byte, took time.Duration) {
	if c.trace == nil {
		return
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "< %s %s (%s)\n", resp.Proto, resp.Status, took.Round(time.Millisecond))
	writeHeaders(&b, "< ", resp.Header)
	if len(body) > 0 {
		b.WriteString("< \n")
		if ct := resp.Header.Get("Content-Type"); strings.HasPrefix(ct, "image/") || !utf8.Valid(body) {
			fmt.Fprintf(&b, "< [%d bytes of %s]\n", len(body), ct)
		} else {
			writeBody(&b, "< ", body)
		}
	}
	c.emit(b.Bytes())
}

func (c *Client) traceError(err *Error, took time.Duration) {
	if c.trace == nil {
		return
	}
	c.emit(fmt.Appendf(nil, "< error after %s: %s\n", took.Round(time.Millisecond), err.Error()))
}

// emit writes one whole exchange part at a time so concurrent calls do not
// interleave mid-line.
func (c *Client) emit(p []byte) {
	c.traceMu.Lock()
	defer c.traceMu.Unlock()
	c.trace.Write(p)
}

func writeHeaders(b *bytes.Buffer, prefix string, h http.Header) {
	names := make([]string, 0, len(h))
	for k := range h {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		for _, v := range h[k] {
			if strings.EqualFold(k, "Authorization") || strings.EqualFold(k, "Proxy-Authorization") {
				v = redactAuth(v)
			}
			fmt.Fprintf(b, "%s%s: %s\n", prefix, k, v)
		}
	}
}

// redactAuth keeps the scheme so a trace still shows which kind was sent.
func redactAuth(v string) string {
	if scheme, _, ok := strings.Cut(v, " "); ok {
		return scheme + " " + redacted
	}
	return redacted
}

// traceSecrets are body fields a trace never shows: the Web SDK
// client_assertion (a JWT signed with the client secret that Duo accepts for
// five minutes) and a user's passcode.
var traceSecrets = []string{"client_assertion", "passcode"}

// redactBody hides traceSecrets in a form or JSON body.
func redactBody(body []byte, contentType string) []byte {
	found := false
	for _, k := range traceSecrets {
		found = found || bytes.Contains(body, []byte(k))
	}
	if !found {
		return body
	}
	switch {
	case strings.HasPrefix(contentType, "application/x-www-form-urlencoded"):
		vals, err := url.ParseQuery(string(body))
		if err != nil {
			return []byte(redacted)
		}
		for _, k := range traceSecrets {
			if vals.Has(k) {
				vals.Set(k, redacted)
			}
		}
		return []byte(vals.Encode())
	case strings.HasPrefix(contentType, "application/json"):
		var m map[string]any
		if json.Unmarshal(body, &m) != nil {
			return []byte(redacted)
		}
		for _, k := range traceSecrets {
			if _, ok := m[k]; ok {
				m[k] = redacted
			}
		}
		out, err := json.Marshal(m)
		if err != nil {
			return []byte(redacted)
		}
		return out
	}
	return []byte(redacted)
}

func writeBody(b *bytes.Buffer, prefix string, body []byte) {
	cut := len(body) > maxTraceBody
	if cut {
		body = body[:maxTraceBody]
	}
	for line := range bytes.Lines(body) {
		b.WriteString(prefix)
		b.Write(bytes.TrimRight(line, "\n"))
		b.WriteByte('\n')
	}
	if cut {
		fmt.Fprintf(b, "%s[… cut at %d bytes]\n", prefix, maxTraceBody)
	}
}
