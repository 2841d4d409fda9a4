package site

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/diachido/diachido/generator/diag"
	"github.com/diachido/diachido/internal/browsertest"
	"github.com/diachido/diachido/internal/testsite"
)

// counter is a counting endpoint as a stats host runs one: it answers a
// 1×1 GIF, tries to set a cookie, and remembers what reached it.
type counter struct {
	mu    sync.Mutex
	hits  []hit
	delay time.Duration // before answering
}

type hit struct{ path, cookie, referer string }

var gif = []byte("GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")

func (c *counter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c.mu.Lock()
	c.hits = append(c.hits, hit{path: r.URL.Query().Get("p"), cookie: r.Header.Get("Cookie"), referer: r.Header.Get("Referer")})
	delay := c.delay
	c.mu.Unlock()
	if r.URL.Query().Get("p") == "/p/NT-001/" {
		time.Sleep(delay)
	}
	http.SetCookie(w, &http.Cookie{Name: "visitor", Value: "tracked", Path: "/", MaxAge: 3600})
	w.Header().Set("Content-Type", "image/gif")
	w.Header().Set("Cache-Control", "no-store")
	w.Write(gif)
}

func (c *counter) take() []hit {
	c.mu.Lock()
	defer c.mu.Unlock()
	h := c.hits
	c.hits = nil
	return h
}

// The acceptance test of counting: a placard's short link, opened in
// Chromium with scripts off and with scripts on, reaches the counter
// exactly once with its own path before the browser lands on the entry
// page (which counts its view); no cookie is sent or kept, though the
// counter tries to set one.
func TestShortLinkCountsOneScanInChromiumWithAndWithoutScripts(t *testing.T) {
	b := browsertest.New(t)
	var c counter
	stats := httptest.NewServer(&c)
	t.Cleanup(stats.Close)

	files := baseSite()
	files["site.yaml"] += "analytics:\n  pixel: \"" + stats.URL + "/count?p={path}\"\n"
	src := testsite.Dir(t, files)
	out := filepath.Join(t.TempDir(), "public")
	var diags diag.List
	if _, err := Build(BuildOptions{Source: src, Output: out, NoPlacards: true}, &diags); err != nil || diags.HasErrors() {
		t.Fatalf("build: %v\n%s", err, diags.String())
	}
	base := strings.TrimSuffix(browsertest.Serve(t, out), "/")

	for _, tc := range []struct {
		name    string
		scripts bool
		lands   string
		// the counter answers the scan after delay; the page leaves
		// within [after, before)
		delay, after, before time.Duration
	}{
		{"scripts off", false, "/vi/sites/dia-dao-nhon-trach/", 0, 0, 5 * time.Second},
		{"scripts on", true, "/en/sites/dia-dao-nhon-trach/", 0, 0, 5 * time.Second}, // Chromium asks for en-US
		{"scripts on, again", true, "/en/sites/dia-dao-nhon-trach/", 0, 0, 5 * time.Second},
		{"scripts off, again", false, "/vi/sites/dia-dao-nhon-trach/", 0, 0, 5 * time.Second},
		// The page waits for a slow counter's answer before it leaves…
		{"scripts on, slow counter", true, "/en/sites/dia-dao-nhon-trach/", 700 * time.Millisecond, 700 * time.Millisecond, 5 * time.Second},
		{"scripts off, slow counter", false, "/vi/sites/dia-dao-nhon-trach/", 700 * time.Millisecond, 700 * time.Millisecond, 5 * time.Second},
		// Typed without the slash: the host's redirect to /p/NT-001/ is
		// not counted, its page is, once.
		{"typed without the slash, scripts on", true, "/en/sites/dia-dao-nhon-trach/", 0, 0, 5 * time.Second},
		{"typed without the slash, scripts off", false, "/vi/sites/dia-dao-nhon-trach/", 0, 0, 5 * time.Second},
		// …but not for long when it hangs.
		{"scripts on, counter hangs", true, "/en/sites/dia-dao-nhon-trach/", 9 * time.Second, 1900 * time.Millisecond, 6 * time.Second},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b.Run(t, chromedp.Navigate("about:blank"), emulation.SetScriptExecutionDisabled(!tc.scripts))
			c.take()
			c.mu.Lock()
			c.delay = tc.delay
			c.mu.Unlock()
			start := time.Now()
			b.Run(t, chromedp.ActionFunc(func(ctx context.Context) error {
				// Not chromedp.Navigate: it waits for the page's load,
				// which a hanging counter holds up.
				short := "/p/NT-001/"
				if strings.HasPrefix(tc.name, "typed without the slash") {
					short = "/p/NT-001"
				}
				_, _, _, _, err := cdppage.Navigate(base + short).Do(ctx)
				return err
			}))
			if err := b.Until(`location.pathname == "`+tc.lands+`"`, 10*time.Second, 20*time.Millisecond); err != nil {
				var at string
				b.Run(t, chromedp.Location(&at))
				t.Fatalf("the browser did not land on %s: at %s (%v)", tc.lands, at, err)
			}
			if took := time.Since(start); took < tc.after || took >= tc.before {
				t.Errorf("the short link left after %s, want %s to %s", took.Round(time.Millisecond), tc.after, tc.before)
			}
			if err := b.Until(`document.readyState == "complete"`, 10*time.Second, 20*time.Millisecond); err != nil {
				t.Fatal(err)
			}
			var cookies string
			b.Run(t, chromedp.Evaluate(`document.cookie`, &cookies))
			if cookies != "" {
				t.Errorf("document.cookie on the entry page is %q", cookies)
			}
			// The entry page's own view comes last; wait for it.
			var hits []hit
			deadline := time.Now().Add(5 * time.Second)
			for time.Now().Before(deadline) {
				c.mu.Lock()
				n := len(c.hits)
				c.mu.Unlock()
				if n >= 2 {
					break
				}
				time.Sleep(50 * time.Millisecond)
			}
			time.Sleep(300 * time.Millisecond) // a second count of the scan would arrive by now
			hits = c.take()
			scans, views := 0, 0
			for _, h := range hits {
				switch h.path {
				case "/p/NT-001/":
					scans++
				case tc.lands:
					views++
				default:
					t.Errorf("counted %q", h.path)
				}
				if h.cookie != "" || h.referer != "" {
					t.Errorf("the count of %s carried Cookie %q, Referer %q", h.path, h.cookie, h.referer)
				}
			}
			if scans != 1 || views != 1 {
				t.Errorf("the counter saw %d scans of /p/NT-001/ and %d views of %s, want 1 and 1 (%v)", scans, views, tc.lands, hits)
			}
		})
	}
}
