package site

import (
	"fmt"
	"math"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/diachido/diachido/generator/diag"
	"github.com/diachido/diachido/internal/testsite"
)

// The distance the nearby lists show (a chord through the sphere, turned
// into kilometres along it) against distances known on the map.
func TestDistance(t *testing.T) {
	for _, c := range []struct {
		name                   string
		lat1, lng1, lat2, lng2 float64
		km                     float64
	}{
		// Hoàn Kiếm (Hà Nội) to Bến Thành (TP.HCM): the distance between
		// the two cities is usually given as about 1,137 km; these two
		// centre points are 1,144 km apart, within 1 %.
		{"Hà Nội–TP.HCM", 21.0285, 105.8542, 10.7725, 106.6980, 1137},
		// One degree of latitude is about 111.2 km anywhere.
		{"one degree north", 10, 106, 11, 106, 111.2},
		// One degree of longitude shrinks with cos(latitude).
		{"one degree east at 60°", 60, 10, 60, 11, 55.6},
		{"same point", 10.7003, 106.9312, 10.7003, 106.9312, 0},
		{"antipodes", 0, 0, 0, 180, math.Pi * earthRadiusKm},
	} {
		got := chordKm(chord2(pointAt(c.lat1, c.lng1), pointAt(c.lat2, c.lng2)))
		if d := math.Abs(got - c.km); d > c.km*0.01+1e-9 {
			t.Errorf("%s: %.1f km, want %.1f km within 1%%", c.name, got, c.km)
		}
		if back := chordKm(chord2(pointAt(c.lat2, c.lng2), pointAt(c.lat1, c.lng1))); math.Abs(back-got) > 1e-9 {
			t.Errorf("%s: not symmetric: %f and %f", c.name, got, back)
		}
	}
}

func TestFormatDistance(t *testing.T) {
	for _, c := range []struct {
		km     float64
		vi, en string
	}{
		{0.004, "0 m", "0 m"},
		{0.346, "350 m", "350 m"},
		{0.994, "990 m", "990 m"},
		{0.996, "1,0 km", "1.0 km"},
		{1.23, "1,2 km", "1.2 km"},
		{9.94, "9,9 km", "9.9 km"},
		{9.96, "10 km", "10 km"},
		{14.4, "14 km", "14 km"},
		{1136.6, "1.137 km", "1,137 km"},
	} {
		if got := formatDistance(c.km, "vi"); got != c.vi {
			t.Errorf("formatDistance(%v, vi) = %q, want %q", c.km, got, c.vi)
		}
		if got := formatDistance(c.km, "en"); got != c.en {
			t.Errorf("formatDistance(%v, en) = %q, want %q", c.km, got, c.en)
		}
	}
}

// nearbySite has a row of sites east of a point, 1, 2, 3… km apart, a
// tour, a free page and a site without translation.
func nearbySite() map[string]string {
	files := baseSite()
	for k := range files {
		if strings.HasPrefix(k, "content/") {
			delete(files, k)
		}
	}
	// 0.009° of latitude is almost exactly 1 km.
	for i, name := range []string{"a", "b", "c", "d", "e", "f", "g"} {
		lat := 10 + 0.009*float64(i)
		files["content/sites/"+name+"/index.vi.md"] = "---\nid: S-" + strings.ToUpper(name) + "\ntitle: Di tích " + strings.ToUpper(name) +
			"\nsummary: Một di tích.\nlocation: {lat: " + coord(lat) + ", lng: 106}\n---\nThân bài.\n"
	}
	files["content/sites/b/index.en.md"] = "---\ntitle: Site B\nsummary: A site.\n---\nBody.\n"
	// A marker at the same place as a: equal distance to b as a, so ties
	// are broken by ID (M-X before S-A).
	files["content/markers/x/index.vi.md"] = "---\nid: M-X\ntitle: Cột mốc X\nsummary: Một mốc.\nlocation: {lat: 10, lng: 106}\nmarker: {number: \"1\", type: main, border: VN-LA}\n---\nMốc.\n"
	files["content/tours/t/index.vi.md"] = "---\nid: T-1\ntitle: Hành trình\nsummary: Ba điểm.\nstops: [S-C, S-A, M-X]\n---\nĐi.\n"
	files["content/pages/about/index.vi.md"] = "---\nid: ABOUT\ntitle: Giới thiệu\nsummary: Về dự án.\n---\nNội dung.\n"
	return files
}

