package duotest

import (
	"encoding/json"
	"fmt"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestConcurrentClients runs 100 clients against one server for 10 s (2 s
// with -short), each mixing every kind of call; run it with -race. Every
// answer must be the expected one.
func TestConcurrentClients(t *testing.T) {
	const clients = 100
	dur := 10 * time.Second
	if testing.Short() {
		dur = 2 * time.Second
	}
	users := make([]User, clients)
	for i := range users {
		users[i] = User{Name: fmt.Sprintf("load%03d", i), Phone: fmt.Sprintf("+1555010%04d", i),
			Devices: []Device{{Type: TypeToken}}}
	}
	srv := NewServer(t, WithUsers(users...), WithGeneratedUsers(1000, 3), WithPhone(ApproveAfter(5*time.Millisecond)),
		WithPollInterval(500*time.Millisecond), WithTelephonyCredits(1<<30))
	deadline := time.Now().Add(dur)
	var requests atomic.Int64
	errs := make(chan error, clients)
	var wg sync.WaitGroup
	for i := 0; i < clients; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			c := srv.HTTPClient()
			name := users[i].Name
			admin := signOpts{ikey: srv.AdminIKey, skey: srv.AdminSKey}
			call := func(method, path string, p url.Values, o signOpts, v any) error {
				requests.Add(1)
				r, err := send(srv, c, method, path, p, o)
				if err != nil {
					return err
				}
				if r.env.Stat != "OK" {
					return fmt.Errorf("%s %s: %s", method, path, r.body)
				}
				if v != nil {
					return json.Unmarshal(r.env.Response, v)
				}
				return nil
			}
			for step := 0; time.Now().Before(deadline); step++ {
				var err error
				switch step % 6 {
				case 0:
					err = call("GET", "/auth/v2/check", nil, signOpts{}, nil)
				case 1:
					var pre preauthJSON
					if err = call("POST", "/auth/v2/preauth", url.Values{"username": {name}, "text_prompt": {"1"}}, signOpts{v5: true}, &pre); err == nil && pre.Result != "auth" {
						err = fmt.Errorf("preauth %s: %+v", name, pre)
					}
				case 2:
					var a authResp
					if err = call("POST", "/auth/v2/auth", url.Values{"username": {name}, "factor": {"push"}, "async": {"1"}}, signOpts{}, &a); err != nil {
						break
					}
					for st := (authResp{Result: "waiting"}); st.Result == "waiting" && err == nil; {
						err = call("GET", "/auth/v2/auth_status", url.Values{"txid": {a.TxID}}, signOpts{}, &st)
						if err == nil && st.Result == "deny" {
							err = fmt.Errorf("push for %s: %+v", name, st)
						}
					}
				case 3:
					var a authResp
					code := srv.Token(name).Passcode()
					if err = call("POST", "/auth/v2/auth", url.Values{"username": {name}, "factor": {"passcode"}, "passcode": {code}}, signOpts{sha1: true}, &a); err == nil && a.Result != "allow" {
						err = fmt.Errorf("token passcode for %s: %+v", name, a)
					}
				case 4:
					var users []json.RawMessage
					if err = call("GET", "/admin/v1/users", url.Values{"offset": {fmt.Sprint((i * 37) % 1000)}, "limit": {"50"}}, admin, &users); err == nil && len(users) == 0 {
						err = fmt.Errorf("empty users page")
					}
				case 5:
					var a authResp
					if err = call("POST", "/auth/v2/auth", url.Values{"username": {name}, "factor": {"phone"}}, signOpts{xDuoDate: true, hostNoPort: true}, &a); err == nil && a.Result != "allow" {
						err = fmt.Errorf("call for %s: %+v", name, a)
					}
				}
				if err != nil {
					errs <- fmt.Errorf("client %d: %w", i, err)
					return
				}
			}
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	t.Logf("%d clients, %v: %d requests (%.0f/s)", clients, dur, requests.Load(), float64(requests.Load())/dur.Seconds())
}
