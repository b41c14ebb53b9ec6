package duo_test

import (
	"encoding/base64"
	"net/url"
	"strings"
	"testing"
)

// pairs builds url.Values from ordered pairs, keeping repeated keys.
func pairs(ps [][2]string) url.Values {
	v := url.Values{}
	for _, p := range ps {
		v.Add(p[0], p[1])
	}
	return v
}

func decodeBasic(t *testing.T, header string) string {
	t.Helper()
	b64, ok := strings.CutPrefix(header, "Basic ")
	if !ok {
		t.Fatalf("Authorization %q is not Basic", header)
	}
	plain, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		t.Fatal(err)
	}
	return string(plain)
}
