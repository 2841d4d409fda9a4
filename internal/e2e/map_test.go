package e2e

import (
	"encoding/json"
	"fmt"
	"html"
	"image"
	"image/color"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/diachido/diachido/internal/browsertest"
	"github.com/diachido/diachido/internal/testsite"
)

// mapData is the part of a page's map box data the tests use.
type mapData struct {
	Lib   map[string][]string `json:"lib"`
	Tiles string              `json:"tiles"`
	Mode  string              `json:"mode"`
	Pts   [][]any             `json:"pts"`
}

var mapDataRe = regexp.MustCompile(`<div class="map map-\w+" id="map" data-map="([^"]*)">`)

// readMapData reads the map box data of a built page.
func readMapData(t *testing.T, page string) mapData {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(exampleSite(t), page))
	if err != nil {
		t.Fatal(err)
	}
	m := mapDataRe.FindSubmatch(b)
	if m == nil {
		t.Fatalf("%s has no map box", page)
	}
	var d mapData
	if err := json.Unmarshal([]byte(html.UnescapeString(string(m[1]))), &d); err != nil {
		t.Fatalf("%s: map data: %v", page, err)
	}
	return d
}

// leafletDir is the folder with the real Leaflet packages (.ci/run fetches
// them with npm pack): $LEAFLET_DIR, else .cache/npm/leaflet. Without them
// the map tests skip, and fail under CI=true.
func leafletDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("LEAFLET_DIR")
	if dir == "" {
		dir = filepath.Join(repoRoot, ".cache/npm/leaflet")
	}
	if _, err := os.Stat(filepath.Join(dir, "leaflet-1.9.4")); err != nil {
		msg := "the real Leaflet files are missing (" + dir + "): run the npm pack step of .ci/run, or set LEAFLET_DIR"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return dir
}

// libraryFile maps a pinned address such as
// https://unpkg.com/leaflet@1.9.4/dist/leaflet.js to the file of the npm
// package in dir: leaflet-1.9.4/dist/leaflet.js.
func libraryFile(t *testing.T, dir, addr string) string {
	t.Helper()
	u, err := url.Parse(addr)
	if err != nil || u.Host != "unpkg.com" {
		t.Fatalf("library address %q is not a pinned unpkg.com address", addr)
	}
	pkg, rest, _ := strings.Cut(strings.TrimPrefix(u.Path, "/"), "/")
	at := strings.LastIndex(pkg, "@")
	if at <= 0 {
		t.Fatalf("library address %q has no pinned version", addr)
	}
	return filepath.Join(dir, pkg[:at]+"-"+pkg[at+1:], filepath.FromSlash(rest))
}

// stubLibrary answers the library addresses of d with the real files, so
// that the browser checks their integrity hashes; change alters a file's
// bytes first.
func stubLibrary(t *testing.T, b *browsertest.Browser, d mapData, change func(name string, body []byte) []byte) {
	t.Helper()
	dir := leafletDir(t)
	for _, a := range d.Lib {
		body, err := os.ReadFile(libraryFile(t, dir, a[0]))
		if err != nil {
			t.Fatal(err)
		}
		if change != nil {
			body = change(a[0], body)
		}
		ct := "text/css"
		if strings.HasSuffix(a[0], ".js") {
			ct = "application/javascript"
		}
		b.Stubs[a[0]] = browsertest.Stub{ContentType: ct, Body: body}
	}
}

// tilePNG is a plain 256 px tile with a faint grid, so screenshots show
// where the tiles are.
func tilePNG() []byte {
	img := image.NewRGBA(image.Rect(0, 0, 256, 256))
	for y := range 256 {
		for x := range 256 {
			c := color.RGBA{0xf2, 0xef, 0xe6, 0xff}
			if x%64 == 0 || y%64 == 0 {
				c = color.RGBA{0xdd, 0xd8, 0xcc, 0xff}
			}
			img.Set(x, y, c)
		}
	}
	return []byte(testsite.EncodePNG(img))
}

