package duotest

import (
	"crypto/rand"
	"crypto/sha1"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"time"
)

// User statuses, as the Admin API spells them.
const (
	StatusActive    = "active"
	StatusBypass    = "bypass"
	StatusDisabled  = "disabled"
	StatusLockedOut = "locked out" // with a space; only Duo sets it
)

// Device capabilities, as preauth lists them.
const (
	CapAuto      = "auto"
	CapPush      = "push"
	CapSMS       = "sms"
	CapPhone     = "phone"
	CapMobileOTP = "mobile_otp"
)

// Device types.
const (
	TypePhone = "phone" // a smartphone, tablet, mobile or landline
	TypeToken = "token" // an HOTP hardware token
)

// User is a Duo user to load into the simulator. Only Name is required.
type User struct {
	Name     string // username
	ID       string // "DU…"; generated when empty
	RealName string
	Email    string
	Status   string // StatusActive (default), StatusBypass, StatusDisabled, StatusLockedOut
	// Phone is a shorthand for one Duo Mobile smartphone with this number
	// (E.164) and every capability: push, phone call, SMS and passcodes.
	Phone       string
	Devices     []Device // further devices, in menu order after Phone
	Groups      []string // group names
	Aliases     []string // up to four
	BypassCodes []string // single-use codes accepted as passcodes
	Created     time.Time
	LastLogin   time.Time // zero: never
}

// Device is a phone or hardware token of a user.
type Device struct {
	ID       string // "DP…" for phones, "DH…" for tokens; generated when empty
	Type     string // TypePhone (default) or TypeToken
	Platform string // "Apple iOS", "Google Android", "Generic Smartphone", "Unknown" (landline)
	Name     string // a user-chosen name such as "Work iPad"; may be empty
	Model    string
	Number   string // E.164; empty for tablets and tokens
	// Capabilities default, for a phone with a number, to every capability;
	// without a number (a tablet) to auto, push and mobile_otp.
	Capabilities []string
	// Secret seeds the device's passcodes (TOTP for mobile_otp, HOTP for
	// tokens); generated when nil.
	Secret []byte
	// ClockSkew is how far the device's clock is from Duo's: its TOTP
	// passcodes are computed at Duo's time plus this.
	ClockSkew time.Duration
	// Answer, when set, is how this device answers pushes and calls unless a
	// script says otherwise (default: the server's WithPhone).
	Answer *Answer
	Serial string // tokens: the printed serial number
}

// user is the server's mutable record of a user. Guarded by Server.mu.
type user struct {
	id, name, realName, email, status string
	aliases                           []string
	groups                            []group
	devices                           []*device
	bypass                            []string
	created, lastLogin                time.Time
	failures                          int
	json                              []byte // cached Admin API form; nil when stale
}

type group struct{ id, name string }

// device is the server's record of a device. Guarded by Server.mu.
type device struct {
	id, typ, platform, name, model, number, serial string
	caps                                           []string
	secret                                         []byte
	skew                                           time.Duration
	answer                                         *Answer
	lastStep                                       int64  // last TOTP step accepted (codes are single-use)
	counter                                        uint64 // HOTP: next counter Duo accepts
	pressed                                        uint64 // HOTP: the token's own counter
	sms                                            []string
	smsSent                                        bool
	lastSeen                                       time.Time
}

func (d *device) can(c string) bool {
	for _, x := range d.caps {
		if x == c {
			return true
		}
	}
	return false
}

func (u *user) enrolled() bool { return len(u.devices) > 0 }

// loadUsers installs the configured users (SampleUsers when none were given).
func (s *Server) loadUsers() error {
	users := s.cfg.users
	if !s.cfg.usersSet {
		users = SampleUsers()
	}
	if s.cfg.genCount > 0 {
		users = append(append([]User(nil), users...), GenerateUsers(s.cfg.genCount, s.cfg.genSeed)...)
	}
	groups := map[string]string{}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.users = make([]*user, 0, len(users))
	now := s.Now()
	for _, u := range users {
		if _, err := s.addUserLocked(u, groups, now); err != nil {
			return err
		}
	}
	s.prerenderLocked()
	return nil
}

