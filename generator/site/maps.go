package site

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"html"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/diachido/diachido/generator/content"
)

// Leaflet is never copied into the repository or the output: pages load it
// from these pinned addresses, or from the folder site.yaml names in
// map.library, and the browser refuses any file whose bytes differ from
// what we checked (subresource integrity).
//
// The hashes were computed from the npm packages:
//
//	npm pack leaflet@1.9.4 leaflet.markercluster@1.5.3
//	tar -xzf leaflet-1.9.4.tgz            # → package/dist/leaflet.js …
//	openssl dgst -sha384 -binary package/dist/leaflet.js | openssl base64 -A
//
// unpkg.com serves the files of the npm tarball byte for byte. To move to
// a new version, change the URLs and recompute every hash the same way; the
// browser tests load the real files (LEAFLET_DIR, see .ci/run) and fail
// when a hash is wrong.
const (
	leafletVersion = "1.9.4"
	clusterVersion = "1.5.3"

	leafletJS  = "https://unpkg.com/leaflet@" + leafletVersion + "/dist/leaflet.js"
	leafletCSS = "https://unpkg.com/leaflet@" + leafletVersion + "/dist/leaflet.css"
	clusterJS  = "https://unpkg.com/leaflet.markercluster@" + clusterVersion + "/dist/leaflet.markercluster.js"
	clusterCSS = "https://unpkg.com/leaflet.markercluster@" + clusterVersion + "/dist/MarkerCluster.css"

	leafletJSIntegrity  = "sha384-cxOPjt7s7Iz04uaHJceBmS+qpjv2JkIHNVcuOrM+YHwZOmJGBXI00mdUXEq65HTH"
	leafletCSSIntegrity = "sha384-sHL9NAb7lN7rfvG5lfHpm643Xkcjzp4jFvuavGOndn6pjVqS6ny56CAt3nsEVT4H"
	clusterJSIntegrity  = "sha384-eXVCORTRlv4FUUgS/xmOyr66XBVraen8ATNLMESp92FKXLAMiKkerixTiBvXriZr"
	clusterCSSIntegrity = "sha384-pmjIAcz2bAn0xukfxADbZIb3t8oRT9Sv0rvO+BR5Csr6Dhqq+nZs59P0pPKQJkEV"
)

// nearbyMapKm is how far a neighbour may be to show on an entry's map,
// which opens at a zoom showing a few kilometres; farther ones would only
// add bytes.
const nearbyMapKm = 50

// Map modes: what a map box shows.
const (
	mapEntry = "entry" // one site or marker, its nearest neighbours around it
	mapTour  = "tour"  // a tour's stops, numbered, joined by the route
	mapAll   = "all"   // every site and marker, clustered (the map page)
)

// MapView is a page's map box. The page carries the map's data; the
// Leaflet files, the tiles and our own static/map.js are fetched only when
// the visitor taps "show map" or scrolls the box into view (at once on the
// map page, which a visitor opens to see the map).
type MapView struct {
	Mode string
	// Auto loads the map as soon as the page opens.
	Auto bool
	// Data is what map.js needs, as JSON: library files, tiles, points.
	// It goes into a data-map attribute, which html/template escapes.
	Data string
	// Lat and Lng are shown without scripts (entry maps).
	Lat, Lng string
	// Count is the number of points (tour stops, entries on the map page).
	Count int
	// Sections links the lists of what the map shows, for visitors
	// without scripts (the map page).
	Sections []NavItem
}

// mapAsset is a file's address and its integrity hash.
type mapAsset []string

type mapLib struct {
	JS         mapAsset `json:"js"`
	CSS        mapAsset `json:"css"`
	ClusterJS  mapAsset `json:"cjs,omitempty"`
	ClusterCSS mapAsset `json:"ccss,omitempty"`
}

// mapPoint is one marker; it is written as a compact array
// [lat, lng, kind, title, url, number] to keep the map page small.
type mapPoint struct {
	Lat, Lng string
	Kind     string // "s" site, "m" marker
	Title    string
	URL      string // empty for the page's own entry
	N        int    // stop number on a tour map, else 0
}

func (p mapPoint) MarshalJSON() ([]byte, error) { return p.appendJSON(nil), nil }

