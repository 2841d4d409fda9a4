// Package htmlsafe holds the checks tests use to decide whether built HTML
// could run script: the same rules in the Markdown fuzzer and the site's
// hostile-input suite.
package htmlsafe

import "strings"

// DangerousURL reports whether a browser would take an attribute value
// (entities already decoded by the parser) as a script, data or vbscript
// address: the URL parser drops leading and trailing controls and spaces and
// every tab and newline before it reads the scheme. A srcset-like list is
// checked candidate by candidate.
func DangerousURL(v string) bool {
	v = strings.TrimFunc(v, func(r rune) bool { return r <= 0x20 })
	v = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, v)
	v = strings.ToLower(v)
	for _, s := range []string{"javascript:", "data:", "vbscript:"} {
		if strings.HasPrefix(v, s) {
			return true
		}
	}
	if strings.Contains(v, ",") {
		for _, part := range strings.Split(v, ",") {
			part = strings.TrimSpace(part)
			if part != v && DangerousURL(part) {
				return true
			}
		}
	}
	return false
}
