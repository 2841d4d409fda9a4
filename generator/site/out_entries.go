package site

import (
	"encoding/json"
	"strings"
	"sync"

	"github.com/diachido/diachido/generator/content"
)

// The entry pages, /<lang>/<kind>/<slug>/: a site, a marker, a tour or a
// free page in each language, translated or not.

// entryJobs are the pages of every entry in lang.
func (m *Model) entryJobs(lang string) []job {
	near := m.nearby()
	jobs := make([]job, 0, len(m.Content.Entries))
	for _, e := range m.Content.Entries {
		jobs = append(jobs, m.entryJob(lang, e, near[e]))
	}
	return jobs
}

// nearbyMemo is the nearest neighbours of every located entry, found once
// for every language's pages (nearbyIndex): a pure result of the model,
// made by the first render that asks for it.
type nearbyMemo struct {
	once sync.Once
	idx  nearbyIndex
}

// nearby returns the site's nearbyIndex of nearbyCount neighbours.
func (m *Model) nearby() nearbyIndex {
	m.near.once.Do(func() { m.near.idx = m.nearbyIndex(nearbyCount) })
	return m.near.idx
}

func (m *Model) entryJob(lang string, e *content.Entry, near []neighbor) job {
	return job{name: file(EntryPath(lang, e)), render: func() ([]byte, error) {
		p := EntryPath(lang, e)
		layout := "entry"
		switch e.Kind {
		case content.Tour:
			layout = "tour"
		case content.Exhibition:
			layout = "exhibition"
		case content.Page:
			layout = "page"
		}
		pg := m.page(lang, layout, p)
		v, err := m.entryView(e, lang, true)
		if err != nil {
			return nil, err
		}
		pg.Entry = v
		pg.Title = v.Title
		pg.Description = v.Summary
		pg.Fallback = v.Fallback
		for _, l := range e.Langs(m.Langs) {
			lg, _ := m.Config.Language(l)
			pp := EntryPath(l, e)
			pg.Translations = append(pg.Translations, Alt{Code: l, Name: lg.Name, URL: m.urls.Rel(pp), Permalink: m.urls.Abs(pp), Current: l == lang})
		}
		pg.XDefault = m.urls.Abs(EntryPath(m.Langs[0], e))
		if v.Fallback {
			// The text is the default language's: point search engines at
			// the original and keep this copy out of their index.
			pg.Canonical = pg.XDefault
			pg.NoIndex = true
		}
		if v.Cover != nil {
			pg.Image = m.urls.Abs(strings.TrimPrefix(v.Cover.URL, m.urls.Path))
		}
		pg.OGType = "article"
		if e.Kind == content.Tour {
			for _, id := range e.Default.Front.Stops {
				if se, ok := m.Content.ByID[id]; ok {
					sv, err := m.entryView(se, lang, false)
					if err != nil {
						return nil, err
					}
					v.Stops = append(v.Stops, sv)
				}
			}
		}
		m.offlineViews(e, lang, pg, v)
		m.placeViews(e, lang, pg, v, near)
		pg.Count = m.countURL(p)
		pg.Report = m.reportURL(e, v, pg)
		pg.AboutCounting = e.Kind == content.Page && e.Slug == "about" && m.Config.Analytics != nil
		pg.JSONLD = m.jsonLD(e, v, pg)
		return m.summed(file(p))(m.theme.Render(pg.Layout, pg))
	}, recycle: true}
}

// jsonLD describes the entry for search engines: a landmark with its
// coordinates, a tourist trip, or a web page.
func (m *Model) jsonLD(e *content.Entry, v *EntryView, pg *Page) any {
	ld := map[string]any{
		"@context":    "https://schema.org",
		"name":        v.Title,
		"description": v.Summary,
		"url":         pg.Canonical,
		"inLanguage":  pg.Lang.Code,
	}
	switch e.Kind {
	case content.Site, content.Marker:
		ld["@type"] = "LandmarksOrHistoricalBuildings"
		ld["identifier"] = v.ID
		if v.Geo != nil {
			ld["geo"] = map[string]any{"@type": "GeoCoordinates", "latitude": json.Number(v.Geo.Lat), "longitude": json.Number(v.Geo.Lng)}
		}
		f := e.Default.Front
		if f.Address != "" || f.Province != "" {
			addr := map[string]any{"@type": "PostalAddress", "addressCountry": "VN"}
			if f.Address != "" {
				addr["streetAddress"] = f.Address
			}
			if f.Province != "" {
				addr["addressRegion"] = f.Province
			}
			if f.District != "" {
				addr["addressLocality"] = f.District
			}
			ld["address"] = addr
		}
		if pg.Image != "" {
			ld["image"] = pg.Image
		}
	case content.Tour:
		ld["@type"] = "TouristTrip"
		var items []any
		for i, s := range v.Stops {
			items = append(items, map[string]any{"@type": "ListItem", "position": i + 1, "name": s.Title, "url": m.urls.Abs(strings.TrimPrefix(s.URL, m.urls.Path))})
		}
		ld["itinerary"] = map[string]any{"@type": "ItemList", "itemListElement": items}
	default:
		ld["@type"] = "WebPage"
	}
	return ld
}
