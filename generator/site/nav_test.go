package site

import (
	"regexp"
	"strings"
	"testing"
)

var currentRe = regexp.MustCompile(`<a [^>]*href="([^"]*)"[^>]* aria-current="page"`)

// The header's search link and navigation are rendered once per language
// and current page (partialCached): every page must still mark exactly
// the link to itself, and no other page's.
func TestNavigationMarksOnlyTheCurrentPage(t *testing.T) {
	files := baseSite()
	files["content/pages/gioi-thieu/index.vi.md"] = "---\nid: P-1\ntitle: Giới thiệu\nsummary: Về trang.\n---\nNội dung.\n"
	mem := buildMem(t, files)
	for name, want := range map[string][]string{
		"vi/sites/index.html":                    {"/vi/sites/"},
		"vi/search/index.html":                   {"/vi/search/"},
		"vi/map/index.html":                      {"/vi/map/"},
		"vi/pages/gioi-thieu/index.html":         {"/vi/pages/gioi-thieu/"},
		"vi/sites/dia-dao-nhon-trach/index.html": nil,
		"en/sites/index.html":                    {"/en/sites/"},
		"vi/index.html":                          nil,
	} {
		got := currentRe.FindAllStringSubmatch(page(t, mem, name), -1)
		var urls []string
		for _, m := range got {
			urls = append(urls, m[1])
		}
		if strings.Join(urls, " ") != strings.Join(want, " ") {
			t.Errorf("%s marks %v as current, want %v", name, urls, want)
		}
	}
}

// {{.L.key}} gives what {{.T "key"}} gives, fallback included.
func TestPageStringsMatchT(t *testing.T) {
	m := loadMem(t, baseSite())
	for _, lang := range m.Langs {
		pg := m.page(lang, "home", homePath(lang))
		if len(pg.L) < 50 {
			t.Fatalf("%s: only %d strings", lang, len(pg.L))
		}
		for k, v := range pg.L {
			if v != pg.T(k) {
				t.Errorf("%s: L.%s = %q, T = %q", lang, k, v, pg.T(k))
			}
		}
	}
}
