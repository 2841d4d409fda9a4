package site

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"html"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"
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
			if len(pts) == homeMapLimit {
				return nil // a large site: stop at the first point too many
			}
			pts = append(pts, pt)
		}
	}
	if len(pts) == 0 {
		return nil
	}
	v := m.mapView(lang, mapAll, pts)
	v.Auto = false
	return v
}

// # Maps that scale
//
// A small site's map page carries every point in its data-map, as above.
// Over mapInlineLimit points that page would weigh megabytes (100,000
// entries are about 9 MB of points), so a large site's map page carries
// only an overview, and the points come in cell files fetched as the
// visitor zooms in:
//
//   - The cells are slippy-map tiles (the z/x/y of OpenStreetMap's tiles),
//     a quadtree: every located entry falls in one tile at zoom
//     mapCellMinZoom; a tile holding more than mapCellPoints points is split
//     into its four quarters, again and again, down to mapCellMaxZoom
//     (where points that share a place stay together, however many).
//     Each leaf is one file per language, /<lang>/map/cells/<z>-<x>-<y>.json
//     (titles and addresses differ by language): a JSON array of the
//     points, in the map page's compact form, in the order of
//     Content.Entries. The leaves depend only on the default language's
//     locations, so every language has the same files.
//   - The overview, in the page's data-map ("grid"), lists every leaf as
//     [z, x, y, lat, lng, sites, markers]: where its points are on average
//     and how many of each kind. map.js shows each leaf as a cluster bubble
//     (the same pin-c icons as Leaflet.markercluster's clusters, which
//     gather bubbles and points alike and add up their counts); a tap on a
//     bubble zooms to its cell.
//   - When the map's zoom reaches a leaf's z (its tile is then 256 px or
//     more on screen) and the leaf is in view, map.js fetches its file once,
//     puts its points in the cluster layer in place of its bubble, and keeps
//     them: panning back costs nothing, and every point is on the map, as a
//     point or in a count, exactly once.
//
// At 100,000 entries spread over Vietnam the overview holds a few hundred
// leaves (about 40 bytes each), and a leaf file about 60 bytes a point
// before gzip (TestMapGridAtNationalScale measures both: 266 cells, a
// 15 KB page, the largest cell 16 KB gzipped).
//
// Entry and tour maps are small already (an entry's nearest neighbours
// within nearbyMapKm; a tour's stops), and the home page's map stops at
// homeMapLimit. entries.geojson (out_geojson.go) is a data export that no
// page fetches; at 100,000 entries it is about 45 MB, 5.7 MB gzipped.
//
// The grid is a memo in Model.grid (a mapGridOnce).

// mapInlineLimit is the most points a map page carries in its own data; a
// site with more gets the overview and cell files. The example site's map
// and any small guide's stay as they were. 1,000 compact points are about
// 100 KB of HTML before gzip.
const mapInlineLimit = 1000

// The quadtree of cell files: see "Maps that scale" above. With 500 points
// a file is about 30 KB, 10 KB gzipped, and a phone's screen at the zoom
// where a cell loads shows a few cells: a few thousand markers at most.
const (
	mapCellMinZoom = 8
	mapCellMaxZoom = 16
	mapCellPoints  = 500
)

// mapCell is one leaf of the quadtree: its tile and its entries.
type mapCell struct {
	Z, X, Y        int
	Lat, Lng       float64 // the mean of its points
	Sites, Markers int
	entries        []*content.Entry
}

// Name is the cell's file name in /<lang>/map/cells/.
func (c *mapCell) Name() string {
	return strconv.Itoa(c.Z) + "-" + strconv.Itoa(c.X) + "-" + strconv.Itoa(c.Y) + ".json"
}

// mapGrid is the quadtree of a large site's points, made once a build.
type mapGrid struct {
	cells  []*mapCell // sorted by z, x, y
	points int
}

// mapGridOnce makes the grid once a build (Model.grid).
type mapGridOnce struct {
	once sync.Once
	grid *mapGrid
}

// mapLocated returns e's location when e is on maps.
func mapLocated(e *content.Entry) (lat, lng float64, ok bool) {
	l := e.Default.Front.Location
	if !e.Kind.Located() || l == nil || l.Lat == nil || l.Lng == nil {
		return 0, 0, false
	}
	return *l.Lat, *l.Lng, true
}

// mapGrid returns the site's cells, or nil when the map page carries its
// points itself (mapInlineLimit or fewer). It is made once, on the first
// call, and kept in m.grid.
func (m *Model) mapGrid() *mapGrid {
	m.grid.once.Do(func() {
		if es := m.mapped(); len(es) > mapInlineLimit {
			m.grid.grid = makeMapGrid(es)
		}
	})
	return m.grid.grid
}

// mapped are the entries with a place on the map, in site order.
func (m *Model) mapped() []*content.Entry {
	var es []*content.Entry
	for _, e := range m.Content.Entries {
		if _, _, ok := mapLocated(e); ok {
			es = append(es, e)
		}
	}
	return es
}

