package site

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/diachido/diachido/generator/output"
)

// outName is the output file a root-relative URL of the test site names.
func outName(u string) string {
	p, _ := url.Parse(u)
	name := strings.TrimPrefix(p.Path, "/")
	if name == "" || strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	return name
}

func readManifest(t *testing.T, mem *output.Memory, name string) packManifest {
	t.Helper()
	var mf packManifest
	if err := json.Unmarshal([]byte(page(t, mem, name)), &mf); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return mf
}

// A tour's pack holds what its pages need offline, in the visitor's
// language: every stop's page, the stylesheet and script, each photo at
// the size a phone's screen picks, the audio guide; and says what it
// weighs, each file's size being the size of the file published.
func TestOfflinePackListsWhatTheStopsNeed(t *testing.T) {
	mem := buildMem(t, withMedia(baseSite(), true))
	mf := readManifest(t, mem, "vi/offline/tours-hanh-trinh.json")
	var urls []string
	var total int64
	for _, f := range mf.Files {
		urls = append(urls, f.URL)
		b, ok := mem.Get(outName(f.URL))
		if !ok {
			t.Errorf("the pack lists %s, which the site does not publish", f.URL)
			continue
		}
		if int64(len(b)) != f.Bytes {
			t.Errorf("%s: the pack says %d bytes, the file has %d", f.URL, f.Bytes, len(b))
		}
		if sum := sha256.Sum256(b); f.Sum != hex.EncodeToString(sum[:8]) {
			t.Errorf("%s: the pack's digest %s is not the file's", f.URL, f.Sum)
		}
		total += f.Bytes
	}
	list := strings.Join(urls, "\n")
	for _, want := range []string{
		"/vi/tours/hanh-trinh/", "/vi/sites/dinh-phu-my/", "/vi/sites/dia-dao-nhon-trach/", "/vi/offline/",
		"/media/sites/dia-dao-nhon-trach/cong-960.jpg", "/media/sites/dia-dao-nhon-trach/anh/ham-560.jpg",
		"/media/sites/dia-dao-nhon-trach/so-do-600.png", "/media/sites/dia-dao-nhon-trach/thuyet-minh.mp3",
		"/offline.js?v=", "/assets/style-", "/p/NT-001/", "/p/NT-002/",
	} {
		if !strings.Contains(list, want) {
			t.Errorf("the pack lacks %s; it has\n%s", want, list)
		}
	}
	for _, not := range []string{"cong-1600.jpg", "cong-480.jpg", "/en/", "phim.mp4", "sw.js"} {
		if strings.Contains(list, not) {
			t.Errorf("the pack holds %s, which a phone does not need offline:\n%s", not, list)
		}
	}
	if total != mf.Bytes {
		t.Errorf("bytes = %d, the files add up to %d", mf.Bytes, total)
	}
	if want := "3 trang, 3 ảnh, 1 bài thuyết minh"; !strings.HasSuffix(mf.Summary, want) || !strings.HasPrefix(mf.Summary, "4,") {
		t.Errorf("summary = %q, want 4,x MB: %s", mf.Summary, want)
	}
	if len(mf.Pages) != 3 || mf.Pages[0].URL != "/vi/tours/hanh-trinh/" || mf.Pages[1].Title != "Đình Phú Mỹ" {
		t.Errorf("pages = %+v, want the tour then its stops in order", mf.Pages)
	}
	en := readManifest(t, mem, "en/offline/tours-hanh-trinh.json")
	if !strings.HasSuffix(en.Summary, "3 pages, 3 photos, 1 audio guide") || en.Pages[0].URL != "/en/tours/hanh-trinh/" {
		t.Errorf("en pack: %q %+v", en.Summary, en.Pages)
	}
	// Each province's list has a pack of its own.
	prov := readManifest(t, mem, "vi/offline/sites-dong-nai.json")
	if prov.Title != "Đồng Nai" || prov.URL != "/vi/sites/" || len(prov.Pages) != 2 || prov.Pages[0].Title != "Địa đạo Nhơn Trạch" {
		t.Errorf("province pack: %q %q %+v", prov.Title, prov.URL, prov.Pages)
	}
	readManifest(t, mem, "vi/offline/markers-quang-nam.json")
}

// The pack's version is the digest of its files: the same site gives the
// same version, a changed stop text a new one, which is how a saved copy
// knows it is out of date.
func TestOfflinePackVersionFollowsItsFiles(t *testing.T) {
	version := func(files map[string]string) string {
		return readManifest(t, buildMem(t, files), "vi/offline/tours-hanh-trinh.json").Version
	}
	a, b := version(baseSite()), version(baseSite())
	if a == "" || a != b {
		t.Fatalf("two builds of one site: versions %q and %q", a, b)
	}
	files := baseSite()
	files["content/sites/dinh-phu-my/index.vi.md"] = strings.Replace(files["content/sites/dinh-phu-my/index.vi.md"], "Đình gần", "Ngôi đình nằm gần", 1)
	if c := version(files); c == a {
		t.Errorf("a stop's text changed, the version stayed %q", c)
	}
}

