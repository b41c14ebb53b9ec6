package duotest

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

var (
	genFirst = strings.Fields(`James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth
		William Barbara Richard Susan Joseph Jessica Thomas Sarah Charles Karen Christopher Lisa
		Daniel Nancy Matthew Betty Anthony Margaret Mark Sandra Donald Ashley Steven Kimberly Paul
		Emily Andrew Donna Joshua Michelle Kenneth Carol Kevin Amanda Brian Dorothy George Melissa
		Timothy Deborah Ronald Stephanie Edward Rebecca Jason Sharon Jeffrey Laura Ryan Cynthia Jacob
		Kathleen Gary Amy Nicholas Angela Eric Shirley Jonathan Anna Stephen Brenda Larry Pamela
		Justin Emma Scott Nicole Brandon Helen Benjamin Samantha Samuel Katherine Gregory Christine
		Alexander Debra Frank Rachel Patrick Carolyn Raymond Janet Jack Maria Dennis Olivia Jerry Heather
		Priya Wei Ahmed Fatima Hiroshi Yuki Olga Sven Ana Luca Chloe Mateo Zainab Kwame Ines Ravi`)
	genLast = strings.Fields(`Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez
		Hernandez Lopez Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson
		White Harris Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres
		Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Gomez
		Phillips Evans Turner Diaz Parker Cruz Edwards Collins Reyes Stewart Morris Morales Murphy Cook
		Rogers Gutierrez Ortiz Morgan Cooper Peterson Bailey Reed Kelly Howard Ramos Kim Cox Ward
		Richardson Watson Brooks Chavez Wood James Bennett Gray Mendoza Ruiz Hughes Price Alvarez
		Castillo Sanders Patel Myers Long Ross Foster Jimenez Okafor Tanaka Novak Larsen Rossi Dubois`)
	genGroups = []string{"Engineering", "Support", "Finance", "Operations", "Sales", "Marketing",
		"Legal", "HR", "VPN Users", "Contractors", "Executives", "Interns"}
)

// genEpoch anchors generated dates, so the same seed always yields the same
// users, byte for byte.
var genEpoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// GenerateUsers returns n users derived only from seed: usernames
// (first.last, numbered when taken), real names, e-mails, phones of every
// kind with their capabilities, hardware tokens, groups, statuses (about 90%
// active, the rest bypass, disabled or locked out), about 85% enrolled, and
// creation and last-login dates before 2026-01-01.
func GenerateUsers(n int, seed int64) []User {
	r := rand.New(rand.NewPCG(uint64(seed), 0x9e3779b97f4a7c15))
	id := func(prefix string) string {
		b := make([]byte, 18)
		for i := range b {
			b[i] = upperDigits[r.IntN(len(upperDigits))]
		}
		return prefix + string(b)
	}
	taken := make(map[string]int, n)
	out := make([]User, 0, n)
	for i := 0; i < n; i++ {
		first, last := genFirst[r.IntN(len(genFirst))], genLast[r.IntN(len(genLast))]
		base := strings.ToLower(first + "." + last)
		name := base
		if k := taken[base]; k > 0 {
			name = fmt.Sprintf("%s%d", base, k+1)
		}
		taken[base]++
		u := User{
			Name: name, ID: id("DU"), RealName: first + " " + last, Email: name + "@example.com",
			Status:  pickStatus(r),
			Created: genEpoch.Add(-time.Duration(30+r.IntN(3*365)) * 24 * time.Hour),
		}
		for g := r.IntN(4); g > 0; g-- {
			grp := genGroups[r.IntN(len(genGroups))]
			if !contains(u.Groups, grp) {
				u.Groups = append(u.Groups, grp)
			}
		}
		if r.IntN(100) < 85 {
			u.Devices = genDevices(r, id, i)
			if r.IntN(10) < 8 {
				u.LastLogin = genEpoch.Add(-time.Duration(r.IntN(90*24*3600)) * time.Second)
			}
		}
		out = append(out, u)
	}
	return out
}

func pickStatus(r *rand.Rand) string {
	switch x := r.IntN(100); {
	case x < 90:
		return StatusActive
	case x < 94:
		return StatusBypass
	case x < 97:
		return StatusDisabled
	default:
		return StatusLockedOut
	}
}

func genDevices(r *rand.Rand, id func(string) string, i int) []Device {
	number := func() string { return fmt.Sprintf("+1555%07d", (i*7+r.IntN(7))%10000000) }
	secret := func() []byte {
		b := make([]byte, 20)
		for j := range b {
			b[j] = byte(r.Uint32())
		}
		return b
	}
	var ds []Device
	switch x := r.IntN(100); {
	case x < 45:
		ds = append(ds, Device{ID: id("DP"), Number: number(), Platform: "Apple iOS", Model: "Apple iPhone", Secret: secret()})
	case x < 80:
		ds = append(ds, Device{ID: id("DP"), Number: number(), Platform: "Google Android", Model: "Samsung Galaxy", Secret: secret()})
	case x < 88:
		ds = append(ds, Device{ID: id("DP"), Number: number(), Platform: "Unknown", Model: "Basic mobile",
			Capabilities: []string{CapPhone, CapSMS}, Secret: secret()})
	case x < 94:
		ds = append(ds, Device{ID: id("DP"), Number: number(), Platform: "Unknown", Capabilities: []string{CapPhone}, Secret: secret()})
	default:
		ds = append(ds, Device{ID: id("DP"), Platform: "Apple iOS", Name: "iPad", Model: "Apple iPad", Secret: secret()})
	}
	if r.IntN(100) < 10 {
		ds = append(ds, Device{ID: id("DP"), Number: number(), Platform: "Unknown", Name: "Office", Capabilities: []string{CapPhone}, Secret: secret()})
	}
	if r.IntN(100) < 5 {
		ds = append(ds, Device{ID: id("DH"), Type: TypeToken, Serial: fmt.Sprintf("%08d", r.IntN(100000000)), Secret: secret()})
	}
	return ds
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