// mapTileXY is the slippy-map tile holding lat, lng at zoom z.
func mapTileXY(lat, lng float64, z int) (x, y int) {
	n := float64(int(1) << z)
	lat = math.Max(-85.0511, math.Min(85.0511, lat))
	r := lat * math.Pi / 180
	fx := math.Floor((lng + 180) / 360 * n)
	fy := math.Floor((1 - math.Log(math.Tan(r)+1/math.Cos(r))/math.Pi) / 2 * n)
	x = int(math.Max(0, math.Min(n-1, fx)))
	y = int(math.Max(0, math.Min(n-1, fy)))
	return x, y
}

// makeMapGrid splits es, every one located, into the quadtree's leaves.
func makeMapGrid(es []*content.Entry) *mapGrid {
	type pt struct {
		e    *content.Entry
		x, y int // tile at mapCellMaxZoom
	}
	pts := make([]pt, len(es))
	for i, e := range es {
		lat, lng, _ := mapLocated(e)
		x, y := mapTileXY(lat, lng, mapCellMaxZoom)
		pts[i] = pt{e, x, y}
	}
	g := &mapGrid{points: len(es)}
	var split func(z, x, y int, in []pt)
	split = func(z, x, y int, in []pt) {
		if len(in) > mapCellPoints && z < mapCellMaxZoom {
			var q [4][]pt
			sh := mapCellMaxZoom - z - 1
			for _, p := range in {
				i := (p.x>>sh)&1 | ((p.y>>sh)&1)<<1
				q[i] = append(q[i], p)
			}
			for i, sub := range q {
				if len(sub) > 0 {
					split(z+1, 2*x+(i&1), 2*y+(i>>1), sub)
				}
			}
			return
		}
		c := &mapCell{Z: z, X: x, Y: y, entries: make([]*content.Entry, len(in))}
		for i, p := range in {
			lat, lng, _ := mapLocated(p.e)
			c.Lat += lat
			c.Lng += lng
			if p.e.Kind == content.Marker {
				c.Markers++
			} else {
				c.Sites++
			}
			c.entries[i] = p.e
		}
		c.Lat /= float64(len(in))
		c.Lng /= float64(len(in))
		g.cells = append(g.cells, c)
	}
	// The first level by a map from tile to points, in the order of es.
	type key struct{ x, y int }
	first := map[key][]pt{}
	var keys []key
	sh := mapCellMaxZoom - mapCellMinZoom
	for _, p := range pts {
		k := key{p.x >> sh, p.y >> sh}
		if _, ok := first[k]; !ok {
			keys = append(keys, k)
		}
		first[k] = append(first[k], p)
	}
	for _, k := range keys {
		split(mapCellMinZoom, k.x, k.y, first[k])
	}
	sort.Slice(g.cells, func(i, j int) bool {
		a, b := g.cells[i], g.cells[j]
		if a.Z != b.Z {
			return a.Z < b.Z
		}
		if a.X != b.X {
			return a.X < b.X
		}
		return a.Y < b.Y
	})
	return g
}

// appendJSON writes the overview: the cells' folder and every cell as
// [z, x, y, lat, lng, sites, markers].
func (g *mapGrid) appendJSON(b []byte, dir string) []byte {
	b = append(b, `{"url":`...)
	b = appendJSONString(b, dir)
	b = append(b, `,"cells":[`...)
	for i, c := range g.cells {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '[')
		for _, n := range []int{c.Z, c.X, c.Y} {
			b = strconv.AppendInt(b, int64(n), 10)
			b = append(b, ',')
		}
		b = strconv.AppendFloat(b, math.Round(c.Lat*1e4)/1e4, 'f', -1, 64)
		b = append(b, ',')
		b = strconv.AppendFloat(b, math.Round(c.Lng*1e4)/1e4, 'f', -1, 64)
		for _, n := range []int{c.Sites, c.Markers} {
			b = append(b, ',')
			b = strconv.AppendInt(b, int64(n), 10)
		}
		b = append(b, ']')
	}
	return append(b, "]}"...)
}

// cellJSON is a cell's file in lang: its points as a JSON array.
func (m *Model) cellJSON(c *mapCell, lang string) []byte {
	b := make([]byte, 0, len(c.entries)*96)
	b = append(b, '[')
	n := 0
	for _, e := range c.entries {
		if p, ok := m.mapPointOf(e, lang); ok {
			if n > 0 {
				b = append(b, ',')
			}
			b = p.appendJSON(b)
			n++
		}
	}
	return append(b, "]\n"...)
}

// mapGridView is a large site's map page box: the overview in place of
// the points.
func (m *Model) mapGridView(lang string, g *mapGrid) *MapView {
	frame := m.mapFrame(lang, mapAll)
	b := make([]byte, 0, len(frame.head)+len(frame.tail)+len(g.cells)*48+64)
	b = append(b, frame.head...)
	b = append(b, frame.tail[0]) // the points' "]"
	b = append(b, `,"grid":`...)
	b = g.appendJSON(b, m.urls.Rel(mapCellsPath(lang)))
	b = append(b, frame.tail[1:]...)
	return &MapView{Mode: mapAll, Auto: true, Data: string(b), Count: g.points}
}

// mapCellsPath is the folder of a language's cell files.
func mapCellsPath(lang string) string { return mapPath(lang) + "cells/" }