func loadMem(t *testing.T, files map[string]string) *Model {
	t.Helper()
	var diags diag.List
	m := Load(testsite.MapFS(files), LoadOptions{NoPlacards: true}, &diags)
	if m == nil || diags.HasErrors() {
		t.Fatalf("load failed:\n%s", diags.String())
	}
	return m
}

func TestNearestOrdersByDistanceThenID(t *testing.T) {
	m := loadMem(t, nearbySite())
	idx := m.nearbyIndex(5)
	ids := func(id string) []string {
		var out []string
		for _, nb := range idx[m.Content.ByID[id]] {
			out = append(out, nb.e.ID())
		}
		return out
	}
	for _, c := range []struct {
		id   string
		want string
	}{
		{"S-A", "M-X S-B S-C S-D S-E"}, // M-X is 0 km away
		{"S-D", "S-C S-E S-B S-F M-X"}, // ties (±1 km, ±2 km, 3 km) by ID
		{"S-B", "M-X S-A S-C S-D S-E"},
		{"S-G", "S-F S-E S-D S-C S-B"},
	} {
		if got := strings.Join(ids(c.id), " "); got != c.want {
			t.Errorf("nearest to %s: %s, want %s", c.id, got, c.want)
		}
	}
	if got := ids("T-1"); got != nil {
		t.Errorf("a tour has no neighbours, got %v", got)
	}
	if got := len(m.nearbyIndex(100)[m.Content.ByID["S-A"]]); got != 7 {
		t.Errorf("asking for more than there are gives every other place: %d, want 7", got)
	}
	nb := idx[m.Content.ByID["S-D"]]
	if math.Abs(nb[0].km-1.0007) > 0.001 {
		t.Errorf("S-D to S-C is %.4f km, want 1.0007", nb[0].km)
	}
}

func TestEntryPagesListNearbyInTheirLanguage(t *testing.T) {
	mem := buildMem(t, nearbySite())
	vi := page(t, mem, "vi/sites/d/index.html")
	sec := vi[strings.Index(vi, `class="nearby"`):]
	sec = sec[:strings.Index(sec, "</section>")]
	for _, want := range []string{
		`<a href="/vi/sites/c/">Di tích C</a>`, `1,0 km`, `2,0 km`, `3,0 km`,
		`<a href="/vi/sites/b/">Di tích B</a>`, `<span class="near-kind">Di tích</span>`,
	} {
		if !strings.Contains(sec, want) {
			t.Errorf("vi nearby list lacks %s:\n%s", want, sec)
		}
	}
	if strings.Count(sec, "<li>") != 5 {
		t.Errorf("want 5 neighbours:\n%s", sec)
	}
	if i, j := strings.Index(sec, "/vi/sites/c/"), strings.Index(sec, "/vi/sites/e/"); i < 0 || j < i {
		t.Errorf("S-C (1 km, lower ID) must come before S-E (1 km)")
	}
	en := page(t, mem, "en/sites/d/index.html")
	for _, want := range []string{`<a href="/en/sites/b/">Site B</a>`, `<a href="/en/sites/c/" lang="vi">Di tích C</a>`, `1.0 km`, `Relic site`} {
		if !strings.Contains(en, want) {
			t.Errorf("en nearby list lacks %s", want)
		}
	}
	if strings.Contains(page(t, mem, "vi/tours/t/index.html"), `class="nearby"`) {
		t.Error("a tour page lists nearby places")
	}
}

