package e2e

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/diachido/diachido/generator/diag"
	"github.com/diachido/diachido/generator/site"
	"github.com/diachido/diachido/internal/browsertest"
	"github.com/diachido/diachido/internal/testsite"
)

// The offline test site: a tour of three relic sites, each with a photo
// and an audio guide, and a fourth site on no tour (a page nobody saved).
func offlineFiles() map[string]string {
	files := testsite.Parse(testsite.Config)
	stops := []struct{ slug, id, title, text, lat, lng string }{
		{"den-tuong-niem", "NT-001", "Đền tưởng niệm Liệt sĩ", "Đền nằm bên sông, nơi bắt đầu hành trình.", "10.7251", "106.8823"},
		{"dia-dao-long-tho", "NT-002", "Địa đạo Long Thọ", "Địa đạo dài hai cây số dưới rừng tràm.", "10.7390", "106.8990"},
		{"ben-do-phu-huu", "NT-003", "Bến đò Phú Hữu", "Bến đò đưa bộ đội qua sông.", "10.7520", "106.9120"},
	}
	for _, s := range stops {
		dir := "content/sites/" + s.slug + "/"
		files[dir+"index.vi.md"] = "---\nid: " + s.id + "\ntitle: " + s.title + "\nsummary: Một điểm dừng của hành trình.\nlocation: {lat: " + s.lat + ", lng: " + s.lng + "}\nprovince: Đồng Nai\ncategory: history\n" +
			"photos:\n  - src: cong.jpg\n    alt: Cổng " + s.title + "\naudio:\n  - src: thuyet-minh.mp3\n    title: Thuyết minh\n---\n" + s.text + "\n"
		files[dir+"cong.jpg"] = landscape(1200, 675)
		files[dir+"thuyet-minh.mp3"] = testsite.MP3(2400) // about a minute
	}
	files["content/sites/dinh-khac/index.vi.md"] = "---\nid: NT-009\ntitle: Đình Khác\nsummary: Không thuộc lộ trình nào.\nlocation: {lat: 10.8, lng: 106.8}\nprovince: Đồng Nai\n---\nKhông ai lưu trang này.\n"
	files["content/tours/hanh-trinh/index.vi.md"] = "---\nid: NT-T01\ntitle: Hành trình ven sông\nsummary: Ba địa chỉ đỏ trong một buổi sáng.\nstops: [NT-001, NT-002, NT-003]\n---\nĐi bộ dọc bờ sông.\n"
	return files
}

// server serves a built folder as browsertest.Serve does, and can be
// stopped and started again at the same address: stopped, the site is
// unreachable as it is with no signal.
type server struct {
	t    *testing.T
	dir  string
	addr string
	srv  *http.Server
	// refuse, when set, is a path answered 503, as a connection that
	// drops does; served counts the requests for each path.
	mu     sync.Mutex
	refuse string
	served map[string]int
}

func (s *server) refusing(p string) {
	s.mu.Lock()
	s.refuse = p
	s.mu.Unlock()
}

func (s *server) count(p string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.served[p]
}

func (s *server) start() {
	l, err := net.Listen("tcp", s.addr)
	if err != nil {
		s.t.Fatalf("listen: %v", err)
	}
	s.addr = l.Addr().String()
	files := http.FileServer(http.Dir(s.dir))
	s.srv = &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		if s.served == nil {
			s.served = map[string]int{}
		}
		s.served[r.URL.Path]++
		refused := r.URL.Path == s.refuse
		s.mu.Unlock()
		if refused {
			http.Error(w, "unavailable", http.StatusServiceUnavailable)
			return
		}
		full := filepath.Join(s.dir, path.Clean(r.URL.Path))
		if st, err := os.Stat(full); err != nil || st.IsDir() && !fileExists(filepath.Join(full, "index.html")) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(http.StatusNotFound)
			b, _ := os.ReadFile(filepath.Join(s.dir, "404.html"))
			w.Write(b)
			return
		}
		files.ServeHTTP(w, r)
	})}
	go s.srv.Serve(l)
}

func (s *server) stop() { s.srv.Close() }

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return !errors.Is(err, os.ErrNotExist)
}

func buildInto(t *testing.T, src, out string) {
	t.Helper()
	var diags diag.List
	if _, err := site.Build(site.BuildOptions{Source: src, Output: out}, &diags); err != nil {
		t.Fatalf("build: %v\n%s", err, diags.String())
	}
}

