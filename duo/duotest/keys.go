package duotest

import (
	"crypto/rand"
	"math/big"
)

const (
	upperDigits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	alnum       = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
)

// Keys fixes the credentials of the simulator's three applications. Empty
// fields are generated: integration keys and client IDs as "DI" + 18 of
// [0-9A-Z], secrets as 40 of [0-9A-Za-z], the formats Duo issues.
type Keys struct {
	IKey, SKey           string // Auth API application
	AdminIKey, AdminSKey string // Admin API application
	ClientID             string // Web SDK application (client ID)
	ClientSecret         string // Web SDK application (client secret)
}

// appKind says which Duo application a key pair belongs to; Duo answers
// 40102 when a key is used on another application's endpoints.
type appKind int

const (
	appAuth appKind = iota + 1
	appAdmin
	appWebSDK
)

type app struct {
	kind appKind
	skey string
}

func (k *Keys) fill() {
	for _, f := range []*string{&k.IKey, &k.AdminIKey, &k.ClientID} {
		if *f == "" {
			*f = "DI" + randomString(upperDigits, 18)
		}
	}
	for _, f := range []*string{&k.SKey, &k.AdminSKey, &k.ClientSecret} {
		if *f == "" {
			*f = randomString(alnum, 40)
		}
	}
}

// randomString draws n characters from set with crypto/rand: keys and
// activation codes must not be guessable even in a simulator that someone
// leaves running on a shared host.
func randomString(set string, n int) string {
	b := make([]byte, n)
	max := big.NewInt(int64(len(set)))
	for i := range b {
		x, err := rand.Int(rand.Reader, max)
		if err != nil {
			panic("duotest: crypto/rand failed: " + err.Error())
		}
		b[i] = set[x.Int64()]
	}
	return string(b)
}

// newID returns a Duo-style object ID: a two-letter prefix (DU user, DP phone,
// DH hardware token, DG group) and 18 of [0-9A-Z].
func newID(prefix string) string { return prefix + randomString(upperDigits, 18) }
