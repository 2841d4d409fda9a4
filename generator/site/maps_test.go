package site

import (
	"encoding/json"
	"html"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/diachido/diachido/generator/diag"
	"github.com/diachido/diachido/internal/testsite"
)

var mapDataRe = regexp.MustCompile(`<div class="map map-\w+" id="map" data-map="([^"]*)">`)

// mapDataOf decodes a page's map box data.
func mapDataOf(t *testing.T, page string) map[string]any {
	t.Helper()
	m := mapDataRe.FindStringSubmatch(page)
	if m == nil {
		t.Fatal("the page has no map box")
	}
	var d map[string]any
	if err := json.Unmarshal([]byte(html.UnescapeString(m[1])), &d); err != nil {
		t.Fatalf("map data: %v\n%s", err, m[1])
	}
	return d
}

func TestIntegrityHashesArePinned(t *testing.T) {
	for _, h := range []string{leafletJSIntegrity, leafletCSSIntegrity, clusterJSIntegrity, clusterCSSIntegrity} {
		// sha384 is 48 bytes: 64 characters of base64.
		if !regexp.MustCompile(`^sha384-[A-Za-z0-9+/]{64}$`).MatchString(h) {
			t.Errorf("integrity %q is not a sha384 hash", h)
		}
	}
	for _, u := range []string{leafletJS, leafletCSS, clusterJS, clusterCSS} {
		if !regexp.MustCompile(`^https://unpkg\.com/[a-z.]+@\d+\.\d+\.\d+/dist/`).MatchString(u) {
			t.Errorf("%s is not a pinned version", u)
		}
	}
}

func TestMapBoxes(t *testing.T) {
	files := baseSite()
	files["site.yaml"] += "map:\n  tiles: https://tiles.example.vn/{z}/{x}/{y}.png\n  attribution: \"© OpenStreetMap & <b>Sở</b>\"\n"
	mem := buildMem(t, files)

	entry := page(t, mem, "vi/sites/dia-dao-nhon-trach/index.html")
	d := mapDataOf(t, entry)
	if d["mode"] != "entry" || d["tiles"] != "https://tiles.example.vn/{z}/{x}/{y}.png" {
		t.Errorf("entry map: %v", d)
	}
	// The attribution is text: escaped, with OpenStreetMap linked.
	if got := d["attr"]; got != `© <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> &amp; &lt;b&gt;Sở&lt;/b&gt;` {
		t.Errorf("attribution %q", got)
	}
	lib := d["lib"].(map[string]any)
	if js := lib["js"].([]any); js[0] != leafletJS || js[1] != leafletJSIntegrity {
		t.Errorf("leaflet.js: %v", js)
	}
	if _, ok := lib["cjs"]; ok {
		t.Error("an entry map loads the cluster plugin")
	}
	pts := d["pts"].([]any)
	here := pts[0].([]any)
	if here[0] != 10.7251 || here[1] != 106.8823 || here[2] != "s" || here[3] != "Địa đạo Nhơn Trạch" || here[4] != "" {
		t.Errorf("the entry's own point: %v", here)
	}
	if len(pts) != 2 || pts[1].([]any)[4] != "/vi/sites/dinh-phu-my/" {
		t.Errorf("neighbours within reach: %v (the marker 600 km away is left out)", pts)
	}
	// The box works without scripts, and costs no request to another host.
	for _, want := range []string{`<p class="map-coords">`, `10.7251, 106.8823`, `class="button map-show" hidden>Xem bản đồ</button>`, `/map.js?v=`} {
		if !strings.Contains(entry, want) {
			t.Errorf("entry page lacks %s", want)
		}
	}
	for _, name := range mem.Names() {
		b, _ := mem.Get(name)
		if strings.HasSuffix(name, ".html") && regexp.MustCompile(`<script[^>]+src="https?://|<link[^>]+rel="(stylesheet|preload|preconnect|dns-prefetch)"[^>]+href="https?://`).Match(b) {
			t.Errorf("%s loads a file from another host", name)
		}
	}

	tour := mapDataOf(t, page(t, mem, "en/tours/hanh-trinh/index.html"))
	tp := tour["pts"].([]any)
	if tour["mode"] != "tour" || len(tp) != 2 {
		t.Fatalf("tour map: %v", tour)
	}
	// Stops in visiting order (NT-002 then NT-001), numbered, in English.
	if a, b := tp[0].([]any), tp[1].([]any); a[3] != "Đình Phú Mỹ" || a[5] != 1.0 || b[3] != "Nhon Trach Tunnels" || b[4] != "/en/sites/dia-dao-nhon-trach/" || b[5] != 2.0 {
		t.Errorf("tour stops %v", tp)
	}

	all := page(t, mem, "en/map/index.html")
	ad := mapDataOf(t, all)
	if ad["mode"] != "all" || len(ad["pts"].([]any)) != 3 {
		t.Errorf("map page data: %v", ad)
	}
	if cjs := ad["lib"].(map[string]any)["cjs"].([]any); cjs[0] != clusterJS || cjs[1] != clusterJSIntegrity {
		t.Errorf("map page cluster plugin: %v", cjs)
	}
	for _, want := range []string{`<noscript>`, `href="/en/sites/"`, `href="/en/markers/"`, `hreflang="vi" href="https://guide.example.vn/vi/map/"`} {
		if !strings.Contains(all, want) {
			t.Errorf("map page lacks %s", want)
		}
	}
	home := page(t, mem, "vi/index.html")
	if !strings.Contains(home, `<p class="home-map-link"><a href="/vi/map/">`) || !strings.Contains(home, `class="map map-all"`) {
		t.Error("the home page has no map of its own, or does not link the map page")
	}
	if !strings.Contains(page(t, mem, "vi/sites/index.html"), `<li><a href="/vi/map/">Bản đồ</a></li>`) {
		t.Error("the navigation does not link the map")
	}
}

