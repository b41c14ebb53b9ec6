package duo_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"reflect"
	"testing"
	"time"

	"duotui/duo"
)

// params decodes what the client sent (JSON body, form or query).
func params(t *testing.T, s seen) map[string]string {
	t.Helper()
	out := map[string]string{}
	if s.Header.Get("Content-Type") == "application/json" {
		if err := json.Unmarshal(s.Body, &out); err != nil {
			t.Fatal(err)
		}
		return out
	}
	raw := s.RawQuery
	if len(s.Body) > 0 {
		raw = string(s.Body)
	}
	v, _ := url.ParseQuery(raw)
	for k := range v {
		out[k] = v.Get(k)
	}
	return out
}

func TestPingIsUnsignedAndCheckIsSigned(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, _ []byte) { ok(w, map[string]any{"time": 1357020061}) })
	c := f.client(t)
	ctx := context.Background()
	p, err := c.Ping(ctx)
	if err != nil || !p.Time.Equal(time.Unix(1357020061, 0)) {
		t.Fatalf("Ping = %v, %v", p, err)
	}
	if _, err := c.Check(ctx); err != nil {
		t.Fatal(err)
	}
	reqs := f.requests()
	if reqs[0].Path != "/auth/v2/ping" || reqs[0].Header.Get("Authorization") != "" {
		t.Errorf("ping: %s with Authorization %q", reqs[0].Path, reqs[0].Header.Get("Authorization"))
	}
	if reqs[1].Path != "/auth/v2/check" || verify(reqs[1], duo.SigV5) != nil {
		t.Errorf("check: %s not signed", reqs[1].Path)
	}
}

func TestLogo(t *testing.T) {
	png := []byte("\x89PNG\r\n\x1a\nfake")
	f := newFake(t, script(
		func(w http.ResponseWriter, _ *http.Request, _ []byte) {
			w.Header().Set("Content-Type", "image/png")
			w.Write(png)
		},
		failWith(40401, "Resource not found", "")))
	c := f.client(t)
	got, err := c.Logo(context.Background())
	if err != nil || !bytes.Equal(got, png) {
		t.Fatalf("Logo = %q, %v", got, err)
	}
	if _, err := c.Logo(context.Background()); duo.KindOf(err) != duo.KindNotFound {
		t.Errorf("Logo without a logo: %v", err)
	}
}

func TestEnroll(t *testing.T) {
	f := newFake(t, script(
		func(w http.ResponseWriter, _ *http.Request, _ []byte) {
			ok(w, map[string]any{
				"activation_barcode": "https://api-xxx.duosecurity.com/frame/qr?value=8LIRa5danrICkhHtkLxi-cKLu2DWzDYCmBwBHY2YzW5ZYnYaRxA",
				"activation_code":    "duo://8LIRa5danrICkhHtkLxi-cKLu2DWzDYCmBwBHY2YzW5ZYnYaRxA",
				"activation_url":     "https://m-xxx.duosecurity.com/activate/8LIRa5danrICkhHtkLxi",
				"expiration":         1357020061,
				"user_id":            "DU94SWSN4ADHHJHF2HXT",
				"username":           "49c6c3097adb386048c84354d82ea63d",
			})
		},
		func(w http.ResponseWriter, _ *http.Request, _ []byte) { ok(w, "waiting") }))
	c := f.client(t)
	ctx := context.Background()
	e, err := c.Enroll(ctx, duo.EnrollRequest{Username: "bob", ValidSecs: 3600})
	if err != nil {
		t.Fatal(err)
	}
	want := duo.Enrollment{
		UserID: "DU94SWSN4ADHHJHF2HXT", Username: "49c6c3097adb386048c84354d82ea63d",
		ActivationCode:    "duo://8LIRa5danrICkhHtkLxi-cKLu2DWzDYCmBwBHY2YzW5ZYnYaRxA",
		ActivationBarcode: "https://api-xxx.duosecurity.com/frame/qr?value=8LIRa5danrICkhHtkLxi-cKLu2DWzDYCmBwBHY2YzW5ZYnYaRxA",
		ActivationURL:     "https://m-xxx.duosecurity.com/activate/8LIRa5danrICkhHtkLxi",
		Expiration:        time.Unix(1357020061, 0),
	}
	if !reflect.DeepEqual(e, want) {
		t.Errorf("Enroll =\n %+v\nwant\n %+v", e, want)
	}
	st, err := c.EnrollStatus(ctx, e.UserID, e.ActivationCode)
	if err != nil || st != duo.EnrollWaiting {
		t.Errorf("EnrollStatus = %q, %v", st, err)
	}
	reqs := f.requests()
	if got := params(t, reqs[0]); !reflect.DeepEqual(got, map[string]string{"username": "bob", "valid_secs": "3600"}) {
		t.Errorf("enroll params %v", got)
	}
	if got := params(t, reqs[1]); got["user_id"] != e.UserID || got["activation_code"] != e.ActivationCode {
		t.Errorf("enroll_status params %v", got)
	}
}

