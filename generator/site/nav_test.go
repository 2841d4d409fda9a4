package site

import (
	"regexp"
	"strings"
	"testing"

	"github.com/diachido/diachido/generator/diag"
	"github.com/diachido/diachido/internal/testsite"
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

// A link into the page ("#kien-truc") must lead to a heading of the text.
// One that does not, such as a link written for goldmark's old ASCII-only
// ids ("#kin-trc"), is a warning naming its line and the headings there
// are; so is one in a text without headings. A link to a Lao heading,
// percent-encoded as a browser copies it, is found. The same whether the build
// keeps the body (Prepare) or lets it go and scans it (Scan).
func TestLinksIntoThePageMustLeadToAHeading(t *testing.T) {
	files := baseSite()
	files["content/sites/dinh-a/index.vi.md"] = "---\nid: NT-101\ntitle: Đình A\nsummary: Một ngôi đình.\nlocation: {lat: 10.7, lng: 106.8}\n---\n## Lịch sử\n\nXem [phần kiến trúc](#kien-truc).\n\nVà [phần cũ](#kin-trc).\n\n## Kiến trúc\n\n[Lên đầu](#lich-su), [nội dung](#main), [ປະຫວັດ](#%E0%BA%9B%E0%BA%B0%E0%BA%AB%E0%BA%A7%E0%BA%B1%E0%BA%94).\n\n## ປະຫວັດ\n\nຂໍ້ຄວາມ.\n"
	files["content/sites/dinh-b/index.vi.md"] = "---\nid: NT-102\ntitle: Đình B\nsummary: Một ngôi đình khác.\nlocation: {lat: 10.8, lng: 106.8}\n---\nKhông có đề mục.\n\nXem [ở dưới](#duoi).\n"
	for _, budget := range []int64{0, -1} {
		var diags diag.List
		m := Load(testsite.MapFS(files), LoadOptions{NoPlacards: true, bodyBudget: budget}, &diags)
		if m == nil || diags.HasErrors() {
			t.Fatalf("budget %d: %s", budget, diags.String())
		}
		var got []string
		for _, w := range diags.Warnings() {
			if strings.Contains(w.Message, "leads nowhere") {
				got = append(got, w.String())
			}
		}
		want := []string{
			`content/sites/dinh-a/index.vi.md:11: warning: link "#kin-trc" leads nowhere: no heading of this text has that id; its headings are #lich-su, #kien-truc, #ປະຫວັດ (a heading's id`,
			`content/sites/dinh-b/index.vi.md:9: warning: link "#duoi" leads nowhere: the text has no headings`,
		}
		if len(got) != len(want) {
			t.Fatalf("budget %d: warnings\n%s\nwant\n%s", budget, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		for i := range want {
			if !strings.HasPrefix(got[i], want[i]) {
				t.Errorf("budget %d: got\n%s\nwant it to start\n%s", budget, got[i], want[i])
			}
		}
	}
}

// Counts read right in English: "1 entry", "2 entries", "1 place";
// Vietnamese has one form.
func TestCountsSayOneEntry(t *testing.T) {
	m := loadMem(t, baseSite())
	for _, c := range []struct {
		lang string
		n    int
		want string
		key  string
	}{{"en", 1, "1 entry", "entries_count"}, {"en", 2, "2 entries", "entries_count"}, {"vi", 1, "1 mục", "entries_count"}, {"vi", 3, "3 mục", "entries_count"},
		{"en", 1, "1 place", "map_count"}, {"en", 4, "4 places", "map_count"}, {"vi", 1, "1 địa điểm", "map_count"}} {
		if got := m.page(c.lang, "home", homePath(c.lang)).Plural(c.key, c.n); got != c.want {
			t.Errorf("%s, %d: %q, want %q", c.lang, c.n, got, c.want)
		}
	}
	files, _ := bigSite(520)
	mem := buildMem(t, files)
	if p := page(t, mem, "en/provinces/khac/index.html"); !strings.Contains(p, `<span class="count">1 entry</span>`) {
		t.Error(`the English page of the one entry with no province does not say "1 entry"`)
	}
}
