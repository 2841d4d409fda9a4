package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/diachido/diachido/generator/diag"
	"github.com/diachido/diachido/generator/site"
	"github.com/diachido/diachido/internal/browsertest"
	"github.com/diachido/diachido/internal/testsite"
)

// repoRoot holds the example site (site.yaml and content/).
const repoRoot = "../.."

// buildOnce returns what gives a test the output folder of a site built
// the first time a test asks for it, once per test binary: the site in src,
// or, when files is not nil, the files it makes, written to a temporary
// folder. Root-relative links make the site work on any host; the base URL
// only appears in absolute links (canonical, placards).
func buildOnce(name, src string, files func() map[string]string) func(t *testing.T) string {
	build := sync.OnceValues(func() (string, error) {
		root, err := os.MkdirTemp("", "diachido-e2e-")
		if err != nil {
			return "", err
		}
		if files != nil {
			src = filepath.Join(root, "src")
			if err := testsite.WriteFiles(src, files()); err != nil {
				return "", err
			}
		}
		out := filepath.Join(root, "out")
		var diags diag.List
		if _, err := site.Build(site.BuildOptions{Source: src, Output: out}, &diags); err != nil {
			return "", fmt.Errorf("%v\n%s", err, diags.String())
		}
		return out, nil
	})
	return func(t *testing.T) string {
		t.Helper()
		out, err := build()
		if err != nil {
			t.Fatalf("build %s: %v", name, err)
		}
		return out
	}
}

// exampleSite is the example site, built.
var exampleSite = buildOnce("the example site", repoRoot, nil)

// open serves the example site and returns a browser and the site's URL.
func open(t *testing.T) (*browsertest.Browser, string) {
	t.Helper()
	b := browsertest.New(t)
	base := browsertest.Serve(t, exampleSite(t))
	return b, base
}

// shot saves a screenshot to $SHOTS when set, for people to look at.
func shot(t *testing.T, b *browsertest.Browser, name string) {
	dir := os.Getenv("SHOTS")
	if dir == "" {
		return
	}
	var png []byte
	b.Run(t, chromedp.FullScreenshot(&png, 100))
	os.MkdirAll(dir, 0o755)
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Error(err)
	}
}

func TestNoPageScrollsSidewaysOnAPhone(t *testing.T) {
	b, base := open(t)
	for _, p := range []string{
		"vi/", "en/", "vi/sites/", "vi/markers/", "vi/sites/dia-dao-nhon-trach/", "en/sites/dia-dao-nhon-trach/",
		"vi/markers/cot-moc-676/", "en/markers/cot-moc-676/", "vi/tours/hanh-trinh-bon-dia-chi-do-nhon-trach/",
		"vi/pages/about/", "vi/placards/", "404.html", "", "vi/provinces/", "vi/provinces/dong-nai/",
	} {
		var width, inner int
		var title string
		b.Run(t, browsertest.Phone(), chromedp.Navigate(base+p),
			chromedp.Evaluate(`document.documentElement.scrollWidth`, &width),
			chromedp.Evaluate(`window.innerWidth`, &inner),
			chromedp.Title(&title))
		if width > inner {
			t.Errorf("/%s scrolls sideways: content %d px wide in a %d px screen", p, width, inner)
		}
		if title == "" {
			t.Errorf("/%s has no title", p)
		}
		shot(t, b, "phone-"+strings.NewReplacer("/", "_").Replace(strings.TrimSuffix(p, "/")))
	}
}

func TestLanguageSwitcherLandsOnTranslation(t *testing.T) {
	b, base := open(t)
	var h1, lang, url string
	b.Run(t, browsertest.Phone(), chromedp.Navigate(base+"vi/sites/dia-dao-nhon-trach/"),
		chromedp.Click(`.langs a[hreflang="en"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`html[lang="en"]`, chromedp.ByQuery),
		chromedp.Text(`h1`, &h1, chromedp.ByQuery),
		chromedp.Evaluate(`document.documentElement.lang`, &lang),
		chromedp.Location(&url))
	if lang != "en" || !strings.HasSuffix(url, "/en/sites/dia-dao-nhon-trach/") || h1 != "Nhơn Trạch Tunnels" {
		t.Errorf("after switching: lang %q, url %q, h1 %q", lang, url, h1)
	}
}

func TestShortLinkOpensPreferredLanguage(t *testing.T) {
	b, base := open(t)
	var url string
	// The switcher remembers the choice; the next placard opens in it.
	b.Run(t, chromedp.Navigate(base+"vi/"),
		chromedp.Evaluate(`localStorage.setItem("diachido-lang","en")`, nil),
		chromedp.Navigate(base+"p/NT-004/"),
		chromedp.WaitVisible(`html[lang="en"]`, chromedp.ByQuery),
		chromedp.Location(&url))
	if !strings.HasSuffix(url, "/en/sites/dinh-phuoc-thien/") {
		t.Errorf("/p/NT-004/ with English preferred opened %s", url)
	}
	// An entry with no English text opens in Vietnamese.
	b.Run(t, chromedp.Navigate(base+"p/QN-M676/"),
		chromedp.WaitVisible(`html[lang="vi"]`, chromedp.ByQuery),
		chromedp.Location(&url))
	if !strings.HasSuffix(url, "/vi/markers/cot-moc-676/") {
		t.Errorf("/p/QN-M676/ opened %s", url)
	}
}

func TestNoScriptFallbacks(t *testing.T) {
	b, base := open(t)
	var url string
	b.Run(t, chromedp.Navigate("about:blank"),
		chromedp.ActionFunc(disableScripts),
		chromedp.Navigate(base+"p/NT-001/"),
		chromedp.WaitVisible(`html[lang="vi"] h1`, chromedp.ByQuery),
		chromedp.Location(&url))
	if !strings.HasSuffix(url, "/vi/sites/dia-dao-nhon-trach/") {
		t.Errorf("without scripts /p/NT-001/ stayed at %s", url)
	}
}
