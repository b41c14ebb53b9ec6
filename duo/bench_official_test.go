package duo_test

// The functions below are COPIED VERBATIM (renamed, comments added) from
// github.com/duosecurity/duo_api_golang duoapi.go at
// v0.0.0-20250430191550-ac36954387e7, where they are unexported. They exist
// only so BenchmarkSign can time the official signer alone, and so the
// cross-check can compare canonical strings. TestOfficialCopyIsFaithful
// proves the copy signs exactly as the official SignedCall does.

import (
	"crypto/hmac"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"net/url"
	"sort"
	"strings"
)

var officialSpaceReplacer *strings.Replacer = strings.NewReplacer("+", "%20")

func officialCanonParams(params url.Values) string {
	// Values must be in sorted order
	for key, val := range params {
		sort.Strings(val)
		params[key] = val
	}
	// Encode will place Keys in sorted order
	ordered_params := params.Encode()
	// Encoder turns spaces into +, but we need %XX escaping
	return officialSpaceReplacer.Replace(ordered_params)
}

func officialCanonicalize(method string,
	host string,
	uri string,
	params url.Values,
	date string) string {
	var canon [5]string
	canon[0] = date
	canon[1] = strings.ToUpper(method)
	canon[2] = strings.ToLower(host)
	canon[3] = uri
	canon[4] = officialCanonParams(params)
	return strings.Join(canon[:], "\n")
}

func officialSign(ikey string,
	skey string,
	method string,
	host string,
	uri string,
	date string,
	params url.Values) string {
	canon := officialCanonicalize(method, host, uri, params, date)
	mac := hmac.New(sha512.New, []byte(skey))
	mac.Write([]byte(canon))
	sig := hex.EncodeToString(mac.Sum(nil))
	auth := ikey + ":" + sig
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(auth))
}

func officialCanonicalizeV5(method string,
	host string,
	uri string,
	params url.Values,
	body string,
	date string) string {
	var canon [7]string
	canon[0] = date
	canon[1] = strings.ToUpper(method)
	canon[2] = strings.ToLower(host)
	canon[3] = uri
	canon[4] = officialCanonParams(params)
	canon[5] = officialHashString(body)
	canon[6] = officialHashString("") // additional headers not needed at this time
	return strings.Join(canon[:], "\n")
}

func officialHashString(to_hash string) string {
	hash := sha512.New()
	hash.Write([]byte(to_hash))
	return hex.EncodeToString(hash.Sum(nil))
}

func officialSignV5(ikey string,
	skey string,
	method string,
	host string,
	uri string,
	date string,
	params url.Values,
	body string,
) string {
	canon := officialCanonicalizeV5(method, host, uri, params, body, date)
	mac := hmac.New(sha512.New, []byte(skey))
	mac.Write([]byte(canon))
	sig := hex.EncodeToString(mac.Sum(nil))
	auth := ikey + ":" + sig
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(auth))
}
