package duotest

import "time"

// sampleEpoch anchors the sample users' dates so demos and goldens are
// reproducible.
var sampleEpoch = time.Date(2026, 1, 5, 9, 30, 0, 0, time.UTC)

// SampleUsers returns the demo set, one user per situation an administrator
// meets:
//
//	alice  iPhone +15555550100 (push, call, SMS, passcodes)
//	bob    Android phone +15555550101 and an office landline +15555550102
//	carol  landline only +15555550103 (calls)
//	dave   basic mobile +15555550104 (calls, SMS) and an HOTP token
//	erin   bypass (preauth allows without a second factor)
//	frank  locked out
//	grace  disabled
//	heidi  not enrolled (preauth says enroll)
//	ivan   iPad without a number (push, passcodes), and a bypass code 123456789
//	judy   iPhone +15555550109 whose clock is 3 minutes fast (her passcodes fail)
func SampleUsers() []User {
	ago := func(d time.Duration) time.Time { return sampleEpoch.Add(-d) }
	day := 24 * time.Hour
	iphone := func(n string) Device {
		return Device{Number: n, Platform: "Apple iOS", Model: "Apple iPhone 15"}
	}
	return []User{
		{Name: "alice", RealName: "Alice Archer", Email: "alice@example.com",
			Devices: []Device{iphone("+15555550100")}, Groups: []string{"Engineering", "VPN Users"},
			Created: ago(400 * day), LastLogin: ago(2 * time.Hour)},
		{Name: "bob", RealName: "Bob Baker", Email: "bob@example.com",
			Devices: []Device{
				{Number: "+15555550101", Platform: "Google Android", Model: "Google Pixel 8"},
				{Number: "+15555550102", Platform: "Unknown", Name: "Office", Capabilities: []string{CapPhone}},
			},
			Groups: []string{"Support"}, Created: ago(300 * day), LastLogin: ago(3 * day)},
		{Name: "carol", RealName: "Carol Chen", Email: "carol@example.com",
			Devices: []Device{{Number: "+15555550103", Platform: "Unknown", Capabilities: []string{CapPhone}}},
			Groups:  []string{"Finance"}, Created: ago(250 * day), LastLogin: ago(12 * day)},
		{Name: "dave", RealName: "Dave Dunn", Email: "dave@example.com",
			Devices: []Device{
				{Number: "+15555550104", Platform: "Unknown", Model: "Basic mobile", Capabilities: []string{CapPhone, CapSMS}},
				{Type: TypeToken, Serial: "12345678"},
			},
			Groups: []string{"Operations"}, Created: ago(200 * day), LastLogin: ago(30 * day)},
		{Name: "erin", RealName: "Erin Evans", Email: "erin@example.com", Status: StatusBypass,
			Devices: []Device{iphone("+15555550105")}, Groups: []string{"Contractors"},
			Created: ago(90 * day), LastLogin: ago(1 * day)},
		{Name: "frank", RealName: "Frank Fisher", Email: "frank@example.com", Status: StatusLockedOut,
			Devices: []Device{iphone("+15555550106")}, Groups: []string{"Engineering"},
			Created: ago(500 * day), LastLogin: ago(45 * day)},
		{Name: "grace", RealName: "Grace Garcia", Email: "grace@example.com", Status: StatusDisabled,
			Devices: []Device{iphone("+15555550107")}, Created: ago(700 * day), LastLogin: ago(200 * day)},
		{Name: "heidi", RealName: "Heidi Hall", Email: "heidi@example.com", Created: ago(2 * day)},
		{Name: "ivan", RealName: "Ivan Ivanov", Email: "ivan@example.com",
			Devices:     []Device{{Platform: "Apple iOS", Name: "Work iPad", Model: "Apple iPad"}},
			BypassCodes: []string{"123456789"}, Groups: []string{"Engineering"},
			Created: ago(120 * day), LastLogin: ago(6 * time.Hour)},
		{Name: "judy", RealName: "Judy Jones", Email: "judy@example.com",
			Devices: []Device{{Number: "+15555550109", Platform: "Apple iOS", Model: "Apple iPhone 13", ClockSkew: 3 * time.Minute}},
			Groups:  []string{"Sales"}, Created: ago(60 * day), LastLogin: ago(4 * day)},
	}
}
