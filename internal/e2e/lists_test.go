package e2e

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/diachido/diachido/internal/browsertest"
	"github.com/diachido/diachido/internal/testsite"
)

// listFiles is a guide of n sites, most in one province of five
// districts: its list of sites and that province's page run to several
// pages (issue 17).
func listFiles(n int) map[string]string {
	files := testsite.Parse(testsite.Config)
	for i := 1; i <= n; i++ {
		prov := "Tỉnh Bắc Giang"
		if i%4 == 0 {
			prov = "Tỉnh Đắk Lắk"
		}
		files[fmt.Sprintf("content/sites/di-tich-%04d/index.vi.md", i)] = fmt.Sprintf("---\nid: NT-%04d\ntitle: Đình làng số %d\nsummary: Một ngôi đình có câu chuyện dài về làng.\nlocation: {lat: 10.%04d, lng: 106.8}\nprovince: %s\ndistrict: Huyện Lục Ngạn số %d\ncategory: history\n---\nNội dung.\n", i, i, i, prov, i%5+1)
	}
	return files
}

// On a 360 px phone, the pages of a long list and of a province fit the
// screen, show their pager, and lead on to the next page by its links,
// which need no script.
func TestListPagesFitAPhoneAndPageOn(t *testing.T) {
	src := testsite.Dir(t, listFiles(460))
	out := filepath.Join(t.TempDir(), "out")
	buildInto(t, src, out)
	b := browsertest.New(t)
	base := browsertest.Serve(t, out)
	for _, p := range []string{"vi/", "vi/provinces/", "vi/provinces/tinh-bac-giang/", "vi/provinces/tinh-bac-giang/page/2/", "vi/sites/", "vi/sites/page/2/", "en/sites/page/3/"} {
		var width, inner int
		b.Run(t, browsertest.Phone(), chromedp.Navigate(base+p),
			chromedp.Evaluate(`document.documentElement.scrollWidth`, &width),
			chromedp.Evaluate(`window.innerWidth`, &inner))
		if width > inner {
			t.Errorf("/%s scrolls sideways: content %d px wide in a %d px screen", p, width, inner)
		}
		shot(t, b, "list-"+strings.NewReplacer("/", "_").Replace(strings.TrimSuffix(p, "/")))
	}
	b.Run(t, chromedp.Navigate(base+"vi/provinces/tinh-bac-giang/"))
	b.Run(t, chromedp.Click(`.pager a[rel=next]`, chromedp.ByQuery))
	until(t, b, "the next page opens", `location.pathname == "/vi/provinces/tinh-bac-giang/page/2/" && document.querySelector(".pager-current").textContent == "2"`, 10*time.Second)
	if h := text(t, b, `[...document.querySelectorAll("h2")].map(h => h.textContent).find(s => s.includes("(tiếp)")) || ""`); h == "" {
		t.Error("page 2 of the province does not say which district goes on")
	}
	// Measured once the page has settled: right after the click the
	// pager may not be laid out yet (seen as 0 links on a loaded machine).
	const tall = `[...document.querySelectorAll(".pager a")].filter(a => a.getBoundingClientRect().height >= 44).length`
	_ = b.Until(tall+` >= 2`, 10*time.Second, 100*time.Millisecond)
	var links int
	b.Run(t, chromedp.Evaluate(tall, &links))
	if links < 2 {
		t.Errorf("the pager has %d links a finger can hit (44 px high)", links)
	}
}