// prerenderLocked renders every user's Admin API JSON on all cores before
// the server opens, so even the first full listing of 100 000 users costs
// the server no more than copying bytes.
func (s *Server) prerenderLocked() {
	workers := runtime.GOMAXPROCS(0)
	chunk := (len(s.users) + workers - 1) / workers
	var wg sync.WaitGroup
	for start := 0; start < len(s.users); start += chunk {
		part := s.users[start:min(start+chunk, len(s.users))]
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, u := range part {
				s.userJSONLocked(u) // each goroutine owns its part; s.mu is held for them
			}
		}()
	}
	wg.Wait()
}

// AddUser adds a user while the server runs.
func (s *Server) AddUser(u User) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	groups := map[string]string{}
	for _, x := range s.users {
		for _, g := range x.groups {
			groups[g.name] = g.id
		}
	}
	_, err := s.addUserLocked(u, groups, s.Now())
	return err
}

func (s *Server) addUserLocked(in User, groups map[string]string, now time.Time) (*user, error) {
	name := strings.ToLower(strings.TrimSpace(in.Name))
	if name == "" {
		return nil, fmt.Errorf("add a simulated user: the username is empty; give every User a Name")
	}
	if s.byName[name] != nil {
		return nil, fmt.Errorf("add simulated user %q: the username is taken; give each user a unique Name", name)
	}
	u := &user{
		id: in.ID, name: name, realName: in.RealName, email: in.Email, status: in.Status,
		aliases: in.Aliases, bypass: append([]string(nil), in.BypassCodes...),
		created: in.Created, lastLogin: in.LastLogin,
	}
	if u.id == "" {
		u.id = newID("DU")
	}
	if u.status == "" {
		u.status = StatusActive
	}
	if u.created.IsZero() {
		u.created = now
	}
	for _, g := range in.Groups {
		id, ok := groups[g]
		if !ok {
			id = groupID(g)
			groups[g] = id
		}
		u.groups = append(u.groups, group{id, g})
	}
	devs := in.Devices
	if in.Phone != "" {
		devs = append([]Device{{Number: in.Phone, Platform: "Apple iOS", Model: "Apple iPhone"}}, devs...)
	}
	for _, d := range devs {
		u.devices = append(u.devices, newDevice(d))
	}
	s.users = append(s.users, u)
	s.byName[name] = u
	s.byID[u.id] = u
	return u, nil
}

func newDevice(d Device) *device {
	x := &device{
		id: d.ID, typ: d.Type, platform: d.Platform, name: d.Name, model: d.Model,
		number: d.Number, serial: d.Serial, caps: append([]string(nil), d.Capabilities...),
		secret: d.Secret, skew: d.ClockSkew, answer: d.Answer, lastStep: -1,
	}
	if x.typ == "" {
		x.typ = TypePhone
	}
	if x.secret == nil {
		x.secret = make([]byte, 20)
		rand.Read(x.secret)
	}
	if x.typ == TypeToken {
		if x.id == "" {
			x.id = newID("DH")
		}
		if x.serial == "" {
			x.serial = randomString("0123456789", 8)
		}
		x.caps = nil
		return x
	}
	if x.id == "" {
		x.id = newID("DP")
	}
	if d.Capabilities == nil {
		if x.number != "" {
			x.caps = []string{CapAuto, CapPush, CapSMS, CapPhone, CapMobileOTP}
		} else {
			x.caps = []string{CapAuto, CapPush, CapMobileOTP}
		}
	}
	if x.platform == "" {
		if x.can(CapPush) {
			x.platform = "Generic Smartphone"
		} else {
			x.platform = "Unknown"
		}
	}
	return x
}

// lookupLocked finds a user by user_id (preferred) or username.
func (s *Server) lookupLocked(userID, username string) *user {
	if userID != "" {
		return s.byID[userID]
	}
	return s.byName[strings.ToLower(username)]
}

// groupID derives a group's ID from its name, so generated users render the
// same JSON on every run.
func groupID(name string) string {
	h := sha1.Sum([]byte(name))
	b := make([]byte, 18)
	for i := range b {
		b[i] = upperDigits[int(h[i])%len(upperDigits)]
	}
	return "DG" + string(b)
}