// evalAsync evaluates a JavaScript promise and waits for its value.
func evalAsync(t *testing.T, b *browsertest.Browser, expr string, out any) {
	t.Helper()
	b.Run(t, chromedp.Evaluate(expr, out, func(p *runtime.EvaluateParams) *runtime.EvaluateParams {
		return p.WithAwaitPromise(true).WithUserGesture(true)
	}))
}

func until(t *testing.T, b *browsertest.Browser, what, expr string, within time.Duration) {
	t.Helper()
	if err := b.Until(expr, within, 100*time.Millisecond); err != nil {
		var state string
		b.Run(t, chromedp.Evaluate(`location.href + " | " + document.title + " | " + ((document.querySelector(".offline-status")||{}).textContent||"")`, &state))
		t.Fatalf("%s: %v (page: %s)", what, err, state)
	}
}

func text(t *testing.T, b *browsertest.Browser, expr string) string {
	t.Helper()
	var s string
	b.Run(t, chromedp.Evaluate(expr, &s))
	return s
}

// The acceptance test of issue 15's "save for offline", on a 360 px phone:
// save a tour, lose the network, read and listen to every stop, reach a
// page not saved, and get a rebuilt stop's new text after one online visit.
func TestSaveATourForOffline(t *testing.T) {
	src := testsite.Dir(t, offlineFiles())
	out := filepath.Join(t.TempDir(), "out")
	buildInto(t, src, out)
	b := browsertest.New(t)
	s := &server{t: t, dir: out, addr: "127.0.0.1:0"}
	s.start()
	t.Cleanup(s.stop)
	base := "http://" + s.addr + "/"
	stops := []struct{ url, title string }{
		{"vi/sites/den-tuong-niem/", "Đền tưởng niệm Liệt sĩ"},
		{"vi/sites/dia-dao-long-tho/", "Địa đạo Long Thọ"},
		{"vi/sites/ben-do-phu-huu/", "Bến đò Phú Hữu"},
	}
	const tour = "vi/tours/hanh-trinh/"

	// A page without a button registers nothing and loads no service worker.
	b.Run(t, browsertest.Phone(), chromedp.Navigate(base+stops[0].url))
	var none bool
	evalAsync(t, b, `navigator.serviceWorker.getRegistration().then(r => !r)`, &none)
	if !none {
		t.Fatal("a stop page registered a service worker before any button was pressed")
	}

	// The tour page shows the button; the service worker still is not loaded.
	b.Run(t, chromedp.Navigate(base+tour))
	until(t, b, "the button shows", `!document.querySelector(".offline").hidden && document.querySelector(".offline").getAttribute("data-state") == "idle"`, 5*time.Second)
	evalAsync(t, b, `navigator.serviceWorker.getRegistration().then(r => !r)`, &none)
	if sw := text(t, b, `performance.getEntriesByType("resource").map(r => r.name).filter(n => /sw\.js/.test(n)).join(" ")`); sw != "" || !none {
		t.Fatalf("the tour page loaded the service worker before the button was used: %q", sw)
	}
	shot(t, b, "offline-1-button")

	// Pressing it shows the size first.
	b.Run(t, chromedp.Click(`[data-offline]`, chromedp.ByQuery))
	until(t, b, "the size shows", `document.querySelector(".offline").getAttribute("data-state") == "confirm"`, 5*time.Second)
	size := text(t, b, `document.querySelector(".offline-status").textContent`)
	if !regexp.MustCompile(`^Tải về [\d,]+ (MB|kB): 4 trang, 3 ảnh, 3 bài thuyết minh\?$`).MatchString(size) {
		t.Errorf("before downloading it says %q, want the size, e.g. Tải về 2,4 MB: 4 trang, 3 ảnh, 3 bài thuyết minh?", size)
	}
	shot(t, b, "offline-2-size")
	b.Run(t, chromedp.Click(`.offline-actions .button`, chromedp.ByQuery))
	until(t, b, "saving is done", `document.querySelector(".offline").getAttribute("data-state") == "saved"`, 60*time.Second)
	saved := text(t, b, `document.querySelector(".offline-status").textContent`)
	if !strings.HasPrefix(saved, "Đã lưu để xem ngoại tuyến (") {
		t.Errorf("after saving it says %q", saved)
	}
	t.Logf("saved: %s", saved)
	shot(t, b, "offline-3-saved")
	var names []string
	evalAsync(t, b, `caches.keys()`, &names)
	if len(names) != 1 || !strings.HasPrefix(names[0], "diachido /vi/offline/tours-hanh-trinh.json ") {
		t.Fatalf("caches after saving: %q", names)
	}

	// No network: every stop opens from the cache with its photo, style
	// and audio, which plays and seeks.
	s.stop()
	readStop := func(url, title, want string) {
		t.Helper()
		b.Run(t, chromedp.Navigate(base+url))
		if h1 := text(t, b, `document.querySelector("h1").textContent`); h1 != title {
			t.Fatalf("offline, %s shows %q, want %q", url, h1, title)
		}
		if want != "" && !strings.Contains(text(t, b, `document.querySelector(".body").textContent`), want) {
			t.Errorf("offline, %s does not say %q", url, want)
		}
		until(t, b, url+": its photo shows", `[...document.images].length > 0 && [...document.images].every(i => i.complete && i.naturalWidth > 0)`, 10*time.Second)
		if bg := text(t, b, `getComputedStyle(document.querySelector(".site-header")).backgroundColor`); bg != "rgb(143, 29, 29)" {
			t.Errorf("offline, %s has no stylesheet (header %s)", url, bg)
		}
		var played any
		evalAsync(t, b, `document.querySelector("audio").play().then(() => true, e => String(e))`, &played)
		if played != true {
			t.Fatalf("offline, %s: audio.play() gave %v", url, played)
		}
		until(t, b, url+": the audio plays", `document.querySelector("audio").currentTime > 0.3`, 10*time.Second)
		b.Run(t, chromedp.Evaluate(`document.querySelector("audio").currentTime = 40`, nil))
		until(t, b, url+": the audio seeks", `(a => !a.seeking && a.currentTime >= 40 && !a.paused && !a.error)(document.querySelector("audio"))`, 10*time.Second)
		b.Run(t, chromedp.Evaluate(`document.querySelector("audio").pause()`, nil))
	}
	for i, st := range stops {
		readStop(st.url, st.title, "")
		if i == 0 {
			b.Run(t, chromedp.Evaluate(`document.querySelector(".sketch").scrollIntoView()`, nil))
			shot(t, b, "offline-4-stop-sketch")
		}
	}
	b.Run(t, chromedp.Navigate(base+tour))
	if h1 := text(t, b, `document.querySelector("h1").textContent`); h1 != "Hành trình ven sông" {
		t.Errorf("offline, the tour page shows %q", h1)
	}
	// The placard's QR code at a stop opens its short link: saved too.
	b.Run(t, chromedp.Navigate(base+"p/NT-002/"))
	until(t, b, "offline, the short link opens the stop", `location.pathname == "/vi/sites/dia-dao-long-tho/" && document.querySelector("h1").textContent == "Địa đạo Long Thọ"`, 10*time.Second)

	// A page not saved: the offline page, listing what is saved.
	b.Run(t, chromedp.Navigate(base+"vi/sites/dinh-khac/"))
	if h1 := text(t, b, `document.querySelector("h1").textContent`); h1 != "Bạn đang ngoại tuyến" {
		t.Fatalf("offline, an unsaved page shows %q, want the offline page", h1)
	}
	until(t, b, "the offline page lists the tour", `[...document.querySelectorAll(".offline-pack a")].some(a => a.textContent == "Hành trình ven sông") && document.querySelectorAll(".offline-pack li").length == 4`, 5*time.Second)
	shot(t, b, "offline-5-offline-page")

	// The site is rebuilt with one stop's text changed; one online visit
	// replaces the saved copy, which then shows the new text offline.
	testsite.EditFile(t, src, "content/sites/dia-dao-long-tho/index.vi.md", "Địa đạo dài hai cây số", "Địa đạo dài ba cây số")
	buildInto(t, src, out)
	s.start()
	const unchanged, changed = "/media/sites/ben-do-phu-huu/thuyet-minh.mp3", "/vi/sites/dia-dao-long-tho/"
	before, beforeChanged := s.count(unchanged), s.count(changed)
	b.Run(t, chromedp.Navigate(base+tour))
	until(t, b, "the saved copy is replaced", fmt.Sprintf(`(caches.keys().then(k => window.keys = k), (window.keys || []).length == 1 && window.keys[0] != %q)`, names[0]), 30*time.Second)
	// Only what changed was downloaded again.
	if s.count(unchanged) != before || s.count(changed) != beforeChanged+1 {
		t.Errorf("replacing the copy fetched an unchanged audio guide %d times and the changed stop %d times; want 0 and 1", s.count(unchanged)-before, s.count(changed)-beforeChanged)
	}
	s.stop()
	readStop(stops[1].url, stops[1].title, "Địa đạo dài ba cây số")
	readStop(stops[2].url, stops[2].title, "")

	// Online again, "remove" frees the space and unregisters the worker.
	s.start()
	b.Run(t, chromedp.Navigate(base+tour))
	until(t, b, "the button says saved", `document.querySelector(".offline").getAttribute("data-state") == "saved"`, 5*time.Second)
	b.Run(t, chromedp.Click(`.offline-actions .button`, chromedp.ByQuery))
	until(t, b, "removed", `document.querySelector(".offline").getAttribute("data-state") == "idle"`, 10*time.Second)
	evalAsync(t, b, `caches.keys()`, &names)
	evalAsync(t, b, `navigator.serviceWorker.getRegistration().then(r => !r)`, &none)
	if len(names) != 0 || !none {
		t.Errorf("after remove: caches %q, no service worker: %v", names, none)
	}
}

