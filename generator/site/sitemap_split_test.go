package site

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
)

// A sitemap of more URLs than one file may hold (the protocol's 50,000,
// lowered here) is an index at /sitemap.xml of files that each hold at
// most that many, together every page once, list pages included.
func TestSitemapSplitsAtItsLimit(t *testing.T) {
	files, _ := bigSite(450)
	one := buildMem(t, files)
	whole := page(t, one, "sitemap.xml")
	locRe := regexp.MustCompile(`<loc>([^<]+)</loc>`)
	all := locRe.FindAllStringSubmatch(whole, -1)
	for _, want := range []string{"https://guide.example.vn/en/provinces/tinh-bac-giang/page/2/", "https://guide.example.vn/vi/sites/page/3/", "https://guide.example.vn/vi/provinces/"} {
		if !strings.Contains(whole, "<loc>"+want+"</loc>") {
			t.Errorf("the sitemap lacks %s", want)
		}
	}
	defer func(n int) { sitemapMax = n }(sitemapMax)
	sitemapMax = 200
	mem := buildMem(t, files)
	index := page(t, mem, "sitemap.xml")
	if !strings.Contains(index, "<sitemapindex") {
		t.Fatalf("sitemap.xml is not an index:\n%.300s", index)
	}
	var got []string
	parts := locRe.FindAllStringSubmatch(index, -1)
	if len(parts) < 3 {
		t.Errorf("%d URLs in %d files of at most 200", len(all), len(parts))
	}
	for i, part := range parts {
		if want := fmt.Sprintf("https://guide.example.vn/sitemap-%d.xml", i+1); part[1] != want {
			t.Errorf("index entry %d is %s, want %s", i, part[1], want)
		}
		locs := locRe.FindAllStringSubmatch(page(t, mem, fmt.Sprintf("sitemap-%d.xml", i+1)), -1)
		if len(locs) > 200 {
			t.Errorf("sitemap-%d.xml lists %d URLs, over the limit", i+1, len(locs))
		}
		for _, l := range locs {
			got = append(got, l[1])
		}
	}
	if len(got) != len(all) {
		t.Errorf("the split sitemaps list %d URLs, the whole one %d", len(got), len(all))
	}
	for i := range min(len(got), len(all)) {
		if got[i] != all[i][1] {
			t.Fatalf("URL %d is %s split, %s whole", i, got[i], all[i][1])
		}
	}
	if r := page(t, mem, "robots.txt"); !strings.Contains(r, "Sitemap: https://guide.example.vn/sitemap.xml") {
		t.Errorf("robots.txt: %s", r)
	}
}
