package duo

import "time"

// UsersPage is one page of GET /admin/v1/users.
type UsersPage struct {
	Users      []User
	Total      int  // metadata.total_objects
	NextOffset int  // offset of the next page, when More
	More       bool // metadata.next_offset was present
}

// User is a Duo user as the Admin API reports it. Zero times mean "never".
type User struct {
	UserID     string // "DU…"
	Username   string
	RealName   string
	Email      string
	Status     string // active, bypass, disabled, "locked out", "pending deletion"
	IsEnrolled bool
	LastLogin  time.Time
	Created    time.Time
	Aliases    []string
	Groups     []Group
	Phones     []Phone
	Tokens     []Token
}

// Group is a user's group membership.
type Group struct {
	GroupID, Name string
}

// Phone is a phone attached to a user.
type Phone struct {
	PhoneID      string
	Number       string
	Name         string
	Type         string // mobile, landline
	Platform     string // "Apple iOS", "Google Android", …
	Activated    bool
	Capabilities []Capability
	LastSeen     time.Time
}

// Token is a hardware token attached to a user.
type Token struct {
	TokenID, Type, Serial string
}

// Summary is GET /admin/v1/info/summary.
type Summary struct {
	UserCount                 int
	AdminCount                int
	IntegrationCount          int
	TelephonyCreditsRemaining int
}
