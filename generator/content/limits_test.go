package content

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/diachido/diachido/generator/diag"
)

func TestBodyDepth(t *testing.T) {
	for _, tc := range []struct {
		body  string
		depth int
		line  int
	}{
		{"", 0, 0},
		{"Một đoạn văn.\n", 0, 0},
		{"- a\n  - b\n    - c\n", 2, 3},
		{"> > > x", 3, 1},
		{">>>x", 3, 1},
		{"1. 2) - * + > x", 6, 1},
		{"-x\n*emphasis*\n10.5 độ\n", 0, 0},
		{"\n\n" + strings.Repeat("- ", 100) + "x\n", 100, 3},
		{strings.Repeat(" ", 200) + "x", 50, 1},
		{"\t\t- x", 3, 1},
		{strings.Repeat(" ", 1000) + "\n", 0, 0}, // blank
		{"1234567890. not a list", 0, 0},
	} {
		d, l := BodyDepth([]byte(tc.body))
		if d != tc.depth || l != tc.line {
			t.Errorf("BodyDepth(%.40q) = %d at line %d, want %d at line %d", tc.body, d, l, tc.depth, tc.line)
		}
	}
}

func TestNormalizeNamesTheProblem(t *testing.T) {
	for _, tc := range []struct {
		raw  string
		line int
		msg  string
	}{
		{"\xff\xfe-\x00-\x00", 1, "text is UTF-16, not UTF-8"},
		{"\xfe\xff\x00-\x00-", 1, "text is UTF-16, not UTF-8"},
		{"---\ntitle: a\x00\n", 2, "this is not a text file"},
		{"---\n\ntitle: \xe9\n", 3, "text is not UTF-8"},
	} {
		_, line, msg := Normalize([]byte(tc.raw))
		if line != tc.line || !strings.HasPrefix(msg, tc.msg) {
			t.Errorf("Normalize(%q) = %d %q, want %d %q", tc.raw, line, msg, tc.line, tc.msg)
		}
	}
}

// TestDeepBodyIsNotKept: a body over the depth limit is an error on its
// line, and the body is dropped so that no later stage parses it.
func TestDeepBodyIsNotKept(t *testing.T) {
	src := "---\nid: NT-001\ntitle: Đình\nsummary: x\nlocation: {lat: 10, lng: 106}\n---\nĐoạn đầu.\n\n" + strings.Repeat(">", 1000) + " x\n"
	fsys := fstest.MapFS{"content/sites/dinh/index.vi.md": &fstest.MapFile{Data: []byte(src)}}
	var diags diag.List
	c := Load(fsys, Options{Languages: []string{"vi"}}, &diags)
	want := "content/sites/dinh/index.vi.md:9: lists or quotes are nested 1000 levels deep here; keep them under 50 levels"
	if errs := diags.Errors(); len(errs) != 1 || !strings.HasPrefix(errs[0].String(), want) {
		t.Fatalf("errors: %v, want %q", errs, want)
	}
	if len(c.Entries) == 1 && c.Entries[0].Default.Body != nil {
		t.Error("the deep body was kept")
	}
}