func TestPreauth(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, _ *http.Request, _ []byte) {
		ok(w, map[string]any{
			"result":     "auth",
			"status_msg": "Account is active",
			"devices": []any{
				map[string]any{"device": "DPFZRS9FB0D46QFTM891", "type": "phone", "number": "XXX-XXX-0100", "name": "",
					"display_name": "iOS (XXX-XXX-0100)", "sms_nextcode": "5", "capabilities": []string{"auto", "push", "sms", "phone", "mobile_otp"}},
				map[string]any{"device": "DHEKH0JJIYC1LX3AZWO4", "type": "token", "name": "0", "number": nil, "capabilities": []string{"mobile_otp"}},
			},
			"prompt": map[string]any{"text": "Duo two-factor login for alice\n\n 1. Duo Push to XXX-XXX-0100\n\nPasscode or option (1-1): ",
				"factors": map[string]string{"1": "push1", "default": "push1"}},
		})
	})
	c := f.client(t)
	p, err := c.Preauth(context.Background(), duo.PreauthRequest{Username: "alice", IPAddr: "192.0.2.1", Hostname: "bastion", Failmode: "closed", TextPrompt: true})
	if err != nil {
		t.Fatal(err)
	}
	if p.Result != duo.PreauthAuth || len(p.Devices) != 2 || p.Prompt == nil || p.Prompt.Factors["default"] != "push1" {
		t.Fatalf("Preauth = %+v", p)
	}
	phone, token := p.Devices[0], p.Devices[1]
	if !phone.Can(duo.CapPush) || !phone.Can(duo.CapSMS) || token.Can(duo.CapPush) || !token.Can(duo.CapMobileOTP) {
		t.Errorf("capabilities: phone %v token %v", phone.Capabilities, token.Capabilities)
	}
	if phone.SMSNextcode != "5" || phone.DisplayName != "iOS (XXX-XXX-0100)" || token.Number != "" {
		t.Errorf("devices %+v", p.Devices)
	}
	want := map[string]string{"username": "alice", "ipaddr": "192.0.2.1", "hostname": "bastion", "failmode": "closed", "text_prompt": "1"}
	if got := params(t, f.requests()[0]); !reflect.DeepEqual(got, want) {
		t.Errorf("preauth params %v, want %v", got, want)
	}
}

func TestAuthSyncWaitsForTheUser(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, b []byte) {
		<-time.After(200 * time.Millisecond) // Duo holds a synchronous push until the user acts
		okAuth(w, r, b)
	})
	// A 50 ms timeout would kill an ordinary call; auth gets the long-poll allowance.
	c := f.client(t, func(c *duo.Config) { c.Timeout = 50 * time.Millisecond })
	res, err := c.Auth(context.Background(), duo.AuthRequest{Username: "alice", Factor: duo.FactorPush, Type: "Login",
		DisplayUsername: "Alice", PushInfo: url.Values{"Server IP": {"192.0.2.1"}}})
	if err != nil {
		t.Fatal(duo.Explain(err))
	}
	if !res.Final() || res.Result != duo.ResultAllow || res.Status != "allow" {
		t.Errorf("Auth = %+v", res)
	}
	want := map[string]string{"username": "alice", "factor": "push", "device": "auto", "type": "Login",
		"display_username": "Alice", "pushinfo": "Server+IP=192.0.2.1"}
	if got := params(t, f.requests()[0]); !reflect.DeepEqual(got, want) {
		t.Errorf("auth params %v, want %v", got, want)
	}
}

