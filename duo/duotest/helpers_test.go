package duotest

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	duoapi "github.com/duosecurity/duo_api_golang"
	"github.com/duosecurity/duo_api_golang/admin"
	"github.com/duosecurity/duo_api_golang/authapi"
)

// official returns Duo's own Go client for the Auth API application.
func official(srv *Server, ikey, skey string) *authapi.AuthApi {
	api := duoapi.NewDuoApi(ikey, skey, srv.Host, "duotest", duoapi.SetTimeout(10*time.Second))
	api.SetCustomHTTPClient(srv.HTTPClient())
	return authapi.NewAuthApi(*api)
}

func officialAdmin(srv *Server) *admin.Client {
	api := duoapi.NewDuoApi(srv.AdminIKey, srv.AdminSKey, srv.Host, "duotest", duoapi.SetTimeout(10*time.Second))
	api.SetCustomHTTPClient(srv.HTTPClient())
	return admin.New(*api)
}

// signOpts describes how a hand-built request is signed, so tests can make
// every variant Duo's clients produce (and the broken ones).
type signOpts struct {
	ikey, skey string
	sha1       bool   // v2 with HMAC-SHA1
	v5         bool   // JSON body, seven-line canonical form
	xDuoDate   bool   // send the date as X-Duo-Date instead of Date
	hostNoPort bool   // sign the host without the port (duo_unix)
	date       string // overrides the date header ("-" sends none)
	skew       time.Duration
	noAuth     bool
	auth       string // overrides the Authorization header
	upperHex   bool
}

type reply struct {
	status int
	header http.Header
	body   []byte
	env    struct {
		Stat          string          `json:"stat"`
		Code          int             `json:"code"`
		Message       string          `json:"message"`
		MessageDetail string          `json:"message_detail"`
		Response      json.RawMessage `json:"response"`
		Metadata      json.RawMessage `json:"metadata"`
	}
}

// do sends a signed request with the test's own signer.
func do(t testing.TB, srv *Server, client *http.Client, method, path string, params url.Values, o signOpts) reply {
	t.Helper()
	r, err := send(srv, client, method, path, params, o)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	return r
}

// send is do for goroutines: it returns the error instead of failing.
func send(srv *Server, client *http.Client, method, path string, params url.Values, o signOpts) (reply, error) {
	if o.ikey == "" {
		o.ikey, o.skey = srv.IKey, srv.SKey
	}
	date := srv.Now().Add(o.skew).UTC().Format(time.RFC1123Z)
	if o.date != "" {
		date = o.date
	}
	host := srv.Host
	if o.hostNoPort {
		host, _, _ = net.SplitHostPort(srv.Host)
	}
	var body []byte
	var canon string
	lineParams := canonParams(params)
	switch {
	case o.v5 && method == http.MethodPost:
		m := map[string]string{}
		for k := range params {
			m[k] = params.Get(k)
		}
		body, _ = json.Marshal(m)
		canon = canonV5(date, method, host, path, "", body, "")
	case o.v5:
		canon = canonV5(date, method, host, path, lineParams, nil, "")
	default:
		canon = canonV2(date, method, host, path, lineParams)
		if method == http.MethodPost {
			body = []byte(lineParams)
		}
	}
	var h func() hash.Hash = sha512.New
	if o.sha1 {
		h = sha1.New
	}
	mac := hmac.New(h, []byte(o.skey))
	mac.Write([]byte(canon))
	sig := hex.EncodeToString(mac.Sum(nil))
	if o.upperHex {
		sig = strings.ToUpper(sig)
	}
	u := srv.URL + path
	if method != http.MethodPost && len(params) > 0 {
		u += "?" + lineParams
	}
	req, err := http.NewRequest(method, u, bytes.NewReader(body))
	if err != nil {
		return reply{}, err
	}
	if method == http.MethodPost {
		if o.v5 {
			req.Header.Set("Content-Type", "application/json")
		} else {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
	}
	if o.date != "-" {
		if o.xDuoDate {
			req.Header.Set("X-Duo-Date", date)
		} else {
			req.Header.Set("Date", date)
		}
	}
	switch {
	case o.auth != "":
		req.Header.Set("Authorization", o.auth)
	case !o.noAuth:
		req.Header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(o.ikey+":"+sig)))
	}
	if client == nil {
		client = srv.HTTPClient()
	}
	resp, err := client.Do(req)
	if err != nil {
		return reply{}, err
	}
	defer resp.Body.Close()
	var r reply
	r.status, r.header = resp.StatusCode, resp.Header
	if r.body, err = io.ReadAll(resp.Body); err != nil {
		return r, fmt.Errorf("read: %w", err)
	}
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		if err := json.Unmarshal(r.body, &r.env); err != nil {
			return r, fmt.Errorf("bad JSON %q: %w", r.body, err)
		}
	}
	return r, nil
}

func (r reply) decode(t testing.TB, v any) {
	t.Helper()
	if r.env.Stat != "OK" {
		t.Fatalf("stat %q code %d %s (%s), want OK", r.env.Stat, r.env.Code, r.env.Message, r.env.MessageDetail)
	}
	if err := json.Unmarshal(r.env.Response, v); err != nil {
		t.Fatalf("decode %s: %v", r.env.Response, err)
	}
}

// eventually polls cond until it holds or the deadline passes.
func eventually(t testing.TB, d time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("condition not met within %v", d)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
