package duo

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// call describes one API operation; do turns it into signed attempts.
type call struct {
	method, path string
	params       url.Values
	unsigned     bool
	// form forces a form-encoded body even on a v5 client (the Web SDK
	// health check is an OAuth endpoint, not a signed API call).
	form bool
	// idempotent calls (GET) may be retried after a 5xx or a failed
	// connection; others only after a 429, which Duo refused outright.
	idempotent bool
	// longPoll gives the attempt extra time: Duo holds it until the user acts.
	longPoll bool
	// accept is the media type wanted on success ("" for JSON).
	accept string
}

// reply is a complete HTTP answer, body read.
type reply struct {
	status int
	header http.Header
	body   []byte
	sent   time.Time // the wall-clock instant in our Date header
}

// wire is the request as it goes out, built once and re-signed per attempt.
type wire struct {
	query       string
	body        []byte
	contentType string
	signParams  url.Values
}

// maxBody caps a response read: Duo's largest answers (300 users) are a few
// hundred kB; anything far larger is not Duo.
const maxBody = 64 << 20

func (c *Client) prepare(cl *call) (wire, error) {
	var w wire
	switch cl.method {
	case http.MethodPost, http.MethodPut, http.MethodPatch:
		if c.sig == SigV5 && !cl.unsigned && !cl.form {
			// Python's v5 client sends compact, key-sorted JSON with string
			// values; json.Marshal of a map does exactly that.
			m := make(map[string]string, len(cl.params))
			for k, vs := range cl.params {
				if len(vs) > 0 {
					m[k] = vs[0]
				}
			}
			b, err := json.Marshal(m)
			if err != nil {
				return w, err
			}
			w.body, w.contentType = b, "application/json"
			return w, nil
		}
		w.body = []byte(Encode(cl.params))
		w.contentType = "application/x-www-form-urlencoded"
		w.signParams = cl.params
	default:
		w.query = Encode(cl.params)
		w.signParams = cl.params
	}
	return w, nil
}

// attempt sends the request once and reads the whole answer.
func (c *Client) attempt(ctx context.Context, cl *call, w wire, hook func(*http.Request) *http.Request) (*reply, error) {
	op := cl.method + " " + cl.path
	timeout := c.timeout
	if cl.longPoll {
		timeout += longPoll
	}
	actx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	sent := c.now()
	date := sent.UTC().Format(time.RFC1123Z)
	u := "https://" + c.host + cl.path
	if w.query != "" {
		u += "?" + w.query
	}
	var body io.Reader
	if w.body != nil {
		body = bytes.NewReader(w.body)
	}
	req, err := http.NewRequestWithContext(actx, cl.method, u, body)
	if err != nil {
		return nil, &Error{Op: op, Kind: KindDNS, Host: c.host, Message: "invalid host", Err: err}
	}
	req.Header.Set("User-Agent", c.ua)
	req.Header.Set("Date", date)
	if w.contentType != "" {
		req.Header.Set("Content-Type", w.contentType)
	}
	if cl.accept != "" {
		req.Header.Set("Accept", cl.accept)
	}
	if !cl.unsigned {
		req.Header.Set("Authorization", Sign(c.sig, Request{
			Method: cl.method, Host: c.host, Path: cl.path, Date: date,
			Params: w.signParams, Body: w.body,
		}, c.ikey, c.skey))
	}
	if hook != nil {
		req = hook(req)
	}
	start := time.Now()
	c.traceRequest(req, w.body)
	resp, err := c.hc.Do(req)
	if err != nil {
		e := c.netError(ctx, op, err, timeout)
		c.traceError(e, time.Since(start))
		return nil, e
	}
	data, err := readBody(resp)
	resp.Body.Close()
	c.traceResponse(resp, data, time.Since(start))
	if err != nil {
		return nil, c.readError(ctx, op, resp.StatusCode, err, timeout)
	}
	return &reply{status: resp.StatusCode, header: resp.Header, body: data, sent: sent}, nil
}

// failEnvelope is Duo's error answer; fields are lenient because a proxy or
// an older endpoint may send odd types, and the status must survive that.
type failEnvelope struct {
	Stat    string          `json:"stat"`
	Code    json.RawMessage `json:"code"`
	Message json.RawMessage `json:"message"`
	Detail  json.RawMessage `json:"message_detail"`
}