func TestAuthAsyncThenStatus(t *testing.T) {
	f := newFake(t, script(
		func(w http.ResponseWriter, _ *http.Request, _ []byte) {
			ok(w, map[string]any{"txid": "45f7c92b-f45f-4862-8545-e0f58e78075a"})
		},
		func(w http.ResponseWriter, _ *http.Request, _ []byte) {
			ok(w, map[string]any{"result": "waiting", "status": "pushed", "status_msg": "Pushed a login request to your phone..."})
		},
		func(w http.ResponseWriter, _ *http.Request, _ []byte) {
			ok(w, map[string]any{"result": "deny", "status": "fraud", "status_msg": "Login request reported as fraudulent."})
		}))
	c := f.client(t)
	ctx := context.Background()
	tx, err := c.Auth(ctx, duo.AuthRequest{UserID: "DU94SWSN4ADHHJHF2HXT", Factor: duo.FactorPush, Async: true})
	if err != nil || tx.TxID != "45f7c92b-f45f-4862-8545-e0f58e78075a" || tx.Result != duo.ResultWaiting || tx.Final() {
		t.Fatalf("async Auth = %+v, %v", tx, err)
	}
	var statuses []string
	for {
		st, err := c.AuthStatus(ctx, tx.TxID)
		if err != nil {
			t.Fatal(err)
		}
		statuses = append(statuses, st.Status)
		if st.Final() {
			if st.Result != duo.ResultDeny || st.TxID != tx.TxID {
				t.Errorf("final = %+v", st)
			}
			break
		}
	}
	if !reflect.DeepEqual(statuses, []string{"pushed", "fraud"}) {
		t.Errorf("statuses %v", statuses)
	}
	reqs := f.requests()
	if got := params(t, reqs[0]); got["async"] != "1" || got["user_id"] != "DU94SWSN4ADHHJHF2HXT" {
		t.Errorf("auth params %v", got)
	}
	if reqs[1].Method != "GET" || reqs[1].Path != "/auth/v2/auth_status" || reqs[1].RawQuery != "txid=45f7c92b-f45f-4862-8545-e0f58e78075a" {
		t.Errorf("auth_status request %s %s?%s", reqs[1].Method, reqs[1].Path, reqs[1].RawQuery)
	}
}

func TestAuthPasscodeSendsNoDevice(t *testing.T) {
	f := newFake(t, okAuth)
	if _, err := f.client(t).Auth(context.Background(), duo.AuthRequest{Username: "alice", Factor: duo.FactorPasscode, Passcode: "123456"}); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"username": "alice", "factor": "passcode", "passcode": "123456"}
	if got := params(t, f.requests()[0]); !reflect.DeepEqual(got, want) {
		t.Errorf("params %v, want %v", got, want)
	}
}

// TestAuthStatusLongPollOutlastsTimeout: Duo holds auth_status open until
// the status changes; that must not count against the ordinary timeout,
// while an ordinary call with the same server delay does time out.
func TestAuthStatusLongPollOutlastsTimeout(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, b []byte) {
		<-time.After(200 * time.Millisecond)
		okAuth(w, r, b)
	})
	c := f.client(t, func(c *duo.Config) { c.Timeout = 50 * time.Millisecond })
	if _, err := c.AuthStatus(context.Background(), "tx"); err != nil {
		t.Fatal(duo.Explain(err))
	}
	if _, err := c.Check(context.Background()); duo.KindOf(err) != duo.KindTimeout {
		t.Errorf("ordinary call with the same delay: %v", err)
	}
}
