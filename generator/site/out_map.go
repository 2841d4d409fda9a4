package site

import "github.com/diachido/diachido/generator/content"

// The map page of each language, /<lang>/map/, when an entry has a place
// on a map, and on a large site its cell files, /<lang>/map/cells/ (see
// "Maps that scale" in maps.go). The map boxes of other pages are made in
// maps.go.

// mapPageJobs is lang's map page, or none when no entry has a location.
func (m *Model) mapPageJobs(lang string) []job {
	if !m.hasMap() {
		return nil
	}
	return []job{m.mapPageJob(lang)}
}

// mapPath is the path of a language's map page.
func mapPath(lang string) string { return lang + "/map/" }

// mapPageJob renders /<lang>/map/: every site and marker on one map, with
// links to the lists for visitors without scripts.
func (m *Model) mapPageJob(lang string) job {
	return job{name: file(mapPath(lang)), render: func() ([]byte, error) {
		p := mapPath(lang)
		pg := m.page(lang, "map", p)
		pg.Title = pg.T("map_title")
		m.allLangs(pg, mapPath)
		pg.XDefault = m.urls.Abs(mapPath(m.Langs[0]))
		if g := m.mapGrid(); g != nil {
			pg.Map = m.mapGridView(lang, g)
		} else {
			var pts []mapPoint
			for _, e := range m.Content.Entries {
				if pt, ok := m.mapPointOf(e, lang); ok {
					pts = append(pts, pt)
				}
			}
			pg.Map = m.mapView(lang, mapAll, pts)
		}
		for _, k := range []content.Kind{content.Site, content.Marker} {
			if len(m.Content.OfKind(k)) > 0 {
				pg.Map.Sections = append(pg.Map.Sections, NavItem{Title: pg.T("section_" + string(k)), URL: m.urls.Rel(sectionPath(lang, k))})
			}
		}
		// A large site's lists are reached through its province pages
		// (a small site's map page stays as it was).
		if u := pg.ProvincesURL(); m.mapGrid() != nil && u != "" {
			pg.Map.Sections = append(pg.Map.Sections, NavItem{Title: pg.T("map_provinces"), URL: u})
		}
		return m.theme.Render(pg.Layout, pg)
	}}
}

// mapCellJobs are lang's cell files on a large site, none on a small one.
func (m *Model) mapCellJobs(lang string) []job {
	g := m.mapGrid()
	if g == nil {
		return nil
	}
	jobs := make([]job, len(g.cells))
	for i, c := range g.cells {
		jobs[i] = job{name: mapCellsPath(lang) + c.Name(), render: func() ([]byte, error) {
			return m.cellJSON(c, lang), nil
		}}
	}
	return jobs
}
