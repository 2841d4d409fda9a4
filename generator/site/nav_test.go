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

var navRe = regexp.MustCompile(`(?s)<nav class="site-nav wrap".*?</nav>`)

// On a large site the home page no longer lists every entry, so the
// navigation links the list of provinces; and a page deep in a list (a
// section's page 3, an entry, a province page) marks the list it is in
// with aria-current="true", the page itself still with "page". A small
// site's navigation has no provinces link.
func TestNavigationLeadsToTheProvincesAndShowsTheList(t *testing.T) {
	files, _ := bigSite(520)
	mem := buildMem(t, files)
	marks := func(name string) (string, string) {
		nav := navRe.FindString(page(t, mem, name))
		if nav == "" {
			t.Fatalf("%s has no navigation", name)
		}
		var cur, in []string
		for _, m := range regexp.MustCompile(`<a href="([^"]*)" aria-current="(page|true)"`).FindAllStringSubmatch(nav, -1) {
			if m[2] == "page" {
				cur = append(cur, m[1])
			} else {
				in = append(in, m[1])
			}
		}
		return strings.Join(cur, " "), strings.Join(in, " ")
	}
	for name, want := range map[string][2]string{
		"vi/index.html":                                 {"", ""},
		"vi/provinces/index.html":                       {"/vi/provinces/", ""},
		"vi/provinces/tinh-bac-giang/page/2/index.html": {"", "/vi/provinces/"},
		"vi/sites/index.html":                           {"/vi/sites/", ""},
		"vi/sites/page/3/index.html":                    {"", "/vi/sites/"},
		"vi/sites/di-tich-0001/index.html":              {"", "/vi/sites/"},
		"vi/markers/cot-moc-0005/index.html":            {"", "/vi/markers/"},
		"en/provinces/tinh-ca-mau/index.html":           {"", "/en/provinces/"},
		"vi/map/index.html":                             {"/vi/map/", ""},
	} {
		cur, in := marks(name)
		if cur != want[0] || in != want[1] {
			t.Errorf("%s marks page %q and list %q, want %q and %q", name, cur, in, want[0], want[1])
		}
	}
	home := navRe.FindString(page(t, mem, "vi/index.html"))
	if !strings.Contains(home, `<a href="/vi/provinces/">Các tỉnh</a>`) {
		t.Errorf("a large site's navigation does not link the provinces:\n%s", home)
	}
	if en := navRe.FindString(page(t, mem, "en/index.html")); !strings.Contains(en, `<a href="/en/provinces/">`) {
		t.Errorf("the English navigation does not link the provinces:\n%s", en)
	}
	small := buildMem(t, baseSite())
	if nav := navRe.FindString(page(t, small, "vi/index.html")); strings.Contains(nav, "/provinces/") {
		t.Errorf("a small site's navigation links the provinces:\n%s", nav)
	}
}