func TestMapLibraryFromSiteYAML(t *testing.T) {
	files := baseSite()
	files["site.yaml"] += "map:\n  library: /vendor/leaflet\n"
	mem := buildMem(t, files)
	lib := mapDataOf(t, page(t, mem, "vi/map/index.html"))["lib"].(map[string]any)
	for key, want := range map[string][]any{
		"js":   {"/vendor/leaflet/leaflet.js", leafletJSIntegrity},
		"css":  {"/vendor/leaflet/leaflet.css", leafletCSSIntegrity},
		"cjs":  {"/vendor/leaflet/leaflet.markercluster.js", clusterJSIntegrity},
		"ccss": {"/vendor/leaflet/MarkerCluster.css", clusterCSSIntegrity},
	} {
		got := lib[key].([]any)
		if got[0] != want[0] || got[1] != want[1] {
			t.Errorf("%s: %v, want %v", key, got, want)
		}
	}

	for _, bad := range []string{"vendor/leaflet/", "http://cdn.example.vn/leaflet/", "//cdn.example.vn/leaflet/", "https://cdn.example.vn/x/?v=1"} {
		files := baseSite()
		files["site.yaml"] += "map:\n  library: " + bad + "\n"
		var diags diag.List
		Load(testsite.MapFS(files), LoadOptions{NoPlacards: true}, &diags)
		if !strings.Contains(diags.String(), "site.yaml:12: map library") {
			t.Errorf("library %q: want an error at site.yaml:12, got\n%s", bad, diags.String())
		}
	}
}

func TestNoMapWithoutPlaces(t *testing.T) {
	files := baseSite()
	for k := range files {
		if strings.HasPrefix(k, "content/sites/") || strings.HasPrefix(k, "content/markers/") || strings.HasPrefix(k, "content/tours/") {
			delete(files, k)
		}
	}
	mem := buildMem(t, files)
	if _, ok := mem.Get("vi/map/index.html"); ok {
		t.Error("a site with no places has a map page")
	}
	if strings.Contains(page(t, mem, "vi/index.html"), "/vi/map/") {
		t.Error("a site with no places links a map")
	}
}

// A map point is written by hand; it must be exactly what encoding/json
// writes for the same array, for any title or address.
func FuzzMapPointJSON(f *testing.F) {
	for _, s := range []string{"Đình Phú Mỹ", "a<b>&c", "say \"hi\"\\", "tab\there", "\u2028\u2029", "bad \xff utf8", "", "/vi/sites/dinh-phu-my/"} {
		f.Add(s, s, 0)
	}
	f.Add("Cột mốc 12", "/en/markers/cot-moc-12/", 3)
	f.Fuzz(func(t *testing.T, title, url string, n int) {
		p := mapPoint{Lat: "10.7", Lng: "-106.75", Kind: "s", Title: title, URL: url, N: n}
		a := []any{json.Number(p.Lat), json.Number(p.Lng), p.Kind, p.Title, p.URL}
		if p.N > 0 {
			a = append(a, p.N)
		}
		want, err := json.Marshal(a)
		if err != nil {
			t.Fatal(err)
		}
		if got := p.appendJSON(nil); string(got) != string(want) {
			t.Fatalf("got  %s\nwant %s", got, want)
		}
	})
}

// The map data of a page is the frame made once per language and mode
// with the page's points in it: exactly what encoding/json gives for the
// whole.
func TestMapViewMatchesEncodingJSON(t *testing.T) {
	var d diag.List
	m := Load(os.DirFS("../.."), LoadOptions{NoPlacards: true}, &d)
	if m == nil || d.HasErrors() {
		t.Fatalf("the example site does not load: %s", d.String())
	}
	pts := []mapPoint{{Lat: "10.7", Lng: "106.75", Kind: "s", Title: "Đình <Phú> Mỹ", URL: "/vi/sites/x/"}, {Lat: "11", Lng: "107", Kind: "m", Title: "Mốc", N: 2}}
	for _, lang := range m.Langs {
		for _, mode := range []string{mapEntry, mapTour, mapAll} {
			for _, ps := range [][]mapPoint{nil, pts[:1], pts} {
				tr := func(k string) string { return m.i18n.T(lang, k) }
				want := mapData{Lib: m.mapLibrary(mode == mapAll), Tiles: m.Config.Map.Tiles, Attr: mapAttribution(m.Config.Map.Attribution), Mode: mode, Pts: ps,
					Kinds: map[string]string{"s": tr("kind_sites"), "m": tr("kind_markers")},
					Msg:   map[string]string{"loading": tr("map_loading"), "error": tr("map_error"), "retry": tr("map_retry")}}
				if want.Pts == nil {
					want.Pts = []mapPoint{}
				}
				if mode == mapEntry {
					want.Zoom = 14
				}
				b, _ := json.Marshal(want)
				if got := m.mapView(lang, mode, ps).Data; got != string(b) {
					t.Errorf("map data of %s %s:\n%s\nwant\n%s", lang, mode, got, b)
				}
			}
		}
	}
}
