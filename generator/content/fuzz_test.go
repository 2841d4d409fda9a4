package content

import (
	"bytes"
	"math"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"github.com/diachido/diachido/generator/diag"
)

// Seeds live in testdata/fuzz/<FuzzName>/; `make fuzz` runs each target
// for FUZZTIME and `go test` runs the seeds as ordinary tests.

// FuzzSplitFrontMatter feeds raw file bytes through Normalize and
// SplitFrontMatter, as parseFile does: neither may panic, the front matter
// and body must be the input's own bytes in place, and bodyLine must be the
// line the body really starts on.
func FuzzSplitFrontMatter(f *testing.F) {
	f.Fuzz(func(t *testing.T, raw []byte) {
		src, line, msg := Normalize(raw)
		if msg != "" {
			if line < 1 || line > 1+bytes.Count(raw, []byte("\n")) {
				t.Fatalf("Normalize: problem line %d outside the file's %d lines", line, 1+bytes.Count(raw, []byte("\n")))
			}
			return
		}
		if !utf8.Valid(src) || bytes.IndexByte(src, '\r') >= 0 {
			t.Fatalf("Normalize left invalid UTF-8 or a CR: %q", src)
		}
		front, body, bodyLine, ok := SplitFrontMatter(src)
		if !ok {
			first, _, _ := bytes.Cut(src, []byte("\n"))
			if string(bytes.TrimRight(first, " \t")) == "---" {
				t.Fatalf("a file starting with --- was said to have no front matter")
			}
			return
		}
		if bodyLine < 0 {
			if front != nil || body != nil {
				t.Fatalf("unclosed front matter returned parts")
			}
			return
		}
		nl := bytes.IndexByte(src, '\n')
		if nl < 0 {
			t.Fatalf("front matter closed in a one-line file: %q", src)
		}
		afterFirst := src[nl+1:]
		if !bytes.HasPrefix(afterFirst, front) {
			t.Fatalf("front %q is not the text after the first line", front)
		}
		if !bytes.HasSuffix(src, body) {
			t.Fatalf("body %q is not a suffix of the input", body)
		}
		// Between them is exactly one closing line.
		mid := afterFirst[len(front) : len(afterFirst)-len(body)]
		closing := string(bytes.TrimRight(bytes.TrimSuffix(mid, []byte("\n")), " \t"))
		if closing != "---" || bytes.Count(mid, []byte("\n")) > 1 {
			t.Fatalf("between front and body: %q", mid)
		}
		// No earlier line closes the front matter.
		if len(front) > 0 {
			for _, l := range strings.Split(strings.TrimSuffix(string(front), "\n"), "\n") {
				if strings.TrimRight(l, " \t") == "---" {
					t.Fatalf("front %q holds a closing line", front)
				}
			}
		}
		// bodyLine is the 1-based line of the body's first byte.
		want := 1 + bytes.Count(src[:len(src)-len(body)], []byte("\n"))
		if body == nil {
			want = 1 + bytes.Count(src, []byte("\n")) + 1
		}
		if bodyLine != want {
			t.Fatalf("bodyLine %d, want %d (front %q, body %q)", bodyLine, want, front, body)
		}
	})
}

// FuzzSlugify checks that a slug is always a valid folder name (or empty,
// for a title with no letters or digits) and that slugging a slug keeps it.
func FuzzSlugify(f *testing.F) {
	f.Fuzz(func(t *testing.T, title string) {
		s := Slugify(title)
		if s != "" && !SlugRe.MatchString(s) {
			t.Fatalf("Slugify(%q) = %q: not a valid folder name", title, s)
		}
		if again := Slugify(s); again != s {
			t.Fatalf("Slugify is not idempotent: %q → %q → %q", title, s, again)
		}
	})
}

// FuzzLocation writes lat and lng as an editor could (any text) into a
// site entry and loads it: Load never panics, and a location it accepts
// without an error is a real point on Earth.
func FuzzLocation(f *testing.F) {
	f.Fuzz(func(t *testing.T, lat, lng string) {
		src := "---\nid: NT-001\ntitle: Đình\nsummary: Một ngôi đình.\nlocation: {lat: " + lat + ", lng: " + lng + "}\n---\nThân bài.\n"
		fsys := fstest.MapFS{
			"content/sites/dinh/index.vi.md": &fstest.MapFile{Data: []byte(src), Mode: 0o644},
		}
		var diags diag.List
		c := Load(fsys, Options{Languages: []string{"vi", "en"}}, &diags)
		for _, d := range diags.Errors() {
			if d.Pos.File != "content/sites/dinh/index.vi.md" && d.Pos.File != "content/sites/dinh" {
				t.Fatalf("error about another file: %s", d)
			}
			// A lone CR ends a line too (Normalize makes it LF).
			if n := 1 + strings.Count(strings.ReplaceAll(strings.ReplaceAll(src, "\r\n", "\n"), "\r", "\n"), "\n"); d.Pos.Line > n {
				t.Fatalf("error line %d past the file's %d lines: %s", d.Pos.Line, n, d)
			}
		}
		if diags.HasErrors() {
			return
		}
		if len(c.Entries) != 1 {
			t.Fatalf("no error, but %d entries", len(c.Entries))
		}
		loc := c.Entries[0].Default.Front.Location
		if loc == nil || loc.Lat == nil || loc.Lng == nil {
			t.Fatalf("accepted without a location: lat %q lng %q", lat, lng)
		}
		la, ln := *loc.Lat, *loc.Lng
		if math.IsNaN(la) || math.IsNaN(ln) || la < -90 || la > 90 || ln < -180 || ln > 180 {
			t.Fatalf("accepted lat %v lng %v (from %q, %q)", la, ln, lat, lng)
		}
	})
}