// stubTiles answers tile requests around every point of the site at every
// zoom a map may show with tilePNG. Browsertest stubs whole URLs, so the
// tiles are listed: 7×7 around each point per zoom level.
func stubTiles(t *testing.T, b *browsertest.Browser, template string, pts [][]any) {
	t.Helper()
	body := tilePNG()
	for _, p := range pts {
		lat, lng := p[0].(float64), p[1].(float64)
		for z := 0; z <= 19; z++ {
			n := 1 << z
			x := int(math.Floor((lng + 180) / 360 * float64(n)))
			r := lat * math.Pi / 180
			y := int(math.Floor((1 - math.Log(math.Tan(r)+1/math.Cos(r))/math.Pi) / 2 * float64(n)))
			for dx := -3; dx <= 3; dx++ {
				for dy := -3; dy <= 3; dy++ {
					tx, ty := x+dx, y+dy
					if tx < 0 || ty < 0 || tx >= n || ty >= n {
						continue
					}
					u := strings.NewReplacer("{z}", fmt.Sprint(z), "{x}", fmt.Sprint(tx), "{y}", fmt.Sprint(ty), "{s}", "a").Replace(template)
					b.Stubs[u] = browsertest.Stub{ContentType: "image/png", Body: body}
				}
			}
		}
	}
}

// prepareMaps stubs the library and the tiles for every map of the site.
func prepareMaps(t *testing.T, b *browsertest.Browser) mapData {
	t.Helper()
	all := readMapData(t, "vi/map/index.html")
	stubLibrary(t, b, all, nil)
	stubTiles(t, b, all.Tiles, all.Pts)
	return all
}

// waitFor polls a JavaScript expression until it is true.
func waitFor(expr string) chromedp.Action {
	var ok bool
	return chromedp.Poll(expr, &ok, chromedp.WithPollingTimeout(15*time.Second))
}

func outsideMatching(b *browsertest.Browser, sub string) []string {
	var out []string
	for _, u := range b.Outside() {
		if strings.Contains(u, sub) {
			out = append(out, u)
		}
	}
	return out
}

func TestEntryMapLoadsOnlyWhenAsked(t *testing.T) {
	b, base := open(t)
	all := prepareMaps(t, b)
	entry := "vi/sites/dia-dao-nhon-trach/"
	var hasLeaflet bool
	var btn string
	b.Run(t, browsertest.Phone(), chromedp.Navigate(base+entry),
		chromedp.WaitVisible(`.map-show`, chromedp.ByQuery),
		chromedp.Sleep(1500*time.Millisecond),
		chromedp.Text(`.map-show`, &btn, chromedp.ByQuery),
		chromedp.Evaluate(`!!window.L || !!document.querySelector(".leaflet-container")`, &hasLeaflet))
	if out := b.Outside(); len(out) > 0 || hasLeaflet {
		t.Fatalf("the entry page asked another host before the visitor did: %v (Leaflet loaded: %v)", out, hasLeaflet)
	}
	if btn != "Xem bản đồ" {
		t.Errorf("the map button says %q", btn)
	}
	shot(t, b, "map-entry-closed")

	var title, attribution string
	var markers int
	b.Run(t, chromedp.Click(`.map-show`, chromedp.ByQuery),
		chromedp.WaitVisible(`.map .leaflet-container`, chromedp.ByQuery),
		waitFor(`document.querySelector(".map").dataset.state === "ready" && document.querySelectorAll(".leaflet-tile-loaded").length > 0`),
		chromedp.Evaluate(`document.querySelectorAll(".map .leaflet-marker-icon").length`, &markers),
		chromedp.AttributeValue(`.leaflet-marker-icon.pin-here`, "title", &title, nil, chromedp.ByQuery),
		chromedp.Text(`.leaflet-control-attribution`, &attribution, chromedp.ByQuery))
	if title != "Địa đạo Nhơn Trạch" || markers < 1 {
		t.Errorf("the map shows %d markers; the entry's is titled %q", markers, title)
	}
	if !strings.Contains(attribution, "OpenStreetMap contributors") {
		t.Errorf("attribution %q lacks site.yaml's text", attribution)
	}
	for _, want := range []string{all.Lib["js"][0], all.Lib["css"][0]} {
		if len(outsideMatching(b, want)) != 1 {
			t.Errorf("tapping the button did not load %s once: %v", want, b.Outside())
		}
	}
	if got := outsideMatching(b, "markercluster"); len(got) > 0 {
		t.Errorf("an entry map needs no clustering, yet loaded %v", got)
	}
	host, _ := url.Parse(strings.ReplaceAll(all.Tiles, "{", ""))
	for _, u := range b.Outside() {
		if !strings.HasPrefix(u, "https://unpkg.com/") && !strings.Contains(u, host.Host) {
			t.Errorf("unexpected outside request %s", u)
		}
	}
	if len(outsideMatching(b, host.Host)) == 0 {
		t.Error("no tiles were requested")
	}
	shot(t, b, "map-entry-open")
	var nearest string
	b.Run(t, chromedp.Text(`.nearby li a`, &nearest, chromedp.ByQuery))
	if nearest == "" {
		t.Error("no nearby list")
	}
}

