package duotest_test

import (
	"encoding/json"
	"fmt"
	"time"

	"duotui/duo/duotest"
)

// A simulator for a demo or `duotui sim`: started with Start, closed by the
// caller; the control API and the Go API drive the same phones.
func ExampleStart() {
	srv, err := duotest.Start(duotest.WithPhone(duotest.ApproveAfter(2 * time.Second)))
	if err != nil {
		panic(err)
	}
	defer srv.Close()

	resp, err := srv.HTTPClient().Get(srv.URL + "/auth/v2/ping") // ping is unsigned
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()
	var ping struct {
		Stat     string
		Response struct{ Time int64 }
	}
	json.NewDecoder(resp.Body).Decode(&ping)
	fmt.Println(ping.Stat, ping.Response.Time > 0)

	srv.Phone("alice").Deny(0) // alice's next push is denied at once
	fmt.Println(len(srv.Phone("alice").Passcode()))
	// Output:
	// OK true
	// 6
}
