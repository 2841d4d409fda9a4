package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/diachido/diachido/internal/testsite"
)

// brokenSite is a valid one-entry site; each case below breaks it.
func brokenSite() map[string]string {
	return map[string]string{
		"site.yaml": "baseURL: https://x.example.vn/\nlanguages:\n  - code: vi\n    title: Thử\n",
		"content/sites/dinh/index.vi.md": "---\nid: NT-001\ntitle: Đình\nsummary: Ngôi đình.\nlocation: {lat: 10.7, lng: 106.8}\n" +
			"sources:\n  - {title: Báo, url: \"https://bao.example.vn/\"}\nupdated: 2026-01-02\n---\nThân bài.\n",
	}
}

// TestBrokenContentExitsOneAndKeepsOutput runs `diachido build` on broken
// sources: each exits with status 1, prints the problem as path:line:
// message, and leaves the previous build exactly as it was.
func TestBrokenContentExitsOneAndKeepsOutput(t *testing.T) {
	const entry = "content/sites/dinh/index.vi.md"
	dir := t.TempDir()
	src, out := filepath.Join(dir, "src"), filepath.Join(dir, "out")
	testsite.Replace(t, src, brokenSite())
	if code, _, stderr := runCLI("build", "-source", src, "-output", out, "-no-placards", "-cache-dir", "off"); code != 0 {
		t.Fatalf("good build: exit %d\n%s", code, stderr)
	}
	before := testsite.Hashes(t, out)
	big := strings.Repeat("Đoạn văn dài. ", 200000)
	for _, tc := range []struct {
		name, file, body, want string
	}{
		{"empty file", entry, "", entry + ":1: missing front matter"},
		{"binary file", entry, "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", entry + ":3: this is not a text file"},
		{"UTF-16", entry, "\xff\xfe-\x00-\x00-\x00\n\x00", entry + ":1: text is UTF-16, not UTF-8"},
		{"wrong type", entry, "---\nid: NT-001\ntitle: [Đình]\nsummary: x\nlocation: {lat: 10, lng: 106}\n---\n", entry + ":3: expected text, got a list"},
		{"out of range", entry, "---\nid: NT-001\ntitle: Đình\nsummary: x\nlocation: {lat: 106.8, lng: 10.7}\n---\n", entry + ":5: latitude 106.8 is outside -90…90"},
		{"too large", entry, "---\nid: NT-001\ntitle: Đình\nsummary: x\nlocation: {lat: 10, lng: 106}\n---\n" + big, entry + ":1: file is 3.62 MB; an entry's text must be under 2 MB"},
		{"nested quotes", entry, "---\nid: NT-001\ntitle: Đình\nsummary: x\nlocation: {lat: 10, lng: 106}\n---\n" + strings.Repeat(">", 100000), entry + ":7: lists or quotes are nested 100000 levels deep"},
		{"YAML bomb", "site.yaml", "baseURL: https://x.example.vn/\nlanguages:\n  - code: vi\n    title: Thử\n" +
			"description: &a {vi: x}\nretired: {A: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a], B: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b], C: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c], D: [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]}\n", "site.yaml:"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := brokenSite()
			files[tc.file] = tc.body
			testsite.Replace(t, src, files)
			code, stdout, stderr := runCLI("build", "-source", src, "-output", out, "-no-placards", "-cache-dir", "off")
			if code != 1 {
				t.Errorf("exit %d, want 1\n%s%s", code, stdout, stderr)
			}
			if !strings.Contains(stderr, tc.want) {
				t.Errorf("stderr lacks %q:\n%.2000s", tc.want, stderr)
			}
			if !strings.Contains(stderr, "nothing was written") {
				t.Errorf("stderr does not say the output is unchanged:\n%.2000s", stderr)
			}
			if name := testsite.Differs(before, testsite.Hashes(t, out)); name != "" {
				t.Fatalf("a failed build changed the previous output: %s", name)
			}
			if left, _ := filepath.Glob(filepath.Join(dir, ".out.tmp-*")); len(left) > 0 {
				t.Errorf("temporary folders left: %v", left)
			}
		})
	}
	// check says the same, with the same status.
	files := brokenSite()
	files[entry] = ""
	testsite.Replace(t, src, files)
	var o, e bytes.Buffer
	if code := run([]string{"check", "-source", src}, &o, &e); code != 1 || !strings.Contains(e.String()+o.String(), entry+":1: missing front matter") {
		t.Errorf("check: exit %d\n%s%s", code, o.String(), e.String())
	}
}
