package report

import "testing"

// A log line, whatever its bytes, is read or reported: never a panic.
func FuzzParseLine(f *testing.F) {
	for _, s := range []string{
		`203.0.113.1 - - [05/Oct/2026:09:00:00 +0700] "GET /p/NT-001/ HTTP/1.1" 200 512 "-" "Mozilla/5.0"`,
		`::1 - bob [05/Oct/2026:09:00:00 -0000] "GET /p/NT-001?x=\"y\" HTTP/1.1" 301 0 "http://r/" "a \"quoted\" agent"`,
		`203.0.113.1 - - [05/Oct/2026:09:00:00 +0700] "\x16\x03\x01" 400 150 "-" "-"`,
		`203.0.113.1 - - [05/Oct/2026:09:00:00 +0700] "-" 400 0 "-" "-"`,
		`[`, `"`, ``, `x [] "" 1 1`,
	} {
		f.Add(s)
	}
	ix := &index{base: "/guide/", pages: map[string]string{"vi/sites/a/": "NT-001"}, known: map[string]bool{"NT-001": true}, retired: map[string]bool{}}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := parseLine([]byte(s))
		if err == nil {
			ix.classify(r.target, false)
			ix.classify(r.target, true)
		}
	})
}