// Without scripts the tour page is as it was: no button, no sketch script.
func TestOfflineButtonNeedsScripts(t *testing.T) {
	src := testsite.Dir(t, offlineFiles())
	out := filepath.Join(t.TempDir(), "out")
	buildInto(t, src, out)
	b := browsertest.New(t)
	base := browsertest.Serve(t, out)
	var visible, geo bool
	b.Run(t, browsertest.Phone(), chromedp.Navigate("about:blank"), chromedp.ActionFunc(disableScripts),
		chromedp.Navigate(base+"vi/tours/hanh-trinh/"),
		chromedp.WaitVisible(`.sketch-map`, chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelector(".offline").offsetParent !== null`, &visible),
		chromedp.Navigate(base+"vi/sites/dia-dao-long-tho/"),
		chromedp.WaitVisible(`.sketch-map`, chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelector(".sketch-geo").offsetParent !== null`, &geo))
	if visible || geo {
		t.Errorf("without scripts: button visible %v, distance button visible %v", visible, geo)
	}
	shot(t, b, "offline-noscript-stop")
}

// Where the phone gives a position (it does with no network), a stop's
// page says how far away the stop is and in which direction, and marks
// the visitor on the sketch.
func TestStopSaysHowFarAndWhichWay(t *testing.T) {
	src := testsite.Dir(t, offlineFiles())
	out := filepath.Join(t.TempDir(), "out")
	buildInto(t, src, out)
	b := browsertest.New(t)
	base := browsertest.Serve(t, out)
	// The visitor stands about 1 km south and 1 km west of Địa đạo Long
	// Thọ (10.7390, 106.8990): 1.4 km away, to the north-east.
	b.Run(t, browsertest.Phone(),
		chromedp.ActionFunc(func(ctx context.Context) error {
			return browser.GrantPermissions([]browser.PermissionType{browser.PermissionTypeGeolocation}).
				WithOrigin(strings.TrimSuffix(base, "/")).Do(cdp.WithExecutor(ctx, chromedp.FromContext(ctx).Browser))
		}),
		emulation.SetGeolocationOverride().WithLatitude(10.7300).WithLongitude(106.8900).WithAccuracy(10),
		chromedp.Navigate(base+"vi/sites/dia-dao-long-tho/"))
	b.Run(t, chromedp.Click(`.sketch-geo .button`, chromedp.ByQuery))
	until(t, b, "the distance shows", `document.querySelector(".sketch-geo span").textContent.startsWith("Cách bạn")`, 10*time.Second)
	if got := text(t, b, `document.querySelector(".sketch-geo span").textContent`); got != "Cách bạn 1,4 km về hướng Đông Bắc" {
		t.Errorf("the stop page says %q, want Cách bạn 1,4 km về hướng Đông Bắc", got)
	}
	if shown := text(t, b, `(y => y ? y.style.display + "|" + y.getAttribute("cx") : "none")(document.querySelector(".sketch-you"))`); !strings.HasPrefix(shown, "|") {
		t.Errorf("the visitor is not on the sketch: %s", shown)
	}
	b.Run(t, chromedp.Evaluate(`document.querySelector(".sketch").scrollIntoView()`, nil))
	shot(t, b, "offline-6-distance")
}