func TestEntryMapLoadsWhenScrolledIntoView(t *testing.T) {
	b, base := open(t)
	prepareMaps(t, b)
	b.Run(t, browsertest.Phone(), chromedp.Navigate(base+"en/markers/cot-moc-692/"),
		chromedp.WaitVisible(`.map-show`, chromedp.ByQuery),
		chromedp.Evaluate(`document.getElementById("map").scrollIntoView({block: "center"})`, nil),
		chromedp.WaitVisible(`.map .leaflet-container`, chromedp.ByQuery),
		waitFor(`!!document.querySelector(".leaflet-marker-icon.pin-m.pin-here")`))
}

func TestMapRefusesAlteredLeaflet(t *testing.T) {
	b, base := open(t)
	all := prepareMaps(t, b)
	// A CDN serving other bytes under the pinned address: the integrity
	// check must stop them.
	stubLibrary(t, b, all, func(name string, body []byte) []byte {
		if strings.HasSuffix(name, "leaflet.js") {
			return append(body, []byte("\nwindow.hijacked = true;\n")...)
		}
		return body
	})
	var hijacked, hasL bool
	var msg string
	b.Run(t, browsertest.Phone(), chromedp.Navigate(base+"vi/sites/dinh-phu-my/"),
		chromedp.Click(`.map-show`, chromedp.ByQuery),
		waitFor(`document.querySelector(".map").dataset.state === "error"`),
		chromedp.Evaluate(`!!window.hijacked`, &hijacked),
		chromedp.Evaluate(`!!window.L`, &hasL),
		chromedp.Text(`.map-status`, &msg, chromedp.ByQuery))
	if hijacked || hasL {
		t.Errorf("an altered leaflet.js ran (hijacked %v, L %v)", hijacked, hasL)
	}
	if !strings.Contains(msg, "Không tải được bản đồ") || !strings.Contains(msg, "Thử lại") {
		t.Errorf("the map box says %q", msg)
	}
}

