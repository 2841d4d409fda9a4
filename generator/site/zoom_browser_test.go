package site

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/diachido/diachido/generator/diag"
	"github.com/diachido/diachido/internal/browsertest"
	"github.com/diachido/diachido/internal/testsite"
)

// osdFileIn is the real openseadragon.min.js of the npm package (.ci/run
// fetches it with npm pack): $OSD_DIR, else .cache/npm/openseadragon.
// Without it the test skips, and fails under CI=true.
func osdFileIn(t *testing.T) []byte {
	t.Helper()
	dir := os.Getenv("OSD_DIR")
	if dir == "" {
		dir = "../../.cache/npm/openseadragon"
	}
	b, err := os.ReadFile(filepath.Join(dir, "openseadragon-"+osdVersion, "build/openseadragon", osdFile))
	if err != nil {
		msg := "the real OpenSeadragon file is missing (" + dir + "): run the npm pack step of .ci/run, or set OSD_DIR"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return b
}

// zoomHarness is a site theme whose entry layouts show the page's
// exhibition as the default theme's exhibition layout does with the
// partials: the scan linked to its largest variant with zoom.html under
// it, text, the before/after pair, more text.
const zoomHarness = `{{define "main"}}<article class="entry wrap"><h1>{{.Entry.Title}}</h1>
{{with .Zoom "ban-do.jpg"}}<figure class="cover"><a href="{{.LargestURL}}">{{template "photo.html" $.Entry.Cover}}</a>{{template "zoom.html" .}}</figure>{{end}}
<div class="body">{{.Entry.Body}}</div>
{{with .Compare "truoc.jpg" "sau.jpg"}}{{template "compare.html" .}}{{end}}
<div class="body">{{.Entry.Body}}{{.Entry.Body}}{{.Entry.Body}}</div>
<p id="filler" style="height:150vh">…</p>
</article>{{end}}`

func zoomBrowserSite() map[string]string {
	files := zoomSite()
	files["site.yaml"] += "theme: zt\n"
	files["themes/zt/layouts/entry.html"] = zoomHarness
	files["themes/zt/layouts/exhibition.html"] = zoomHarness
	dir := "content/exhibitions/vo-nguyen-giap/"
	files[dir+"index.vi.md"] = strings.Replace(files[dir+"index.vi.md"], "  - src: nho.jpg\n",
		"  - src: truoc.jpg\n    alt: Đình trước khi trùng tu\n    caption: Năm 2010, mái đã sập\n  - src: sau.jpg\n    alt: Đình sau khi trùng tu\n    caption: Năm 2024\n  - src: nho.jpg\n", 1)
	files[dir+"truoc.jpg"] = testsite.EncodeJPEG(testsite.Halves(1200, 800, 255))
	files[dir+"sau.jpg"] = testsite.JPEG(1200, 800, 90)
	return files
}

// The acceptance test of deep zoom and comparisons, at 360 px in
// Chromium: before the tap the page has asked no other host for
// anything and OpenSeadragon is not loaded; the tap loads the pinned
// file (checked against its integrity hash: the stub answers the real
// npm file), then the image's info.json and tiles, every one answered 200
// by the static files; zooming in asks for full-size tiles, all there.
// A vertical swipe over the comparison, images or slider, scrolls the
// page; nothing scrolls sideways. Without scripts there is no button, the
// link to the large image remains, and the pair shows one after the other.
func TestZoomLoadsOnlyOnATapAndComparisonLetsThePageScroll(t *testing.T) {
	osd := osdFileIn(t)
	b := browsertest.New(t)
	b.Stubs[osdJS] = browsertest.Stub{ContentType: "application/javascript", Body: osd}
	src := testsite.Dir(t, zoomBrowserSite())
	out := filepath.Join(t.TempDir(), "public")
	var diags diag.List
	if _, err := Build(BuildOptions{Source: src, Output: out, NoPlacards: true}, &diags); err != nil || diags.HasErrors() {
		t.Fatalf("build: %v\n%s", err, diags.String())
	}
	base := browsertest.Serve(t, out)
	page := base + "vi/exhibitions/vo-nguyen-giap/"

	var mu sync.Mutex
	status := map[string]int64{}
	chromedp.ListenTarget(b.Ctx, func(ev any) {
		if e, ok := ev.(*network.EventResponseReceived); ok && strings.Contains(e.Response.URL, "/iiif/") {
			mu.Lock()
			status[strings.TrimPrefix(e.Response.URL, strings.TrimSuffix(base, "/"))] = e.Response.Status
			mu.Unlock()
		}
	})
	tiles := func() (n, full int, bad []string) {
		mu.Lock()
		defer mu.Unlock()
		for u, s := range status {
			if s != 200 {
				bad = append(bad, u)
			}
			if !strings.HasSuffix(u, "info.json") {
				n++
				// A full-size tile: its region is as large as its size.
				if p := strings.Split(u, "/"); len(p) == 8 {
					r, z := strings.Split(p[4], ","), strings.Split(p[5], ",")
					if len(r) == 4 && len(z) == 2 && r[2] == z[0] && r[3] == z[1] {
						full++
					}
				}
			}
		}
		return
	}

	var loaded bool
	b.Run(t, network.Enable(), browsertest.Phone(), chromedp.Navigate(page),
		chromedp.WaitVisible(`.zoom-open`, chromedp.ByQuery),
		chromedp.Sleep(1200*time.Millisecond),
		chromedp.Evaluate(`!!window.OpenSeadragon`, &loaded))
	if out := b.Outside(); len(out) > 0 || loaded {
		t.Fatalf("before the tap the page asked another host: %v (OpenSeadragon loaded: %v)", out, loaded)
	}
	if n, _, _ := tiles(); n > 0 {
		t.Fatalf("tiles were asked for before the tap: %v", status)
	}
	var label string
	b.Run(t, chromedp.Text(`.zoom-open`, &label, chromedp.ByQuery))
	if label != "Phóng to" {
		t.Errorf("the button says %q", label)
	}
	zoomShot(t, b, "zoom-page")

	b.Run(t, chromedp.Click(`.zoom-open`, chromedp.ByQuery))
	if err := b.Until(`document.querySelector(".zoom-viewer") && document.querySelector(".zoom-viewer").dataset.state === "ready"`, 15*time.Second, 100*time.Millisecond); err != nil {
		var st string
		b.Run(t, chromedp.Evaluate(`(document.querySelector(".zoom-viewer")||{}).textContent||"no viewer"`, &st))
		t.Fatalf("the viewer did not open: %v (%s; outside %v)", err, st, b.Outside())
	}
	if err := b.Until(`document.querySelector(".zoom-stage canvas") !== null`, 10*time.Second, 100*time.Millisecond); err != nil {
		t.Fatalf("no canvas: %v", err)
	}
	time.Sleep(1500 * time.Millisecond)
	if out := b.Outside(); len(out) != 1 || out[0] != osdJS {
		t.Errorf("after the tap the page asked other hosts for %v, want only %s", out, osdJS)
	}
	if n, _, bad := tiles(); n == 0 || len(bad) > 0 {
		t.Fatalf("tiles asked: %d, not answered 200: %v", n, bad)
	}
	if status["/iiif/NT-EX1/ban-do/info.json"] != 200 {
		t.Errorf("info.json: %v", status)
	}
	zoomShot(t, b, "zoom-viewer")
	for range 4 {
		b.Run(t, chromedp.Click(`.zoom-in`, chromedp.ByQuery), chromedp.Sleep(700*time.Millisecond))
	}
	time.Sleep(1500 * time.Millisecond)
	n, full, bad := tiles()
	if len(bad) > 0 || full == 0 {
		t.Errorf("zoomed in: %d tiles, %d full-size ones, not answered 200: %v", n, full, bad)
	}
	t.Logf("%d tile requests, %d full-size, all 200", n, full)
	zoomShot(t, b, "zoom-viewer-in")
	var gone bool
	b.Run(t, chromedp.Click(`.zoom-close`, chromedp.ByQuery), chromedp.Sleep(300*time.Millisecond),
		chromedp.Evaluate(`!document.querySelector(".zoom-viewer") && document.activeElement === document.querySelector(".zoom-open")`, &gone))
	if !gone {
		t.Error("closing the viewer did not remove it and give the focus back to the button")
	}

	// The comparison: a vertical swipe over its images and over its
	// slider scrolls the page.
	b.Run(t, emulation.SetTouchEmulationEnabled(true).WithMaxTouchPoints(5))
	for _, target := range []string{"#filler", ".compare-pair", ".compare-range"} {
		var x, y, before, after float64
		b.Run(t, chromedp.Evaluate(`window.scrollTo(0, 0); document.querySelector("`+target+`").scrollIntoView({block: "`+map[bool]string{true: "start", false: "center"}[target == "#filler"]+`"})`, nil),
			chromedp.Sleep(200*time.Millisecond),
			chromedp.Evaluate(`(() => { const r = document.querySelector("`+target+`").getBoundingClientRect(); return r.left + r.width / 2; })()`, &x),
			chromedp.Evaluate(`(() => { const r = document.querySelector("`+target+`").getBoundingClientRect(); return Math.min(r.top + r.height / 2, innerHeight - 60); })()`, &y),
			chromedp.Evaluate(`scrollY`, &before))
		// A finger moving 240 px up, as a phone reports it.
		acts := []chromedp.Action{input.DispatchTouchEvent(input.TouchStart, []*input.TouchPoint{{X: x, Y: y}})}
		for i := 1; i <= 12; i++ {
			acts = append(acts, input.DispatchTouchEvent(input.TouchMove, []*input.TouchPoint{{X: x, Y: y - float64(20*i)}}), chromedp.Sleep(16*time.Millisecond))
		}
		acts = append(acts, input.DispatchTouchEvent(input.TouchEnd, []*input.TouchPoint{}))
		b.Run(t, acts...)
		b.Run(t, chromedp.Sleep(400*time.Millisecond), chromedp.Evaluate(`scrollY`, &after))
		if after < before+100 {
			t.Errorf("a vertical swipe over %s scrolled the page from %.0f to %.0f: the comparison captured it", target, before, after)
		}
	}
	b.Run(t, chromedp.Evaluate(`document.querySelector(".compare").scrollIntoView({block: "center"})`, nil), chromedp.Sleep(200*time.Millisecond))
	// A horizontal drag on the slider moves it.
	var x0, x1, y, pos float64
	b.Run(t, chromedp.Evaluate(`(() => { const r = document.querySelector(".compare-range").getBoundingClientRect(); return r.left + r.width / 2; })()`, &x0),
		chromedp.Evaluate(`(() => { const r = document.querySelector(".compare-range").getBoundingClientRect(); return r.left + r.width * 0.15; })()`, &x1),
		chromedp.Evaluate(`(() => { const r = document.querySelector(".compare-range").getBoundingClientRect(); return r.top + r.height / 2; })()`, &y))
	touch := func(typ input.TouchType, x float64) chromedp.Action {
		pts := []*input.TouchPoint{{X: x, Y: y}}
		if typ == input.TouchEnd {
			pts = []*input.TouchPoint{}
		}
		return input.DispatchTouchEvent(typ, pts)
	}
	acts := []chromedp.Action{touch(input.TouchStart, x0)}
	for i := 1; i <= 10; i++ {
		acts = append(acts, touch(input.TouchMove, x0+(x1-x0)*float64(i)/10), chromedp.Sleep(16*time.Millisecond))
	}
	acts = append(acts, touch(input.TouchEnd, x1), chromedp.Sleep(200*time.Millisecond), chromedp.Evaluate(`+document.querySelector(".compare-range").value`, &pos))
	b.Run(t, acts...)
	if pos > 35 {
		t.Errorf("a horizontal drag on the slider left it at %.0f%%", pos)
	}
	zoomShot(t, b, "compare")
	var wide float64
	b.Run(t, chromedp.Evaluate(`document.documentElement.scrollWidth - innerWidth`, &wide))
	if wide > 0 {
		t.Errorf("the page scrolls %.0f px sideways at 360 px", wide)
	}

	// Without scripts.
	var hidden, linked, stacked bool
	b.Run(t, emulation.SetScriptExecutionDisabled(true), chromedp.Navigate(page), chromedp.WaitReady(`.compare`, chromedp.ByQuery),
		chromedp.Evaluate(`getComputedStyle(document.querySelector(".zoom-open")).display === "none"`, &hidden),
		chromedp.Evaluate(`(() => { const a = document.querySelector(".zoom-full"); return a.offsetHeight > 0 && /ban-do-1600\.jpg$/.test(a.href) && /ban-do-1600\.jpg$/.test(document.querySelector(".cover a").href); })()`, &linked),
		chromedp.Evaluate(`(() => { const f = document.querySelectorAll(".compare figure"); return f[1].getBoundingClientRect().top >= f[0].getBoundingClientRect().bottom && f[0].querySelector("figcaption").offsetHeight > 0 && f[1].querySelector("figcaption").offsetHeight > 0; })()`, &stacked))
	if !hidden || !linked || !stacked {
		t.Errorf("without scripts: button hidden %v, image and link to the large image %v, the pair one after the other with captions %v", hidden, linked, stacked)
	}
	b.Run(t, chromedp.Evaluate(`document.querySelector(".compare").scrollIntoView({block: "start"})`, nil))
	zoomShot(t, b, "compare-noscript")
}

// zoomShot saves a screenshot of the viewport into $SHOTS, when set.
func zoomShot(t *testing.T, b *browsertest.Browser, name string) {
	dir := os.Getenv("SHOTS")
	if dir == "" {
		return
	}
	var png []byte
	b.Run(t, chromedp.CaptureScreenshot(&png))
	os.MkdirAll(dir, 0o755)
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Error(err)
	}
}
