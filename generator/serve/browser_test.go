package serve

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/diachido/diachido/internal/browsertest"
	"github.com/diachido/diachido/internal/testsite"
)

// TestBrowserReloads checks the injected script in a real browser: a page
// open in Chromium reloads by itself after a rebuild, shows the error panel
// over the page when the source breaks, and loses it when the source is
// fixed. Skips without Chromium (fails under CI=true).
func TestBrowserReloads(t *testing.T) {
	b := browsertest.New(t)
	dir := testsite.Dir(t, fixture)
	s, ts := start(t, dir, Options{})
	rebuild(t, s)
	// poll waits until expr is true (browsertest.Browser.Until).
	poll := func(what, expr string) {
		t.Helper()
		if err := b.Until(expr, 15*time.Second, 50*time.Millisecond); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}

	b.Run(t, browsertest.Phone(), chromedp.Navigate(ts.URL+"/vi/sites/dinh-a/"))
	poll("page", `document.title.startsWith("Đình A ·")`)
	// A mark that survives only until the page reloads.
	b.Run(t, chromedp.Evaluate(`window.__notReloaded = true`, nil))

	testsite.EditFile(t, dir, pageA, "title: Đình A", "title: Đình A mới")
	rebuild(t, s)
	poll("reload after a rebuild", `document.title.startsWith("Đình A mới ·") && window.__notReloaded === undefined`)

	testsite.EditFile(t, dir, pageA, "title: Đình A mới\n", "")
	if err := s.Rebuild(); err == nil {
		t.Fatal("want errors")
	}
	// The panel covers the whole screen, over the last good page.
	poll("error panel", `(function(){
		var p = document.getElementById("diachido-errors");
		if (!p) return false;
		var r = p.getBoundingClientRect();
		return r.top === 0 && r.left === 0 && r.width === window.innerWidth && r.height === window.innerHeight &&
			p.textContent.indexOf("`+pageA+`:1: missing title") >= 0 &&
			document.title.startsWith("Đình A mới ·");
	})()`)

	testsite.Write(t, dir, map[string]string{pageA: fixture[pageA]})
	rebuild(t, s)
	poll("panel gone after the fix", `!document.getElementById("diachido-errors") && document.title.startsWith("Đình A ·")`)
}