// The sweep that finds neighbours must give exactly what comparing every
// pair gives, ties included, with and without a greatest distance.
func TestNearestMatchesEveryPair(t *testing.T) {
	for _, maxKm := range []float64{0, 50, 5} {
		t.Run(fmt.Sprintf("maxKm=%v", maxKm), func(t *testing.T) { nearestMatchesEveryPair(t, maxKm) })
	}
}

func nearestMatchesEveryPair(t *testing.T, maxKm float64) {
	files := fakeSite(1200)
	// Put a few places on the same spot, and some exactly as far apart, so
	// that ties are broken by ID as with every pair.
	for i := 0; i < 60; i++ {
		p := fmt.Sprintf("content/sites/e%d/index.vi.md", i)
		if src, ok := files[p]; ok {
			files[p] = locRe.ReplaceAllString(src, fmt.Sprintf("location: {lat: 16.%d, lng: 107.5}", i%3))
		}
	}
	m := loadMem(t, files)
	got := m.nearbyWithin(5, maxKm)
	var places []place
	for _, e := range m.Content.Entries {
		if p, ok := placeOf(e); ok {
			places = append(places, p)
		}
	}
	if len(places) < 1000 {
		t.Fatalf("only %d located places", len(places))
	}
	for _, here := range places {
		others := make([]place, 0, len(places))
		for _, o := range places {
			if o.e != here.e {
				others = append(others, o)
			}
		}
		sort.SliceStable(others, func(i, j int) bool {
			a, b := chord2(here, others[i]), chord2(here, others[j])
			if d := a - b; math.Abs(d) > 1e-9*math.Max(a, b) {
				return d < 0
			}
			return others[i].e.ID() < others[j].e.ID()
		})
		var want, have []string
		for _, o := range others[:5] {
			if maxKm == 0 || chordKm(chord2(here, o)) <= maxKm {
				want = append(want, o.e.ID())
			}
		}
		for _, nb := range got[here.e] {
			have = append(have, nb.e.ID())
		}
		if strings.Join(have, " ") != strings.Join(want, " ") {
			t.Fatalf("nearest to %s: %v, want %v", here.e.ID(), have, want)
		}
	}
}

// A place further than nearby.maxKm (default 50 km) is not listed: a page
// whose nearest other place is 536 km away lists none, not "536 km".
func TestNearbyListsOnlyPlacesWithinMaxKm(t *testing.T) {
	files := nearbySite()
	// z is 536 km north of a (0.009° of latitude is 1 km): alone up there.
	files["content/sites/z/index.vi.md"] = "---\nid: S-Z\ntitle: Di tích Z\nsummary: Xa lắm.\nlocation: {lat: " + coord(10+0.009*536) + ", lng: 106}\n---\nThân bài.\n"
	mem := buildMem(t, files)
	if z := page(t, mem, "vi/sites/z/index.html"); strings.Contains(z, `class="nearby"`) || strings.Contains(z, "536 km") {
		t.Errorf("the page of a place 536 km from all others lists nearby places:\n%s", z[strings.Index(z, "<main"):])
	}
	if a := page(t, mem, "vi/sites/a/index.html"); strings.Contains(a, "Di tích Z") {
		t.Error("a's nearby list shows Z, 536 km away")
	}

	// nearby.maxKm: 2.5 keeps d's neighbours at 1 and 2 km, not those at 3.
	files["site.yaml"] += "nearby:\n  maxKm: 2.5\n"
	mem = buildMem(t, files)
	d := page(t, mem, "vi/sites/d/index.html")
	sec := d[strings.Index(d, `class="nearby"`):]
	sec = sec[:strings.Index(sec, "</section>")]
	if n := strings.Count(sec, "<li>"); n != 4 || strings.Contains(sec, "3,0 km") || !strings.Contains(sec, "2,0 km") {
		t.Errorf("with maxKm 2.5, d lists %d places, want the 4 within 2 km:\n%s", n, sec)
	}
}

var locRe = regexp.MustCompile(`location: \{[^}]*\}`)
