package e2e

import (
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/diachido/diachido/internal/browsertest"
)

// TestSearchWeightAtScale measures a query on a built site's search page
// in Chromium: SEARCH_MEASURE_OUTPUT=/dev/shm/out go test ./internal/e2e
// -run TestSearchWeightAtScale -v serves that output folder gzipped, types
// SEARCH_MEASURE_QUERY ("dia dao" unless set) on every language's search
// page, logs the bytes fetched gzipped (as the server counted them and as
// Chromium saw them arrive) and the first results, and fails when a query
// costs more than 150 KB. Without the variable it is skipped, even under
// CI=true: it measures a folder the lead builds (100,000 entries × 3
// languages), which no test builds.
func TestSearchWeightAtScale(t *testing.T) {
	dir := os.Getenv("SEARCH_MEASURE_OUTPUT")
	if dir == "" {
		t.Skip("SEARCH_MEASURE_OUTPUT is not set: it names a built output folder to measure search in")
	}
	q := os.Getenv("SEARCH_MEASURE_QUERY")
	if q == "" {
		q = "dia dao"
	}
	metas, _ := filepath.Glob(filepath.Join(dir, "*", "search", "meta.json"))
	if len(metas) == 0 {
		t.Fatalf("%s has no */search/meta.json: not a built site", dir)
	}
	host, base := serveRecorded(t, dir)
	b := browsertest.New(t)
	for _, meta := range metas {
		lang := filepath.Base(filepath.Dir(filepath.Dir(meta)))
		page := base + lang + "/search/"
		b.Run(t, chromedp.Navigate(page), chromedp.WaitVisible(`#q`, chromedp.ByQuery),
			chromedp.Evaluate(`performance.clearResourceTimings()`, nil))
		pageSent := host.take()
		start := time.Now()
		b.Run(t, chromedp.Click(`#q`, chromedp.ByQuery), chromedp.SendKeys(`#q`, q, chromedp.ByQuery))
		if err := b.Until(`(function(){var s=document.getElementById("search-status").textContent;`+
			`return s!=="" && s!==document.getElementById("search-results").dataset.loading && `+
			`location.search==="?q="+encodeURIComponent(document.getElementById("q").value.trim())})()`, 60*time.Second, 20*time.Millisecond); err != nil {
			t.Fatalf("/%s/search/: no answer to %q: %v", lang, q, err)
		}
		took := time.Since(start)
		sent := host.take()
		var seen int
		var status string
		var titles []string
		b.Run(t, chromedp.Evaluate(`performance.getEntriesByType("resource").reduce(function(n, r){return n + r.transferSize}, 0)`, &seen),
			chromedp.Text(`#search-status`, &status, chromedp.ByQuery),
			chromedp.Evaluate(`Array.prototype.map.call(document.querySelectorAll("#search-results .card-title"), function(a){return a.textContent}).slice(0, 10)`, &titles))
		var names []string
		total := 0
		for _, r := range sent {
			names = append(names, r.Path)
			total += r.Gzip
		}
		sort.Strings(names)
		pageTotal := 0
		for _, r := range pageSent {
			pageTotal += r.Gzip
		}
		t.Logf("/%s/search/ (the page itself %d bytes gzipped): %q answered in %v, %s; %d files, %d bytes gzipped (Chromium: %d with headers): %v",
			lang, pageTotal, q, took.Round(time.Millisecond), status, len(names), total, seen, names)
		for i, title := range titles {
			t.Logf("  %d. %s", i+1, title)
		}
		if total > 150*1024 {
			t.Errorf("/%s/search/: %q fetched %d bytes gzipped, over 150 KB", lang, q, total)
		}
	}
}