// envelope is Duo's success answer around a typed response.
type envelope[T any] struct {
	Stat     string   `json:"stat"`
	Response T        `json:"response"`
	Metadata metadata `json:"metadata"`
}

type metadata struct {
	TotalObjects int  `json:"total_objects"`
	NextOffset   *int `json:"next_offset"`
}

// decode interprets a reply: Duo's FAIL (or a non-2xx) becomes *Error; an OK
// envelope is decoded into T.
func decode[T any](c *Client, cl *call, r *reply) (T, metadata, error) {
	var env envelope[T]
	if r.status/100 != 2 {
		return env.Response, env.Metadata, c.failure(cl, r)
	}
	// One pass over the body on the happy path; the lenient FAIL parse runs
	// only when Duo said FAIL (or the shape did not fit T).
	if err := json.Unmarshal(r.body, &env); err != nil || env.Stat != "OK" {
		if ferr := c.failure(cl, r); ferr != nil {
			return env.Response, env.Metadata, ferr
		}
		return env.Response, env.Metadata, badResponse(c, cl, r, err)
	}
	return env.Response, env.Metadata, nil
}

// failure returns the *Error for a non-2xx reply or a FAIL envelope, nil
// otherwise.
func (c *Client) failure(cl *call, r *reply) error {
	var f failEnvelope
	isJSON := json.Unmarshal(r.body, &f) == nil
	if r.status/100 == 2 && (!isJSON || f.Stat != "FAIL") {
		return nil
	}
	e := &Error{Op: cl.method + " " + cl.path, Host: c.host, HTTPStatus: r.status, LocalDate: r.sent}
	if d, err := http.ParseTime(r.header.Get("Date")); err == nil {
		e.ServerDate = d
	}
	e.RetryAfter = retryAfter(r.header, r.sent)
	if isJSON && f.Stat == "FAIL" {
		e.Code = rawInt(f.Code)
		e.Message = rawString(f.Message)
		e.Detail = rawString(f.Detail)
	} else {
		e.Message = http.StatusText(r.status)
	}
	e.Kind = kindForCode(r.status, e.Code)
	return e
}

func badResponse(c *Client, cl *call, r *reply, err error) *Error {
	e := &Error{Op: cl.method + " " + cl.path, Host: c.host, Kind: KindBadResponse, HTTPStatus: r.status, Err: err}
	switch {
	case err == nil:
		e.Message = "answer without stat OK"
	case isTruncatedJSON(err):
		e.Message = "truncated JSON"
	default:
		e.Message = "malformed JSON"
	}
	return e
}

// isTruncatedJSON tells a body that stops early from one that is garbled.
func isTruncatedJSON(err error) bool {
	return err != nil && err.Error() == "unexpected end of JSON input"
}

// rawInt reads Duo's code, which is a number but arrives as a string from
// some endpoints.
func rawInt(raw json.RawMessage) int {
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		if i, err := n.Int64(); err == nil {
			return int(i)
		}
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		i, _ := strconv.Atoi(s)
		return i
	}
	return 0
}

func rawString(raw json.RawMessage) string {
	if len(raw) == 0 {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	return string(raw)
}

// retryAfter reads Retry-After or X-Retry-After (seconds or an HTTP date).
// A date is measured against Duo's own Date header when there is one, so a
// skewed local clock does not stretch or cancel the wait.
func retryAfter(h http.Header, sent time.Time) time.Duration {
	now := sent
	if d, err := http.ParseTime(h.Get("Date")); err == nil {
		now = d
	}
	for _, name := range []string{"Retry-After", "X-Retry-After"} {
		v := h.Get(name)
		if v == "" {
			continue
		}
		if s, err := strconv.Atoi(v); err == nil && s >= 0 {
			return time.Duration(s) * time.Second
		}
		if t, err := http.ParseTime(v); err == nil {
			if d := t.Sub(now); d > 0 {
				return d
			}
			return 0
		}
	}
	return 0
}

// readBody reads the whole answer, sized from Content-Length when known so
// a 300-user page is read without repeated growing.
func readBody(resp *http.Response) ([]byte, error) {
	if n := resp.ContentLength; n >= 0 && n <= maxBody {
		buf := make([]byte, n)
		m, err := io.ReadFull(resp.Body, buf)
		if err == io.EOF && n == 0 {
			err = nil
		}
		return buf[:m], err
	}
	return io.ReadAll(io.LimitReader(resp.Body, maxBody))
}