// appendJSON writes p as encoding/json writes the array (TestMapPointJSON):
// every entry page has a few points, and reflection on each was a
// noticeable part of a large build.
func (p mapPoint) appendJSON(b []byte) []byte {
	b = append(b, '[')
	b = append(b, p.Lat...)
	b = append(b, ',')
	b = append(b, p.Lng...)
	for _, s := range []string{p.Kind, p.Title, p.URL} {
		b = append(b, ',')
		b = appendJSONString(b, s)
	}
	if p.N > 0 {
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(p.N), 10)
	}
	return append(b, ']')
}

// appendJSONString appends s as a JSON string exactly as encoding/json
// writes it; text that needs escaping takes encoding/json itself.
func appendJSONString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c < 0x20, c == '"', c == '\\', c == '<', c == '>', c == '&', c == 0xE2: // 0xE2 may open U+2028 or U+2029
			q, _ := json.Marshal(s)
			return append(b, q...)
		}
	}
	if !utf8.ValidString(s) {
		q, _ := json.Marshal(s)
		return append(b, q...)
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

type mapData struct {
	Lib   mapLib            `json:"lib"`
	Tiles string            `json:"tiles"`
	Attr  string            `json:"attr"`
	Mode  string            `json:"mode"`
	Zoom  int               `json:"zoom,omitempty"`
	Pts   []mapPoint        `json:"pts"`
	Kinds map[string]string `json:"kinds"`
	Msg   map[string]string `json:"msg"`
}

// mapLibrary returns where Leaflet is loaded from; the cluster plugin only
// on the map page, the one map crowded enough to need it.
func (m *Model) mapLibrary(cluster bool) mapLib {
	js, css, cjs, ccss := leafletJS, leafletCSS, clusterJS, clusterCSS
	if dir := m.Config.Map.Library; dir != "" {
		js, css, cjs, ccss = dir+"leaflet.js", dir+"leaflet.css", dir+"leaflet.markercluster.js", dir+"MarkerCluster.css"
	}
	lib := mapLib{JS: mapAsset{js, leafletJSIntegrity}, CSS: mapAsset{css, leafletCSSIntegrity}}
	if cluster {
		lib.ClusterJS = mapAsset{cjs, clusterJSIntegrity}
		lib.ClusterCSS = mapAsset{ccss, clusterCSSIntegrity}
	}
	return lib
}

// mapAttribution is site.yaml's attribution as HTML for Leaflet's
// attribution control: the text escaped, and "OpenStreetMap" linked to its
// copyright page as the OSM tile policy asks.
func mapAttribution(s string) string {
	s = html.EscapeString(s)
	return strings.Replace(s, "OpenStreetMap", `<a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>`, 1)
}

func kindCode(k content.Kind) string {
	if k == content.Marker {
		return "m"
	}
	return "s"
}

// mapPointOf is e's marker on a map in lang; ok is false when e has no
// location.
func (m *Model) mapPointOf(e *content.Entry, lang string) (mapPoint, bool) {
	l := e.Default.Front.Location
	if !e.Kind.Located() || l == nil || l.Lat == nil || l.Lng == nil {
		return mapPoint{}, false
	}
	d, _ := e.Doc(lang)
	return mapPoint{Lat: coord(*l.Lat), Lng: coord(*l.Lng), Kind: kindCode(e.Kind), Title: d.Front.Title, URL: m.urls.Rel(EntryPath(lang, e))}, true
}

// mapView builds a map box of mode over pts.
func (m *Model) mapView(lang, mode string, pts []mapPoint) *MapView {
	frame := m.mapFrame(lang, mode)
	b := make([]byte, 0, len(frame.head)+len(frame.tail)+len(pts)*96)
	b = append(b, frame.head...)
	for i, p := range pts {
		if i > 0 {
			b = append(b, ',')
		}
		b = p.appendJSON(b)
	}
	b = append(b, frame.tail...)
	v := &MapView{Mode: mode, Auto: mode == mapAll, Data: string(b), Count: len(pts)}
	if mode == mapEntry && len(pts) > 0 {
		v.Lat, v.Lng = pts[0].Lat, pts[0].Lng
	}
	return v
}

// mapFrameOf is a map box's data but its points, split where they go:
// the same for every map of a language and mode.
type mapFrameOf struct{ head, tail string }

type mapFrameKey struct{ lang, mode string }

// mapFrame returns the JSON of a map box of mode in lang around its
// points, made once by encoding/json and kept: every entry page has a map.
func (m *Model) mapFrame(lang, mode string) mapFrameOf {
	key := mapFrameKey{lang, mode}
	if f, ok := m.mapFrames.Load(key); ok {
		return f.(mapFrameOf)
	}
	t := func(k string) string { return m.i18n.T(lang, k) }
	d := mapData{
		Lib:   m.mapLibrary(mode == mapAll),
		Tiles: m.Config.Map.Tiles,
		Attr:  mapAttribution(m.Config.Map.Attribution),
		Mode:  mode,
		Pts:   []mapPoint{},
		Kinds: map[string]string{"s": t("kind_sites"), "m": t("kind_markers")},
		Msg:   map[string]string{"loading": t("map_loading"), "error": t("map_error"), "retry": t("map_retry")},
	}
	if mode == mapEntry {
		d.Zoom = 14
	}
	b, _ := json.Marshal(d) // strings and numbers only: cannot fail
	// Every string in it is quoted, so its quotes are escaped: the one
	// unescaped "pts":[] is where the points go.
	head, tail, _ := strings.Cut(string(b), `"pts":[]`)
	f := mapFrameOf{head + `"pts":[`, "]" + tail}
	m.mapFrames.Store(key, f)
	return f
}

// placeViews gives an entry page its map box and, for a site or marker,
// the list of its nearest neighbours (near, from nearbyIndex).
func (m *Model) placeViews(e *content.Entry, lang string, pg *Page, v *EntryView, near []neighbor) {
	switch e.Kind {
	case content.Site, content.Marker:
		here, ok := m.mapPointOf(e, lang)
		if !ok {
			return
		}
		here.URL = ""
		pts := []mapPoint{here}
		for _, nb := range near {
			if p, ok := m.mapPointOf(nb.e, lang); ok && nb.km <= nearbyMapKm {
				pts = append(pts, p)
			}
		}
		v.Nearby = m.nearbyViews(near, lang)
		pg.Map = m.mapView(lang, mapEntry, pts)
	case content.Tour:
		var pts []mapPoint
		for i, id := range e.Default.Front.Stops {
			if s, ok := m.Content.ByID[id]; ok {
				if p, ok := m.mapPointOf(s, lang); ok {
					p.N = i + 1
					pts = append(pts, p)
				}
			}
		}
		if len(pts) > 0 {
			pg.Map = m.mapView(lang, mapTour, pts)
		}
	}
}

// hasMap reports whether any entry has a place on a map. Sites come first
// in Entries, so it usually returns at the first.
func (m *Model) hasMap() bool {
	for _, e := range m.Content.Entries {
		if l := e.Default.Front.Location; e.Kind.Located() && l != nil && l.Lat != nil && l.Lng != nil {
			return true
		}
	}
	return false
}

// MapURL is the link to the map page in the page's language, or "" when
// no entry has a location.
func (p *Page) MapURL() string {
	if !p.m.hasMap() {
		return ""
	}
	return p.m.urls.Rel(mapPath(p.Lang.Code))
}

// Static returns the URL of a theme static file with a version from its
// content, so that a phone never runs an old map.js against a new page.
func (p *Page) Static(name string) string {
	if u, ok := p.m.static.Load(name); ok {
		return u.(string)
	}
	u := p.m.urls.Rel(name)
	if b, err := p.m.theme.Asset("static/" + name); err == nil {
		sum := sha256.Sum256(b)
		u += "?v=" + hex.EncodeToString(sum[:4])
	}
	p.m.static.Store(name, u)
	return u
}

// homeMapLimit is the most places the home page shows on its own map; a
// larger site links to the map page instead, so that the home page stays
// light on a phone (every point is data in the page).
const homeMapLimit = 300

// homeMap is the home page's map of every site and marker, loaded like an
// entry's (on a tap, or when scrolled to), or nil for a large site.
func (m *Model) homeMap(lang string) *MapView {
	if !m.hasMap() {
		return nil
	}
	var pts []mapPoint
	for _, e := range m.Content.Entries {
		if pt, ok := m.mapPointOf(e, lang); ok {
			pts = append(pts, pt)
		}
	}
	if len(pts) == 0 || len(pts) > homeMapLimit {
		return nil
	}
	v := m.mapView(lang, mapAll, pts)
	v.Auto = false
	return v
}
