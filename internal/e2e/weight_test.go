package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// firstViewBudget is what an entry page may cost a visitor before they
// open anything (photos, map tiles and videos excluded): HTML, styles and
// scripts, as transferred. The test server does not compress, so this is
// stricter than a real host with gzip.
const firstViewBudget = 50 * 1024

func TestEntryPageWeightBudget(t *testing.T) {
	b, base := open(t)
	for _, p := range []string{
		"vi/sites/dia-dao-nhon-trach/",
		"en/sites/khu-di-tich-lich-su-trung-trung-bo-nuoc-oa/",
		"vi/markers/cot-moc-692/",
		"vi/tours/hanh-trinh-bon-dia-chi-do-nhon-trach/",
	} {
		var total struct {
			Bytes int
			Files []string
		}
		b.Run(t, chromedp.Navigate(base+p), chromedp.Evaluate(`(() => {
			const size = e => e.transferSize || e.encodedBodySize || 0;
			let bytes = size(performance.getEntriesByType("navigation")[0]);
			const files = [];
			for (const r of performance.getEntriesByType("resource")) {
				if (["img", "image", "video", "audio"].includes(r.initiatorType)) continue;
				if (/\.(png|jpe?g|webp|gif|svg|mp3|mp4)(\?|$)/.test(r.name)) continue;
				bytes += size(r);
				files.push(r.name + " " + size(r));
			}
			return {Bytes: bytes, Files: files};
		})()`, &total))
		if total.Bytes == 0 {
			t.Fatalf("/%s: measured nothing", p)
		}
		if total.Bytes > firstViewBudget {
			t.Errorf("/%s costs %d bytes before the visitor opens anything (budget %d): %v", p, total.Bytes, firstViewBudget, total.Files)
		}
		t.Logf("/%s: %d bytes %v", p, total.Bytes, total.Files)
	}
}
