package duotest

import (
	"bytes"
	"image/png"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/duosecurity/duo_api_golang/authapi"
)

// These tests run Duo's official Go client against the simulator: it must get
// Duo's shapes and values.

func TestOfficialPingCheckLogo(t *testing.T) {
	srv := NewServer(t)
	api := official(srv, srv.IKey, srv.SKey)
	ping, err := api.Ping()
	if err != nil || ping.Stat != "OK" {
		t.Fatalf("Ping = %+v, %v", ping, err)
	}
	if d := time.Since(time.Unix(ping.Response.Time, 0)); d < -2*time.Second || d > 2*time.Second {
		t.Errorf("ping time off by %v", d)
	}
	check, err := api.Check()
	if err != nil || check.Stat != "OK" || check.Response.Time == 0 {
		t.Fatalf("Check = %+v, %v", check, err)
	}
	logo, err := api.Logo()
	if err != nil || logo.Stat != "OK" {
		t.Fatalf("Logo = %+v, %v", logo, err)
	}
	if _, err := png.Decode(bytes.NewReader(logoPNG)); err != nil {
		t.Errorf("logo is not a PNG: %v", err)
	}
}

func TestOfficialEnrollAndStatus(t *testing.T) {
	srv := NewServer(t)
	api := official(srv, srv.IKey, srv.SKey)
	en, err := api.Enroll(authapi.EnrollUsername("newbie"), authapi.EnrollValidSeconds(60))
	if err != nil || en.Stat != "OK" {
		t.Fatalf("Enroll = %+v, %v", en, err)
	}
	r := en.Response
	if r.Username != "newbie" || !strings.HasPrefix(r.User_Id, "DU") || !strings.HasPrefix(r.Activation_Code, "duo://") ||
		!strings.HasPrefix(r.Activation_Barcode, srv.URL+"/frame/qr?value=") {
		t.Fatalf("Enroll response %+v", r)
	}
	if got := time.Until(time.Unix(r.Expiration, 0)); got < 55*time.Second || got > 65*time.Second {
		t.Errorf("expiration in %v, want about 60s", got)
	}
	resp, err := srv.HTTPClient().Get(r.Activation_Barcode)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := png.Decode(resp.Body); err != nil {
		t.Errorf("activation barcode is not a PNG: %v", err)
	}
	resp.Body.Close()

	status := func() string {
		st, err := api.EnrollStatus(r.User_Id, r.Activation_Code)
		if err != nil || st.Stat != "OK" {
			t.Fatalf("EnrollStatus = %+v, %v", st, err)
		}
		return st.Response
	}
	if got := status(); got != "waiting" {
		t.Errorf("before activation: %q, want waiting", got)
	}
	pre, _ := api.Preauth(authapi.PreauthUsername("newbie"))
	if pre.Response.Result != "enroll" {
		t.Errorf("preauth before activation: %q, want enroll", pre.Response.Result)
	}
	if err := srv.Activate(r.Activation_Code); err != nil {
		t.Fatal(err)
	}
	if got := status(); got != "success" {
		t.Errorf("after activation: %q, want success", got)
	}
	if st, _ := api.EnrollStatus(r.User_Id, "duo://not-a-code"); st.Response != "invalid" {
		t.Errorf("wrong code: %q, want invalid", st.Response)
	}
	pre, _ = api.Preauth(authapi.PreauthUsername("newbie"))
	if pre.Response.Result != "auth" || len(pre.Response.Devices) != 1 {
		t.Errorf("preauth after activation: %+v", pre.Response)
	}
}

