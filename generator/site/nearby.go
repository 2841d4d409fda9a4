package site

import (
	"math"
	"runtime"
	"sort"
	"sync"

	"github.com/diachido/diachido/generator/content"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/number"
)

// nearbyCount is how many other sites and markers an entry page lists.
const nearbyCount = 5

// earthRadiusKm is the mean Earth radius (IUGG), the usual choice for
// great-circle distances on a sphere; the error against the ellipsoid is
// under 0.5 %, far below what a visitor choosing where to go next notices.
const earthRadiusKm = 6371.0088

// NearbyView is one of the nearest other sites and markers, as a page in
// one language lists it.
type NearbyView struct {
	Title     string
	URL       string
	KindLabel string
	// Distance is written for the language: "850 m", "1,2 km" (vi),
	// "1.2 km" (en).
	Distance string
	// TextLang is set when the title shown is another language's (the
	// entry is not translated into the page's language).
	TextLang string
}

// place is a located entry as a point on the unit sphere: the squared
// chord between two points grows with their distance, so nearest
// neighbours are found with a dot product per pair, no trigonometry.
type place struct {
	e       *content.Entry
	x, y, z float64
}

func placeOf(e *content.Entry) (place, bool) {
	l := e.Default.Front.Location
	if !e.Kind.Located() || l == nil || l.Lat == nil || l.Lng == nil {
		return place{}, false
	}
	p := pointAt(*l.Lat, *l.Lng)
	p.e = e
	return p, true
}

// pointAt is the point at lat, lng (decimal degrees) on the unit sphere.
func pointAt(lat, lng float64) place {
	lat, lng = lat*math.Pi/180, lng*math.Pi/180
	return place{x: math.Cos(lat) * math.Cos(lng), y: math.Cos(lat) * math.Sin(lng), z: math.Sin(lat)}
}

// chord2 is the squared straight-line distance between a and b through a
// unit sphere.
func chord2(a, b place) float64 {
	dx, dy, dz := a.x-b.x, a.y-b.y, a.z-b.z
	return dx*dx + dy*dy + dz*dz
}

// chordKm turns a squared chord into kilometres along the great circle.
func chordKm(c2 float64) float64 {
	return 2 * earthRadiusKm * math.Asin(math.Min(1, math.Sqrt(c2)/2))
}

// neighbor is another located entry and its distance.
type neighbor struct {
	e  *content.Entry
	km float64
}

// nearbyIndex holds every site's and marker's nearest other sites and
// markers, nearest first.
type nearbyIndex map[*content.Entry][]neighbor

// nearbyIndex finds, once per render, up to n nearest others for every
// located entry, within site.yaml's nearby.maxKm (default 50 km): a place
// 536 km away is not "nearby", and a page lists none rather than that.
func (m *Model) nearbyIndex(n int) nearbyIndex {
	return m.nearbyWithin(n, m.Config.Nearby.MaxKm)
}

// chord2Of is the squared chord of a great-circle distance in km: the
// inverse of chordKm.
func chord2Of(km float64) float64 {
	c := 2 * math.Sin(math.Min(km/earthRadiusKm, math.Pi)/2)
	return c * c
}