// The button and its script are on tour pages, the province lists and
// the province pages only, hidden until the script shows them; no page but those loads the
// script, and none loads the service worker.
func TestOnlyPagesWithAButtonCarryTheOfflineScript(t *testing.T) {
	mem := buildMem(t, baseSite())
	with := map[string]bool{
		"vi/tours/hanh-trinh/index.html": true, "en/tours/hanh-trinh/index.html": true,
		"vi/sites/index.html": true, "en/sites/index.html": true, "vi/markers/index.html": true, "en/markers/index.html": true,
		"vi/offline/index.html": true, "en/offline/index.html": true,
		// A province page holds its province's buttons too (out_provinces.go).
		"vi/provinces/dong-nai/index.html": true, "en/provinces/dong-nai/index.html": true,
		"vi/provinces/quang-nam/index.html": true, "en/provinces/quang-nam/index.html": true,
	}
	button := regexp.MustCompile(`<div class="offline" hidden>\s*<button type="button" class="button offline-save" data-offline="([^"]+)"`)
	for _, name := range mem.Names() {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		p := page(t, mem, name)
		if has := strings.Contains(p, "offline.js"); has != with[name] {
			t.Errorf("%s: carries offline.js: %v, want %v", name, has, with[name])
		}
		if regexp.MustCompile(`<script[^>]+src="[^"]*sw\.js`).MatchString(p) {
			t.Errorf("%s loads the service worker", name)
		}
		if with[name] && !strings.Contains(name, "offline/") {
			m := button.FindAllStringSubmatch(p, -1)
			if len(m) == 0 {
				t.Errorf("%s: no hidden data-offline button", name)
			}
			for _, b := range m {
				if _, ok := mem.Get(outName(b[1])); !ok {
					t.Errorf("%s: the button's manifest %s is not published", name, b[1])
				}
			}
		}
	}
	if p := page(t, mem, "vi/tours/hanh-trinh/index.html"); !strings.Contains(p, `data-offline="/vi/offline/tours-hanh-trinh.json"`) || !strings.Contains(p, "Lưu để xem ngoại tuyến") {
		t.Errorf("the tour page's button: %s", p)
	}
	off := page(t, mem, "en/offline/index.html")
	for _, want := range []string{"You are offline", "data-offline-list", "Turn on JavaScript", `<meta name="robots" content="noindex">`} {
		if !strings.Contains(off, want) {
			t.Errorf("the offline page lacks %q", want)
		}
	}
}

// A stop's page sketches its tour's route: the stops as numbered dots in
// order, this one marked, north up, a scale bar of a round distance, an
// accessible name and description, links to the stops before and after.
func TestStopPageSketchesTheRoute(t *testing.T) {
	mem := buildMem(t, baseSite())
	p := page(t, mem, "vi/sites/dinh-phu-my/index.html")
	svg := regexp.MustCompile(`(?s)<svg class="sketch-map".*?</svg>`).FindString(p)
	if svg == "" {
		t.Fatal("the stop page has no sketch")
	}
	for _, want := range []string{
		`role="img"`, `<title id="sketch-t">Sơ đồ lộ trình Hành trình Nhơn Trạch</title>`,
		`1. Đình Phú Mỹ (đang xem); 2. Địa đạo Nhơn Trạch.`, `<polyline class="sketch-route" points="`,
	} {
		if !strings.Contains(svg, want) {
			t.Errorf("the sketch lacks %q:\n%s", want, svg)
		}
	}
	dots := regexp.MustCompile(`<g class="sketch-stop( sketch-here)?"><circle cx="([\d.]+)" cy="([\d.]+)" r="\d+"/><text[^>]*>(\d)</text>`).FindAllStringSubmatch(svg, -1)
	if len(dots) != 2 || dots[0][1] == "" || dots[1][1] != "" || dots[0][4] != "1" {
		t.Fatalf("dots: %q", dots)
	}
	// Đình Phú Mỹ (10.7452, 106.8968) is north-east of the tunnels
	// (10.7251, 106.8823): higher up and further right.
	y1, _ := strconv.ParseFloat(dots[0][3], 64)
	y2, _ := strconv.ParseFloat(dots[1][3], 64)
	x1, _ := strconv.ParseFloat(dots[0][2], 64)
	x2, _ := strconv.ParseFloat(dots[1][2], 64)
	if !(y1 < y2 && x1 > x2) {
		t.Errorf("north is not up: stop 1 at %v,%v, stop 2 at %v,%v", x1, y1, x2, y2)
	}
	if !regexp.MustCompile(`<g class="sketch-scale"[^>]*><path d="M[\d.]+ [\d.]+h0v-5m0 5H[\d.]+v-5"/><text[^>]*>(1|2|5)(0|00)? (m|km)</text>`).MatchString(svg) {
		t.Errorf("no scale bar of a round distance:\n%s", svg)
	}
	if !strings.Contains(p, `rel="next" href="/vi/sites/dia-dao-nhon-trach/"`) || !strings.Contains(p, "Điểm 1/2 của") {
		t.Error("the sketch does not say which stop this is, nor link the next")
	}
	if !strings.Contains(p, `data-geo="10.7452 106.8968"`) || !strings.Contains(p, "Tôi cách đây bao xa?") {
		t.Error("the stop page cannot say how far away it is")
	}
	if en := page(t, mem, "en/sites/dinh-phu-my/index.html"); !strings.Contains(en, "Route sketch: ") || !strings.Contains(en, "Stop 1 of 2 on") {
		t.Error("the English sketch is not in English")
	}
	if tour := page(t, mem, "vi/tours/hanh-trinh/index.html"); !strings.Contains(tour, `<svg class="sketch-map"`) || strings.Contains(tour, "sketch-here") || strings.Contains(tour, "data-geo") {
		t.Error("the tour page should sketch its route with no stop marked")
	}
	if marker := page(t, mem, "vi/markers/cot-moc-692/index.html"); strings.Contains(marker, "sketch") {
		t.Error("an entry on no tour has a sketch")
	}
}

