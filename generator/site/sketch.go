package site

import (
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/diachido/diachido/generator/content"
)

// Route sketches: a small map drawn at build time from the coordinates,
// which needs no tiles and so works offline, where the OpenStreetMap tile
// policy forbids storing tiles for later. A tour page shows its route; a
// stop page shows the route of its tour with itself marked. An entry that
// is a stop of several tours shows the first of them by ID (tours are
// sorted by ID so that the choice does not depend on folder order).

// Sketch geometry, in the SVG's user units: the drawing is sketchWidth
// wide (it scales to the column; at 360 px one unit is about a pixel) and
// at most sketchMaxHeight high; sketchPad keeps dots and numbers off the
// edges, and the scale bar sits in the sketchFoot below the route.
const (
	sketchWidth     = 320.0
	sketchMaxHeight = 220.0
	sketchMinHeight = 120.0
	sketchPad       = 22.0
	sketchFoot      = 26.0
)

// SketchView is a route sketch ready for partials/sketch.html: an SVG
// drawn by the template from these numbers, with north up (the default
// template draws its north arrow in the top right corner of the fixed
// sketchWidth).
type SketchView struct {
	// Width and Height are the SVG's viewBox.
	Width, Height int
	// Route is the stops in order as polyline points ("x,y x,y").
	Route string
	// Points are the stops, numbered from 1 in visiting order.
	Points []SketchPoint
	// Scale is the scale bar: a round distance ("500 m", "2 km").
	Scale ScaleBar
	// Title and Desc are the SVG's accessible name and description.
	Title, Desc string
	// Tour is the tour drawn; N is this stop's number in it (0 on the
	// tour's own page) of Count stops; Prev and Next are the stops
	// before and after it, or nil.
	Tour       LinkView
	N, Count   int
	Prev, Next *LinkView
	// Lat and Lng are this stop's coordinates ("" on the tour page), for
	// the script that says how far away the visitor is; Proj maps a
	// position onto the sketch: "lng0 lat0 kx ky" (x = (lng-lng0)·kx,
	// y = (lat0-lat)·ky).
	Lat, Lng string
	Proj     string
}

// SketchPoint is one stop on a sketch.
type SketchPoint struct {
	X, Y    string
	N       int
	Title   string
	URL     string
	Current bool
}

// ScaleBar is a line from X1 to X2 at Y, Label long.
type ScaleBar struct {
	X1, X2, Y string
	Label     string
}

// tourIndex maps every stop to the first tour (by ID) it belongs to; a
// pure result of the model, made on first use.
type tourIndex struct {
	once sync.Once
	of   map[*content.Entry]*content.Entry
}

func (m *Model) tourOf(e *content.Entry) *content.Entry {
	m.tours.once.Do(func() {
		m.tours.of = map[*content.Entry]*content.Entry{}
		tours := append([]*content.Entry(nil), m.Content.OfKind(content.Tour)...)
		sort.Slice(tours, func(i, j int) bool { return tours[i].Default.Front.ID < tours[j].Default.Front.ID })
		for _, t := range tours {
			for _, id := range t.Default.Front.Stops {
				if s, ok := m.Content.ByID[id]; ok && m.tours.of[s] == nil {
					m.tours.of[s] = t
				}
			}
		}
	})
	return m.tours.of[e]
}

