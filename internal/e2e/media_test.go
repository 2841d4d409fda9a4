package e2e

import (
	"fmt"
	"image"
	"image/color"
	"maps"
	"math"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/diachido/diachido/internal/browsertest"
	"github.com/diachido/diachido/internal/testsite"
)

// The example site has no media (no licensed photos), so these tests
// build a small site of their own: a relic site and a free page with
// photos drawn here, a YouTube video in the front matter and in the body,
// and an audio guide of synthetic MP3 frames.

const mediaYouTube = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"

// landscape draws a w×h picture that reads as a photo in a screenshot:
// sky, a red gate, green ground.
func landscape(w, h int) string {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			f := float64(y) / float64(h)
			c := color.RGBA{uint8(120 + 80*f), uint8(170 + 40*f), 230, 255}
			if f > 0.62+0.05*math.Sin(float64(x)/float64(w)*6) {
				c = color.RGBA{uint8(60 + 30*f), uint8(120 + 40*f), 50, 255}
			}
			gx := math.Abs(float64(x)/float64(w) - 0.5)
			if gx < 0.14 && f > 0.3 && f < 0.7 && !(gx < 0.07 && f > 0.42) {
				c = color.RGBA{150, 30, 30, 255}
			}
			img.SetRGBA(x, y, c)
		}
	}
	return testsite.EncodeJPEG(img)
}

const mediaFront = `photos:
  - src: cong.jpg
    alt: Cổng vào khu di tích
    caption: Cổng chính nhìn từ đường vào
    credit: Ảnh thử nghiệm
  - src: ham.jpg
    alt: Lối xuống hầm
    caption: Lối xuống hầm chỉ huy
videos:
  - url: ` + mediaYouTube + `
    title: Phóng sự về khu di tích
audio:
  - src: thuyet-minh.mp3
    title: Thuyết minh tại cổng
`

const mediaBody = `
Khu di tích nằm giữa rừng tràm. Đoạn văn này đủ dài để trang cần cuộn trên
điện thoại, như một bài thuyết minh thật.

https://youtu.be/aBcDeFgHiJk

Sau khi xem phim, du khách đi theo lối mòn đến hầm chỉ huy. Một liên kết
trong câu như [phim này](https://youtu.be/aBcDeFgHiJk) vẫn là liên kết.
`

// mediaSite is the media test site, built.
var mediaSite = buildOnce("the media site", "", mediaFiles)

// mediaFiles is the media test site: a relic site and a free page, each
// with two photos, a video and an audio guide.
func mediaFiles() map[string]string {
	files := testsite.Parse(testsite.Config)
	maps.Copy(files, map[string]string{
		"content/sites/khu-di-tich/index.vi.md":     "---\nid: NT-001\ntitle: Khu di tích Rừng Tràm\nsummary: Căn cứ kháng chiến giữa rừng tràm.\nlocation: {lat: 10.7251, lng: 106.8823}\nprovince: Đồng Nai\ncategory: history\n" + mediaFront + "---\n" + mediaBody,
		"content/sites/khu-di-tich/cong.jpg":        landscape(2400, 1350),
		"content/sites/khu-di-tich/ham.jpg":         landscape(900, 1200),
		"content/sites/khu-di-tich/thuyet-minh.mp3": testsite.MP3(9660),
		"content/pages/gioi-thieu/index.vi.md":      "---\nid: ABOUT\ntitle: Giới thiệu\nsummary: Về dự án.\n" + mediaFront + "---\n" + mediaBody,
		"content/pages/gioi-thieu/cong.jpg":         landscape(1200, 675),
		"content/pages/gioi-thieu/ham.jpg":          landscape(900, 1200),
		"content/pages/gioi-thieu/thuyet-minh.mp3":  testsite.MP3(9660),
	})
	return files
}

// requestLog records every request the page makes, ours included (the
// harness's Outside only sees other hosts).
type requestLog struct {
	mu   sync.Mutex
	urls []string
}

func logRequests(b *browsertest.Browser) *requestLog {
	l := &requestLog{}
	chromedp.ListenTarget(b.Ctx, func(ev any) {
		if e, ok := ev.(*fetch.EventRequestPaused); ok {
			l.mu.Lock()
			l.urls = append(l.urls, e.Request.URL)
			l.mu.Unlock()
		}
	})
	return l
}

