package duo_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"duotui/duo"
)

// usersServer pages over n generated users exactly as /admin/v1/users does.
func usersServer(t *testing.T, n int, pages *atomic.Int32) *fake {
	return newFake(t, func(w http.ResponseWriter, r *http.Request, _ []byte) {
		if r.URL.Path != "/admin/v1/users" {
			http.NotFound(w, r)
			return
		}
		q := r.URL.Query()
		if name := q.Get("username"); name != "" {
			var list []any
			if name == "user7" {
				list = append(list, wireUser(7))
			}
			ok(w, list)
			return
		}
		if pages != nil {
			pages.Add(1)
		}
		limit, _ := strconv.Atoi(q.Get("limit"))
		offset, _ := strconv.Atoi(q.Get("offset"))
		end := min(offset+limit, n)
		list := []any{}
		for i := offset; i < end; i++ {
			list = append(list, wireUser(i))
		}
		md := map[string]any{"total_objects": n}
		if end < n {
			md["next_offset"] = end
		}
		if offset > 0 {
			md["prev_offset"] = max(offset-limit, 0)
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"stat": "OK", "response": list, "metadata": md})
	})
}

func wireUser(i int) map[string]any {
	return map[string]any{
		"user_id": fmt.Sprintf("DU%018d", i), "username": fmt.Sprintf("user%d", i), "realname": "User " + strconv.Itoa(i),
		"email": fmt.Sprintf("user%d@example.com", i), "status": "active", "is_enrolled": i%2 == 0,
		"last_login": nil, "created": 1700000000 + i, "alias1": "u" + strconv.Itoa(i), "alias2": nil,
		"groups": []any{map[string]any{"group_id": "DGXXXXXXXXXXXXXXXXXX", "name": "staff"}},
		"phones": []any{map[string]any{"phone_id": "DPFZRS9FB0D46QFTM891", "number": "+15555550100", "type": "Mobile",
			"platform": "Apple iOS", "activated": true, "capabilities": []string{"auto", "push"}, "last_seen": "2019-03-04T15:04:04"}},
		"tokens": []any{map[string]any{"token_id": "DHEKH0JJIYC1LX3AZWO4", "type": "d1", "serial": "0"}},
	}
}

func TestUsersPage(t *testing.T) {
	f := usersServer(t, 450, nil)
	c := f.client(t)
	ctx := context.Background()
	p, err := c.UsersPage(ctx, 0, 1000) // clamped to 300
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Users) != 300 || p.Total != 450 || !p.More || p.NextOffset != 300 {
		t.Fatalf("page 1: %d users, total %d, more %v, next %d", len(p.Users), p.Total, p.More, p.NextOffset)
	}
	p, err = c.UsersPage(ctx, 300, 300)
	if err != nil || len(p.Users) != 150 || p.More {
		t.Fatalf("last page: %d users, more %v, %v", len(p.Users), p.More, err)
	}
	if q := f.requests()[0].RawQuery; q != "limit=300&offset=0" {
		t.Errorf("query %q", q)
	}
	u := p.Users[0]
	want := duo.User{
		UserID: "DU000000000000000300", Username: "user300", RealName: "User 300", Email: "user300@example.com",
		Status: "active", IsEnrolled: true, Created: time.Unix(1700000300, 0), Aliases: []string{"u300"},
		Groups: []duo.Group{{GroupID: "DGXXXXXXXXXXXXXXXXXX", Name: "staff"}},
		Phones: []duo.Phone{{PhoneID: "DPFZRS9FB0D46QFTM891", Number: "+15555550100", Type: "Mobile", Platform: "Apple iOS",
			Activated: true, Capabilities: []duo.Capability{duo.CapAuto, duo.CapPush}, LastSeen: time.Date(2019, 3, 4, 15, 4, 4, 0, time.UTC)}},
		Tokens: []duo.Token{{TokenID: "DHEKH0JJIYC1LX3AZWO4", Type: "d1", Serial: "0"}},
	}
	if !reflect.DeepEqual(u, want) {
		t.Errorf("user =\n %+v\nwant\n %+v", u, want)
	}
	if !u.LastLogin.IsZero() {
		t.Errorf("null last_login should be zero, got %v", u.LastLogin)
	}
}

func TestUsersIteratesAllWithProgress(t *testing.T) {
	var pages atomic.Int32
	f := usersServer(t, 1000, &pages)
	var progress [][2]int
	n := 0
	for u, err := range f.client(t).Users(context.Background(), func(fetched, total int) {
		progress = append(progress, [2]int{fetched, total})
	}) {
		if err != nil {
			t.Fatal(err)
		}
		if want := fmt.Sprintf("user%d", n); u.Username != want {
			t.Fatalf("user %d is %s, want %s", n, u.Username, want)
		}
		n++
	}
	if n != 1000 {
		t.Errorf("iterated %d users, want 1000", n)
	}
	if want := [][2]int{{300, 1000}, {600, 1000}, {900, 1000}, {1000, 1000}}; !reflect.DeepEqual(progress, want) {
		t.Errorf("progress %v, want %v", progress, want)
	}
	if pages.Load() != 4 {
		t.Errorf("%d pages fetched, want 4", pages.Load())
	}
}

func TestUsersStopsOnBreakAndCancel(t *testing.T) {
	f := usersServer(t, 5000, nil)
	c := f.client(t)
	n := 0
	for _, err := range c.Users(context.Background(), nil) {
		if err != nil {
			t.Fatal(err)
		}
		if n++; n == 10 {
			break
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var last error
	seenUsers := 0
	for _, err := range c.Users(ctx, nil) {
		if err != nil {
			last = err
			continue
		}
		if seenUsers++; seenUsers == 350 {
			cancel()
		}
	}
	if duo.KindOf(last) != duo.KindCanceled || seenUsers != 350 {
		t.Errorf("after cancel: %d users, last error %v", seenUsers, last)
	}
}

func TestUsersYieldsPageError(t *testing.T) {
	f := newFake(t, failWith(40301, "Access forbidden", ""))
	var errs []error
	for _, err := range f.client(t).Users(context.Background(), nil) {
		errs = append(errs, err)
	}
	if len(errs) != 1 || duo.KindOf(errs[0]) != duo.KindForbidden {
		t.Errorf("errors %v", errs)
	}
}

func TestUserByName(t *testing.T) {
	f := usersServer(t, 10, nil)
	c := f.client(t)
	u, found, err := c.User(context.Background(), "user7")
	if err != nil || !found || u.UserID != "DU000000000000000007" {
		t.Errorf("User(user7) = %v %v %v", u.UserID, found, err)
	}
	_, found, err = c.User(context.Background(), "nobody")
	if err != nil || found {
		t.Errorf("User(nobody) = %v %v", found, err)
	}
}

func TestSummary(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r *http.Request, _ []byte) {
		ok(w, map[string]any{"admin_count": 3, "integration_count": 9, "telephony_credits_remaining": 960, "user_count": 8})
	})
	s, err := f.client(t).Summary(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if want := (duo.Summary{UserCount: 8, AdminCount: 3, IntegrationCount: 9, TelephonyCreditsRemaining: 960}); s != want {
		t.Errorf("Summary = %+v", s)
	}
	if p := f.requests()[0].Path; p != "/admin/v1/info/summary" {
		t.Errorf("path %s", p)
	}
}