// A province's list saves that province's entries.
func TestSaveAProvinceForOffline(t *testing.T) {
	src := testsite.Dir(t, offlineFiles())
	out := filepath.Join(t.TempDir(), "out")
	buildInto(t, src, out)
	b := browsertest.New(t)
	s := &server{t: t, dir: out, addr: "127.0.0.1:0"}
	s.start()
	t.Cleanup(s.stop)
	base := "http://" + s.addr + "/"
	b.Run(t, browsertest.Phone(), chromedp.Navigate(base+"vi/sites/"))
	until(t, b, "the province's button shows", `!document.querySelector(".offline").hidden`, 5*time.Second)
	if label := text(t, b, `document.querySelector("[data-offline]").getAttribute("aria-label")`); label != "Lưu để xem ngoại tuyến: Đồng Nai" {
		t.Errorf("the button is labelled %q", label)
	}
	b.Run(t, chromedp.Click(`[data-offline]`, chromedp.ByQuery))
	until(t, b, "the size shows", `document.querySelector(".offline").getAttribute("data-state") == "confirm"`, 5*time.Second)
	if size := text(t, b, `document.querySelector(".offline-status").textContent`); !strings.HasSuffix(size, ": 5 trang, 3 ảnh, 3 bài thuyết minh?") {
		t.Errorf("before downloading the province it says %q", size)
	}
	b.Run(t, chromedp.Click(`.offline-actions .button`, chromedp.ByQuery))
	until(t, b, "saving is done", `document.querySelector(".offline").getAttribute("data-state") == "saved"`, 60*time.Second)
	shot(t, b, "offline-7-province-saved")
	s.stop()
	for _, p := range []struct{ url, h1 string }{{"vi/sites/", "Di tích"}, {"vi/sites/dinh-khac/", "Đình Khác"}, {"vi/sites/ben-do-phu-huu/", "Bến đò Phú Hữu"}} {
		b.Run(t, chromedp.Navigate(base+p.url))
		if h1 := text(t, b, `document.querySelector("h1").textContent`); h1 != p.h1 {
			t.Errorf("offline, %s shows %q, want %q", p.url, h1, p.h1)
		}
	}
	b.Run(t, chromedp.Navigate(base+"vi/tours/hanh-trinh/"))
	if h1 := text(t, b, `document.querySelector("h1").textContent`); h1 != "Bạn đang ngoại tuyến" {
		t.Errorf("offline, the tour (not saved) shows %q, want the offline page", h1)
	}
}