// nearbyWithin is nearbyIndex for places at most maxKm away (0: no limit).
// Distances equal but for rounding noise (a billionth) are ties, broken by
// ID, so the order never depends on floating point; a place at exactly
// maxKm, within the same noise, is listed.
func (m *Model) nearbyWithin(n int, maxKm float64) nearbyIndex {
	maxC2 := math.Inf(1)
	if maxKm > 0 {
		maxC2 = chord2Of(maxKm) * (1 + 1e-9)
	}
	var places []place
	for _, e := range m.Content.Entries {
		if p, ok := placeOf(e); ok {
			places = append(places, p)
		}
	}
	type cand struct {
		p  place
		c2 float64
	}
	less := func(a, b cand) bool {
		if d := a.c2 - b.c2; math.Abs(d) > 1e-9*math.Max(a.c2, b.c2) {
			return d < 0
		}
		return a.p.e.ID() < b.p.e.ID()
	}
	// Sort the places along the axis on which they spread most; a place
	// further along that axis than the current n-th nearest is further in
	// space too, so each search scans outwards from its own position and
	// stops early instead of trying every pair.
	axis := spreadAxis(places)
	sort.Slice(places, func(i, j int) bool {
		if a, b := axis(places[i]), axis(places[j]); a != b {
			return a < b
		}
		return places[i].e.ID() < places[j].e.ID()
	})
	// Every place is independent of the others: split them among the
	// cores. Each worker writes only its own slots of results.
	results := make([][]neighbor, len(places))
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			best := make([]cand, 0, n+1)
			consider := func(here, o place) {
				c := cand{o, chord2(here, o)}
				if c.c2 > maxC2 || len(best) == n && !less(c, best[n-1]) {
					return
				}
				i := sort.Search(len(best), func(i int) bool { return less(c, best[i]) })
				best = append(best, cand{})
				copy(best[i+1:], best[i:])
				best[i] = c
				if len(best) > n {
					best = best[:n]
				}
			}
			// done: no place at axis distance d or more can enter the list
			// (ties within the rounding tolerance still can): the list is
			// full of nearer places, or d is beyond the greatest distance
			// (a chord is never shorter than its run along one axis).
			done := func(d float64) bool {
				return d*d > maxC2*(1+1e-8)+1e-18 || len(best) == n && d*d > best[n-1].c2*(1+1e-8)+1e-18
			}
			for hi := w; hi < len(places); hi += workers {
				here := places[hi]
				at := axis(here)
				best = best[:0]
				for j := hi + 1; j < len(places) && !done(axis(places[j])-at); j++ {
					consider(here, places[j])
				}
				for j := hi - 1; j >= 0 && !done(at-axis(places[j])); j-- {
					consider(here, places[j])
				}
				out := make([]neighbor, len(best))
				for i, c := range best {
					out[i] = neighbor{e: c.p.e, km: chordKm(c.c2)}
				}
				results[hi] = out
			}
		}(w)
	}
	wg.Wait()
	idx := make(nearbyIndex, len(places))
	for i, p := range places {
		idx[p.e] = results[i]
	}
	return idx
}

// spreadAxis returns the coordinate (x, y or z) along which places spread
// most: Vietnam runs north to south, a border east to west.
func spreadAxis(places []place) func(place) float64 {
	axes := []func(place) float64{
		func(p place) float64 { return p.x },
		func(p place) float64 { return p.y },
		func(p place) float64 { return p.z },
	}
	best, width := axes[2], -1.0
	for _, a := range axes {
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, p := range places {
			lo, hi = math.Min(lo, a(p)), math.Max(hi, a(p))
		}
		if hi-lo > width {
			best, width = a, hi-lo
		}
	}
	return best
}

// nearbyViews lists an entry's nearest other sites and markers for a page
// in lang.
func (m *Model) nearbyViews(near []neighbor, lang string) []NearbyView {
	var out []NearbyView
	for _, nb := range near {
		d, real := nb.e.Doc(lang)
		v := NearbyView{
			Title:     d.Front.Title,
			URL:       m.urls.Rel(EntryPath(lang, nb.e)),
			KindLabel: m.i18n.T(lang, "kind_"+string(nb.e.Kind)),
			Distance:  formatDistance(nb.km, lang),
		}
		if !real {
			v.TextLang = d.Lang
		}
		out = append(out, v)
	}
	return out
}

// printers holds one message.Printer per language: making one is costly
// (a language match and catalog lookup), and a Printer may be shared.
var printers sync.Map

func printerFor(lang string) *message.Printer {
	if p, ok := printers.Load(lang); ok {
		return p.(*message.Printer)
	}
	p := message.NewPrinter(language.Make(lang))
	printers.Store(lang, p)
	return p
}

// formatDistance writes a distance the way the language writes numbers:
// metres under 1 km (to 10 m), one decimal under 10 km, whole kilometres
// beyond: "850 m", "1,2 km" and "1.137 km" in Vietnamese, "1.2 km" and
// "1,137 km" in English.
func formatDistance(km float64, lang string) string {
	p := printerFor(lang)
	switch m := math.Round(km*100) * 10; {
	case m < 1000:
		return p.Sprintf("%v m", number.Decimal(m, number.MaxFractionDigits(0)))
	case km < 9.95:
		return p.Sprintf("%v km", number.Decimal(km, number.MinFractionDigits(1), number.MaxFractionDigits(1)))
	default:
		return p.Sprintf("%v km", number.Decimal(math.Round(km), number.MaxFractionDigits(0)))
	}
}