func (l *requestLog) matching(re string) []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
	for _, u := range l.urls {
		if regexp.MustCompile(re).MatchString(u) {
			out = append(out, u)
		}
	}
	return out
}

// scrollThrough scrolls the page down a screen at a time to the end, as a
// reader does, giving lazy images and observers time to react.
func scrollThrough(t *testing.T, b *browsertest.Browser) {
	t.Helper()
	var height int
	b.Run(t, chromedp.Evaluate(`document.documentElement.scrollHeight`, &height))
	for y := 0; y <= height; y += 500 {
		b.Run(t, chromedp.Evaluate(fmt.Sprintf(`window.scrollTo(0,%d)`, y), nil), chromedp.Sleep(100*time.Millisecond))
	}
	b.Run(t, chromedp.Sleep(500*time.Millisecond))
}

type rect struct{ X, Y, Width, Height float64 }

func TestVideoFacadeCallsNoOneUntilTapped(t *testing.T) {
	b := browsertest.New(t)
	base := browsertest.Serve(t, mediaSite(t))
	reqs := logRequests(b)
	const page = "vi/pages/gioi-thieu/"
	b.Run(t, browsertest.Phone(), chromedp.Navigate(base+page), chromedp.WaitVisible(`.video-facade`, chromedp.ByQuery))

	// The facade is a visible 16:9 box on a 360 px phone.
	var box rect
	b.Run(t, chromedp.Evaluate(`(function(r){return {X:r.x,Y:r.y,Width:r.width,Height:r.height}})(document.querySelector(".video-facade").getBoundingClientRect())`, &box))
	if box.Width < 300 || box.Width > 360 || math.Abs(box.Height-box.Width*9/16) > 1.5 {
		t.Errorf("facade box %+v, want about 328×184 (16:9)", box)
	}
	if out := b.Outside(); len(out) > 0 {
		t.Errorf("after load the page called other hosts: %v", out)
	}
	shot(t, b, "media-page-vi")
	scrollThrough(t, b)
	if out := b.Outside(); len(out) > 0 {
		t.Errorf("after scrolling the page called other hosts: %v", out)
	}
	// Audio and video files wait for play; photos come as variants only.
	var preload string
	b.Run(t, chromedp.Evaluate(`document.querySelector("audio").getAttribute("preload")`, &preload))
	if preload != "none" {
		t.Errorf(`audio preload=%q, want "none"`, preload)
	}
	if got := reqs.matching(`\.(mp3|mp4)(\?|$)`); len(got) > 0 {
		t.Errorf("media fetched before play: %v", got)
	}
	if got := reqs.matching(`/(cong|ham)\.jpg`); len(got) > 0 {
		t.Errorf("original photos fetched: %v", got)
	}
	if got := reqs.matching(`/ham-(480|900)\.jpg`); len(got) == 0 {
		t.Errorf("the lazy gallery photo never loaded after scrolling; requests: %v", reqs.matching(`\.jpg`))
	}

	// Tap: the facade becomes the provider's player, from youtube-nocookie.
	const embed = "https://www.youtube-nocookie.com/embed/aBcDeFgHiJk?autoplay=1"
	b.Stubs[embed] = browsertest.Stub{ContentType: "text/html", Body: []byte("<!doctype html><title>player</title><body style='background:#000'>")}
	var src, title, allow string
	var frames int
	b.Run(t,
		chromedp.Click(`.body .video-facade`, chromedp.ByQuery),
		chromedp.WaitReady(`.body iframe.video-frame`, chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelector(".body iframe").src`, &src),
		chromedp.Evaluate(`document.querySelector(".body iframe").title`, &title),
		chromedp.Evaluate(`document.querySelector(".body iframe").getAttribute("allow")`, &allow),
		chromedp.Evaluate(`document.querySelectorAll("iframe").length`, &frames),
		chromedp.Sleep(300*time.Millisecond))
	if !strings.HasPrefix(src, "https://www.youtube-nocookie.com/embed/") || src != embed {
		t.Errorf("iframe src %q, want %s", src, embed)
	}
	if title != "Video" || allow != "autoplay; encrypted-media; picture-in-picture" || frames != 1 {
		t.Errorf("iframe title %q allow %q; %d iframes (only the tapped video loads)", title, allow, frames)
	}
	if out := b.Outside(); len(out) != 1 || out[0] != embed {
		t.Errorf("after the tap, other hosts called: %v; want only %s", out, embed)
	}
	shot(t, b, "media-page-vi-tapped")

	// Play: only now is the audio fetched (a user gesture, as a tap is).
	b.Run(t, chromedp.Evaluate(`document.querySelector("audio").play().catch(function(){}), true`, nil,
		func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithUserGesture(true) }))
	deadline := time.Now().Add(5 * time.Second)
	for len(reqs.matching(`thuyet-minh\.mp3`)) == 0 && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	if len(reqs.matching(`thuyet-minh\.mp3`)) == 0 {
		t.Error("pressing play did not fetch the audio (is the request log working?)")
	}
}

func TestVideoFacadeWorksWithoutScripts(t *testing.T) {
	b := browsertest.New(t)
	base := browsertest.Serve(t, mediaSite(t))
	var url string
	b.Run(t, browsertest.Phone(), chromedp.Navigate("about:blank"), chromedp.ActionFunc(disableScripts),
		chromedp.Navigate(base+"vi/pages/gioi-thieu/"),
		chromedp.WaitVisible(`.videos .video-facade`, chromedp.ByQuery))
	if out := b.Outside(); len(out) > 0 {
		t.Errorf("without scripts the page called other hosts: %v", out)
	}
	// Without the script the facade is a link to the video on YouTube.
	b.Stubs[mediaYouTube] = browsertest.Stub{ContentType: "text/html", Body: []byte("<!doctype html><title>YouTube</title>")}
	b.Run(t, chromedp.Click(`.videos .video-facade`, chromedp.ByQuery), chromedp.Sleep(500*time.Millisecond), chromedp.Location(&url))
	if url != mediaYouTube {
		t.Errorf("tapping the facade without scripts opened %q, want %s", url, mediaYouTube)
	}
}

func TestEntryPageMediaOnAPhone(t *testing.T) {
	b := browsertest.New(t)
	base := browsertest.Serve(t, mediaSite(t))
	reqs := logRequests(b)
	var cover string
	var width, inner int
	var fetchpriority string
	var lazy bool
	b.Run(t, browsertest.Phone(), chromedp.Navigate(base+"vi/sites/khu-di-tich/"),
		chromedp.WaitVisible(`.cover img`, chromedp.ByQuery),
		chromedp.Poll(`document.querySelector(".cover img").complete`, nil),
		chromedp.Evaluate(`document.querySelector(".cover img").currentSrc`, &cover),
		chromedp.Evaluate(`document.querySelector(".cover img").getAttribute("fetchpriority")`, &fetchpriority),
		chromedp.Evaluate(`document.querySelector(".cover img").hasAttribute("loading")`, &lazy),
		chromedp.Evaluate(`document.documentElement.scrollWidth`, &width),
		chromedp.Evaluate(`window.innerWidth`, &inner))
	// 360 CSS px at 2× density need 720 device px: the 960 variant, not 1600.
	if !strings.HasSuffix(cover, "/media/sites/khu-di-tich/cong-960.jpg") {
		t.Errorf("cover loaded %s, want the 960 variant", cover)
	}
	if fetchpriority != "high" || lazy {
		t.Errorf("cover fetchpriority %q, has a loading attribute: %v; want high and none", fetchpriority, lazy)
	}
	if width > inner {
		t.Errorf("the page scrolls sideways: %d px in %d", width, inner)
	}
	if out := b.Outside(); len(out) > 0 {
		t.Errorf("after load the entry page called other hosts: %v", out)
	}
	shot(t, b, "media-entry-vi")
	scrollThrough(t, b)
	shot(t, b, "media-entry-vi-scrolled")
	// The entry's own map box (not media) may fetch its library when
	// scrolled to; no request may go to a video or photo provider.
	if out := b.Outside(); len(out) > 0 {
		t.Logf("after scrolling, other hosts called (the map box?): %v", out)
	}
	for _, u := range b.Outside() {
		if regexp.MustCompile(`youtube|ytimg|googlevideo|vimeo|facebook|fbcdn|fbsbx`).MatchString(u) {
			t.Errorf("scrolling the entry page called %s", u)
		}
	}
	if got := reqs.matching(`\.(mp3|mp4)(\?|$)|/cong-1600\.jpg`); len(got) > 0 {
		t.Errorf("fetched without being asked: %v", got)
	}
}