func TestMapPageShowsEveryEntry(t *testing.T) {
	b, base := open(t)
	all := prepareMaps(t, b)
	var geo struct {
		Features []struct {
			Geometry struct{ Type string } `json:"geometry"`
		} `json:"features"`
	}
	raw, err := os.ReadFile(filepath.Join(exampleSite(t), "entries.geojson"))
	if err != nil || json.Unmarshal(raw, &geo) != nil {
		t.Fatalf("entries.geojson: %v", err)
	}
	points := 0
	for _, f := range geo.Features {
		if f.Geometry.Type == "Point" {
			points++
		}
	}
	if points == 0 || len(all.Pts) != points {
		t.Fatalf("the map page holds %d points, entries.geojson %d", len(all.Pts), points)
	}
	// Markers shown alone plus those counted in clusters: every entry.
	count := `(function(){var n=document.querySelectorAll(".leaflet-marker-icon.pin-s,.leaflet-marker-icon.pin-m").length;` +
		`document.querySelectorAll(".leaflet-marker-icon.pin-c").forEach(function(c){n+=+c.textContent});return n})()`
	var shown int
	b.Run(t, browsertest.Phone(), chromedp.Navigate(base+"vi/map/"),
		waitFor(`document.querySelector(".map").dataset.state === "ready" && document.querySelectorAll(".leaflet-tile-loaded").length > 0`),
		chromedp.Sleep(500*time.Millisecond), // cluster animation
		chromedp.Evaluate(count, &shown))
	if shown != points {
		t.Errorf("the map shows %d entries, want %d", shown, points)
	}
	if len(outsideMatching(b, "leaflet.markercluster.js")) != 1 || len(outsideMatching(b, "MarkerCluster.css")) != 1 {
		t.Errorf("the map page did not load the cluster plugin: %v", b.Outside())
	}
	shot(t, b, "map-page")

	// Zoomed in, each site is its own pin; its popup links to its page.
	var href string
	b.Run(t, chromedp.Evaluate(`void document.getElementById("map").diachidoMap.setView([10.7578, 106.9265], 14, {animate: false})`, nil),
		chromedp.WaitVisible(`.leaflet-marker-icon.pin-s[title="Đình Phước Thiền"]`, chromedp.ByQuery),
		chromedp.Click(`.leaflet-marker-icon.pin-s[title="Đình Phước Thiền"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`.leaflet-popup-content a`, chromedp.ByQuery),
		chromedp.AttributeValue(`.leaflet-popup-content a`, "href", &href, nil, chromedp.ByQuery),
		chromedp.Sleep(400*time.Millisecond)) // the popup fades in
	if href != "/vi/sites/dinh-phuoc-thien/" {
		t.Errorf("the popup links to %q", href)
	}
	shot(t, b, "map-page-popup")

	var enHref string
	b.Run(t, chromedp.Navigate(base+"en/map/"),
		waitFor(`document.querySelector(".map").dataset.state === "ready"`),
		chromedp.Evaluate(`void document.getElementById("map").diachidoMap.setView([10.7578, 106.9265], 14, {animate: false})`, nil),
		chromedp.Click(`.leaflet-marker-icon[title="Phước Thiền Communal House"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`.leaflet-popup-content a`, chromedp.ByQuery),
		chromedp.AttributeValue(`.leaflet-popup-content a`, "href", &enHref, nil, chromedp.ByQuery))
	if enHref != "/en/sites/dinh-phuoc-thien/" {
		t.Errorf("the English popup links to %q", enHref)
	}
}

func TestTourMapDrawsTheRouteInOrder(t *testing.T) {
	b, base := open(t)
	prepareMaps(t, b)
	var stops []string
	var paths int
	b.Run(t, browsertest.Phone(), chromedp.Navigate(base+"vi/tours/hanh-trinh-bon-dia-chi-do-nhon-trach/"),
		chromedp.Click(`.map-show`, chromedp.ByQuery),
		waitFor(`document.querySelector(".map").dataset.state === "ready" && document.querySelectorAll(".leaflet-tile-loaded").length > 0`),
		chromedp.Evaluate(`Array.prototype.map.call(document.querySelectorAll(".leaflet-marker-icon.pin-n"), function(m){return m.textContent+" "+m.title}).sort()`, &stops),
		chromedp.Evaluate(`document.querySelectorAll(".leaflet-overlay-pane path").length`, &paths))
	want := []string{"1 Di tích vụ thảm sát Giồng Sắn", "2 Đình Phú Mỹ", "3 Đình Phước Thiền", "4 Địa đạo Nhơn Trạch"}
	if strings.Join(stops, "|") != strings.Join(want, "|") {
		t.Errorf("numbered stops %q, want %q", stops, want)
	}
	if paths != 1 {
		t.Errorf("%d lines drawn, want the route", paths)
	}
	shot(t, b, "map-tour-open")
}

func TestMapWithoutScripts(t *testing.T) {
	b, base := open(t)
	var coords, msg string
	var btnHidden bool
	b.Run(t, browsertest.Phone(), chromedp.Navigate("about:blank"),
		chromedp.ActionFunc(disableScripts),
		chromedp.Navigate(base+"vi/sites/dia-dao-nhon-trach/"),
		chromedp.Text(`.map-coords`, &coords, chromedp.ByQuery),
		chromedp.Evaluate(`getComputedStyle(document.querySelector(".map-show")).display === "none"`, &btnHidden),
		chromedp.WaitVisible(`.geo a[href^="geo:10.7003,106.9312"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`.geo a[href*="openstreetmap.org"]`, chromedp.ByQuery),
		chromedp.Navigate(base+"vi/map/"),
		chromedp.Text(`main`, &msg, chromedp.ByQuery))
	if coords != "10.7003, 106.9312" || !btnHidden {
		t.Errorf("without scripts the map box shows %q (button hidden: %v)", coords, btnHidden)
	}
	if !strings.Contains(msg, "Bản đồ cần bật JavaScript") || !strings.Contains(msg, "Cột mốc biên giới") {
		t.Errorf("the map page without scripts says %q", msg)
	}
	if out := b.Outside(); len(out) > 0 {
		t.Errorf("pages without scripts asked other hosts: %v", out)
	}
}

// A visitor pays nothing for a map they do not open: no page but the map
// page asks another host on load, even where the map box is on screen.
func TestNoOutsideRequestOnLoad(t *testing.T) {
	b, base := open(t)
	prepareMaps(t, b)
	for _, p := range []string{
		"vi/", "en/", "vi/sites/", "vi/sites/dia-dao-nhon-trach/", "en/sites/dinh-phu-my/",
		"vi/markers/cot-moc-676/", "vi/tours/hanh-trinh-bon-dia-chi-do-nhon-trach/", "vi/search/", "vi/pages/about/",
	} {
		b.ResetOutside()
		var onScreen bool
		b.Run(t, browsertest.Phone(), chromedp.Navigate(base+p), chromedp.Sleep(1200*time.Millisecond),
			chromedp.Evaluate(`(function(){var m=document.getElementById("map");if(!m)return false;var r=m.getBoundingClientRect();return r.top<innerHeight&&r.bottom>0})()`, &onScreen))
		if out := b.Outside(); len(out) > 0 {
			t.Errorf("/%s asked other hosts on load (map box on screen: %v): %v", p, onScreen, out)
		}
	}
}

func TestMapAndSearchPagesFitAPhone(t *testing.T) {
	b, base := open(t)
	prepareMaps(t, b)
	for _, p := range []string{"vi/map/", "en/map/", "vi/search/?q=dia", "en/search/?q=marker", "vi/", "vi/sites/dinh-phu-my/"} {
		var width, inner int
		b.Run(t, browsertest.Phone(), chromedp.Navigate(base+p), chromedp.Sleep(500*time.Millisecond),
			chromedp.Evaluate(`document.documentElement.scrollWidth`, &width),
			chromedp.Evaluate(`window.innerWidth`, &inner))
		if width > inner {
			t.Errorf("/%s scrolls sideways: %d px in %d", p, width, inner)
		}
		shot(t, b, "fit-"+strings.NewReplacer("/", "_", "?", "_", "=", "_").Replace(strings.TrimSuffix(p, "/")))
	}
}

func TestHomeMapShowsEveryPlaceAfterATap(t *testing.T) {
	b, base := open(t)
	all := prepareMaps(t, b)
	var markers, clusters int
	b.Run(t, browsertest.Phone(), chromedp.Navigate(base+"en/"),
		chromedp.WaitVisible(`.map-show`, chromedp.ByQuery))
	if out := b.Outside(); len(out) > 0 {
		t.Fatalf("the home page asked other hosts before the visitor did: %v", out)
	}
	b.Run(t, chromedp.Click(`.map-show`, chromedp.ByQuery),
		chromedp.WaitVisible(`.map .leaflet-container`, chromedp.ByQuery),
		waitFor(`document.querySelector(".map").dataset.state === "ready"`),
		chromedp.Evaluate(`document.querySelectorAll(".map .leaflet-marker-icon:not(.marker-cluster)").length`, &markers),
		chromedp.Evaluate(`document.querySelectorAll(".map .marker-cluster").length`, &clusters))
	if markers+clusters == 0 {
		t.Errorf("the home map shows nothing (expected the %d places)", len(all.Pts))
	}
	shot(t, b, "map-home-open")
}
