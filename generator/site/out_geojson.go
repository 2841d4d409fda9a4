package site

import (
	"encoding/json"
	"sort"
	"strings"

	"github.com/diachido/diachido/generator/content"
)

// entries.geojson: every located entry, for other maps and tools.

// geojsonJob writes every site and marker as a Point, every tour as a
// LineString through its stops and every exhibition with related places as
// a MultiPoint of those places, with titles and page URLs per language. An
// exhibition's feature lists its places' IDs (related), and each place's
// feature the exhibitions about it (exhibitions); an exhibition related
// to no place with coordinates has no feature (RFC 7946 allows a null
// geometry, which many map tools drop or reject).
func (m *Model) geojsonJob() job {
	return job{name: "entries.geojson", render: func() ([]byte, error) {
		type feature struct {
			Type       string         `json:"type"`
			Geometry   map[string]any `json:"geometry"`
			Properties map[string]any `json:"properties"`
		}
		point := func(e *content.Entry) ([]float64, bool) {
			l := e.Default.Front.Location
			if l == nil || l.Lat == nil || l.Lng == nil {
				return nil, false
			}
			return []float64{*l.Lng, *l.Lat}, true
		}
		about := map[string][]string{} // place ID → exhibitions about it
		for _, e := range m.Content.OfKind(content.Exhibition) {
			for _, id := range e.Default.Front.Related {
				about[id] = append(about[id], e.ID())
			}
		}
		var feats []feature
		for _, e := range m.Content.Entries {
			var related []string
			var geom map[string]any
			switch e.Kind {
			case content.Site, content.Marker:
				pt, ok := point(e)
				if !ok {
					continue
				}
				geom = map[string]any{"type": "Point", "coordinates": pt}
			case content.Tour:
				var line [][]float64
				for _, id := range e.Default.Front.Stops {
					if s, ok := m.Content.ByID[id]; ok {
						if pt, ok := point(s); ok {
							line = append(line, pt)
						}
					}
				}
				if len(line) < 2 {
					continue
				}
				geom = map[string]any{"type": "LineString", "coordinates": line}
			case content.Exhibition:
				var pts [][]float64
				for _, id := range e.Default.Front.Related {
					if s, ok := m.Content.ByID[id]; ok && s.Kind.Located() {
						if pt, ok := point(s); ok {
							pts = append(pts, pt)
							related = append(related, id)
						}
					}
				}
				if len(pts) == 0 {
					continue
				}
				geom = map[string]any{"type": "MultiPoint", "coordinates": pts}
			default:
				continue
			}
			titles, urls := map[string]string{}, map[string]string{}
			for _, l := range m.Langs {
				d, _ := e.Doc(l)
				titles[l] = d.Front.Title
				urls[l] = m.urls.Abs(EntryPath(l, e))
			}
			props := map[string]any{
				"id":         e.ID(),
				"kind":       strings.TrimSuffix(string(e.Kind), "s"),
				"title":      titles,
				"url":        urls,
				"shortURL":   m.urls.Abs(Short(e.ID())),
				"translated": e.Langs(m.Langs),
			}
			f := e.Default.Front
			if f.Province != "" {
				props["province"] = f.Province
			}
			if f.Category != "" {
				props["category"] = f.Category
			}
			if f.Rank != "" {
				props["rank"] = f.Rank
			}
			if f.Marker != nil {
				props["marker"] = map[string]any{"number": f.Marker.Number, "type": f.Marker.Type, "border": f.Marker.Border}
			}
			if related != nil {
				props["related"] = related
			}
			if ex := about[e.ID()]; ex != nil && e.Kind.Located() {
				sort.Strings(ex)
				props["exhibitions"] = ex
			}
			feats = append(feats, feature{Type: "Feature", Geometry: geom, Properties: props})
		}
		sort.SliceStable(feats, func(i, j int) bool {
			return feats[i].Properties["id"].(string) < feats[j].Properties["id"].(string)
		})
		if feats == nil {
			feats = []feature{}
		}
		b, err := json.Marshal(map[string]any{"type": "FeatureCollection", "features": feats})
		return append(b, '\n'), err
	}}
}