func TestOfficialEnrollExpires(t *testing.T) {
	srv := NewServer(t)
	api := official(srv, srv.IKey, srv.SKey)
	en, err := api.Enroll(authapi.EnrollValidSeconds(30))
	if err != nil || en.Stat != "OK" {
		t.Fatalf("Enroll = %+v, %v", en, err)
	}
	if len(en.Response.Username) != 29 {
		t.Errorf("random username %q, want 29 hex characters", en.Response.Username)
	}
	srv.SetClockOffset(31 * time.Second) // Duo's clock passes the expiration
	st, err := api.EnrollStatus(en.Response.User_Id, en.Response.Activation_Code)
	if err != nil || st.Response != "invalid" {
		t.Fatalf("EnrollStatus after expiry = %+v, %v; want invalid", st, err)
	}
	if err := srv.Activate(en.Response.Activation_Code); err == nil {
		t.Error("Activate accepted an expired code")
	}
}

func TestOfficialPreauth(t *testing.T) {
	srv := NewServer(t)
	api := official(srv, srv.IKey, srv.SKey)
	cases := []struct {
		user, result string
	}{
		{"alice", "auth"}, {"erin", "allow"}, {"frank", "deny"}, {"grace", "deny"}, {"heidi", "enroll"}, {"nobody", "enroll"},
	}
	for _, c := range cases {
		t.Run(c.user, func(t *testing.T) {
			pre, err := api.Preauth(authapi.PreauthUsername(c.user), authapi.PreauthIpAddr("192.0.2.1"))
			if err != nil || pre.Stat != "OK" {
				t.Fatalf("Preauth = %+v, %v", pre, err)
			}
			if pre.Response.Result != c.result || pre.Response.Status_Msg == "" {
				t.Fatalf("result %q msg %q, want %q", pre.Response.Result, pre.Response.Status_Msg, c.result)
			}
			if c.result == "enroll" && !strings.HasPrefix(pre.Response.Enroll_Portal_Url, srv.URL+"/portal?code=") {
				t.Errorf("enroll_portal_url %q", pre.Response.Enroll_Portal_Url)
			}
		})
	}
	pre, _ := api.Preauth(authapi.PreauthUsername("alice"))
	d := pre.Response.Devices[0]
	if !strings.HasPrefix(d.Device, "DP") || len(d.Device) != 20 || d.Type != "phone" || d.Number != "XXX-XXX-0100" ||
		strings.Join(d.Capabilities, ",") != "auto,push,sms,phone,mobile_otp" {
		t.Errorf("alice's device %+v", d)
	}
}

func TestOfficialAuthFactors(t *testing.T) {
	srv := NewServer(t, WithPhone(ApproveAfter(20*time.Millisecond)), WithPollInterval(200*time.Millisecond))
	api := official(srv, srv.IKey, srv.SKey)

	push, err := api.Auth("push", authapi.AuthUsername("alice"), authapi.AuthDevice("auto"))
	if err != nil || push.Response.Result != "allow" || push.Response.Status != "allow" ||
		push.Response.Status_Msg != "Success. Logging you in..." {
		t.Fatalf("sync push = %+v, %v", push, err)
	}
	phone, err := api.Auth("phone", authapi.AuthUsername("carol"))
	if err != nil || phone.Response.Result != "allow" {
		t.Fatalf("sync phone = %+v, %v", phone, err)
	}
	sms, err := api.Auth("sms", authapi.AuthUsername("alice"), authapi.AuthDevice("auto"))
	if err != nil || sms.Response.Result != "deny" || sms.Response.Status != "sent" {
		t.Fatalf("sms = %+v, %v", sms, err)
	}
	code := srv.Phone("alice").SMSPasscodes()[0]
	pc, err := api.Auth("passcode", authapi.AuthUsername("alice"), authapi.AuthPasscode(code))
	if err != nil || pc.Response.Result != "allow" {
		t.Fatalf("SMS passcode = %+v, %v", pc, err)
	}
	pc, _ = api.Auth("passcode", authapi.AuthUsername("alice"), authapi.AuthPasscode(code))
	if pc.Response.Result != "deny" || pc.Response.Status_Msg != "Incorrect passcode. Please try again." {
		t.Errorf("reused SMS passcode = %+v, want deny", pc.Response)
	}
	pc, _ = api.Auth("passcode", authapi.AuthUsername("alice"), authapi.AuthPasscode(srv.Phone("alice").Passcode()))
	if pc.Response.Result != "allow" {
		t.Errorf("Duo Mobile passcode = %+v, want allow", pc.Response)
	}
}

