package duo

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
)

const (
	// MaxUsersPage is the largest page /admin/v1/users serves.
	MaxUsersPage = 300
	// defaultUsersPage is Duo's default when no limit is given.
	defaultUsersPage = 100
)

// UsersPage fetches one page of users. limit is clamped to 1..300 (0 means
// Duo's default of 100).
func (c *Client) UsersPage(ctx context.Context, offset, limit int) (UsersPage, error) {
	switch {
	case limit <= 0:
		limit = defaultUsersPage
	case limit > MaxUsersPage:
		limit = MaxUsersPage
	}
	p := url.Values{"limit": {strconv.Itoa(limit)}, "offset": {strconv.Itoa(max(offset, 0))}}
	users, md, err := get[[]wireUser](ctx, c, &call{method: http.MethodGet, path: "/admin/v1/users", params: p, idempotent: true})
	if err != nil {
		return UsersPage{}, err
	}
	out := UsersPage{Users: make([]User, len(users)), Total: md.TotalObjects}
	for i := range users {
		out.Users[i] = users[i].user()
	}
	if md.NextOffset != nil {
		out.More, out.NextOffset = true, *md.NextOffset
	}
	return out, nil
}

// User looks a user up by username; found is false when Duo has none.
func (c *Client) User(ctx context.Context, username string) (User, bool, error) {
	p := url.Values{"username": {username}}
	users, _, err := get[[]wireUser](ctx, c, &call{method: http.MethodGet, path: "/admin/v1/users", params: p, idempotent: true})
	if err != nil || len(users) == 0 {
		return User{}, false, err
	}
	return users[0].user(), true, nil
}

// Summary returns the account's counts and remaining telephony credits.
func (c *Client) Summary(ctx context.Context) (Summary, error) {
	v, _, err := get[struct {
		UserCount                 int `json:"user_count"`
		AdminCount                int `json:"admin_count"`
		IntegrationCount          int `json:"integration_count"`
		TelephonyCreditsRemaining int `json:"telephony_credits_remaining"`
	}](ctx, c, &call{method: http.MethodGet, path: "/admin/v1/info/summary", idempotent: true})
	return Summary(v), err
}

type wireUser struct {
	UserID     string            `json:"user_id"`
	Username   string            `json:"username"`
	RealName   string            `json:"realname"`
	Email      string            `json:"email"`
	Status     string            `json:"status"`
	IsEnrolled bool              `json:"is_enrolled"`
	LastLogin  unixTime          `json:"last_login"`
	Created    unixTime          `json:"created"`
	Alias1     string            `json:"alias1"`
	Alias2     string            `json:"alias2"`
	Alias3     string            `json:"alias3"`
	Alias4     string            `json:"alias4"`
	Aliases    map[string]string `json:"aliases"`
	Groups     []struct {
		GroupID string `json:"group_id"`
		Name    string `json:"name"`
	} `json:"groups"`
	Phones []struct {
		PhoneID      string       `json:"phone_id"`
		Number       flexString   `json:"number"`
		Name         string       `json:"name"`
		Type         string       `json:"type"`
		Platform     string       `json:"platform"`
		Activated    bool         `json:"activated"`
		Capabilities []Capability `json:"capabilities"`
		LastSeen     unixTime     `json:"last_seen"`
	} `json:"phones"`
	Tokens []struct {
		TokenID string `json:"token_id"`
		Type    string `json:"type"`
		Serial  string `json:"serial"`
	} `json:"tokens"`
}

func (w *wireUser) user() User {
	u := User{
		UserID: w.UserID, Username: w.Username, RealName: w.RealName, Email: w.Email,
		Status: w.Status, IsEnrolled: w.IsEnrolled, LastLogin: w.LastLogin.Time, Created: w.Created.Time,
	}
	// Older answers carry alias1..4; newer ones an "aliases" object.
	for i, a := range [...]string{w.Alias1, w.Alias2, w.Alias3, w.Alias4} {
		if a == "" {
			a = w.Aliases["alias"+strconv.Itoa(i+1)]
		}
		if a != "" {
			u.Aliases = append(u.Aliases, a)
		}
	}
	for _, g := range w.Groups {
		u.Groups = append(u.Groups, Group{GroupID: g.GroupID, Name: g.Name})
	}
	for _, p := range w.Phones {
		u.Phones = append(u.Phones, Phone{
			PhoneID: p.PhoneID, Number: string(p.Number), Name: p.Name, Type: p.Type,
			Platform: p.Platform, Activated: p.Activated, Capabilities: p.Capabilities,
			LastSeen: p.LastSeen.Time,
		})
	}
	for _, t := range w.Tokens {
		u.Tokens = append(u.Tokens, Token{TokenID: t.TokenID, Type: t.Type, Serial: t.Serial})
	}
	return u
}
