package duotest

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// decodeBSON is a test-side reader for the few BSON types Duo uses.
func decodeBSON(t *testing.T, b []byte) map[string]any {
	t.Helper()
	if len(b) < 5 || int(binary.LittleEndian.Uint32(b)) != len(b) || b[len(b)-1] != 0 {
		t.Fatalf("not a BSON document: %q", b)
	}
	out := map[string]any{}
	for p := b[4 : len(b)-1]; len(p) > 0; {
		typ := p[0]
		end := strings.IndexByte(string(p[1:]), 0)
		key := string(p[1 : 1+end])
		p = p[2+end:]
		switch typ {
		case 0x02:
			n := int(binary.LittleEndian.Uint32(p))
			out[key] = string(p[4 : 4+n-1])
			p = p[4+n:]
		case 0x03:
			n := int(binary.LittleEndian.Uint32(p))
			out[key] = decodeBSON(t, p[:n])
			p = p[n:]
		case 0x10:
			out[key] = int32(binary.LittleEndian.Uint32(p))
			p = p[4:]
		default:
			t.Fatalf("unexpected BSON type %#x for %q", typ, key)
		}
	}
	return out
}

// legacyCall signs like duo_unix 1.11: METHOD, host without port, path,
// sorted params; HMAC-SHA1; no date.
func legacyCall(t *testing.T, srv *Server, method, path string, p url.Values, skey string) (int, map[string]any) {
	t.Helper()
	qs := canonParamsWhole(p)
	host := strings.Split(srv.Host, ":")[0]
	mac := hmac.New(sha1.New, []byte(skey))
	mac.Write([]byte(fmt.Sprintf("%s\n%s\n%s\n%s", method, host, path, qs)))
	u, body := srv.URL+path, ""
	if method == http.MethodGet {
		u += "?" + qs
	} else {
		body = qs
	}
	req, _ := http.NewRequest(method, u, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(srv.IKey+":"+hex.EncodeToString(mac.Sum(nil)))))
	resp, err := srv.HTTPClient().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if ct := resp.Header.Get("Content-Type"); ct != "application/bson" {
		t.Fatalf("Content-Type %q: %q", ct, b)
	}
	return resp.StatusCode, decodeBSON(t, b)
}

func TestLegacyBSONAPI(t *testing.T) {
	srv := NewServer(t, WithPollInterval(time.Second))
	status, pre := legacyCall(t, srv, "POST", "/rest/v1/preauth.bson", url.Values{"user": {"alice"}, "hostname": {"bastion"}, "failmode": {"closed"}}, srv.SKey)
	resp, _ := pre["response"].(map[string]any)
	if status != 200 || pre["stat"] != "OK" || resp["result"] != "auth" || !strings.HasPrefix(resp["prompt"].(string), "Duo two-factor login for alice") {
		t.Fatalf("preauth: %d %v", status, pre)
	}
	if f := resp["factors"].(map[string]any); f["1"] != "push1" || f["default"] != "push1" {
		t.Errorf("factors %v", f)
	}
	srv.Phone("alice").Approve(100 * time.Millisecond)
	_, a := legacyCall(t, srv, "POST", "/rest/v1/auth.bson", url.Values{"user": {"alice"}, "factor": {"auto"}, "auto": {"push1"},
		"async": {"1"}, "pushinfo": {"Server+IP=192.0.2.1&Command=true"}}, srv.SKey)
	txid, _ := a["response"].(map[string]any)["txid"].(string)
	if txid == "" {
		t.Fatalf("auth: %v", a)
	}
	var msgs []string
	for i := 0; i < 5; i++ {
		_, st := legacyCall(t, srv, "GET", "/rest/v1/status.bson", url.Values{"txid": {txid}}, srv.SKey)
		r := st["response"].(map[string]any)
		msgs = append(msgs, fmt.Sprint(r["result"], "/", r["status"]))
		if r["result"] != nil {
			break
		}
	}
	want := "<nil>/" + msgPushed + "|allow/" + msgAllow
	if strings.Join(msgs, "|") != want {
		t.Errorf("status.bson sequence %q, want %q", strings.Join(msgs, "|"), want)
	}
	status, fail := legacyCall(t, srv, "POST", "/rest/v1/preauth.bson", url.Values{"user": {"alice"}}, strings.Repeat("x", 40))
	if status != 401 || fail["stat"] != "FAIL" || fail["code"] != int32(CodeInvalidSignature) {
		t.Errorf("wrong skey: %d %v", status, fail)
	}
	_, en := legacyCall(t, srv, "POST", "/rest/v1/preauth.bson", url.Values{"user": {"heidi"}}, srv.SKey)
	if r := en["response"].(map[string]any); r["result"] != "enroll" || !strings.HasPrefix(r["status"].(string), "Please enroll at "+srv.URL) {
		t.Errorf("enroll: %v", en)
	}
}

func TestJSONToBSON(t *testing.T) {
	b, err := jsonToBSON([]byte(`{"stat":"OK","response":{"n":5,"big":5000000000,"ok":true,"list":["a"],"none":null}}`))
	if err != nil {
		t.Fatal(err)
	}
	// Length-prefixed, NUL-terminated, keys in JSON order.
	if int(binary.LittleEndian.Uint32(b)) != len(b) || !strings.Contains(string(b), "\x02stat\x00\x03\x00\x00\x00OK\x00\x03response\x00") {
		t.Errorf("BSON %q", b)
	}
}