// sketchOf is the sketch an entry page shows in lang: the tour's route on
// a tour page, the first tour's with e marked on a stop page; nil when
// fewer than two stops have distinct places.
func (m *Model) sketchOf(e *content.Entry, lang string) *SketchView {
	tour := e
	if e.Kind != content.Tour {
		tour = m.tourOf(e)
		if tour == nil {
			return nil
		}
	}
	type stop struct {
		e        *content.Entry
		lat, lng float64
		n        int
	}
	var stops []stop
	for i, id := range tour.Default.Front.Stops {
		s, ok := m.Content.ByID[id]
		if !ok {
			continue
		}
		if l := s.Default.Front.Location; s.Kind.Located() && l != nil && l.Lat != nil && l.Lng != nil {
			stops = append(stops, stop{s, *l.Lat, *l.Lng, i + 1})
		}
	}
	if len(stops) < 2 {
		return nil
	}
	// An equirectangular projection around the mean latitude: over the
	// few tens of kilometres of a route it is true to scale within a
	// fraction of a percent, north up.
	minLat, maxLat, minLng, maxLng := stops[0].lat, stops[0].lat, stops[0].lng, stops[0].lng
	for _, s := range stops {
		minLat, maxLat = math.Min(minLat, s.lat), math.Max(maxLat, s.lat)
		minLng, maxLng = math.Min(minLng, s.lng), math.Max(maxLng, s.lng)
	}
	kmLat := earthRadiusKm * math.Pi / 180
	kmLng := kmLat * math.Cos((minLat+maxLat)/2*math.Pi/180)
	wKm, hKm := (maxLng-minLng)*kmLng, (maxLat-minLat)*kmLat
	if wKm < 0.001 && hKm < 0.001 {
		return nil // every stop at one place: nothing to draw
	}
	inner := sketchWidth - 2*sketchPad
	scale := inner / math.Max(wKm, 0.001) // units per km
	if hKm*scale > sketchMaxHeight-2*sketchPad-sketchFoot {
		scale = (sketchMaxHeight - 2*sketchPad - sketchFoot) / hKm
	}
	height := math.Max(hKm*scale+2*sketchPad+sketchFoot, sketchMinHeight)
	// Centre the route in the drawing.
	x0 := (sketchWidth - wKm*scale) / 2
	y0 := (height - sketchFoot - hKm*scale) / 2
	f := func(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }
	t := func(k string) string { return m.i18n.T(lang, k) }
	td, _ := tour.Doc(lang)
	v := &SketchView{
		Width:  int(sketchWidth),
		Height: int(math.Round(height)),
		Tour:   LinkView{Title: td.Front.Title, URL: m.urls.Rel(EntryPath(lang, tour))},
		Count:  len(tour.Default.Front.Stops),
		Proj:   strings.Join([]string{coord(minLng), coord(maxLat), strconv.FormatFloat(kmLng*scale, 'f', 4, 64), strconv.FormatFloat(kmLat*scale, 'f', 4, 64), f(x0), f(y0)}, " "),
	}
	var route, desc []string
	for i, s := range stops {
		x := x0 + (s.lng-minLng)*kmLng*scale
		y := y0 + (maxLat-s.lat)*kmLat*scale
		d, _ := s.e.Doc(lang)
		p := SketchPoint{X: f(x), Y: f(y), N: s.n, Title: d.Front.Title, URL: m.urls.Rel(EntryPath(lang, s.e)), Current: s.e == e}
		v.Points = append(v.Points, p)
		route = append(route, p.X+","+p.Y)
		item := strconv.Itoa(s.n) + ". " + p.Title
		if p.Current {
			v.N = s.n
			v.Lat, v.Lng = coord(s.lat), coord(s.lng)
			item += " (" + t("sketch_here") + ")"
			if i > 0 {
				v.Prev = &LinkView{Title: v.Points[i-1].Title, URL: v.Points[i-1].URL}
			}
			if i+1 < len(stops) {
				ns := stops[i+1]
				nd, _ := ns.e.Doc(lang)
				v.Next = &LinkView{Title: nd.Front.Title, URL: m.urls.Rel(EntryPath(lang, ns.e))}
			}
		}
		desc = append(desc, item)
	}
	v.Route = strings.Join(route, " ")
	km, label := roundDistance(inner / scale / 4)
	v.Scale = ScaleBar{X1: f(sketchPad), X2: f(sketchPad + km*scale), Y: f(height - 10), Label: label}
	v.Title = strings.ReplaceAll(t("sketch_title"), "%s", td.Front.Title)
	v.Desc = t("sketch_desc") + " " + strings.Join(desc, "; ") + ". " + t("sketch_scale") + " " + label + "."
	return v
}

// roundDistance is the largest 1, 2 or 5 × 10ⁿ km at most km, and how a
// scale bar labels it: "500 m", "2 km".
func roundDistance(km float64) (float64, string) {
	if km <= 0 {
		return 0, ""
	}
	p := math.Pow(10, math.Floor(math.Log10(km)))
	r := p
	for _, s := range []float64{2, 5, 10} {
		if s*p <= km {
			r = s * p
		}
	}
	if r < 1 {
		return r, strconv.FormatFloat(r*1000, 'f', 0, 64) + " m"
	}
	return r, strconv.FormatFloat(r, 'f', 0, 64) + " km"
}
