package config

import (
	"reflect"
	"strings"

	"github.com/BurntSushi/toml"
)

// suggest returns the known key closest to an unknown one, when it is a
// likely typo (at most two edits away), else "".
func suggest(k toml.Key) string {
	var known []string
	var prefix string
	switch {
	case len(k) == 1:
		known = tomlNames(reflect.TypeFor[Config]())
	case len(k) == 3 && k[0] == "profiles":
		known, prefix = tomlNames(reflect.TypeFor[Profile]()), "profiles."+k[1]+"."
	case len(k) == 2:
		if f, ok := reflect.TypeFor[Config]().FieldByNameFunc(func(n string) bool { return strings.EqualFold(n, k[0]) }); ok && f.Type.Kind() == reflect.Struct {
			known, prefix = tomlNames(f.Type), k[0]+"."
		}
	}
	last := k[len(k)-1]
	best, bestDist := "", 3
	for _, name := range known {
		if d := editDistance(last, name); d < bestDist && d < len(name) {
			best, bestDist = name, d
		}
	}
	if best == "" {
		return ""
	}
	return prefix + best
}

// tomlNames lists the TOML key names of a struct's fields.
func tomlNames(t reflect.Type) []string {
	names := make([]string, 0, t.NumField())
	for f := range t.Fields() {
		name, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
		names = append(names, name)
	}
	return names
}

// editDistance is the Levenshtein distance between two short strings.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
