package config

import (
	"net"
	"strconv"
	"strings"
)

const hostExample = "api-xxxxxxxx.duosecurity.com"

// CheckHost checks an API hostname offline: api-XXXXXXXX.duosecurity.com or
// api-XXXXXXXX.duofederal.com in any case, with no scheme, path or port; or,
// for the simulator, a loopback address with a port (127.0.0.1:8443,
// [::1]:8443, localhost:8443).
func CheckHost(s string) (Hint, bool) {
	switch {
	case s == "":
		return hintf("the API hostname is empty — copy it from your Auth API application's Details page, like %s", hostExample), false
	case strings.Contains(s, "://"):
		return hintf("write the API hostname without %s — just %s", s[:strings.Index(s, "://")+3], hostExample), false
	case strings.ContainsFunc(s, isStray):
		return hintf("the API hostname contains a space or quote — remove it"), false
	case strings.Contains(s, "/"):
		return hintf("write just the API hostname, with no path — like %s", hostExample), false
	}
	if h, port, err := net.SplitHostPort(s); err == nil {
		if !isLoopback(h) {
			return hintf("Duo API hostnames take no port — remove :%s", port), false
		}
		if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
			return hintf("the simulator's port must be a number from 1 to 65535, like 127.0.0.1:8443"), false
		}
		return "", true
	}
	if isLoopback(strings.Trim(s, "[]")) {
		return hintf("a local simulator address needs its port, like 127.0.0.1:8443 (duotui sim prints it)"), false
	}
	h := strings.ToLower(s)
	if strings.HasPrefix(h, "admin-") {
		return hintf("this is the Admin Panel's address — the API hostname starts with api-, like %s", hostExample), false
	}
	suffix := ""
	for _, d := range []string{".duosecurity.com", ".duofederal.com"} {
		if strings.HasSuffix(h, d) {
			suffix = d
		}
	}
	if suffix == "" {
		return hintf("Duo API hostnames end in .duosecurity.com (or .duofederal.com for Duo Federal), like %s", hostExample), false
	}
	if !strings.HasPrefix(h, "api-") {
		return hintf("Duo API hostnames start with api-, like %s", hostExample), false
	}
	mid := strings.TrimSuffix(strings.TrimPrefix(h, "api-"), suffix)
	if mid == "" || strings.TrimFunc(mid, func(r rune) bool { return isAlnum(r) }) != "" {
		return hintf("the part between api- and %s should be letters and digits, like %s", suffix, hostExample), false
	}
	return "", true
}

// NormalizeHost cleans a pasted hostname and lower-cases it, the form Duo
// signs requests over.
func NormalizeHost(s string) string { return strings.ToLower(Clean(s)) }

// IsSimulatorHost reports a loopback address with a port: the local
// simulator rather than Duo (screens show it as "simulator").
func IsSimulatorHost(s string) bool {
	h, _, err := net.SplitHostPort(s)
	return err == nil && isLoopback(h)
}

func isLoopback(h string) bool {
	if strings.EqualFold(h, "localhost") {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}