// A save cut short by the network says so; trying again fetches only
// what is missing.
func TestASaveCutShortResumes(t *testing.T) {
	src := testsite.Dir(t, offlineFiles())
	out := filepath.Join(t.TempDir(), "out")
	buildInto(t, src, out)
	b := browsertest.New(t)
	s := &server{t: t, dir: out, addr: "127.0.0.1:0"}
	s.start()
	t.Cleanup(s.stop)
	base := "http://" + s.addr + "/"
	const audio = "/media/sites/ben-do-phu-huu/thuyet-minh.mp3"
	s.refusing(audio)
	b.Run(t, browsertest.Phone(), chromedp.Navigate(base+"vi/tours/hanh-trinh/"))
	until(t, b, "the button shows", `document.querySelector(".offline").getAttribute("data-state") == "idle"`, 5*time.Second)
	b.Run(t, chromedp.Click(`[data-offline]`, chromedp.ByQuery))
	until(t, b, "the size shows", `document.querySelector(".offline").getAttribute("data-state") == "confirm"`, 5*time.Second)
	b.Run(t, chromedp.Click(`.offline-actions .button`, chromedp.ByQuery))
	if err := b.Until(`document.querySelector(".offline-status").textContent.startsWith("Chưa lưu xong")`, 30*time.Second, 100*time.Millisecond); err != nil {
		t.Fatalf("the failure does not show: %v; status %q; the audio was asked for %d times; requests %v", err, text(t, b, `document.querySelector(".offline-status").textContent`), s.count(audio), s.served)
	}
	if msg := text(t, b, `document.querySelector(".offline-status").textContent`); msg != "Chưa lưu xong. Hãy thử lại khi có mạng; phần đã tải về được giữ lại." {
		t.Errorf("the failure reads %q", msg)
	}
	if state := text(t, b, `document.querySelector(".offline").getAttribute("data-state")`); state != "idle" {
		t.Errorf("after a failure the button is %q, want idle (press again)", state)
	}
	shot(t, b, "offline-8-failed")
	firstPhoto := s.count("/media/sites/den-tuong-niem/cong-960.jpg")
	s.refusing("")
	b.Run(t, chromedp.Click(`[data-offline]`, chromedp.ByQuery))
	until(t, b, "the size shows again", `document.querySelector(".offline").getAttribute("data-state") == "confirm"`, 5*time.Second)
	b.Run(t, chromedp.Click(`.offline-actions .button`, chromedp.ByQuery))
	until(t, b, "saving is done", `document.querySelector(".offline").getAttribute("data-state") == "saved"`, 60*time.Second)
	if again := s.count("/media/sites/den-tuong-niem/cong-960.jpg"); firstPhoto != 1 || again != 1 {
		t.Errorf("a photo saved by the first attempt was fetched %d times in all (%d by the first), want once", again, firstPhoto)
	}
	if n := s.count(audio); n != 2 {
		t.Errorf("the refused audio was asked for %d times, want 2", n)
	}
}