func TestOfficialAsyncPushAndPhone(t *testing.T) {
	srv := NewServer(t, WithPollInterval(2*time.Second))
	api := official(srv, srv.IKey, srv.SKey)
	cases := []struct {
		name, factor, user string
		want               []string // statuses auth_status reports, in order
	}{
		{"push", "push", "alice", []string{"pushed", "allow"}},
		{"phone", "phone", "carol", []string{"calling", "answered", "allow"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a, err := api.Auth(c.factor, authapi.AuthUsername(c.user), authapi.AuthAsync())
			if err != nil || a.Stat != "OK" || a.Response.Txid == "" {
				t.Fatalf("async auth = %+v, %v", a, err)
			}
			var got []string
			for i := 0; i < 5 && (len(got) == 0 || got[len(got)-1] != "allow"); i++ {
				st, err := api.AuthStatus(a.Response.Txid)
				if err != nil || st.Stat != "OK" {
					t.Fatalf("AuthStatus = %+v, %v", st, err)
				}
				got = append(got, st.Response.Status)
				if st.Response.Result == "waiting" {
					// The user answers only after the client has seen each state.
					p := srv.Pending()
					if len(p) != 1 || p[0].TxID != a.Response.Txid {
						t.Fatalf("Pending = %+v", p)
					}
					if st.Response.Status == "calling" {
						srv.mu.Lock()
						srv.answerCallLocked(srv.txs[a.Response.Txid])
						srv.mu.Unlock()
					} else if err := srv.Answer(a.Response.Txid, true); err != nil {
						t.Fatal(err)
					}
				}
			}
			if strings.Join(got, ",") != strings.Join(c.want, ",") {
				t.Errorf("statuses %v, want %v", got, c.want)
			}
		})
	}
}

func TestOfficialAuthErrors(t *testing.T) {
	srv := NewServer(t)
	cases := []struct {
		name       string
		ikey, skey string
		offset     time.Duration
		code       int32
	}{
		{"wrong secret key", srv.IKey, strings.Repeat("x", 40), 0, 40103},
		{"unknown integration key", "DIXXXXXXXXXXXXXXXXXX", srv.SKey, 0, 40102},
		{"admin keys on the Auth API", srv.AdminIKey, srv.AdminSKey, 0, 40102},
		{"Date ten minutes off", srv.IKey, srv.SKey, 10 * time.Minute, 40105},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv.SetClockOffset(c.offset)
			defer srv.SetClockOffset(0)
			res, err := official(srv, c.ikey, c.skey).Check()
			if err != nil {
				t.Fatal(err)
			}
			if res.Stat != "FAIL" || res.Code == nil || *res.Code != c.code {
				t.Fatalf("Check = %+v (code %v), want FAIL %d", res, res.Code, c.code)
			}
		})
	}
}

func TestOfficialAdminUsers(t *testing.T) {
	srv := NewServer(t, WithUsers(), WithGeneratedUsers(1234, 7))
	c := officialAdmin(srv)
	all, err := c.GetUsers()
	if err != nil || all.Stat != "OK" {
		t.Fatalf("GetUsers = %v", err)
	}
	if len(all.Response) != 1234 {
		t.Fatalf("got %d users, want 1234", len(all.Response))
	}
	seen := map[string]bool{}
	for _, u := range all.Response {
		if seen[u.UserID] {
			t.Fatalf("user %s twice", u.UserID)
		}
		seen[u.UserID] = true
	}
	one, err := c.GetUsers(func(v *url.Values) { v.Set("username", all.Response[10].Username) })
	if err != nil || len(one.Response) != 1 || one.Response[0].UserID != all.Response[10].UserID {
		t.Fatalf("username filter = %+v, %v", one, err)
	}
}