func TestRoundDistance(t *testing.T) {
	for _, c := range []struct {
		km    float64
		want  float64
		label string
	}{
		{0.7, 0.5, "500 m"}, {0.19, 0.1, "100 m"}, {0.26, 0.2, "200 m"}, {1, 1, "1 km"},
		{3.9, 2, "2 km"}, {7, 5, "5 km"}, {12, 10, "10 km"}, {0.04, 0.02, "20 m"},
	} {
		got, label := roundDistance(c.km)
		if label != c.label || got < c.want*0.999 || got > c.want*1.001 {
			t.Errorf("roundDistance(%v) = %v %q, want %v %q", c.km, got, label, c.want, c.label)
		}
	}
}

// Under a sub-path base URL the service worker is the sub-path's, scoped to
// it, and every address a pack lists is under it.
func TestOfflineUnderASubPath(t *testing.T) {
	files := baseSite()
	files["site.yaml"] = strings.Replace(files["site.yaml"], "https://guide.example.vn/", "https://user.github.io/guide", 1)
	mem := buildMem(t, files)
	tour := page(t, mem, "vi/tours/hanh-trinh/index.html")
	for _, want := range []string{`data-offline="/guide/vi/offline/tours-hanh-trinh.json"`, `data-sw="/guide/sw.js"`, `data-scope="/guide/"`, `src="/guide/offline.js?v=`} {
		if !strings.Contains(tour, want) {
			t.Errorf("the tour page lacks %s", want)
		}
	}
	mf := readManifest(t, mem, "vi/offline/tours-hanh-trinh.json")
	for _, f := range append(mf.Files, manifestFile{URL: mf.URL}, manifestFile{URL: mf.Offline}) {
		if !strings.HasPrefix(f.URL, "/guide/") {
			t.Errorf("the pack lists %s, outside the site", f.URL)
		}
	}
	if _, ok := mem.Get("sw.js"); !ok {
		t.Error("no sw.js at the site's root folder")
	}
}

// What editors write reaches the sketch, the buttons and the manifests as
// text only: a stop's title in the SVG's title and description, a
// province in a button's label, a tour's title in a pack.
func TestOfflineHostileText(t *testing.T) {
	files := baseSite()
	const evil = `</title><script>alert(1)</script>"><svg onload=alert(2)>`
	files["content/sites/dinh-phu-my/index.vi.md"] = strings.Replace(files["content/sites/dinh-phu-my/index.vi.md"], "title: Đình Phú Mỹ", "title: '"+evil+"'", 1)
	files["content/sites/dinh-phu-my/index.vi.md"] = strings.Replace(files["content/sites/dinh-phu-my/index.vi.md"], "province: Đồng Nai", "province: '"+evil+"'", 1)
	files["content/tours/hanh-trinh/index.vi.md"] = strings.Replace(files["content/tours/hanh-trinh/index.vi.md"], "title: Hành trình Nhơn Trạch", "title: '"+evil+"'", 1)
	mem := buildMem(t, files)
	for _, name := range []string{"vi/sites/dinh-phu-my/index.html", "vi/sites/dia-dao-nhon-trach/index.html", "vi/tours/hanh-trinh/index.html", "vi/sites/index.html", "vi/offline/index.html"} {
		assertNoInjectedScript(t, name, page(t, mem, name))
	}
	mf := readManifest(t, mem, "vi/offline/tours-hanh-trinh.json")
	if mf.Title != evil || mf.Pages[1].Title != evil {
		t.Errorf("the pack's titles are not the editor's text as text: %q, %q", mf.Title, mf.Pages[1].Title)
	}
}
